import { AgentClient, type AgentClientOptions } from "../../agent/client";
import { currentLogContext } from "../logging/log-context";
import { decryptSecret } from "../security/secret-box";

/** What the panel needs to reach a host's agent: its URL, secret, name and (once joined) pinned certificate. */
export interface AgentEndpoint {
  name: string;
  agentUrl: string;
  agentSecretEncrypted: string;
  agentCertificatePem: string | null;
  agentCertificateSha256: string | null;
  /** A host that joined signs its name into every request; the seeded single host (never joined) does not. */
  joinedAt: Date | null;
}

export function agentForHost(host: AgentEndpoint, encryptionKey: string, options: Pick<AgentClientOptions, "onOperation" | "timeoutMs"> = {}): AgentClient {
  const pin = host.agentCertificatePem && host.agentCertificateSha256 ? { pem: host.agentCertificatePem, sha256: host.agentCertificateSha256 } : null;
  return new AgentClient({
    url: host.agentUrl,
    secret: decryptSecret(host.agentSecretEncrypted, encryptionKey),
    hostName: host.joinedAt ? host.name : "",
    pin,
    // The request or job this call is made for: the agent's log lines for it name the same ids.
    correlation: currentLogContext(),
    ...options,
  });
}
