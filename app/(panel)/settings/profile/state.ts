export interface AccountFormState {
  attempt: number;
  saved: boolean;
  /** The field the error is about (shown under it), else shown above the button. */
  field: string | null;
  error: string | null;
}

export const initialAccountFormState: AccountFormState = { attempt: 0, saved: false, field: null, error: null };
