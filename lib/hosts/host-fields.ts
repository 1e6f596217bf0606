import { z } from "zod";

/** A host's name: what the agent signs into every request and what admins type (`berth hosts drain NAME`). */
export const ZHostName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, "must be 1-63 lowercase letters, digits, dots or hyphens, starting with a letter or digit");

/** How far placement may promise beyond a host's capacity (vCPUs per CPU thread, memory per MiB). */
export const ZOvercommit = z.number().min(1, "must be at least 1").max(16, "must be at most 16");

// The statuses of a server that still lives on its host (a host with any cannot be removed).
export const finishedServerStatuses = ["terminated", "failed"];
