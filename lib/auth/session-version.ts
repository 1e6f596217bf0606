/**
 * Update data that ends every session of a user: each session's JWT carries the sessionVersion of
 * its sign-in, and resolveSessionUser refuses an older one. Spread into the user update of a
 * password, two-factor or suspension change, in the same transaction. The session that made the
 * change keeps going only if its cookie is re-issued with the new version (renewSessionCookie).
 */
export const endUserSessions = { sessionVersion: { increment: 1 } } as const;
