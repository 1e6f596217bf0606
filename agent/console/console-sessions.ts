import { consoleSessionsPerContainer, type ConsoleEndReason } from "./console-protocol";

/** What the registry needs of a running session: a way to end it with a reason. */
export interface ConsoleSessionHandle {
  end(reason: ConsoleEndReason): void;
}

/**
 * The open console sessions per container and the tty each holds. LXC gives one client per tty
 * (the console, tty 0, too), so sessions take distinct ttys, lowest first: the first gets the
 * console with the boot messages, the next ones tty1 and tty2 (common.conf allows 4).
 */
export class ConsoleSessions {
  private readonly byContainer = new Map<string, Map<number, ConsoleSessionHandle | null>>();

  /** A free tty of the container, held until release(); null when every one is in use. */
  reserve(name: string): number | null {
    const ttys = this.byContainer.get(name) ?? new Map<number, ConsoleSessionHandle | null>();
    for (let tty = 0; tty < consoleSessionsPerContainer; tty += 1) {
      if (ttys.has(tty)) continue;
      ttys.set(tty, null);
      this.byContainer.set(name, ttys);
      return tty;
    }
    return null;
  }

  /** The session now running on a reserved tty. */
  attach(name: string, tty: number, session: ConsoleSessionHandle): void {
    this.byContainer.get(name)?.set(tty, session);
  }

  release(name: string, tty: number): void {
    const ttys = this.byContainer.get(name);
    ttys?.delete(tty);
    if (ttys?.size === 0) this.byContainer.delete(name);
  }

  /** Ends every session of a container (suspended), or of every container (agent shutdown). */
  endAll(reason: ConsoleEndReason, name?: string): void {
    const containers = name === undefined ? [...this.byContainer.values()] : [this.byContainer.get(name)];
    for (const ttys of containers) {
      for (const session of [...(ttys?.values() ?? [])]) session?.end(reason);
    }
  }
}
