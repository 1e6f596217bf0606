<?php
/**
 * Berth provisioning module for WHMCS.
 *
 * Create, suspend, unsuspend, change package and terminate go through Berth's signed billing
 * webhook (README "Billing webhooks"); test connection, single sign-on and the client area
 * read through Berth's REST API v1 with an API token. Only PHP's own HTTP streams, hash_hmac
 * and json are used: no curl extension, no shell.
 *
 * The WHMCS server entry (see integrations/whmcs/README.md):
 *   Hostname     the panel's host name, with ":port" when it is not the scheme's default
 *   Secure       ticked: https (certificates are verified); unticked: http
 *   Username     empty for the admin's endpoint, else a reseller's billing endpoint id
 *   Password     that endpoint's signing secret (BERTH_BILLING_SECRET for the admin's)
 *   Access Hash  a Berth API token of the same owner (Bearer)
 * Product module settings: configoption1 plan slug, configoption2 template slug,
 * configoption3 the name of a product custom field holding OpenSSH public keys (optional).
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

const BERTH_WHMCS_VERSION = '1.0.0';

/** A failure whose message is written for the person in WHMCS who reads it. */
class BerthWhmcsError extends RuntimeException
{
}

// ---------------------------------------------------------------------------------------------
// WHMCS module functions
// ---------------------------------------------------------------------------------------------

function berth_MetaData()
{
    return [
        'DisplayName' => 'Berth',
        'APIVersion' => '1.1',
        'RequiresServer' => true,
        'DefaultSSLPort' => '443',
        'DefaultNonSSLPort' => '80',
        'ServiceSingleSignOnLabel' => 'Log in to the control panel',
    ];
}

function berth_ConfigOptions()
{
    return [
        // configoption1
        'Plan' => [
            'Type' => 'text',
            'Size' => '25',
            'Default' => '',
            'Description' => 'Berth plan slug, e.g. small (GET /api/v1/plans)',
        ],
        // configoption2
        'Template' => [
            'Type' => 'text',
            'Size' => '25',
            'Default' => '',
            'Description' => 'Berth template slug, e.g. debian-12 (GET /api/v1/templates)',
        ],
        // configoption3
        'SSH key custom field' => [
            'Type' => 'text',
            'Size' => '25',
            'Default' => '',
            'Description' => 'Optional: name of a product custom field where the client pastes OpenSSH public keys, one a line (root\'s authorized_keys)',
        ],
    ];
}

function berth_CreateAccount(array $params)
{
    return berth_whmcs_action($params, 'CreateAccount', function () use ($params) {
        $plan = berth_whmcs_setting($params, 1, 'Plan');
        $template = berth_whmcs_setting($params, 2, 'Template');
        $serviceId = berth_whmcs_service_id($params);
        $data = [
            'serviceId' => $serviceId,
            'customer' => berth_whmcs_customer($params),
            'plan' => $plan,
            'hostname' => berth_whmcs_hostname($params),
            'template' => $template,
        ];
        $sshKeys = berth_whmcs_ssh_keys($params);
        if ($sshKeys !== []) {
            $data['sshKeys'] = $sshKeys;
        }
        // WHMCS's generated passwords are 10 characters; Berth takes 12 to 128, else root's stays locked.
        $password = (string) ($params['password'] ?? '');
        $length = berth_whmcs_length($password);
        if ($length >= 12 && $length <= 128) {
            $data['rootPassword'] = $password;
        }

        // The same create (a retry) is the same event and answers the same; a create with other
        // details (a product setting corrected after a refusal, which Berth keeps as that event's
        // answer) is a new event. Keyed with the secret, so the id tells nothing of the password.
        $digest = substr(hash_hmac('sha256', berth_whmcs_json_encode($data), berth_whmcs_secret($params)), 0, 16);
        $answer = berth_whmcs_send_event($params, 'CreateAccount', 'service.create', "whmcs-{$serviceId}-create-{$digest}", $data);

        if (berth_whmcs_ok($answer)) {
            // A replay of a create whose server was terminated since answers what it answered then.
            // Best effort: the create was accepted, so a failing read does not make it a failure.
            $serverId = (string) (berth_whmcs_decode($answer['body'])['serverId'] ?? '');
            $server = null;
            if ($serverId !== '' && berth_whmcs_token($params, false) !== '') {
                try {
                    $server = berth_whmcs_api($params, 'CreateAccount', 'GET', '/api/v1/servers/' . rawurlencode($serverId))['server'] ?? null;
                } catch (BerthWhmcsError $readFailed) {
                    $server = null;
                }
            }
            if (is_array($server) && ($server['status'] ?? '') === 'terminated') {
                throw new BerthWhmcsError(berth_whmcs_terminated_message($serviceId));
            }
            return 'success';
        }
        // Created before with other details (the first answer was lost, or the client's name changed).
        if (berth_whmcs_error_code($answer) === 'service_exists' && berth_whmcs_token($params, false) !== '') {
            $server = berth_whmcs_server_of_service($params, 'CreateAccount');
            if ($server !== null && ($server['status'] ?? '') !== 'terminated') {
                return 'success';
            }
            if ($server !== null) {
                throw new BerthWhmcsError(berth_whmcs_terminated_message($serviceId));
            }
        }
        throw new BerthWhmcsError(berth_whmcs_webhook_refusal($answer));
    });
}

