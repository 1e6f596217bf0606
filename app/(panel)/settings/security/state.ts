export interface StartEnrolmentState {
  attempt: number;
  secret: string | null;
  otpauthUri: string | null;
  qrCodeDataUrl: string | null;
  error: string | null;
}

export interface RecoveryCodesState {
  /** When these codes were issued (ms), so the page shows the newest set once. */
  issuedAt: number;
  recoveryCodes: string[] | null;
  error: string | null;
  /** On a confirmation: the enrolment (start attempt) it finished, so its QR code is not shown again. */
  startAttempt?: number;
}

export interface DisableTotpState {
  error: string | null;
}

export const initialStartEnrolmentState: StartEnrolmentState = { attempt: 0, secret: null, otpauthUri: null, qrCodeDataUrl: null, error: null };
export const initialRecoveryCodesState: RecoveryCodesState = { issuedAt: 0, recoveryCodes: null, error: null };
