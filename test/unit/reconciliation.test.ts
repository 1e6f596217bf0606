import assert from "node:assert/strict";
import { test } from "node:test";
import type { HostInventory, InventoryContainer } from "../../agent/types";
import { readLiveCgroupLimits } from "../../agent/lxc/read-live-limits";
import { compareHost, type ComparedServer } from "../../lib/reconciliation/compare-host";
import { limitDrift } from "../../lib/reconciliation/limit-drift";

const limits = { cpus: 0.5, memoryMb: 128, swapMb: 64, diskMb: 48, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10 };
const inForce = { cpus: 0.5, memoryMb: 128, memoryAndSwapMb: 192, diskMb: 48, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10 };

function container(name: string, overrides: Partial<InventoryContainer> = {}): InventoryContainer {
  return { name, state: "RUNNING", pid: 1, suspended: false, rescue: false, limits, liveLimits: inForce, wantedBandwidthMbps: 10, ...overrides };
}

function server(id: string, overrides: Partial<ComparedServer> = {}): ComparedServer {
  return { id, hostId: "h1", containerName: `c-${id}`, status: "running", desiredState: "running", suspended: false, activeJobId: null, nextJobId: null, ...overrides };
}

function inventory(containers: InventoryContainer[], extra: Partial<HostInventory> = {}): HostInventory {
  return { sampledAt: "2026-12-02T00:00:00Z", containers, subvolumes: [], addresses: [], ...extra };
}

test("limits in force equal to the given ones are no drift; v1's memsw is held against memory plus swap", () => {
  assert.deepEqual(limitDrift(container("a")), []);
  assert.deepEqual(limitDrift(container("a", { liveLimits: { ...inForce, memoryMb: 100 } })), [{ limit: "memoryMb", wanted: 128, found: 100 }]);
  assert.deepEqual(limitDrift(container("a", { liveLimits: { ...inForce, cpus: null, memoryAndSwapMb: 500 } })), [
    { limit: "cpus", wanted: 0.5, found: null },
    { limit: "memoryAndSwapMb", wanted: 192, found: 500 },
  ]);
});

test("bandwidth is held against the agent's wanted rate (a throttle), and unread limits are not compared", () => {
  assert.deepEqual(limitDrift(container("a", { wantedBandwidthMbps: 2, liveLimits: { ...inForce, networkMbps: 2 } })), []);
  assert.deepEqual(limitDrift(container("a", { state: "STOPPED", liveLimits: { diskMb: 48 } })), []);
});

test("power states are repaired only as the row says, never while an action holds the server", () => {
  const stopped = { state: "STOPPED" as const, liveLimits: { diskMb: 48 } };
  const comparison = compareHost(
    "h1",
    [
      server("start"),
      server("stop", { status: "stopped", desiredState: "stopped" }),
      server("busy", { activeJobId: "job-1" }),
      server("halted-itself", { status: "stopped" }),
      server("suspend", { status: "suspended", suspended: true }),
      server("agent-suspended"),
    ],
    inventory([
      container("c-start", stopped),
      container("c-stop"),
      container("c-busy", stopped),
      container("c-halted-itself", stopped),
      container("c-suspend", { state: "RUNNING", suspended: true }),
      container("c-agent-suspended", { ...stopped, suspended: true }),
    ]),
  );
  assert.deepEqual(
    comparison.repairs.map((repair) => `${repair.kind} ${repair.server.id}`),
    ["start start", "stop stop", "suspend suspend"],
  );
  assert.deepEqual(comparison.findings, []);
});

test("missing containers, leftovers and things nobody owns are told apart", () => {
  const comparison = compareHost(
    "h1",
    [server("gone"), server("ended", { status: "terminated" }), server("elsewhere", { hostId: "h2" }), server("new", { status: "provisioning" })],
    inventory([container("c-ended"), container("c-elsewhere"), container("c-stray"), container("c-new")], {
      subvolumes: [
        { name: "c-ended", path: "/pool/servers/c-ended", container: "c-ended" },
        { name: "lost", path: "/pool/servers/lost", container: null },
      ],
      addresses: [
        { address: "10.73.0.20", container: "c-stray" },
        { address: "10.73.0.99", container: null },
      ],
    }),
  );
  assert.deepEqual(comparison.missing.map((entry) => entry.id), ["gone"]);
  assert.deepEqual(
    comparison.findings.map((finding) => `${finding.action} ${finding.targetType}:${finding.targetId} ${finding.subject}`),
    [
      "reconcile.container.leftover server:ended c-ended",
      "reconcile.container.orphaned host:h1 c-elsewhere",
      "reconcile.container.orphaned host:h1 c-stray",
      "reconcile.subvolume.orphaned host:h1 lost",
      "reconcile.address.orphaned host:h1 10.73.0.99",
    ],
  );
  assert.deepEqual(comparison.findings[2]?.details.addresses, ["10.73.0.20"]);
});

test("cgroup files read back as limits, on v1 and v2", async () => {
  const v1Files: Record<string, string> = {
    "memory.limit_in_bytes": String(128 * 2 ** 20),
    "memory.memsw.limit_in_bytes": "9223372036854771712",
    "cpu.cfs_quota_us": "150000",
    "cpu.cfs_period_us": "100000",
    "pids.max": "max",
    "blkio.throttle.read_bps_device": `7:0 ${10 * 2 ** 20}`,
    "blkio.throttle.write_bps_device": "",
  };
  const v1 = await readLiveCgroupLimits(async (key) => v1Files[key] ?? "", { version: 1, memoryAndSwapLimit: true, swapLimit: false, cpus: [0, 1] }, "7:0");
  assert.deepEqual(v1, { memoryMb: 128, memoryAndSwapMb: null, cpus: 1.5, processes: null, ioReadMbps: 10, ioWriteMbps: null });

  const v2Files: Record<string, string> = {
    "memory.max": String(256 * 2 ** 20),
    "memory.swap.max": String(64 * 2 ** 20),
    "cpu.max": "50000 100000",
    "pids.max": "200",
    "io.max": `8:0 rbps=${5 * 2 ** 20} wbps=max riops=max wiops=max`,
  };
  const v2 = await readLiveCgroupLimits(async (key) => v2Files[key] ?? "", { version: 2, memoryAndSwapLimit: false, swapLimit: true, cpus: [0, 1] }, "8:0");
  assert.deepEqual(v2, { memoryMb: 256, swapMb: 64, cpus: 0.5, processes: 200, ioReadMbps: 5, ioWriteMbps: null });
});