function berth_SuspendAccount(array $params)
{
    return berth_whmcs_action($params, 'SuspendAccount', function () use ($params) {
        $data = ['serviceId' => berth_whmcs_service_id($params)];
        $reason = berth_whmcs_cut((string) ($params['suspendreason'] ?? ''), 500);
        if ($reason !== '') {
            $data['reason'] = $reason;
        }
        return berth_whmcs_lifecycle($params, 'SuspendAccount', 'service.suspend', 'suspend', $data);
    });
}

function berth_UnsuspendAccount(array $params)
{
    return berth_whmcs_action($params, 'UnsuspendAccount', function () use ($params) {
        return berth_whmcs_lifecycle($params, 'UnsuspendAccount', 'service.unsuspend', 'unsuspend', ['serviceId' => berth_whmcs_service_id($params)]);
    });
}

function berth_TerminateAccount(array $params)
{
    return berth_whmcs_action($params, 'TerminateAccount', function () use ($params) {
        // Terminating what is already terminated is done (WHMCS retrying after a lost answer).
        return berth_whmcs_lifecycle($params, 'TerminateAccount', 'service.terminate', 'terminate', ['serviceId' => berth_whmcs_service_id($params)], ['server_terminated']);
    });
}

function berth_ChangePackage(array $params)
{
    return berth_whmcs_action($params, 'ChangePackage', function () use ($params) {
        // The template is not changed: that would be a reinstall, which erases the disk.
        $data = ['serviceId' => berth_whmcs_service_id($params), 'plan' => berth_whmcs_setting($params, 1, 'Plan')];
        return berth_whmcs_lifecycle($params, 'ChangePackage', 'service.change_plan', 'change-plan', $data);
    });
}

function berth_TestConnection(array $params)
{
    try {
        // The token: any valid one may list plans.
        $plans = berth_whmcs_api($params, 'TestConnection', 'GET', '/api/v1/plans');
        if (!isset($plans['plans']) || !is_array($plans['plans'])) {
            throw new BerthWhmcsError('Berth: GET /api/v1/plans did not answer a list of plans; is the Hostname a Berth panel?');
        }
        // The secret: an event for a service that cannot exist. 404 unknown_service means the
        // signature was accepted; nothing else happens.
        $probe = 'whmcs-connection-test-' . bin2hex(random_bytes(8));
        $answer = berth_whmcs_send_event($params, 'TestConnection', 'service.unsuspend', $probe, ['serviceId' => $probe]);
        if ($answer['status'] !== 404 || berth_whmcs_error_code($answer) !== 'unknown_service') {
            throw new BerthWhmcsError(berth_whmcs_webhook_refusal($answer));
        }
        return ['success' => true, 'error' => ''];
    } catch (BerthWhmcsError $error) {
        return ['success' => false, 'error' => $error->getMessage()];
    } catch (Throwable $error) {
        return ['success' => false, 'error' => berth_whmcs_unexpected($params, 'TestConnection', $error)];
    }
}

