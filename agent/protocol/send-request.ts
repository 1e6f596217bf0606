import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { pinnedTlsOptions, type PinnedCertificate } from "./pinned-certificate";

export interface RawResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request to an agent. https:// needs the pinned certificate (nothing else is trusted);
 * http:// is the single-host setup on loopback. Rejects when the agent is unreachable, the
 * certificate is not the pinned one, or no answer comes within the timeout.
 */
export function sendRequest(
  url: URL,
  options: { method: string; headers: Record<string, string>; body: string; timeoutMs: number; pin: PinnedCertificate | null },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const common = { method: options.method, headers: { ...options.headers, "Content-Length": String(Buffer.byteLength(options.body)) }, signal };
    let request;
    if (url.protocol === "https:") {
      if (!options.pin) return reject(new Error("an https agent needs its pinned certificate"));
      request = httpsRequest(url, { ...common, ...pinnedTlsOptions(options.pin) });
    } else {
      request = httpRequest(url, common);
    }
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}
