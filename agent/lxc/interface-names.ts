import { createHash } from "node:crypto";

/** A hash of a container name for one purpose: stable names and choices derived from the name alone. */
export function digest(purpose: string, containerName: string): Buffer {
  return createHash("sha256").update(`${purpose}:${containerName}`).digest();
}

/**
 * Host-side veth name: Linux allows 15 characters and container names have up to 63, so use
 * "vb" + 13 hex digits (52 bits) of a hash of the name: stable, and collisions are negligible.
 */
export function hostVethName(containerName: string): string {
  return `vb${digest("veth", containerName).toString("hex").slice(0, 13)}`;
}

/**
 * A MAC address that stays the same across restarts (LXC would pick a random one each start,
 * leaving stale neighbour entries on the host): locally administered, unicast, from the name.
 */
export function containerMacAddress(containerName: string): string {
  const bytes = digest("mac", containerName).subarray(0, 5);
  return ["02", ...Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0"))].join(":");
}
