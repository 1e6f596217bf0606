import { execFile } from "node:child_process";

/** A command that exited non-zero, was killed, or could not be started. */
export class CommandError extends Error {
  readonly command: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(options: {
    command: readonly string[];
    exitCode: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
    cause?: unknown;
  }) {
    const reason =
      options.exitCode !== null ? `exit code ${options.exitCode}` : options.signal ? `signal ${options.signal}` : "could not run";
    const detail = options.stderr.trim() || (options.cause instanceof Error ? options.cause.message : "");
    super(`Command failed (${reason}): ${options.command.join(" ")}${detail ? `: ${detail}` : ""}`, {
      cause: options.cause,
    });
    this.name = "CommandError";
    this.command = options.command;
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.stdout = options.stdout;
    this.stderr = options.stderr;
  }
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  /** Kill the command after this long; host tools should never hang the agent forever. */
  timeoutMs?: number;
  /** Working directory of the command. */
  cwd?: string;
  /** Called with each chunk of output as it arrives (progress of long commands); the result still holds all of it. */
  onOutput?: (chunk: string) => void;
  /** Written to the command's standard input, which is then closed (an nft script, a tc batch). */
  input?: string;
}

// The agent may be started from an environment (cron, sudo, a bare tsx) whose PATH lacks the sbin
// folders where ip, mkfs.btrfs and friends live, and parsed output must not depend on the locale.
const commandEnvironment: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: [process.env.PATH ?? "", "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"]
    .filter(Boolean)
    .join(":"),
  LC_ALL: "C",
};

/**
 * Runs a program with an argument array (execFile, never a shell, so no value can be
 * interpreted as shell syntax). Every host command of the agent goes through here.
 */
export function runCommand(command: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = command;
  if (!program) throw new Error("runCommand needs a program name");
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 120_000,
        killSignal: "SIGKILL",
        cwd: options.cwd,
        env: commandEnvironment,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
        reject(
          new CommandError({
            command,
            exitCode: typeof code === "number" ? code : null,
            signal: (error as { signal?: string | null }).signal ?? null,
            stdout: stdout ?? "",
            stderr: stderr ?? "",
            cause: error,
          }),
        );
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    if (options.onOutput) {
      const forward = options.onOutput;
      child.stdout?.on("data", (chunk: string) => forward(chunk));
      child.stderr?.on("data", (chunk: string) => forward(chunk));
    }
  });
}
