import { userDataPaths } from "../first-boot/user-data";
import type { UserDataResult } from "../types";
import type { LxcCommands } from "./commands";

const outputBytes = 64 * 1024;

// Read inside the container, never from the host: the tenant controls these files and could make
// them links to host files. tail bounds what is read even if one became a link to /dev/zero.
const tailScript = 'if [ -f "$1" ]; then tail -c "$2" "$1"; fi';

async function readTail(lxc: LxcCommands, name: string, file: string, bytes: number): Promise<string> {
  return (await lxc.attach(name, ["/bin/sh", "-c", tailScript, "berth-read", file, String(bytes)])).stdout;
}

/** What the running container's user data did so far: pending until its exit code is written. */
export async function readUserDataResult(lxc: LxcCommands, name: string): Promise<UserDataResult> {
  const exitCode = (await readTail(lxc, name, userDataPaths.exitCode, 16)).trim();
  const output = await readTail(lxc, name, userDataPaths.output, outputBytes);
  if (exitCode === "") return { state: "pending", exitCode: null, output };
  return { state: "done", exitCode: /^\d{1,3}$/.test(exitCode) ? Number(exitCode) : null, output };
}
