import { z } from "zod";

// The console WebSocket's frames, the same on every hop (browser -> gateway -> agent): binary
// frames carry terminal bytes both ways; text frames carry JSON control messages to the PTY.

export const ZConsoleControl = z.discriminatedUnion("type", [
  z.object({ type: z.literal("resize"), cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(500) }),
]);
export type TConsoleControl = z.infer<typeof ZConsoleControl>;

/** A control message, or null for anything that is not one (ignored rather than fatal). */
export function parseConsoleControl(text: string): TConsoleControl | null {
  try {
    const parsed = ZConsoleControl.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Every close the agent makes carries this code and one of these reasons. */
export const consoleCloseCode = 4000;
export type ConsoleEndReason = "container_stopped" | "container_suspended" | "console_ended" | "agent_closing";

/** Console sessions one container may have at once; each gets its own tty (0 = /dev/console). */
export const consoleSessionsPerContainer = 3;
