import type { Actor } from "../access/actor";
import { currentUser } from "../auth/session";
import { database } from "../database/client";
import type { UserRole } from "../domain/statuses";
import { AppError } from "../errors";
import { withLogContext } from "../logging/log-context";
import { requestIdOf } from "../logging/request-id";
import { authorizeApiTokenRequest } from "../tokens/authorize-api-token-request";
import { clientAddress } from "./client-address";
import { errorResponse } from "./error-response";
import { panelServices } from "./panel-services";
import { enforceRateLimit } from "./rate-limit";
import { isSafeMethod, isSameOrigin } from "./same-origin";

export interface ApiRouteContext<Params> {
  request: Request;
  actor: Actor;
  params: Params;
}


/** The caller: a bearer token if one is given (and then only that), else the panel session. */
async function resolveActor(request: Request): Promise<Actor> {
  const ipAddress = clientAddress(request.headers);
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) {
      throw new AppError("unauthenticated", 401, "Authorization must be \"Bearer <token>\"");
    }
    return authorizeApiTokenRequest({ database: database(), token, method: request.method, ipAddress });
  }
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", 401, "Send \"Authorization: Bearer <token>\" or sign in");
  // A cookie rides along on requests other sites make; bearer tokens do not, so only here is CSRF
  // possible. Next.js checks server actions the same way on its own (Origin against Host).
  if (!isSafeMethod(request.method) && !isSameOrigin(request)) {
    throw new AppError("csrf", 403, "Cross-site request refused: the Origin header does not match this panel");
  }
  return { userId: user.id, role: user.role as UserRole, via: "session", ipAddress };
}

/**
 * Wraps every authenticated API route handler: resolves the caller and its tenant, rate-limits
 * per credential, and turns every failure into the one error shape, so no handler can forget.
 */
export function apiRoute<Params = Record<string, never>>(handler: (context: ApiRouteContext<Params>) => Promise<Response>) {
  return (request: Request, routeContext: { params: Promise<Params> }): Promise<Response> =>
    // The panel's server gave the request its id; log lines and agent calls of the handler name it.
    withLogContext({ requestId: requestIdOf(request.headers) }, async () => {
      try {
        const actor = await resolveActor(request);
        const { redis, settings } = panelServices();
        await enforceRateLimit(redis, `api:${actor.credentialId ?? `session:${actor.userId}`}`, settings.apiRateLimit);
        return await handler({ request, actor, params: await routeContext.params });
      } catch (error) {
        return errorResponse(error);
      }
    });
}