function berth_ServiceSingleSignOn(array $params)
{
    try {
        $serviceId = berth_whmcs_service_id($params);
        $server = berth_whmcs_server_of_service($params, 'ServiceSingleSignOn');
        if ($server === null) {
            throw new BerthWhmcsError("Berth: service {$serviceId} has no server in Berth");
        }
        if (($server['status'] ?? '') === 'terminated') {
            throw new BerthWhmcsError("Berth: the server of service {$serviceId} has been terminated");
        }
        $email = berth_whmcs_email($params);
        $customers = berth_whmcs_api($params, 'ServiceSingleSignOn', 'GET', '/api/v1/customers?' . http_build_query(['email' => $email]))['customers'] ?? [];
        $customer = is_array($customers) && count($customers) === 1 && is_array($customers[0]) ? $customers[0] : null;
        if ($customer === null || strtolower((string) ($customer['email'] ?? '')) !== $email) {
            throw new BerthWhmcsError("Berth: no customer with the email {$email}; the client's email must be the one Berth has");
        }
        $link = berth_whmcs_api(
            $params,
            'ServiceSingleSignOn',
            'POST',
            '/api/v1/customers/' . rawurlencode((string) $customer['id']) . '/login-links',
            ['serverId' => (string) $server['id']],
            false
        )['loginLink'] ?? null;
        $url = is_array($link) ? (string) ($link['url'] ?? '') : '';
        if ($url === '') {
            throw new BerthWhmcsError('Berth: the answer had no login link');
        }
        // A path is made absolute with the panel's own address.
        if ($url[0] === '/') {
            $url = berth_whmcs_base_url($params) . $url;
        }
        return ['success' => true, 'redirectTo' => $url];
    } catch (BerthWhmcsError $error) {
        return ['success' => false, 'errorMsg' => $error->getMessage()];
    } catch (Throwable $error) {
        return ['success' => false, 'errorMsg' => berth_whmcs_unexpected($params, 'ServiceSingleSignOn', $error)];
    }
}

function berth_ClientArea(array $params)
{
    $serviceId = (string) ($params['serviceid'] ?? '');
    $vars = [
        'berth' => null,
        'berthError' => '',
        // WHMCS's own single sign-on link: it calls berth_ServiceSingleSignOn and redirects.
        'berthLoginUrl' => 'clientarea.php?' . http_build_query(['action' => 'productdetails', 'id' => $serviceId, 'dosinglesignon' => 1]),
    ];
    try {
        $server = berth_whmcs_server_of_service($params, 'ClientArea');
        if ($server === null) {
            throw new BerthWhmcsError('This service has no server yet.');
        }
        $hostKeys = [];
        foreach (is_array($server['hostKeys'] ?? null) ? $server['hostKeys'] : [] as $key) {
            if (is_array($key)) {
                $hostKeys[] = ['type' => (string) ($key['type'] ?? ''), 'fingerprint' => (string) ($key['fingerprint'] ?? '')];
            }
        }
        $vars['berth'] = [
            'id' => (string) ($server['id'] ?? ''),
            'hostname' => (string) ($server['hostname'] ?? ''),
            'status' => (string) ($server['status'] ?? ''),
            'statusMessage' => (string) ($server['statusMessage'] ?? ''),
            'plan' => (string) ($server['plan'] ?? ''),
            'template' => (string) ($server['template'] ?? ''),
            'ipv4' => (string) ($server['ipv4'] ?? ''),
            'ipv6' => (string) ($server['ipv6'] ?? ''),
            'ipv6Prefix' => (string) ($server['ipv6Prefix'] ?? ''),
            'image' => (string) ($server['image'] ?? ''),
            'hostKeys' => $hostKeys,
            'createdAt' => (string) ($server['createdAt'] ?? ''),
        ];
    } catch (BerthWhmcsError $error) {
        $vars['berthError'] = $error->getMessage();
    } catch (Throwable $error) {
        $vars['berthError'] = berth_whmcs_unexpected($params, 'ClientArea', $error);
    }
    return ['templatefile' => 'clientarea', 'vars' => $vars];
}

