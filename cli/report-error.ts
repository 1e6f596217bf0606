import { AppError } from "../lib/errors";
import { debugEnabled } from "../lib/settings";
import { UsageError } from "./usage-error";

/** Prints why a command failed and returns its exit code: 2 for what the operator must fix in the command, 1 otherwise. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`berth: ${error.message}\nRun "berth help" for usage.`);
    return 2;
  }
  if (error instanceof AppError) {
    console.error(`berth: ${error.message}`);
    return error.code === "invalid_request" ? 2 : 1;
  }
  console.error(`berth: ${error instanceof Error ? error.message : String(error)}`);
  if (debugEnabled() && error instanceof Error) console.error(error.stack);
  return 1;
}
