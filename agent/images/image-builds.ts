import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "../config";
import { AgentError } from "../errors";
import type { AgentLogger } from "../log";
import { readOptionalFile } from "../read-optional-file";
import type { ImageBuild } from "../types";
import type { StoredImage } from "./image-store";
import type { ProgressListener } from "./progress";

/** The work of one build: makes the image version, reporting progress on the way. */
export type ImageJob = (onProgress: ProgressListener) => Promise<StoredImage>;

export interface ImageBuildRequest {
  id: string;
  image: string;
  kind: ImageBuild["kind"];
}

// Failure messages end up in the panel's job record; the tail of a long tool output is the useful part.
const maximumMessageLength = 2000;

export const interruptedMessage = "interrupted by an agent restart; build again";

function failureOf(error: unknown): NonNullable<ImageBuild["error"]> {
  const code = error instanceof AgentError ? error.code : "internal_error";
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message.length > maximumMessageLength ? `...${message.slice(-maximumMessageLength)}` : message };
}

/**
 * Image builds and imports run in the background: the HTTP call that starts one answers at once,
 * and the caller polls the record. Each record is also written to <dataDir>/image-builds/<id>.json
 * on every change, so a restarted agent still answers for builds it ran before; one it finds
 * "running" there died with the old process and reads as failed. One build per image at a time.
 */
export class ImageBuilds {
  /** Builds started by this process (the files hold the others). */
  private readonly records = new Map<string, ImageBuild>();
  /** Image name -> id of its running build. */
  private readonly running = new Map<string, string>();
  /** File writes in order, so an older state never overwrites a newer one. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AgentConfig,
    private readonly log: AgentLogger,
  ) {}

  private folder(): string {
    return path.join(this.config.dataDir, "image-builds");
  }

  /** The record of build `id`, or null if this agent never started one with that id. */
  async get(id: string): Promise<ImageBuild | null> {
    const own = this.records.get(id);
    if (own) return { ...own };
    const text = await readOptionalFile(path.join(this.folder(), `${id}.json`));
    if (text === null) return null;
    const record = JSON.parse(text) as ImageBuild;
    if (record.state !== "running") return record;
    // Written by an agent process that is gone: nothing is building it any more.
    const failed: ImageBuild = { ...record, state: "failed", error: { code: "interrupted", message: interruptedMessage }, finishedAt: new Date().toISOString() };
    this.persist(failed);
    await this.writes;
    return failed;
  }

  /**
   * Starts a build, or answers the existing record for `request.id` if it is running or
   * succeeded (the caller retries with the same id); a failed one starts again. `prepare` checks
   * the request (invalid_request etc.) and returns the work; it runs only when a build starts.
   * Another id for an image that is being built: busy.
   */
  async start(request: ImageBuildRequest, prepare: () => Promise<ImageJob>): Promise<ImageBuild> {
    const existing = await this.get(request.id);
    if (existing && (existing.image !== request.image || existing.kind !== request.kind)) {
      throw new AgentError("invalid_request", `buildId: ${request.id} is already the ${existing.kind} of image ${existing.image}`);
    }
    if (existing && existing.state !== "failed") return existing;
    const job = await prepare();

    // Checked again after the awaits above: a concurrent request may have started it meanwhile.
    const runningId = this.running.get(request.image);
    if (runningId === request.id) return { ...(this.records.get(request.id) as ImageBuild) };
    if (runningId !== undefined) {
      throw new AgentError("busy", `image ${request.image} is already being built (build ${runningId}); wait for it to finish`, { buildId: runningId });
    }
    const record: ImageBuild = { ...request, state: "running", percent: 0, step: "Starting", startedAt: new Date().toISOString() };
    this.records.set(record.id, record);
    this.running.set(record.image, record.id);
    this.persist(record);
    await this.writes;
    void this.run(record, job);
    return { ...record };
  }

  private async run(record: ImageBuild, job: ImageJob): Promise<void> {
    const started = Date.now();
    this.log({ event: "image-build", buildId: record.id, image: record.image, kind: record.kind, phase: "started" });
    try {
      const image = await job((progress) => this.update(record.id, { percent: progress.percent, step: progress.step }));
      this.update(record.id, { state: "succeeded", percent: 100, step: "Done", version: image.metadata.version, finishedAt: new Date().toISOString() });
      this.log({ event: "image-build", buildId: record.id, image: record.image, phase: "succeeded", version: image.metadata.version, ms: Date.now() - started });
    } catch (error) {
      const failure = failureOf(error);
      this.update(record.id, { state: "failed", error: failure, finishedAt: new Date().toISOString() });
      this.log({ event: "image-build", buildId: record.id, image: record.image, phase: "failed", error: failure.code, message: failure.message, ms: Date.now() - started });
    } finally {
      this.running.delete(record.image);
      await this.writes;
    }
  }

  private update(id: string, change: Partial<ImageBuild>): void {
    const record = this.records.get(id);
    if (!record) return;
    Object.assign(record, change);
    this.persist(record);
  }

  /** Queues a write of the record as it is now (write then rename: the file is always whole). */
  private persist(record: ImageBuild): void {
    const snapshot = JSON.stringify(record);
    const file = path.join(this.folder(), `${record.id}.json`);
    this.writes = this.writes
      .then(async () => {
        await mkdir(this.folder(), { recursive: true, mode: 0o700 });
        await writeFile(`${file}.partial`, snapshot, { mode: 0o600 });
        await rename(`${file}.partial`, file);
      })
      .catch((error: unknown) => this.log({ event: "image-build", buildId: record.id, error: "record_not_written", message: error instanceof Error ? error.message : String(error) }));
  }
}
