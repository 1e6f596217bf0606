import { AppError } from "../errors";

/** What one REST API request body may hold. */
export const apiBodyLimitBytes = 1024 * 1024;
/** What one billing webhook body may hold (events are a few hundred bytes). */
export const webhookBodyLimitBytes = 256 * 1024;

function payloadTooLarge(limitBytes: number): AppError {
  return new AppError("payload_too_large", 413, `body: must be at most ${limitBytes} bytes`, { limitBytes });
}

/**
 * A request body as UTF-8 text, read chunk by chunk and abandoned (413) as soon as it passes
 * `limitBytes`, so an oversized body is never held in memory; a Content-Length above the
 * limit is refused before a byte is read.
 */
export async function readBodyText(options: { request: Request; limitBytes: number }): Promise<string> {
  const { request, limitBytes } = options;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw payloadTooLarge(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
