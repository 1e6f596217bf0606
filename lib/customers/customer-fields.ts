import { z } from "zod";

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email("must be an email address"));
export const ZName = z.string().trim().min(1, "must not be empty").max(200);
// bcrypt ignores everything after 72 bytes, so a longer password would only look stronger.
export const ZPassword = z.string().min(10, "must be at least 10 characters").max(72, "must be at most 72 characters");

/** What lists and answers show of a customer: never its password hash or second-factor secret. */
export const customerFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  resellerId: true,
  suspendedAt: true,
  createdAt: true,
} as const;
