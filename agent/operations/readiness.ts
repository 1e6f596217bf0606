import { access, constants, readFile } from "node:fs/promises";
import type { AgentConfig } from "../config";
import { findMount } from "../host/mounts";
import { runCommand } from "../run-command";

export type ReadinessCheck = "pool" | "bridge" | "lxc";

// A bridge's flags in sysfs: bit 0 is IFF_UP (set by `ip link set ... up`, whether or not a port has carrier).
const interfaceUpFlag = 0x1;

async function bridgeIsUp(bridge: string): Promise<boolean> {
  const flags = await readFile(`/sys/class/net/${bridge}/flags`, "utf8");
  return (Number.parseInt(flags.trim(), 16) & interfaceUpFlag) !== 0;
}

/**
 * The cheap checks that say whether this agent can do its work now: the btrfs pool is mounted,
 * its bridge is up and LXC answers for its container path. Each failed check is named, no more.
 */
export async function failedReadinessChecks(config: AgentConfig): Promise<ReadinessCheck[]> {
  const checks: Record<ReadinessCheck, () => Promise<boolean>> = {
    pool: async () => (await findMount(config.poolDir))?.type === "btrfs",
    bridge: () => bridgeIsUp(config.bridge),
    lxc: async () => {
      await access(config.lxcPath, constants.W_OK);
      await runCommand(["lxc-ls", "-P", config.lxcPath], { timeoutMs: 2000 });
      return true;
    },
  };
  const names = Object.keys(checks) as ReadinessCheck[];
  const results = await Promise.all(names.map((name) => checks[name]().catch(() => false)));
  return names.filter((_, index) => !results[index]);
}
