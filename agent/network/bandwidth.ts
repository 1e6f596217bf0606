import { pathExists } from "../path-exists";
import { runCommand } from "../run-command";
import { hostVethName, uploadShaperName } from "./interface-names";

// A container's bandwidth is shaped on the host side, where its root cannot touch it: its
// download on the egress of its host veth, its upload (the veth's ingress) redirected through
// an IFB device and shaped on that device's egress. Token buckets, not policers: TCP through a
// policer settles well below the rate, through a shaper within a few percent of it.

function linkExists(name: string): Promise<boolean> {
  return pathExists(`/sys/class/net/${name}`);
}

/** The rate in force: the lower of the plan's and a throttle's, null (unlimited) when neither is set. */
export function effectiveRateMbps(planMbps: number | undefined, throttleMbps: number | null): number | null {
  const rates = [planMbps, throttleMbps ?? undefined].filter((rate): rate is number => rate !== undefined && rate > 0);
  return rates.length === 0 ? null : Math.min(...rates);
}

/** A token bucket of 10 ms at the rate (at least 32 KiB, which a slow rate still needs for a full-size packet burst). */
function tokenBucket(rateMbps: number): string {
  const burstBytes = Math.max(32 * 1024, Math.ceil((rateMbps * 1_000_000) / 8 / 100));
  return `tbf rate ${rateMbps}mbit burst ${burstBytes} latency 50ms`;
}

/**
 * Shapes a running container's traffic to `rateMbps` each way, or lifts the shaping (null). A
 * container that is not running has no veth: nothing to do, its next start applies the rate.
 */
export async function applyBandwidth(containerName: string, rateMbps: number | null): Promise<void> {
  const veth = hostVethName(containerName);
  const shaper = uploadShaperName(containerName);
  if (!(await linkExists(veth))) return;
  if (rateMbps === null) {
    // -force: a qdisc that is not there is no error here.
    await runCommand(["tc", "-force", "-batch", "-"], { input: [`qdisc del dev ${veth} root`, `qdisc del dev ${veth} ingress`].join("\n") + "\n" }).catch(() => undefined);
    await removeUploadShaper(containerName);
    return;
  }
  if (!(await linkExists(shaper))) await runCommand(["ip", "link", "add", shaper, "type", "ifb"]);
  await runCommand(["ip", "link", "set", "dev", shaper, "up"]);
  const bucket = tokenBucket(rateMbps);
  await runCommand(["tc", "-force", "-batch", "-"], {
    input: [
      `qdisc replace dev ${veth} root ${bucket}`,
      `qdisc replace dev ${veth} handle ffff: ingress`,
      // Replaced as a whole: deleting a filter that is not there yet only fails under -force.
      `filter del dev ${veth} parent ffff:`,
      `filter add dev ${veth} parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ${shaper}`,
      `qdisc replace dev ${shaper} root ${bucket}`,
      "",
    ].join("\n"),
  });
}

/** Deletes the container's IFB device (its veth's shaping goes with the veth). */
export async function removeUploadShaper(containerName: string): Promise<void> {
  const shaper = uploadShaperName(containerName);
  if (await linkExists(shaper)) await runCommand(["ip", "link", "del", "dev", shaper]);
}

/** The rate a running container's download is shaped to now (its host veth's root token bucket), null when unshaped; undefined when it has no veth. */
export async function readBandwidthMbps(containerName: string): Promise<number | null | undefined> {
  const veth = hostVethName(containerName);
  if (!(await linkExists(veth))) return undefined;
  const { stdout } = await runCommand(["tc", "-j", "qdisc", "show", "dev", veth, "root"]);
  const root = (JSON.parse(stdout) as Array<{ kind: string; root?: boolean; options?: { rate?: number } }>).find((qdisc) => qdisc.root);
  // tc prints a token bucket's rate in bytes per second.
  return root?.kind === "tbf" && root.options?.rate !== undefined ? (root.options.rate * 8) / 1_000_000 : null;
}
