export interface CreateTokenState {
  attempt: number;
  /** The new token, shown once; never stored anywhere but the owner's clipboard. */
  token: string | null;
  name: string | null;
  error: string | null;
}

export const initialCreateTokenState: CreateTokenState = { attempt: 0, token: null, name: null, error: null };

export interface RevokeTokenState {
  error: string | null;
}
