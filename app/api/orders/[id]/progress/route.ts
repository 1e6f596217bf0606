import { currentUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { findCustomerOrderProgress } from "@/lib/panel/customer-views";

export const dynamic = "force-dynamic";

function errorResponse(status: number, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** GET /api/orders/:id/progress: the caller's order status and its latest job's progress. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return errorResponse(401, "unauthorized", "sign in first");
  const { id } = await params;
  const progress = await findCustomerOrderProgress(database(), user.id, id);
  if (!progress) return errorResponse(404, "not_found", `order ${id} does not exist`);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
