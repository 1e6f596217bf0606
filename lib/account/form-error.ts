import { AppError } from "../errors";

export interface FormError {
  /** The form field the error is about, when the message names one ("field: message"). */
  field: string | null;
  message: string;
}

/**
 * What an account form shows for a failed action: an AppError's own words (split from the field
 * its message starts with), anything else a generic line (and the details in the server log).
 */
export function formErrorOf(error: unknown, doing: string, fields: readonly string[]): FormError {
  if (error instanceof AppError) {
    const match = /^(\w+):\s*(.*)$/s.exec(error.message);
    if (match && fields.includes(match[1]!)) return { field: match[1]!, message: match[2]! };
    return { field: null, message: error.message };
  }
  console.error(`[panel] ${doing} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { field: null, message: "Something went wrong on our side. Please try again." };
}
