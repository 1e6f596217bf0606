import type { ContainerState } from "../../agent/types";

/**
 * What a server records about the system the agent just made (create, reinstall): the image
 * version, the SSH host keys' fingerprints, which the customer checks at the first login, and
 * whether a first-boot script is to run (its end is collected later: collect-user-data.ts).
 */
export function systemRecordOf(container: ContainerState | null, firstBoot: { userData: string | null } | undefined) {
  return {
    imageVersion: container?.image ? `${container.image.name}@${container.image.version}` : null,
    hostKeys: container?.hostKeys?.length ? JSON.stringify(container.hostKeys) : null,
    userDataState: firstBoot?.userData ? "pending" : null,
    userDataExitCode: null,
    userDataOutput: null,
  };
}
