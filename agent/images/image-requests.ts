import path from "node:path";
import { z } from "zod";
import { AgentError } from "../errors";
import { parseBody } from "../validation";
import { hasTarballExtension, tarballExtensions } from "./import-image-version";

/** Chosen by the caller (the worker's job), so a retried request finds the same build. */
export const buildIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

const buildId = z.string().regex(buildIdPattern, `must match ${buildIdPattern.source}`);

const buildRequestSchema = z.strictObject({ buildId });

const importRequestSchema = z.strictObject({
  buildId,
  path: z
    .string()
    .max(4096)
    .refine((value) => path.isAbsolute(value) && path.normalize(value) === value, { message: "must be an absolute, normalized path on the agent's host" })
    .refine(hasTarballExtension, { message: `must end with ${tarballExtensions.join(", ")}` }),
});

/** Parses POST /v1/images/{name}/build: `{ buildId }`. */
export function parseBuildRequest(body: unknown): { buildId: string } {
  return parseBody(buildRequestSchema, body);
}

/** Parses POST /v1/images/{name}/import: `{ buildId, path }` (the tarball on the agent's host). */
export function parseImportRequest(body: unknown): { buildId: string; path: string } {
  return parseBody(importRequestSchema, body);
}

/** Checks a build id taken from a URL path. */
export function parseBuildId(value: string): string {
  if (!buildIdPattern.test(value)) throw new AgentError("invalid_request", `build id: must match ${buildIdPattern.source}`);
  return value;
}
