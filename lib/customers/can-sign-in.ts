/**
 * Whether an account may sign in or keep using the panel: suspended accounts may not. The
 * sign-in check (lib/auth/options.ts) and session lookups call this; API tokens check the same
 * in authenticateApiToken.
 */
export function canSignIn(user: { suspendedAt: Date | null }): boolean {
  return user.suspendedAt === null;
}
