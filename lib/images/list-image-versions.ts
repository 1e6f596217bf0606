import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { requireImageAdmin } from "./require-image-admin";

export interface ImageVersionView {
  host: string;
  name: string;
  version: string;
  osName: string;
  source: string;
  sizeBytes: number;
  /** Containers on the host made from this version. */
  containers: number;
  createdAt: Date;
  /** Slugs of the templates that order this image. */
  templates: string[];
}

/**
 * Every image version the hosts' agents last reported, by host, image and version (admins only;
 * not for API tokens limited to servers, which see nothing beyond those servers).
 */
export async function listImageVersions({ database, actor }: { database: Database; actor: Actor }): Promise<ImageVersionView[]> {
  requireImageAdmin(actor);
  const [versions, templates] = await Promise.all([
    database.imageVersion.findMany({ include: { host: { select: { name: true } } }, orderBy: [{ host: { name: "asc" } }, { name: "asc" }, { version: "asc" }] }),
    database.template.findMany({ select: { slug: true, agentTemplate: true }, orderBy: { slug: "asc" } }),
  ]);
  return versions.map((row) => ({
    host: row.host.name,
    name: row.name,
    version: row.version,
    osName: row.osName,
    source: row.source,
    sizeBytes: Number(row.sizeBytes),
    containers: row.containers,
    createdAt: row.createdAt,
    templates: templates.filter((template) => template.agentTemplate === row.name).map((template) => template.slug),
  }));
}
