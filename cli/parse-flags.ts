import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error";

type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

function flagList(options: FlagOptions): string {
  return Object.entries(options)
    .map(([name, option]) => (option.type === "string" ? `--${name} <value>` : `--${name}`))
    .join(", ");
}

/**
 * parseArgs in strict mode, with its errors rewritten to name the flag and what the command
 * accepts, since Node's own messages talk about positionals and "--" escapes.
 */
export function parseFlags<Options extends FlagOptions>(command: string, args: string[], options: Options, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown flag ${flag ?? ""} for "berth ${command}"; it accepts: ${flagList(options) || "no flags"}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const option = flag ? options[flag.replace(/^-+/, "")] : undefined;
      throw new UsageError(option?.type === "boolean" ? `${flag} takes no value` : `${flag ?? "a flag"} needs a value, as in ${flag} <value>`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(`"berth ${command}" takes no arguments besides flags: ${message.replace(/^Unexpected argument /, "got ")}`);
    }
    throw new UsageError(message);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`"berth ${command}" got an unexpected argument: ${parsed.positionals[positionals]}`);
  }
  return parsed;
}

/** A flag the command cannot do without; the message says what it is for. */
export function requiredFlag(value: string | undefined, flag: string, meaning: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`--${flag} is required: ${meaning}`);
  return value;
}

/** A flag restricted to a fixed set of values. */
export function choiceFlag<Choice extends string>(value: string | undefined, flag: string, choices: readonly Choice[]): Choice | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${choices.join(", ")} (got "${value}")`);
  return value as Choice;
}

/** A flag holding a whole number from 1 up to a maximum. */
export function positiveIntegerFlag(value: string | undefined, flag: string, maximum: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > maximum) throw new UsageError(`--${flag} must be a whole number from 1 to ${maximum} (got "${value}")`);
  return number;
}
