import { AppError } from "../errors";
import { clientAddress } from "./client-address";
import { errorResponse, jsonResponse, readJsonBody } from "./error-response";
import { panelServices, type PanelServices } from "./panel-services";
import { isSameOrigin } from "./same-origin";

/**
 * A route for the signed-out pages' forms (forgot password, set password): same-origin only
 * (another site cannot make a visitor's browser post it), a JSON body, the one error shape.
 */
export function publicFormRoute(handler: (context: { input: unknown; ipAddress: string | null; services: PanelServices }) => Promise<{ status: number; body: unknown }>) {
  return async (request: Request): Promise<Response> => {
    try {
      if (!isSameOrigin(request)) throw new AppError("csrf", 403, "Cross-site request refused: the Origin header does not match this panel");
      const { status, body } = await handler({ input: await readJsonBody(request), ipAddress: clientAddress(request.headers), services: panelServices() });
      return jsonResponse(body, status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
