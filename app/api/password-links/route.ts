import { setPasswordWithLink } from "@/lib/account-links/set-password-with-link";
import { publicFormRoute } from "@/lib/http/public-form-route";

export const dynamic = "force-dynamic";

/** `{"token", "password"}` → `{"email"}`: a welcome or reset link sets the password, once. */
export const POST = publicFormRoute(async ({ input, ipAddress, services }) => ({
  status: 200,
  body: await setPasswordWithLink({ database: services.database, input, ipAddress }),
}));
