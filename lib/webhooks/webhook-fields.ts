import { z } from "zod";
import { serverEventTypes, type ServerEventType } from "../notifications/server-events";

/** Endpoints one owner may register. */
export const webhookLimit = 10;

const maximumUrlLength = 2048;

/** An endpoint's URL: http or https, no user name or password in it (they would show in lists and logs). */
export const ZWebhookUrl = z
  .string({ message: "give the endpoint's URL" })
  .trim()
  .min(1, "give the endpoint's URL")
  .max(maximumUrlLength, `at most ${maximumUrlLength} characters`)
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: "custom", message: "must be an absolute URL such as https://billing.example.com/berth" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") context.addIssue({ code: "custom", message: "must start with http:// or https://" });
    else if (url.username || url.password) context.addIssue({ code: "custom", message: "must not contain a user name or password; the signature proves the sender" });
  });

export const ZWebhookEvents = z
  .array(z.enum(serverEventTypes, { message: `must be one of ${serverEventTypes.join(", ")}` }), { message: "choose the events to send" })
  .min(1, "choose at least one event")
  .transform((events) => serverEventTypes.filter((type) => events.includes(type)));

export const ZWebhookInput = z.object({ url: ZWebhookUrl, events: ZWebhookEvents });
export type TWebhookInput = z.input<typeof ZWebhookInput>;

/** The stored events column (a JSON list) as the types it names. */
export function storedWebhookEvents(value: string): ServerEventType[] {
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? serverEventTypes.filter((type) => parsed.includes(type)) : [];
}
