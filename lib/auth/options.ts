import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { database } from "../database/client";
import { clientAddressOfHeaderRecord } from "../http/client-address";
import { panelServices } from "../http/panel-services";
import { authorizeCredentials } from "./authorize-credentials";
import { authorizeLoginLink } from "./authorize-login-link";
import { sessionCookieName, useSecureCookies } from "./cookies";
import { SignInError } from "./sign-in-errors";
import { sessionSettings } from "../settings";

const sessionMaxAgeSeconds = 12 * 60 * 60;

/**
 * Refusals are thrown as SignInError: next-auth passes their message to the sign-in page.
 * Anything else (database down, wrong encryption key) is logged and shown as "unavailable", so
 * no internal message reaches the browser.
 */
async function refusalsOnly<T>(authorize: () => Promise<T>): Promise<T> {
  try {
    return await authorize();
  } catch (error) {
    if (error instanceof SignInError) throw error;
    console.error(`[auth] sign-in failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw new SignInError("unavailable");
  }
}

export const authOptions: NextAuthOptions = {
  secret: sessionSettings().secret,
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  jwt: { maxAge: sessionMaxAgeSeconds },
  useSecureCookies,
  cookies: {
    sessionToken: {
      name: sessionCookieName,
      // httpOnly: scripts never see it; lax: not sent on cross-site POSTs (with the Origin checks
      // on server actions and api-route.ts, that is the CSRF defence).
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: useSecureCookies },
    },
  },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        totp: { label: "Authentication code", type: "text" },
      },
      authorize: async (credentials, request) =>
        refusalsOnly(() =>
          authorizeCredentials({
            database: database(),
            encryptionKey: () => panelServices().settings.encryptionKey,
            email: credentials?.email,
            password: credentials?.password,
            totp: credentials?.totp,
            ipAddress: clientAddressOfHeaderRecord(request?.headers),
          }),
        ),
    }),
    // A billing system's one-time login link (lib/account-links/create-login-link.ts).
    CredentialsProvider({
      id: "login-link",
      name: "Login link",
      credentials: { token: { label: "Link", type: "text" }, totp: { label: "Authentication code", type: "text" } },
      authorize: async (credentials, request) =>
        refusalsOnly(() =>
          authorizeLoginLink({
            database: database(),
            encryptionKey: () => panelServices().settings.encryptionKey,
            token: credentials?.token,
            totp: credentials?.totp,
            ipAddress: clientAddressOfHeaderRecord(request?.headers),
          }),
        ),
    }),
  ],
  callbacks: {
    // Only sign-in sets the claims. A client-triggered update (trigger "update") changes nothing:
    // a session version comes from sign-in or from renewSessionCookie, never from the browser.
    async jwt({ token, user }) {
      if (user) {
        token.id = user.id;
        token.role = user.role;
        token.name = user.name;
        token.email = user.email;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = {
        id: token.id,
        role: token.role,
        name: token.name ?? "",
        email: token.email ?? "",
      };
      session.sessionVersion = token.sessionVersion;
      return session;
    },
  },
};
