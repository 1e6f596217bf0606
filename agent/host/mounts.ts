import { readFile } from "node:fs/promises";

export interface MountEntry {
  source: string;
  target: string;
  type: string;
  options: string[];
}

// /proc/mounts escapes space, tab, newline and backslash as octal (\040 etc.).
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export async function readMounts(): Promise<MountEntry[]> {
  const text = await readFile("/proc/mounts", "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [source = "", target = "", type = "", options = ""] = line.split(" ");
      return {
        source: unescapeMountField(source),
        target: unescapeMountField(target),
        type,
        options: options.split(","),
      };
    });
}

/** The mount whose mountpoint is exactly `target` (the last one, if several are stacked). */
export async function findMount(target: string): Promise<MountEntry | null> {
  const mounts = await readMounts();
  return mounts.filter((mount) => mount.target === target).at(-1) ?? null;
}
