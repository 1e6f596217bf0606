/** Posts a signed-out page's form to its route; the answer's message, or the error's (one error shape). */
export async function postPublicForm(path: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = (await response.json().catch(() => ({}))) as { message?: string; error?: { message?: string } };
    if (response.ok) return { ok: true, message: answer.message ?? "" };
    // Field errors start with the field's name ("password: must be ..."), which the form need not repeat.
    return { ok: false, message: (answer.error?.message ?? "That did not work. Try again.").replace(/^(password|token|email): /, "") };
  } catch {
    return { ok: false, message: "Could not reach the server. Try again." };
  }
}
