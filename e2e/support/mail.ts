import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ReceivedMail } from "../../test/support/smtp-sink";

export { linkIn } from "../../test/support/smtp-sink";

/** Every message the stack's SMTP server has been given (e2e/support/smtp-sink-main.ts). */
function receivedMail(): ReceivedMail[] {
  const directory = process.env.BERTH_E2E_MAIL_DIR;
  if (!directory) throw new Error("BERTH_E2E_MAIL_DIR is not set: the e2e stack's mail goes there");
  return readdirSync(directory)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(directory, name), "utf8")) as ReceivedMail);
}

/** Waits for a message to `to` whose subject matches; the newest such. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 30_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = receivedMail().filter((mail) => mail.to.includes(to) && subject.test(mail.subject)).pop();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** How many messages to `to` have arrived. */
export const mailCountTo = (to: string) => receivedMail().filter((mail) => mail.to.includes(to)).length;
