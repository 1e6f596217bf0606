import { AgentClient, type AgentClientOptions } from "../../agent/client";
import { decryptSecret } from "../security/secret-box";

export function agentForHost(
  host: { agentUrl: string; agentSecretEncrypted: string },
  encryptionKey: string,
  options: Pick<AgentClientOptions, "onOperation"> = {},
): AgentClient {
  return new AgentClient({ url: host.agentUrl, secret: decryptSecret(host.agentSecretEncrypted, encryptionKey), ...options });
}
