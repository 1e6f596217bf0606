import { clientAddress } from "@/lib/http/client-address";
import { errorResponse, jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { joinHost } from "@/lib/hosts/join-host";

export const dynamic = "force-dynamic";

// Guessing a 32-byte token is hopeless; the limit just keeps a scanner from filling the logs.
const joinAttemptsPerMinute = 10;

/**
 * A new host's agent joins (agent/join/join-panel.ts). No session or API token: the one-time join
 * token in the body is the credential; answers {"host": {"name"}}.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const { database, redis, settings } = panelServices();
    await enforceRateLimit(redis, `agent-join:${clientAddress(request.headers) ?? "unknown"}`, joinAttemptsPerMinute);
    return jsonResponse(await joinHost({ database, encryptionKey: settings.encryptionKey, input: await readJsonBody(request) }));
  } catch (error) {
    return errorResponse(error);
  }
}
