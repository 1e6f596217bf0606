import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Actor } from "../access/actor";
import { AppError } from "../errors";
import type { BerthSettings } from "../settings";
import { importSuffixes } from "./image-fields";
import { imageUploadsDirectory } from "./image-uploads";
import { requireImageAdmin } from "./require-image-admin";

/** Root file system tarballs are large, but not without end: the pool has to hold them unpacked too. */
const maxImageUploadBytes = 16 * 2 ** 30;

function tooLarge() {
  return new AppError("payload_too_large", 413, `file: must be at most ${maxImageUploadBytes / 2 ** 30} GiB`, { limitBytes: maxImageUploadBytes });
}

/**
 * Stores an uploaded tarball under <data>/image-uploads/ with a random name (keeping its suffix,
 * which tells the agent its compression), written as it arrives, never held in memory; answers
 * its path for an import. Only the agent of the panel's own machine can read it there.
 */
export async function storeImageUpload({ actor, settings, fileName, body, declaredBytes }: {
  actor: Actor;
  settings: Pick<BerthSettings, "dataDirectory">;
  fileName: string;
  body: ReadableStream<Uint8Array> | null;
  declaredBytes: number | null;
}): Promise<{ path: string }> {
  requireImageAdmin(actor);
  const suffix = importSuffixes.find((candidate) => fileName.toLowerCase().endsWith(candidate));
  if (!suffix) throw new AppError("invalid_request", 400, `file: must be a tarball ending ${importSuffixes.join(", ")}`, { field: "file" });
  if (declaredBytes !== null && declaredBytes > maxImageUploadBytes) throw tooLarge();
  if (!body) throw new AppError("invalid_request", 400, "file: the upload is empty", { field: "file" });

  const directory = imageUploadsDirectory(settings);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const target = path.join(directory, `${randomUUID()}${suffix}`);
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > maxImageUploadBytes ? tooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), limit, createWriteStream(target, { flags: "wx", mode: 0o600 }));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  if (received === 0) {
    await rm(target, { force: true });
    throw new AppError("invalid_request", 400, "file: the upload is empty", { field: "file" });
  }
  return { path: target };
}
