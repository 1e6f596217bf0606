import type { ContainerSpec, ContainerState } from "./types";

/**
 * What the agent needs from an isolation engine. Every method is idempotent; implementations
 * read state from the engine itself, never from memory, so a restarted agent sees the truth.
 * Failures the caller can act on are AgentError (unknown_template, not_found); anything else
 * is an internal error.
 */
export interface ContainerDriver {
  /** Creates the container stopped; returns the existing state if it already exists. */
  create(spec: ContainerSpec): Promise<ContainerState>;
  /** Starts and waits until running; a running container is left alone. */
  start(name: string): Promise<ContainerState>;
  /** Stops (clean shutdown, then kill after a timeout); a stopped container is left alone. */
  stop(name: string): Promise<ContainerState>;
  /** Stops and removes everything the container owns; an absent container is fine. */
  destroy(name: string): Promise<void>;
  /** Current state, or null when there is no such container. */
  state(name: string): Promise<ContainerState | null>;
  list(): Promise<ContainerState[]>;
  /** Names of the templates that can be used to create containers on this host. */
  templates(): Promise<string[]>;
}
