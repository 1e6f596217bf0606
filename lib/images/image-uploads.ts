import { rm } from "node:fs/promises";
import path from "node:path";
import type { BerthSettings } from "../settings";

/** Where the panel stores tarballs uploaded for import: the agent on the same machine reads them there. */
export function imageUploadsDirectory(settings: Pick<BerthSettings, "dataDirectory">): string {
  return path.join(settings.dataDirectory, "image-uploads");
}

/** Removes a tarball the panel stored, once its import has ended; paths elsewhere are the admin's and stay. */
export async function removeImageUpload(settings: Pick<BerthSettings, "dataDirectory">, file: string): Promise<void> {
  const uploads = imageUploadsDirectory(settings);
  if (path.dirname(path.resolve(file)) !== uploads) return;
  await rm(file, { force: true });
}
