import { statfs } from "node:fs/promises";
import { availableParallelism, totalmem } from "node:os";
import type { AgentConfig } from "../config";
import type { JoinRequest } from "./join-protocol";

const mebibyte = 2 ** 20;

/** What the host has for servers: its CPU threads, its memory and the size of its (mounted) btrfs pool, in MiB. */
export async function readHostCapacity(config: AgentConfig): Promise<JoinRequest["capacity"]> {
  const pool = await statfs(config.poolDir);
  return {
    vcpus: availableParallelism(),
    memoryMb: Math.floor(totalmem() / mebibyte),
    diskMb: Math.floor((pool.blocks * pool.bsize) / mebibyte),
  };
}
