export const serverStatuses = [
  "pending",
  "provisioning",
  "running",
  "stopped",
  "suspended",
  "rescue",
  "failed",
  "terminated",
] as const;
export type ServerStatus = (typeof serverStatuses)[number];

export const orderStatuses = ["pending", "provisioning", "completed", "failed"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const jobStates = ["queued", "running", "completed", "failed"] as const;
export type JobState = (typeof jobStates)[number];

export const userRoles = ["admin", "reseller", "customer"] as const;
export type UserRole = (typeof userRoles)[number];
