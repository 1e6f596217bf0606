import { readFile } from "node:fs/promises";
import { CommandError, runCommand, type CommandResult } from "../run-command";
import type { ContainerState, ContainerStatus } from "../types";

/** Thin wrappers over the lxc-* tools; every call names the LXC path explicitly (-P). */
export class LxcCommands {
  constructor(private readonly lxcPath: string) {}

  private target(name: string): string[] {
    return ["-n", name, "-P", this.lxcPath];
  }

  /** State as LXC reports it; the caller has checked that the container's config exists. */
  async info(name: string): Promise<ContainerState> {
    const { stdout } = await runCommand(["lxc-info", ...this.target(name), "-s", "-p", "-H"]);
    const fields = new Map<string, string>();
    for (const line of stdout.split("\n")) {
      const match = /^([A-Za-z ]+):\s*(.*)$/.exec(line.trim());
      if (match?.[1] && match[2] !== undefined) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    const state = fields.get("state");
    if (!state) throw new Error(`lxc-info printed no state for ${name}: ${stdout}`);
    const pid = Number(fields.get("pid"));
    return { name, state: state as ContainerStatus, pid: Number.isInteger(pid) && pid > 0 ? pid : null };
  }

  async start(name: string, timeoutSeconds: number, logFile: string): Promise<void> {
    try {
      await runCommand(["lxc-start", ...this.target(name), "-d"]);
      await runCommand(["lxc-wait", ...this.target(name), "-s", "RUNNING", "-t", String(timeoutSeconds)], {
        timeoutMs: (timeoutSeconds + 10) * 1000,
      });
    } catch (error) {
      // lxc-start only says "failed to start"; the reason is in the container's log.
      const log = await readFile(logFile, "utf8").catch(() => "");
      const lastLines = log.trim().split("\n").slice(-8).join("\n");
      throw new Error(`container ${name} did not start${lastLines ? `; LXC log:\n${lastLines}` : ""}`, { cause: error });
    }
  }

  /** Clean shutdown through the halt signal; lxc-stop kills the container after the timeout. */
  async stop(name: string, timeoutSeconds: number): Promise<void> {
    try {
      await runCommand(["lxc-stop", ...this.target(name), "-t", String(timeoutSeconds)], {
        timeoutMs: (timeoutSeconds + 30) * 1000,
      });
    } catch (error) {
      // Exit code 2 means it was not running (stopped meanwhile): that is the goal anyway.
      if (error instanceof CommandError && error.exitCode === 2) return;
      throw error;
    }
  }

  /**
   * Attaches to tty `tty` (0 = the console). "-e ^@" makes the escape prefix a negative number,
   * which lxc-console 5 takes as "no escape key": Ctrl+a reaches the shell and nothing typed
   * detaches the session (it also drops the "Type <Ctrl+a q>" banner).
   */
  consoleCommand(name: string, tty: number): string[] {
    return ["lxc-console", ...this.target(name), "-t", String(tty), "-e", "^@"];
  }

  async freeze(name: string): Promise<void> {
    await runCommand(["lxc-freeze", ...this.target(name)]);
  }

  async unfreeze(name: string): Promise<void> {
    await runCommand(["lxc-unfreeze", ...this.target(name)]);
  }

  /**
   * Runs a command in the running container as its root. The environment is cleared: lxc-attach
   * would otherwise hand the agent's own (its secret among it) to a process the tenant can read.
   */
  async attach(name: string, command: readonly string[], timeoutMs = 30_000): Promise<CommandResult> {
    return runCommand(["lxc-attach", ...this.target(name), "--clear-env", "--set-var", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "--", ...command], { timeoutMs });
  }

  /** Reads a file of the running container's cgroup (e.g. memory.memsw.limit_in_bytes). */
  async readCgroup(name: string, key: string): Promise<string> {
    const { stdout } = await runCommand(["lxc-cgroup", ...this.target(name), key]);
    return stdout.trim();
  }

  /** Writes a file of the running container's cgroup: takes effect at once, no restart. */
  async writeCgroup(name: string, key: string, value: string): Promise<void> {
    await runCommand(["lxc-cgroup", ...this.target(name), key, value]);
  }
}
