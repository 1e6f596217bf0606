import type { Redis } from "ioredis";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import type { Finding } from "./compare-host";

// One hash per host: the findings open on it (field = finding key, value = when first reported).
function openFindingsKey(hostId: string): string {
  return `berth:reconcile:findings:${hostId}`;
}

function findingKey(finding: Finding): string {
  return `${finding.action}|${finding.targetType}|${finding.targetId}|${finding.subject}`;
}

export interface ReportFindingsOptions {
  database: Database;
  redis: Redis;
  host: { id: string; name: string };
  /** Everything this pass found on the host. */
  findings: readonly Finding[];
  now?: Date;
}

/**
 * Records each finding not already open as an audit event, once: the open findings of a host
 * are kept in Redis, claimed field by field (HSETNX), so two passes at once report a finding
 * once, and a finding that went away (dropped from the hash here) is reported again if it comes
 * back. Returns the findings reported now.
 */
export async function reportNewFindings({ database, redis, host, findings, now = new Date() }: ReportFindingsOptions): Promise<Finding[]> {
  const key = openFindingsKey(host.id);
  const current = new Map(findings.map((finding) => [findingKey(finding), finding]));
  const reported: Finding[] = [];
  for (const [field, finding] of current) {
    if ((await redis.hsetnx(key, field, now.toISOString())) !== 1) continue;
    try {
      await recordAuditEvent(database, {
        actorType: "system",
        action: finding.action,
        targetType: finding.targetType,
        targetId: finding.targetId,
        result: "failure",
        details: { by: "reconciler", host: host.name, ...finding.details },
      });
    } catch (error) {
      // Not recorded, so not reported: the next pass tries again.
      await redis.hdel(key, field);
      throw error;
    }
    reported.push(finding);
  }
  const gone = (await redis.hkeys(key)).filter((field) => !current.has(field));
  if (gone.length > 0) await redis.hdel(key, ...gone);
  return reported;
}
