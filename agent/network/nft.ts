import { runCommand } from "../run-command";

/**
 * Runs nft commands as one transaction (`nft -f -`): all of them take effect, or none does.
 * Callers build every line from parsed values (addresses printed from numbers, names the agent
 * derives itself, enumerations), never from text a request carried.
 */
export async function runNftTransaction(lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await runCommand(["nft", "-f", "-"], { input: `${lines.join("\n")}\n` });
}

/** `nft -j list ...` parsed; an absent table, map or chain lists as nothing. */
async function listNftJson<T>(args: readonly string[]): Promise<T[]> {
  try {
    const { stdout } = await runCommand(["nft", "-j", "list", ...args]);
    return (JSON.parse(stdout) as { nftables?: T[] }).nftables ?? [];
  } catch (error) {
    if (error instanceof Error && /No such file or directory/.test(error.message)) return [];
    throw error;
  }
}

export interface NftCounter {
  family: string;
  table: string;
  name: string;
  packets: number;
  bytes: number;
}

/** Every named counter of one table (a missing table has none). */
export async function listNftCounters(family: "bridge" | "inet", table: string): Promise<NftCounter[]> {
  const entries = await listNftJson<{ counter?: NftCounter }>(["counters", "table", family, table]);
  return entries.flatMap((entry) => (entry.counter ? [entry.counter] : []));
}

export interface NftMapElement {
  /** The key as nft prints it: an address, a prefix ("2001:db8::/64") or an interface name. */
  key: string;
  /** The chain the element jumps to. */
  target: string;
}

/** The elements of a verdict map (keys and the chains they jump to); none for a missing map. */
export async function listNftMapElements(family: "bridge" | "inet", table: string, map: string): Promise<NftMapElement[]> {
  type Key = string | { prefix?: { addr: string; len: number } } | { range?: [string, string] };
  const entries = await listNftJson<{ map?: { elem?: Array<[Key, { jump?: { target: string } }]> } }>(["map", family, table, map]);
  const elements = entries.find((entry) => entry.map)?.map?.elem ?? [];
  return elements.flatMap(([key, verdict]) => {
    const target = verdict.jump?.target;
    if (!target) return [];
    if (typeof key === "string") return [{ key, target }];
    if ("prefix" in key && key.prefix) return [{ key: `${key.prefix.addr}/${key.prefix.len}`, target }];
    return [];
  });
}

/** The names of a table's chains (none for a missing table). */
export async function listNftChains(family: "bridge" | "inet", table: string): Promise<string[]> {
  const entries = await listNftJson<{ chain?: { name: string } }>(["table", family, table]);
  return entries.flatMap((entry) => (entry.chain ? [entry.chain.name] : []));
}
