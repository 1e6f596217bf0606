"use server";

import { revalidatePath } from "next/cache";
import { findServerFor } from "@/lib/access/server-scope";
import { AppError } from "@/lib/errors";
import { panelServices } from "@/lib/http/panel-services";
import { jobView } from "@/lib/panel/server-activity";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { requestServerAction } from "@/lib/servers/request-server-action";
import { requestTermination } from "@/lib/servers/request-termination";
import { isLifecycleAction, type ServerActionState } from "./state";

function optionalField(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Runs one lifecycle action from the server page through the domain functions, which decide
 * whether it is allowed; a refusal comes back as the AppError's message.
 */
export async function performServerAction(previous: ServerActionState, formData: FormData): Promise<ServerActionState> {
  const { actor } = await requireSessionActor();
  const attempt = previous.attempt + 1;
  const serverId = String(formData.get("serverId") ?? "");
  const type = formData.get("type");
  if (!isLifecycleAction(type)) {
    return { attempt, type: null, job: previous.job, error: { code: "invalid_request", message: "Unknown action." } };
  }

  try {
    const { database, queue, settings } = panelServices();
    let job;
    if (type === "terminate") {
      const server = await findServerFor(database, actor, serverId);
      if ((optionalField(formData, "confirmHostname") ?? "") !== server.hostname) {
        throw new AppError("confirmation_mismatch", 422, `Type the server's hostname (${server.hostname}) exactly to confirm termination.`);
      }
      job = await requestTermination({ database, queue, actor, serverId });
    } else {
      const input =
        type === "resize"
          ? { type, plan: optionalField(formData, "plan") ?? "" }
          : type === "reinstall"
            ? { type, template: optionalField(formData, "template") }
            : { type };
      job = await requestServerAction({ database, queue, encryptionKey: settings.encryptionKey, actor, serverId, input });
    }
    revalidatePath(`/servers/${serverId}`);
    return { attempt, type, job: jobView(job), error: null };
  } catch (error) {
    if (error instanceof AppError) {
      return { attempt, type, job: previous.job, error: { code: error.code, message: error.message } };
    }
    console.error(`[panel] server action ${type} on ${serverId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return {
      attempt,
      type,
      job: previous.job,
      error: { code: "internal_error", message: "Something went wrong on our side. Please try again in a moment." },
    };
  }
}
