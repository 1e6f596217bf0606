export interface AddSshKeyState {
  attempt: number;
  /** The fingerprint of the key just added, for the confirmation line. */
  added: string | null;
  field: string | null;
  error: string | null;
  /** What was typed, given back after an error so a long pasted key is not lost. */
  values: { name: string; publicKey: string };
}

export const initialAddSshKeyState: AddSshKeyState = { attempt: 0, added: null, field: null, error: null, values: { name: "", publicKey: "" } };

export interface DeleteSshKeyState {
  error: string | null;
}
