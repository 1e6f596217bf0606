import { sessionSettings } from "../settings";

// The session cookie's name and flags, shared by next-auth (lib/auth/options.ts) and proxy.ts.
// next-auth would pick the same on its own from an https NEXTAUTH_URL; spelling it out keeps the
// two in step and the flags visible.
export const useSecureCookies = sessionSettings().secureCookies;
export const sessionCookieName = `${useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
