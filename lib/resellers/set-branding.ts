import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { parseInput } from "../errors";

export const maxLogoBytes = 200 * 1024;

const logoPattern = /^data:(image\/png|image\/svg\+xml|image\/jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;

// SVG can carry script; logos are shown with <img>, which never runs it, but refuse it anyway
// in case a page ever inlines one.
const activeSvgContent = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY/i;

/** Why a logo data URL is not acceptable, or null when it is. */
export function logoProblem(dataUrl: string): string | null {
  const match = logoPattern.exec(dataUrl);
  if (!match || match[2]!.length % 4 !== 0) return "must be a data:image/png, image/svg+xml or image/jpeg;base64 URL";
  const bytes = Buffer.from(match[2]!, "base64");
  if (bytes.length > maxLogoBytes) return `must be at most ${maxLogoBytes / 1024} KB (this one is ${Math.ceil(bytes.length / 1024)} KB)`;
  const type = match[1];
  if (type === "image/png" && !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "is not a PNG image";
  if (type === "image/jpeg" && !bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return "is not a JPEG image";
  if (type === "image/svg+xml") {
    const text = bytes.toString("utf8");
    if (!/<svg[\s>]/i.test(text)) return "is not an SVG image";
    if (activeSvgContent.test(text)) return "must not contain scripts, event handlers or entities";
  }
  return null;
}

export const ZBrandingInput = z.object({
  /** Shown to the reseller's customers instead of "Berth"; empty or null goes back to Berth's. */
  name: z.string().trim().max(100, "must be at most 100 characters").nullable().transform((name) => name || null),
  /** Left out: unchanged; empty or null: removed. */
  logoDataUrl: z
    .string()
    .trim()
    .max(300_000, `must be at most ${maxLogoBytes / 1024} KB`)
    .nullable()
    .optional()
    .transform((url) => (url === "" ? null : url))
    .superRefine((url, context) => {
      const problem = url ? logoProblem(url) : null;
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
});
export type TBrandingInput = z.input<typeof ZBrandingInput>;

/** Sets the acting reseller's own branding, which its customers see. */
export async function setBranding({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireRole(actor, "reseller");
  const { name, logoDataUrl } = parseInput(ZBrandingInput, input);
  return database.$transaction(async (transaction) => {
    const reseller = await transaction.user.update({
      where: { id: actor.userId },
      data: { brandName: name, brandLogoDataUrl: logoDataUrl },
      select: { id: true, resellerId: true, brandName: true, brandLogoDataUrl: true },
    });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(reseller),
      action: "reseller.branding.set",
      targetType: "user",
      targetId: reseller.id,
      result: "success",
      details: { name, logo: logoDataUrl === undefined ? "unchanged" : logoDataUrl ? "set" : "removed" },
    });
    return { name: reseller.brandName, logoDataUrl: reseller.brandLogoDataUrl };
  });
}
