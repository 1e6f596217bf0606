import { stat } from "node:fs/promises";
import type { AgentConfig } from "../config";
import { AgentError } from "../errors";
import type { AgentLogger } from "../log";
import type { ImageBuild } from "../types";
import { buildImageVersion, requireRecipe } from "./build-image-version";
import { ImageBuilds } from "./image-builds";
import { parseImageName } from "./image-names";
import { parseBuildId, parseBuildRequest, parseImportRequest } from "./image-requests";
import { importImageVersion } from "./import-image-version";
import { listImageInfo } from "./list-images";

export interface ImageRouteRequest {
  method: string;
  /** "images" or "image-builds". */
  collection: string;
  /** The decoded path segment after the collection, if any. */
  name: string | undefined;
  verb: string | undefined;
  /** The parsed JSON body (only called for requests that take one). */
  body: () => unknown;
}

export interface ImageRouteReply {
  status: number;
  body: unknown;
}

function methodNotAllowed(method: string): never {
  throw new AgentError("method_not_allowed", `method ${method} is not allowed here`);
}

// 202 while the build runs; an existing finished one (a retried request) is answered with 200.
function accepted(build: ImageBuild): ImageRouteReply {
  return { status: build.state === "running" ? 202 : 200, body: { build } };
}

async function requireTarball(file: string): Promise<void> {
  const stats = await stat(file).catch(() => null);
  if (!stats?.isFile()) throw new AgentError("invalid_request", `path: no file at ${file} on the agent's host`);
}

/**
 * The image part of the agent's API: GET /v1/images, POST /v1/images/{name}/build|import
 * (202 with the build record; the work runs in the background) and GET /v1/image-builds/{id}.
 */
export function imageRoutes(config: AgentConfig, log: AgentLogger): (request: ImageRouteRequest) => Promise<ImageRouteReply> {
  const builds = new ImageBuilds(config, log);

  return async ({ method, collection, name, verb, body }) => {
    if (collection === "image-builds") {
      if (name === undefined || verb !== undefined) throw new AgentError("not_found", "no such route");
      if (method !== "GET") methodNotAllowed(method);
      const build = await builds.get(parseBuildId(name));
      if (!build) throw new AgentError("not_found", `no image build ${name} on this agent`);
      return { status: 200, body: { build } };
    }
    if (name === undefined) {
      if (method !== "GET") methodNotAllowed(method);
      return { status: 200, body: { images: await listImageInfo(config) } };
    }
    if (verb !== "build" && verb !== "import") throw new AgentError("not_found", "no such route");
    if (method !== "POST") methodNotAllowed(method);
    const image = parseImageName(name);

    if (verb === "build") {
      const { buildId } = parseBuildRequest(body());
      const build = await builds.start({ id: buildId, image, kind: "build" }, async () => {
        requireRecipe(image);
        return (onProgress) => buildImageVersion(config, image, onProgress);
      });
      return accepted(build);
    }
    const request = parseImportRequest(body());
    const build = await builds.start({ id: request.buildId, image, kind: "import" }, async () => {
      await requireTarball(request.path);
      return (onProgress) => importImageVersion(config, image, request.path, onProgress);
    });
    return accepted(build);
  };
}
