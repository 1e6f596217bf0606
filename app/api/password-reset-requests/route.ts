import { requestPasswordReset } from "@/lib/account-links/request-password-reset";
import { publicFormRoute } from "@/lib/http/public-form-route";
import { mailContextOf } from "@/lib/mail/queue-mail";

export const dynamic = "force-dynamic";

/** `{"email"}` → 202 `{"message"}`, the same whether or not the address has an account. */
export const POST = publicFormRoute(async ({ input, ipAddress, services }) => ({
  status: 202,
  body: { message: await requestPasswordReset({ database: services.database, redis: services.redis, mailContext: mailContextOf(services.settings), input, ipAddress }) },
}));
