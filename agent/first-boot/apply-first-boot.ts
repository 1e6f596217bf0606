import { AgentError } from "../errors";
import type { ContainerNetwork, FirstBootSettings, HostKeyFingerprint, ImageMetadata } from "../types";
import { hasSshServer, writeHostKeys } from "./host-keys";
import { writeHostNames, writeResolvers } from "./host-names";
import { writeMachineId } from "./machine-id";
import { writeNetworkConfig } from "./network-config";
import { writeRootPassword } from "./root-password";
import { RootfsWriter } from "./rootfs-writer";
import { writeAuthorizedKeys } from "./ssh-keys";
import { writeUserData } from "./user-data";

/** What a create or reinstall without firstBoot gets: the image's own defaults (root locked, no keys). */
export const noFirstBootSettings: FirstBootSettings = { sshKeys: [], rootPasswordHash: null, resolvers: [], userData: null };

export interface FirstBootInput {
  /** The fresh, stopped root file system (host path). */
  rootfs: string;
  /** 0 when its files keep the image's ids (idmapped), else the container's idmapBase (shifted). */
  idOffset: number;
  hostname: string;
  network: ContainerNetwork;
  image: ImageMetadata;
  settings: FirstBootSettings;
}

export interface FirstBootResult {
  /** Fingerprints of the new SSH host keys; null when the image has no sshd. */
  hostKeys: HostKeyFingerprint[] | null;
  /** Whether user data was installed (and will run at the first start). */
  userData: boolean;
}

/** Refuses settings the image cannot carry out; called before anything is changed. */
export function checkFirstBoot(image: ImageMetadata, settings: FirstBootSettings): void {
  if (settings.userData !== null && image.init !== "systemd") {
    throw new AgentError("invalid_request", `firstBoot.userData: image ${image.name} has no systemd; user data needs a systemd image`);
  }
}

/**
 * Gives an existing, stopped VPS new addresses in its own files: /etc/hosts and the image's own
 * network system (LXC sets them for BusyBox, from the config). Nothing else is touched.
 */
export async function rewriteAddresses(input: Pick<FirstBootInput, "rootfs" | "idOffset" | "hostname" | "network"> & { networkSystem: ImageMetadata["network"] }): Promise<void> {
  const writer = new RootfsWriter(input.rootfs, input.idOffset);
  await writeHostNames(writer, input.hostname, input.network);
  await writeNetworkConfig(writer, input.networkSystem, input.network);
}

/**
 * Makes a fresh copy of an image this VPS's own, from the host and before its first start:
 * names, addresses, resolvers, root's keys and password, a new machine id and SSH host keys, and
 * the user data unit. No network access and nothing run inside the container.
 */
export async function applyFirstBoot(input: FirstBootInput): Promise<FirstBootResult> {
  const { image, settings } = input;
  checkFirstBoot(image, settings);
  const writer = new RootfsWriter(input.rootfs, input.idOffset);
  await writeHostNames(writer, input.hostname, input.network);
  await writeNetworkConfig(writer, image.network, input.network);
  await writeResolvers(writer, settings.resolvers);
  await writeAuthorizedKeys(writer, settings.sshKeys);
  if (settings.rootPasswordHash !== null) await writeRootPassword(writer, settings.rootPasswordHash);
  await writeMachineId(writer);
  const hostKeys = (await hasSshServer(writer)) ? await writeHostKeys(writer, input.hostname) : null;
  if (settings.userData !== null) await writeUserData(writer, settings.userData);
  return { hostKeys, userData: settings.userData !== null };
}
