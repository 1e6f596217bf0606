import type { LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

/** How much of an answer is kept: enough to see why an endpoint refused. */
export const keptAnswerBytes = 2048;

export interface WebhookAnswer {
  status: number;
  /** The first keptAnswerBytes of the body, as UTF-8. */
  body: string;
}

/** A lookup that answers only the addresses already resolved and checked. */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = addresses.filter((entry) => !options.family || entry.family === options.family);
    const [first] = wanted;
    if (!first) callback(Object.assign(new Error(`no IPv${options.family} address among the checked ones`), { code: "ENOTFOUND" }), "");
    else if (options.all) callback(null, wanted);
    else callback(null, first.address, first.family);
  };
}

/**
 * POSTs a body to an endpoint, connecting only to `addresses` (TLS still checks the URL's host
 * name). Redirects are not followed: a 3xx is an answer like any other. Gives up after
 * `timeoutMs` in all (connecting, sending, waiting for the answer). Rejects on network errors.
 */
export function postWebhook({ url, body, headers, addresses, timeoutMs }: { url: string; body: string; headers: Record<string, string>; addresses: readonly LookupAddress[]; timeoutMs: number }): Promise<WebhookAnswer> {
  const target = new URL(url);
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(target, {
      method: "POST",
      headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(addresses),
      signal,
      // A fresh connection each time: a pooled one could have been opened to an address resolved for someone else.
      agent: false,
    });
    request.on("error", (error) => reject(signal.aborted ? new Error(`no answer within ${timeoutMs / 1000} s`) : error));
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const answer = () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, keptAnswerBytes).toString("utf8") });
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        kept += chunk.length;
        // The rest of a long answer is not read at all.
        if (kept >= keptAnswerBytes) response.destroy();
      });
      response.on("end", answer);
      response.on("close", answer);
      response.on("error", answer);
    });
    request.end(body);
  });
}
