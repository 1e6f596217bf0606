<?php
/**
 * Calls one function of the Berth WHMCS module the way WHMCS does, without WHMCS:
 *
 *   php integrations/whmcs/tests/run.php CreateAccount < params.json
 *
 * stdin is the module parameter array as JSON; stdout is {"result": <what the function returned>,
 * "log": [<logModuleCall records>]}. PHP warnings and notices go to stderr (so a caller can
 * require there are none) and make the exit status 1.
 */

define('WHMCS', true);
error_reporting(E_ALL);
ini_set('display_errors', 'stderr');

$problems = 0;
set_error_handler(static function (int $level, string $message, string $file, int $line) use (&$problems): bool {
    $problems++;
    fwrite(STDERR, "PHP error {$level}: {$message} in {$file}:{$line}\n");
    return true;
});

// WHMCS's module log, kept so a caller can check what would be logged (after WHMCS masks replaceVars).
$moduleLog = [];
function logModuleCall($module, $action, $request, $response, $processed = '', $replaceVars = [])
{
    global $moduleLog;
    $mask = static fn ($value) => str_replace($replaceVars, '***', is_string($value) ? $value : (string) json_encode($value));
    $moduleLog[] = ['module' => $module, 'action' => $action, 'request' => $mask($request), 'response' => $mask($response), 'processed' => $mask($processed)];
}

require __DIR__ . '/../modules/servers/berth/berth.php';

$name = $argv[1] ?? '';
$function = 'berth_' . $name;
if (!preg_match('/^[A-Za-z]+$/', $name) || !function_exists($function)) {
    fwrite(STDERR, "usage: php run.php <ModuleFunction> < params.json (no function {$function})\n");
    exit(2);
}
$params = json_decode((string) stream_get_contents(STDIN), true);
if (!is_array($params)) {
    fwrite(STDERR, "stdin must be a JSON object: the module parameters\n");
    exit(2);
}

$result = $function($params);
echo json_encode(['result' => $result, 'log' => $moduleLog], JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT), "\n";
exit($problems === 0 ? 0 : 1);
