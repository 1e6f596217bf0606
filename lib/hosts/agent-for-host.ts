import { AgentClient } from "../../agent/client";
import { decryptSecret } from "../security/secret-box";

export function agentForHost(host: { agentUrl: string; agentSecretEncrypted: string }, encryptionKey: string): AgentClient {
  return new AgentClient({ url: host.agentUrl, secret: decryptSecret(host.agentSecretEncrypted, encryptionKey) });
}
