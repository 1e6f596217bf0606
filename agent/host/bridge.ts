import { writeFile } from "node:fs/promises";
import type { AgentConfig } from "../config";
import { CommandError, runCommand } from "../run-command";

interface InterfaceAddress {
  family: string;
  local: string;
  prefixlen: number;
}

// `ip` prints IPv6 addresses compressed; the URL parser gives the same canonical form.
function canonicalAddress(address: string): string {
  return address.includes(":") ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

async function bridgeExists(bridge: string): Promise<boolean> {
  try {
    await runCommand(["ip", "link", "show", "dev", bridge]);
    return true;
  } catch (error) {
    if (error instanceof CommandError && /does not exist/i.test(error.stderr)) return false;
    throw error;
  }
}

async function bridgeAddresses(bridge: string): Promise<InterfaceAddress[]> {
  const { stdout } = await runCommand(["ip", "-j", "address", "show", "dev", bridge]);
  const parsed = JSON.parse(stdout) as Array<{ addr_info?: InterfaceAddress[] }>;
  return parsed.flatMap((entry) => entry.addr_info ?? []);
}

/**
 * Creates the bridge the containers' veths join (no systemd/lxc-net here to do it) and gives it
 * the host's IPv4 and IPv6 addresses. IPv6 duplicate address detection is turned off on the
 * bridge: otherwise the address stays "tentative" for a few seconds and the host cannot reach
 * containers over IPv6 right after preparation.
 */
export async function ensureBridge(config: AgentConfig): Promise<string[]> {
  const actions: string[] = [];
  const bridge = config.bridge;
  if (!(await bridgeExists(bridge))) {
    await runCommand(["ip", "link", "add", bridge, "type", "bridge"]);
    actions.push(`created bridge ${bridge}`);
  }
  await writeFile(`/proc/sys/net/ipv6/conf/${bridge}/disable_ipv6`, "0");
  await writeFile(`/proc/sys/net/ipv6/conf/${bridge}/accept_dad`, "0");

  const present = await bridgeAddresses(bridge);
  const wanted = [
    { cidr: config.bridgeIpv4, family: "inet", extra: [] as string[] },
    { cidr: config.bridgeIpv6, family: "inet6", extra: ["nodad"] },
  ];
  for (const { cidr, family, extra } of wanted) {
    const [address = "", prefix = ""] = cidr.split("/");
    const found = present.some(
      (entry) =>
        entry.family === family && canonicalAddress(entry.local) === canonicalAddress(address) && entry.prefixlen === Number(prefix),
    );
    if (!found) {
      await runCommand(["ip", "address", "add", cidr, "dev", bridge, ...extra]);
      actions.push(`added ${cidr} to ${bridge}`);
    }
  }
  await runCommand(["ip", "link", "set", "dev", bridge, "up"]);
  return actions;
}

/** Deletes the bridge (its veths go with their containers); a missing bridge is fine. */
export async function removeBridge(bridge: string): Promise<boolean> {
  if (!(await bridgeExists(bridge))) return false;
  await runCommand(["ip", "link", "del", "dev", bridge]);
  return true;
}