// ---------------------------------------------------------------------------------------------
// Helpers (named berth_whmcs_*, which WHMCS never calls)
// ---------------------------------------------------------------------------------------------

/** Runs one action: "success" or the readable reason, never a PHP error. */
function berth_whmcs_action(array $params, string $action, callable $run)
{
    try {
        return $run();
    } catch (BerthWhmcsError $error) {
        return $error->getMessage();
    } catch (Throwable $error) {
        return berth_whmcs_unexpected($params, $action, $error);
    }
}

/** Suspend, unsuspend, change plan, terminate: one signed event, unique per call. */
function berth_whmcs_lifecycle(array $params, string $action, string $type, string $verb, array $data, array $alreadyDone = [])
{
    $eventId = 'whmcs-' . $data['serviceId'] . '-' . $verb . '-' . bin2hex(random_bytes(8));
    $answer = berth_whmcs_send_event($params, $action, $type, $eventId, $data);
    if (berth_whmcs_ok($answer) || in_array(berth_whmcs_error_code($answer), $alreadyDone, true)) {
        return 'success';
    }
    throw new BerthWhmcsError(berth_whmcs_webhook_refusal($answer));
}

function berth_whmcs_unexpected(array $params, string $action, Throwable $error): string
{
    berth_whmcs_log($params, $action, '', '', get_class($error) . ': ' . $error->getMessage());
    return 'Berth: unexpected error: ' . $error->getMessage();
}

function berth_whmcs_terminated_message(string $serviceId): string
{
    return "Berth: the server of service {$serviceId} was terminated; Berth creates a service once: order a new service (service_exists)";
}

/** configoptionN, required. */
function berth_whmcs_setting(array $params, int $number, string $label): string
{
    $value = trim((string) ($params['configoption' . $number] ?? ''));
    if ($value === '') {
        throw new BerthWhmcsError("Berth: the product's module setting \"{$label}\" is empty");
    }
    return $value;
}

function berth_whmcs_service_id(array $params): string
{
    $serviceId = trim((string) ($params['serviceid'] ?? ''));
    if ($serviceId === '') {
        throw new BerthWhmcsError('Berth: WHMCS gave no service id');
    }
    return $serviceId;
}

function berth_whmcs_email(array $params): string
{
    $details = is_array($params['clientsdetails'] ?? null) ? $params['clientsdetails'] : [];
    $email = strtolower(trim((string) ($details['email'] ?? '')));
    if ($email === '') {
        throw new BerthWhmcsError('Berth: the client has no email address');
    }
    return $email;
}

/** {email, name} of the client; Berth matches customers by email. */
function berth_whmcs_customer(array $params): array
{
    $details = is_array($params['clientsdetails'] ?? null) ? $params['clientsdetails'] : [];
    $name = trim((string) ($details['fullname'] ?? ''));
    if ($name === '') {
        $name = trim(trim((string) ($details['firstname'] ?? '')) . ' ' . trim((string) ($details['lastname'] ?? '')));
    }
    if ($name === '') {
        $name = trim((string) ($details['companyname'] ?? ''));
    }
    $email = berth_whmcs_email($params);
    return ['email' => $email, 'name' => berth_whmcs_cut($name === '' ? $email : $name, 200)];
}

/** The first label of the service's domain as an RFC 1123 label, else "vps<serviceid>". */
function berth_whmcs_hostname(array $params): string
{
    $domain = strtolower(trim((string) ($params['domain'] ?? '')));
    $label = explode('.', $domain)[0];
    $label = trim(substr(trim((string) preg_replace('/[^a-z0-9-]+/', '-', $label), '-'), 0, 63), '-');
    if ($label !== '') {
        return $label;
    }
    $fallback = 'vps' . preg_replace('/[^a-z0-9-]+/', '', strtolower(berth_whmcs_service_id($params)));
    return rtrim(substr($fallback, 0, 63), '-');
}

