import type { ContainerNetwork, ImageMetadata } from "../types";
import type { RootfsWriter } from "./rootfs-writer";

/** One file of an image's network configuration. */
export interface NetworkFile {
  path: string;
  contents: string;
  mode: number;
}

// The static addresses must be usable at once: no duplicate address detection (the agent hands
// out every address once; DAD only delays IPv6 by seconds) and no router advertisements (the
// VPS's addresses and routes are the provider's, not whatever a neighbour announces).

function ifupdown(network: ContainerNetwork): NetworkFile[] {
  const contents = [
    "# Written by Berth at first boot: the addresses this VPS was given.",
    "source /etc/network/interfaces.d/*",
    "",
    "auto lo",
    "iface lo inet loopback",
    "",
    "auto eth0",
    "iface eth0 inet static",
    `    address ${network.ipv4}`,
    `    gateway ${network.gateway4}`,
    "",
    "iface eth0 inet6 static",
    `    address ${network.ipv6}`,
    `    gateway ${network.gateway6}`,
    "    dad-attempts 0",
    "    accept_ra 0",
    "",
  ].join("\n");
  return [{ path: "/etc/network/interfaces", contents, mode: 0o644 }];
}

function networkd(network: ContainerNetwork): NetworkFile[] {
  const contents = [
    "# Written by Berth at first boot: the addresses this VPS was given.",
    "[Match]",
    "Name=eth0",
    "",
    "[Network]",
    `Gateway=${network.gateway4}`,
    `Gateway=${network.gateway6}`,
    "IPv6AcceptRA=no",
    "",
    "[Address]",
    `Address=${network.ipv4}`,
    "",
    "[Address]",
    `Address=${network.ipv6}`,
    "DuplicateAddressDetection=none",
    "",
  ].join("\n");
  return [{ path: "/etc/systemd/network/10-berth-eth0.network", contents, mode: 0o644 }];
}

function netplan(network: ContainerNetwork): NetworkFile[] {
  const contents = [
    "# Written by Berth at first boot: the addresses this VPS was given.",
    "network:",
    "  version: 2",
    "  ethernets:",
    "    eth0:",
    `      addresses: ["${network.ipv4}", "${network.ipv6}"]`,
    "      accept-ra: false",
    "      routes:",
    `        - { to: default, via: "${network.gateway4}" }`,
    `        - { to: default, via: "${network.gateway6}" }`,
    "",
  ].join("\n");
  // netplan warns about (and newer versions refuse) configuration others can read.
  return [{ path: "/etc/netplan/10-berth.yaml", contents, mode: 0o600 }];
}

function networkManager(network: ContainerNetwork): NetworkFile[] {
  const contents = [
    "# Written by Berth at first boot: the addresses this VPS was given.",
    "[connection]",
    "id=berth-eth0",
    "type=ethernet",
    "interface-name=eth0",
    "autoconnect=true",
    "",
    "[ipv4]",
    "method=manual",
    `address1=${network.ipv4},${network.gateway4}`,
    "",
    "[ipv6]",
    "method=manual",
    `address1=${network.ipv6},${network.gateway6}`,
    "",
  ].join("\n");
  // NetworkManager ignores keyfiles that others can read.
  return [{ path: "/etc/NetworkManager/system-connections/berth-eth0.nmconnection", contents, mode: 0o600 }];
}

/** The files that give eth0 its static addresses in the image's own network system; none when LXC sets them. */
export function networkFiles(kind: ImageMetadata["network"], network: ContainerNetwork): NetworkFile[] {
  switch (kind) {
    case "lxc":
      return [];
    case "ifupdown":
      return ifupdown(network);
    case "networkd":
      return networkd(network);
    case "netplan":
      return netplan(network);
    case "networkmanager":
      return networkManager(network);
  }
}

export async function writeNetworkConfig(writer: RootfsWriter, kind: ImageMetadata["network"], network: ContainerNetwork): Promise<void> {
  for (const file of networkFiles(kind, network)) await writer.write(file.path, file.contents, { mode: file.mode });
}
