import type { MailContext } from "../../lib/mail/queue-mail";

/** For tests that create customers or record events without reading the mail they queue. */
export const testMailContext: MailContext = { encryptionKey: "test-key", panelUrl: "http://panel.test" };
