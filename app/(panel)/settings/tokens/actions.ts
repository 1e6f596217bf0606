"use server";

import { revalidatePath } from "next/cache";
import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { createApiToken, revokeApiToken } from "@/lib/tokens/api-tokens";
import type { CreateTokenState, RevokeTokenState } from "./state";

function messageOf(error: unknown, doing: string): string {
  if (error instanceof AppError) return error.message.replace(/^name:\s*/, "");
  console.error(`[panel] ${doing} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return "Something went wrong on our side. Please try again.";
}

export async function createTokenAction(previous: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const { actor } = await requireSessionActor();
  const attempt = previous.attempt + 1;
  try {
    const { token, apiToken } = await createApiToken({ database: database(), actor, input: { name: String(formData.get("name") ?? "") } });
    revalidatePath("/settings/tokens");
    return { attempt, token, name: apiToken.name, error: null };
  } catch (error) {
    return { attempt, token: null, name: null, error: messageOf(error, "creating an API token") };
  }
}

export async function revokeTokenAction(_previous: RevokeTokenState, formData: FormData): Promise<RevokeTokenState> {
  const { actor } = await requireSessionActor();
  try {
    await revokeApiToken({ database: database(), actor, tokenId: String(formData.get("tokenId") ?? "") });
    revalidatePath("/settings/tokens");
    return { error: null };
  } catch (error) {
    return { error: messageOf(error, "revoking an API token") };
  }
}
