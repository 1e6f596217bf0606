import type { UserRole } from "../domain/statuses";

declare module "next-auth" {
  interface User {
    id: string;
    role: UserRole | string;
    sessionVersion: number;
  }

  interface Session {
    user: {
      id: string;
      role: UserRole | string;
      name: string;
      email: string;
    };
    /** The user's sessionVersion at sign-in (absent in tokens from before session versions). */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    role: UserRole | string;
    sessionVersion?: number;
  }
}
