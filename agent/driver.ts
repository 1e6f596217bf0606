import type { ContainerLimits, ContainerNetwork, ContainerSpec, ContainerState, FirstBootSettings, LiveLimits, UserDataResult } from "./types";

/**
 * What the agent needs from an isolation engine. Every method is idempotent; implementations
 * read state from the engine itself, never from memory, so a restarted agent sees the truth.
 * Failures the caller can act on are AgentError (unknown_template, not_found, suspended,
 * disk_in_use, in_rescue); anything else is an internal error.
 */
export interface ContainerDriver {
  /** Creates the container stopped; returns the existing state if it already exists. */
  create(spec: ContainerSpec): Promise<ContainerState>;
  /** Starts and waits until running; a running container is left alone; refused while suspended. */
  start(name: string): Promise<ContainerState>;
  /** Stops (clean shutdown, then kill after a timeout); a stopped container is left alone. */
  stop(name: string): Promise<ContainerState>;
  /** Stops (if running) and starts again with a new init; refused while suspended. */
  reboot(name: string): Promise<ContainerState>;
  /**
   * Freezes a running container and cuts it from the network; a stopped one stays stopped and
   * cannot be started. Either way it counts as suspended until unsuspended.
   */
  suspend(name: string): Promise<ContainerState>;
  /** Reverses suspend: network back and thawed (a stopped container stays stopped but may start). */
  unsuspend(name: string): Promise<ContainerState>;
  /** Changes the limits live (no restart) and for every later start; disk_in_use if it can't shrink. */
  resize(name: string, limits: ContainerLimits): Promise<ContainerState>;
  /**
   * Replaces the disk with a fresh copy of a template, keeping the configuration, and applies
   * first boot to it again (without settings: root locked, no keys); old data is gone; refused in rescue.
   */
  reinstall(name: string, template: string, firstBoot?: FirstBootSettings): Promise<ContainerState>;
  /**
   * Moves the container to new addresses: its files (hosts, the image's network system) and
   * config are rewritten while it is stopped, its rules follow, and it starts again if it ran.
   */
  changeAddresses(name: string, network: ContainerNetwork): Promise<ContainerState>;
  /** Sets root's password hash in the running container's /etc/shadow; refused unless running (suspended, in rescue). */
  setRootPassword(name: string, hash: string): Promise<ContainerState>;
  /** What became of the user data given at create or the last reinstall. */
  userDataResult(name: string): Promise<UserDataResult>;
  /**
   * Stops the container and boots the rescue system in its place (same name, addresses and
   * limits), with the container's own root file system mounted at /mnt/disk.
   */
  rescue(name: string): Promise<ContainerState>;
  /** Stops the rescue system and boots the container's own system again. */
  unrescue(name: string): Promise<ContainerState>;
  /** Stops and removes everything the container owns; an absent container is fine. */
  destroy(name: string): Promise<void>;
  /** Current state, or null when there is no such container. */
  state(name: string): Promise<ContainerState | null>;
  list(): Promise<ContainerState[]>;
  /** The spec a container was created with (limits as last resized), null when there is no such container. */
  spec(name: string): Promise<ContainerSpec | null>;
  /** Every container's spec. */
  containerSpecs(): Promise<ContainerSpec[]>;
  /** The limits in force (cgroups of a running or frozen container, its disk's quota), read back from the host; null when there is no such container. */
  liveLimits(name: string): Promise<LiveLimits | null>;
  /** Names of the templates that can be used to create containers on this host. */
  templates(): Promise<string[]>;
  /** How new containers' root file systems get their ids on this host (reported by /v1/health). */
  rootfsOwnership(): Promise<"idmapped" | "shifted">;
  /** The command that attaches a terminal to a running container's tty `tty` (0 = its console), run under a PTY. */
  consoleCommand(name: string, tty: number): string[];
}
