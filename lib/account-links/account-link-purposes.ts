/** What a link lets its holder do, and for how long. */
export const accountLinkLifetimeSeconds = {
  // A new customer may read its welcome mail days later.
  welcome: 72 * 60 * 60,
  reset: 60 * 60,
  // A billing system's single sign-on opens it at once.
  login: 60,
} as const;

export type AccountLinkPurpose = keyof typeof accountLinkLifetimeSeconds;

/** Where a link's page is: setting a password (welcome, reset) or signing in once. */
export function accountLinkPath(purpose: AccountLinkPurpose, token: string): string {
  return purpose === "login" ? `/signin/link/${token}` : `/set-password/${token}`;
}
