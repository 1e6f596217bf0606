import { createLoginLink } from "@/lib/account-links/create-login-link";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { panelBaseUrl } from "@/lib/settings";

export const dynamic = "force-dynamic";

/** 201 `{"loginLink": {url, expiresAt, serverId}}`: a one-time sign-in URL for the customer, valid 60 s. */
export const POST = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database, settings } = panelServices();
  // An empty body is no options (readJsonBody answers {} for it).
  const loginLink = await createLoginLink({ database, actor, customerId: params.id, input: await readJsonBody(request), panelUrl: panelBaseUrl(settings) });
  return jsonResponse({ loginLink }, 201);
});
