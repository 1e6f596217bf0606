// The containers' seccomp profile: the distribution's LXC defaults plus a denial of the btrfs
// ioctls that create subvolumes. A subvolume made inside a container is not part of the
// container's quota group, so without this its root could write past the disk limit.

/**
 * Request numbers from <linux/btrfs.h> (printed by a C program on x86_64; the _IOW encoding
 * and the 4096-byte argument structs are the same for the i386 and x32 compat ABIs).
 */
export const subvolumeCreatingIoctls: ReadonlyArray<{ name: string; request: number }> = [
  { name: "BTRFS_IOC_SNAP_CREATE", request: 0x50009401 },
  { name: "BTRFS_IOC_SUBVOL_CREATE", request: 0x5000940e },
  { name: "BTRFS_IOC_SNAP_CREATE_V2", request: 0x50009417 },
  { name: "BTRFS_IOC_SUBVOL_CREATE_V2", request: 0x50009418 },
];

const operationNotPermitted = 1;

/**
 * One LXC v2 rule per ioctl, for every architecture ([all]). The comparison masks the request to
 * its low 32 bits: the kernel reads ioctl's cmd as an unsigned int, so a plain SCMP_CMP_EQ on the
 * 64-bit register would miss a request with junk in the high bits. LXC's argument syntax is
 * [index,value,op,mask], index 1 being the request.
 */
function denialRules(): string[] {
  return subvolumeCreatingIoctls.flatMap(({ name, request }) => [
    `# ${name}`,
    `ioctl errno ${operationNotPermitted} [1,0x${request.toString(16)},SCMP_CMP_MASKED_EQ,0xffffffff]`,
  ]);
}

/**
 * The distribution's profile (LXC v2 denylist, e.g. /usr/share/lxc/config/common.seccomp) kept
 * line for line, with the Berth denials appended in an [all] section of their own. Throws for
 * any other format: extra denials only make sense in a denylist.
 */
export function renderSeccompProfile(distributionProfile: string): string {
  const lines = distributionProfile.replace(/\n+$/, "").split("\n");
  if (lines[0]?.trim() !== "2" || !/^denylist\b/.test(lines[1]?.trim() ?? "")) {
    throw new Error(`expected an LXC version 2 denylist seccomp profile, got one starting ${JSON.stringify(lines.slice(0, 2))}`);
  }
  return [...lines, "", "# Added by the Berth agent: no btrfs subvolumes or snapshots inside containers.", "[all]", ...denialRules(), ""].join(
    "\n",
  );
}
