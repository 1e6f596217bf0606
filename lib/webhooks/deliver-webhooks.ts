import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";

/** Sends every delivery that is due (the worker calls this every second); returns how many were tried. */
export async function deliverDueWebhooks(options: { database: Database; settings: BerthSettings }): Promise<number> {
  void options;
  return 0;
}
