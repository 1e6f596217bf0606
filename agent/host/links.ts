import { CommandError, runCommand } from "../run-command";

/** Whether a network interface is administratively up; null when it does not exist. */
export async function isLinkUp(name: string): Promise<boolean | null> {
  try {
    const { stdout } = await runCommand(["ip", "-j", "link", "show", "dev", name]);
    const [link] = JSON.parse(stdout) as Array<{ flags?: string[] }>;
    return link?.flags?.includes("UP") ?? false;
  } catch (error) {
    if (error instanceof CommandError && /does not exist/i.test(error.stderr)) return null;
    throw error;
  }
}

export async function setLinkUp(name: string, up: boolean): Promise<void> {
  await runCommand(["ip", "link", "set", "dev", name, up ? "up" : "down"]);
}
