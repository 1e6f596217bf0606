// What every panel action answers, and what its form reads (safe to import in client components).

export interface ActionState<Result = null> {
  /** Bumped on every answer, so a form can tell a new answer from the last one. */
  attempt: number;
  ok: boolean;
  /** What the action returned, when it worked. */
  result: Result | null;
  /** Why it was refused, as the domain said it; for an unexpected failure, a generic line with a reference. */
  error: string | null;
  /** The refusal's code (not_found, server_busy, ...). */
  code: string | null;
  /** Refusal messages per form field, when the refusal names fields. */
  fieldErrors: Record<string, string>;
  /** What was submitted (text fields, never secrets), so a refused form keeps what was typed. */
  values: Record<string, string>;
}

export const initialActionState: ActionState<never> = { attempt: 0, ok: false, result: null, error: null, code: null, fieldErrors: {}, values: {} };
