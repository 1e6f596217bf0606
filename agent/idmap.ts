// Host uid/gid ranges for unprivileged containers.

/** Each container maps its uids/gids 0..65535 onto its own block of host ids. */
export const idsPerContainer = 65536;

/**
 * Subordinate ids the agent makes sure root owns in /etc/subuid and /etc/subgid; every
 * container's idmapBase block must fall inside it. One billion ids = about 15000 containers.
 */
export const subordinateIdRange = { start: 100_000, count: 1_000_000_000 } as const;

export function idmapBaseFits(idmapBase: number): boolean {
  return (
    Number.isSafeInteger(idmapBase) &&
    idmapBase % idsPerContainer === 0 &&
    idmapBase >= subordinateIdRange.start &&
    idmapBase + idsPerContainer <= subordinateIdRange.start + subordinateIdRange.count
  );
}
