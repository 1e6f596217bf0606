import type { HealthReport } from "../../agent/client";
import { agentForHost, type AgentEndpoint } from "./agent-for-host";

export type HostHealth = { reachable: true; report: HealthReport } | { reachable: false; error: string };

// A page listing hosts, or a heartbeat round, must not wait on a dead one for the agent client's 2-minute default.
const healthTimeoutMs = 3000;

/** Asks a host's agent for its health, giving up after a few seconds; never throws. */
export async function checkHostHealth(host: AgentEndpoint, encryptionKey: string): Promise<HostHealth> {
  try {
    return { reachable: true, report: await agentForHost(host, encryptionKey, { timeoutMs: healthTimeoutMs }).health() };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}
