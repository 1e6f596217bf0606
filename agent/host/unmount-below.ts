import { readMounts } from "./mounts";
import { runCommand } from "../run-command";

/** Unmounts every mount at or below `dir`, deepest first (a subvolume with mounts in it cannot be deleted). */
export async function unmountBelow(dir: string): Promise<void> {
  const below = (await readMounts())
    .map((mount) => mount.target)
    .filter((target) => target === dir || target.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const target of below) await runCommand(["umount", "--lazy", target]);
}
