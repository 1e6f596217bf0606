// The refusals sign-in can give. next-auth v4 passes a credentials provider's thrown error to the
// browser only as its message (signIn()'s `error`, or ?error= on /signin), so each refusal is a
// short code, with a number after a colon where the page needs one. No Node imports: the sign-in
// form (a client component) reads these too.

export type SignInErrorCode = "invalid_credentials" | "totp_required" | "totp_invalid" | "suspended" | "rate_limited" | "unavailable" | "link_invalid";

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    /** rate_limited: seconds to wait. */
    readonly value?: number,
  ) {
    super(value === undefined ? code : `${code}:${value}`);
    this.name = "SignInError";
  }
}

export interface SignInErrorView {
  /** What to tell the user; null when the form only needs to move on (asking for the code). */
  message: string | null;
  /** Whether the form should show the authentication code step. */
  codeStep: boolean;
}

function waitText(seconds: number): string {
  if (seconds < 60) {
    const count = Math.max(1, Math.ceil(seconds));
    return `${count} second${count === 1 ? "" : "s"}`;
  }
  const count = Math.ceil(seconds / 60);
  return `${count} minute${count === 1 ? "" : "s"}`;
}

/** Turns a refusal code from next-auth back into words for the sign-in page. */
export function describeSignInError(error: string): SignInErrorView {
  const [code, rawValue] = error.split(":");
  const value = Number(rawValue);
  switch (code) {
    case "totp_required":
      return { message: null, codeStep: true };
    case "totp_invalid":
      return { message: "That code is not valid. Enter the current code from your authenticator app (each code works once), or an unused recovery code.", codeStep: true };
    case "suspended":
      return { message: "This account has been suspended. Contact your provider to restore access.", codeStep: false };
    case "rate_limited":
      return {
        message: `Too many failed sign-in attempts from your network. Try again in ${Number.isFinite(value) && value > 0 ? waitText(value) : "a few minutes"}.`,
        codeStep: false,
      };
    case "link_invalid":
      return { message: "This sign-in link is invalid, used or expired: links work once, for 60 seconds. Ask for a new one, or sign in with your password.", codeStep: false };
    case "unavailable":
      return { message: "Sign-in is unavailable right now. Try again in a moment.", codeStep: false };
    // next-auth's own name for a refused credentials sign-in.
    case "invalid_credentials":
    case "CredentialsSignin":
      return { message: "Invalid email or password.", codeStep: false };
    default:
      return { message: "Sign-in failed. Try again.", codeStep: false };
  }
}
