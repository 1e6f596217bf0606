import type { UserRole } from "../domain/statuses";

declare module "next-auth" {
  interface User {
    id: string;
    role: UserRole | string;
  }

  interface Session {
    user: {
      id: string;
      role: UserRole | string;
      name: string;
      email: string;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id: string;
    role: UserRole | string;
  }
}
