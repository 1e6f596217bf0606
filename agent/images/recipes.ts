import type { CgroupLayout } from "../host/cgroups";

/** What a recipe may check about the host before building (an image that cannot boot here is refused). */
export interface HostFacts {
  cgroups: CgroupLayout;
}

/** An OS image the agent builds itself with debootstrap. */
export interface ImageRecipe {
  /** The image's name (and thus the template name containers ask for). */
  name: string;
  /** Debian suite given to debootstrap. */
  suite: string;
  description: string;
  /** Why this host cannot run the image, or null when it can. */
  hostRefusal?: (host: HostFacts) => string | null;
}

/**
 * What a VPS needs beyond minbase: an init, sshd, the network tools first boot uses (ifupdown,
 * iproute2), and the few tools people expect on a shell. Kept short: every package is in every VPS.
 */
export const debootstrapPackages = ["systemd-sysv", "openssh-server", "iproute2", "ifupdown", "procps", "iputils-ping", "ca-certificates", "less", "nano"];

// Both boot on cgroup v1 and v2 hosts (checked on v1 here: trixie's systemd 257 still starts).
export const imageRecipes: readonly ImageRecipe[] = [
  { name: "debian-12", suite: "bookworm", description: "Debian 12 (bookworm), minimal, systemd" },
  { name: "debian-13", suite: "trixie", description: "Debian 13 (trixie), minimal, systemd" },
];

export function findRecipe(name: string): ImageRecipe | undefined {
  return imageRecipes.find((recipe) => recipe.name === name);
}
