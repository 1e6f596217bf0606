import type { HealthReport } from "../../agent/client";
import { agentForHost } from "./agent-for-host";

export type HostHealth = { reachable: true; report: HealthReport } | { reachable: false; error: string };

// A page listing hosts must not wait on a dead one for the agent client's 2-minute default.
const healthTimeoutMs = 3000;

/** Asks a host's agent for its health, giving up after a few seconds; never throws. */
export async function checkHostHealth(host: { agentUrl: string; agentSecretEncrypted: string }, encryptionKey: string): Promise<HostHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${healthTimeoutMs / 1000} s`)), healthTimeoutMs);
    });
    const report = await Promise.race([agentForHost(host, encryptionKey).health(), timeout]);
    return { reachable: true, report };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