/** OpenSSH public key lines from the custom field named in configoption3 (Berth checks each). */
function berth_whmcs_ssh_keys(array $params): array
{
    $field = trim((string) ($params['configoption3'] ?? ''));
    $fields = is_array($params['customfields'] ?? null) ? $params['customfields'] : [];
    if ($field === '' || !isset($fields[$field])) {
        return [];
    }
    $keys = [];
    foreach (preg_split('/\r\n|\r|\n/', (string) $fields[$field]) as $line) {
        $line = trim($line);
        if ($line !== '' && $line[0] !== '#') {
            $keys[] = $line;
        }
    }
    return array_slice($keys, 0, 32);
}

/** Length as JavaScript counts it (UTF-16 code units), which is what Berth's limits count. */
function berth_whmcs_length(string $text): int
{
    $length = 0;
    foreach (berth_whmcs_chars($text) as $char) {
        $length += strlen($char) === 4 ? 2 : 1;
    }
    return $length;
}

/** At most $units UTF-16 code units of the text (trimmed), cut between characters. */
function berth_whmcs_cut(string $text, int $units): string
{
    $cut = '';
    $count = 0;
    foreach (berth_whmcs_chars(trim($text)) as $char) {
        $count += strlen($char) === 4 ? 2 : 1;
        if ($count > $units) {
            break;
        }
        $cut .= $char;
    }
    return $cut;
}

/** The characters of a UTF-8 string; invalid bytes become U+FFFD. */
function berth_whmcs_chars(string $text): array
{
    $valid = (string) json_decode((string) json_encode($text, JSON_INVALID_UTF8_SUBSTITUTE));
    return preg_split('//u', $valid, -1, PREG_SPLIT_NO_EMPTY) ?: [];
}

function berth_whmcs_flag($value): bool
{
    if (is_bool($value)) {
        return $value;
    }
    return in_array(strtolower(trim((string) $value)), ['1', 'on', 'yes', 'true'], true);
}

/** https://host[:port] of the panel, from serverhostname (or serverip), serversecure, serverport. */
function berth_whmcs_base_url(array $params): string
{
    $host = trim((string) ($params['serverhostname'] ?? ''));
    if ($host === '') {
        $host = trim((string) ($params['serverip'] ?? ''));
    }
    if ($host === '') {
        throw new BerthWhmcsError("Berth: the server has no Hostname: enter the panel's host name");
    }
    $scheme = berth_whmcs_flag($params['serversecure'] ?? true) ? 'https' : 'http';
    if (preg_match('#^(https?)://#i', $host, $match)) {
        $scheme = strtolower($match[1]);
        $host = substr($host, strlen($match[0]));
    }
    $host = rtrim($host, '/');
    if (filter_var($host, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6)) {
        $host = "[{$host}]";
    }
    $parts = parse_url("{$scheme}://{$host}");
    if (
        !is_array($parts) || !isset($parts['host']) || $parts['host'] === ''
        || isset($parts['user']) || isset($parts['pass']) || isset($parts['path']) || isset($parts['query']) || isset($parts['fragment'])
        || !preg_match('/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/', $parts['host'])
    ) {
        throw new BerthWhmcsError("Berth: the server's Hostname \"{$host}\" is not a host name with an optional :port");
    }
    $port = $parts['port'] ?? null;
    $given = trim((string) ($params['serverport'] ?? ''));
    if ($port === null && ctype_digit($given) && (int) $given > 0 && (int) $given < 65536) {
        $port = (int) $given;
    }
    $default = $scheme === 'https' ? 443 : 80;
    return "{$scheme}://{$parts['host']}" . ($port !== null && $port !== $default ? ":{$port}" : '');
}

function berth_whmcs_secret(array $params): string
{
    $secret = trim((string) ($params['serverpassword'] ?? ''));
    if ($secret === '') {
        throw new BerthWhmcsError("Berth: the server's Password is empty: enter the billing webhook's signing secret");
    }
    return $secret;
}

