import { appendFile, readFile } from "node:fs/promises";
import { subordinateIdRange } from "../idmap";

function coversRange(line: string): boolean {
  const [owner, start, count] = line.trim().split(":");
  if (owner !== "root" && owner !== "0") return false;
  const first = Number(start);
  const size = Number(count);
  return first <= subordinateIdRange.start && first + size >= subordinateIdRange.start + subordinateIdRange.count;
}

async function ensureFile(file: string): Promise<string | null> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text.split("\n").some(coversRange)) return null;
  const line = `root:${subordinateIdRange.start}:${subordinateIdRange.count}\n`;
  await appendFile(file, text === "" || text.endsWith("\n") ? line : `\n${line}`, { mode: 0o644 });
  return `added ${line.trim()} to ${file}`;
}

/**
 * Gives root the subordinate uid/gid range containers are mapped into (/etc/subuid,
 * /etc/subgid). Appends only when no root line already covers the whole range.
 */
export async function ensureSubordinateIds(): Promise<string[]> {
  const actions: string[] = [];
  for (const file of ["/etc/subuid", "/etc/subgid"]) {
    const action = await ensureFile(file);
    if (action) actions.push(action);
  }
  return actions;
}
