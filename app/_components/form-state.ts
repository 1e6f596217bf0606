import { AppError } from "@/lib/errors";

/** What every simple panel form's server action answers (see ActionForm). */
export interface FormState {
  /** Bumped on every answer, so the form can tell a new answer from the last one. */
  attempt: number;
  /** Why the domain refused, as it said it. */
  error: string | null;
  /** What happened, when it worked. */
  message: string | null;
}

export const initialFormState: FormState = { attempt: 0, error: null, message: null };

/**
 * Runs a server action's one domain call and turns the outcome into a FormState: an AppError's
 * message is shown as it is; anything else is logged and answered with a generic message.
 */
export async function formResult(previous: FormState, doing: string, work: () => Promise<string | void>): Promise<FormState> {
  const attempt = previous.attempt + 1;
  try {
    const message = await work();
    return { attempt, error: null, message: message ?? null };
  } catch (error) {
    if (error instanceof AppError) return { attempt, error: error.message, message: null };
    console.error(`[panel] ${doing} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { attempt, error: "Something went wrong on our side. Please try again in a moment.", message: null };
  }
}

/** A trimmed text field of a submitted form ("" when missing). */
export function textField(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** A numeric field, or NaN when empty or not a number, so the domain's validation names the field. */
export function numberField(formData: FormData, name: string): number {
  const value = textField(formData, name);
  return value === "" ? Number.NaN : Number(value);
}