function berth_whmcs_token(array $params, bool $required = true): string
{
    $token = (string) preg_replace('/\s+/', '', (string) ($params['serveraccesshash'] ?? ''));
    if ($token === '' && $required) {
        throw new BerthWhmcsError("Berth: the server's Access Hash is empty: paste a Berth API token there");
    }
    return $token;
}

/** POSTs a signed billing event; the answer as it came. */
function berth_whmcs_send_event(array $params, string $action, string $type, string $eventId, array $data): array
{
    $secret = berth_whmcs_secret($params);
    $endpointId = trim((string) ($params['serverusername'] ?? ''));
    $path = '/api/webhooks/billing' . ($endpointId === '' ? '' : '/' . rawurlencode($endpointId));
    $body = berth_whmcs_json_encode(['id' => $eventId, 'type' => $type, 'data' => $data]);
    $timestamp = time();
    $signature = 't=' . $timestamp . ',v1=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret);
    return berth_whmcs_http($params, $action, 'POST', berth_whmcs_base_url($params) . $path, ['Berth-Signature: ' . $signature], $body);
}

/** A REST API v1 call with the token; the decoded answer, or a readable refusal. */
function berth_whmcs_api(array $params, string $action, string $method, string $path, ?array $body = null, bool $logAnswer = true): array
{
    $token = berth_whmcs_token($params);
    $answer = berth_whmcs_http(
        $params,
        $action,
        $method,
        berth_whmcs_base_url($params) . $path,
        ['Authorization: Bearer ' . $token],
        $body === null ? null : berth_whmcs_json_encode($body),
        $logAnswer
    );
    if (!berth_whmcs_ok($answer)) {
        $hint = $answer['status'] === 401 ? "check the server's Access Hash (a Berth API token)" : '';
        throw new BerthWhmcsError(berth_whmcs_refusal($answer, $hint));
    }
    $decoded = berth_whmcs_decode($answer['body']);
    if ($decoded === null) {
        throw new BerthWhmcsError("Berth: {$method} {$path} did not answer JSON; is the Hostname a Berth panel?");
    }
    return $decoded;
}

/** The server Berth's billing system ordered under this service id, or null. */
function berth_whmcs_server_of_service(array $params, string $action): ?array
{
    $serviceId = berth_whmcs_service_id($params);
    $servers = berth_whmcs_api($params, $action, 'GET', '/api/v1/servers?' . http_build_query(['serviceId' => $serviceId]))['servers'] ?? null;
    if (!is_array($servers)) {
        throw new BerthWhmcsError('Berth: GET /api/v1/servers did not answer a list of servers');
    }
    // One order per service id and endpoint; more means a Berth that ignores the filter.
    if (count($servers) > 1) {
        throw new BerthWhmcsError("Berth: more than one server answered for service {$serviceId}; this Berth does not filter servers by serviceId (too old for this module)");
    }
    return isset($servers[0]) && is_array($servers[0]) ? $servers[0] : null;
}

function berth_whmcs_json_encode(array $value): string
{
    return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR);
}

function berth_whmcs_decode(string $raw): ?array
{
    $decoded = json_decode($raw, true);
    return is_array($decoded) ? $decoded : null;
}

function berth_whmcs_ok(array $answer): bool
{
    return $answer['status'] >= 200 && $answer['status'] < 300;
}

function berth_whmcs_error_code(array $answer): string
{
    $error = berth_whmcs_decode($answer['body'])['error'] ?? null;
    return is_array($error) ? (string) ($error['code'] ?? '') : '';
}

/** "Berth: <message> (<code>)" from Berth's error body, else the HTTP status. */
function berth_whmcs_refusal(array $answer, string $hint = ''): string
{
    $error = berth_whmcs_decode($answer['body'])['error'] ?? null;
    if (is_array($error) && is_string($error['message'] ?? null)) {
        $message = 'Berth: ' . berth_whmcs_cut($error['message'], 500) . ' (' . (string) ($error['code'] ?? 'error') . ')';
    } else {
        $message = "Berth: unexpected answer HTTP {$answer['status']} from {$answer['url']}";
    }
    return $hint === '' ? $message : "{$message}; {$hint}";
}

function berth_whmcs_webhook_refusal(array $answer): string
{
    $hint = $answer['status'] === 401
        ? "check the server's Password (the billing webhook secret) and Username (empty for the admin's endpoint, else the reseller's endpoint id), and this machine's clock"
        : '';
    return berth_whmcs_refusal($answer, $hint);
}

/**
 * One HTTP request through PHP's stream wrapper (TLS verified, no redirects followed):
 * ['status', 'body', 'url']. Cannot-connect and TLS failures become a readable BerthWhmcsError.
 */
function berth_whmcs_http(array $params, string $action, string $method, string $url, array $headers, ?string $body, bool $logAnswer = true): array
{
    $headers[] = 'User-Agent: berth-whmcs/' . BERTH_WHMCS_VERSION;
    $headers[] = 'Accept: application/json';
    $headers[] = 'Connection: close';
    $http = [
        'method' => $method,
        'header' => $headers,
        'ignore_errors' => true,
        'timeout' => 30,
        'follow_location' => 0,
        'protocol_version' => 1.1,
    ];
    if ($body !== null) {
        $http['header'][] = 'Content-Type: application/json';
        $http['content'] = $body;
    }
    $context = stream_context_create([
        'http' => $http,
        'ssl' => ['verify_peer' => true, 'verify_peer_name' => true, 'allow_self_signed' => false],
    ]);

    // The wrapper reports why it could not connect as warnings: collect them instead.
    $warnings = [];
    set_error_handler(static function (int $level, string $message) use (&$warnings): bool {
        $warnings[] = trim((string) preg_replace(['/^fopen\(.*?\): (failed to open stream: )?/i', '/\s+/'], ['', ' '], $message));
        return true;
    });
    try {
        $stream = fopen($url, 'rb', false, $context);
        $raw = $stream === false ? false : stream_get_contents($stream, 4 * 1024 * 1024);
        $meta = $stream === false ? [] : stream_get_meta_data($stream);
        if ($stream !== false) {
            fclose($stream);
        }
    } finally {
        restore_error_handler();
    }
    $origin = (string) preg_replace('#^(https?://[^/]+).*$#', '$1', $url);
    if ($stream === false) {
        $reason = implode('; ', array_unique(array_filter($warnings))) ?: 'no answer';
        berth_whmcs_log($params, $action, "{$method} {$url}\n" . ($body ?? ''), '', $reason);
        throw new BerthWhmcsError("Berth: could not reach {$origin} ({$reason})");
    }
    if ($raw === false || !empty($meta['timed_out'])) {
        berth_whmcs_log($params, $action, "{$method} {$url}\n" . ($body ?? ''), (string) $raw, 'timed out');
        throw new BerthWhmcsError("Berth: {$origin} did not answer within 30 seconds");
    }
    $status = 0;
    foreach (is_array($meta['wrapper_data'] ?? null) ? $meta['wrapper_data'] : [] as $line) {
        if (is_string($line) && preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $match)) {
            $status = (int) $match[1];
        }
    }
    berth_whmcs_log($params, $action, "{$method} {$url}\n" . ($body ?? ''), $logAnswer ? $raw : '(withheld: holds a sign-in link)', "HTTP {$status}");
    return ['status' => $status, 'body' => $raw, 'url' => $url];
}

/** WHMCS's module log (Utilities > Logs > Module Log), with the secrets masked; absent outside WHMCS. */
function berth_whmcs_log(array $params, string $action, $request, $response, $processed): void
{
    if (!function_exists('logModuleCall')) {
        return;
    }
    $secrets = [];
    foreach ([(string) ($params['serverpassword'] ?? ''), berth_whmcs_token($params, false), (string) ($params['password'] ?? '')] as $secret) {
        $secret = trim($secret);
        if ($secret !== '') {
            // As it is and as it appears inside a JSON string.
            $secrets[] = $secret;
            $secrets[] = substr((string) json_encode($secret, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), 1, -1);
        }
    }
    logModuleCall('berth', $action, $request, $response, $processed, array_values(array_unique($secrets)));
}
