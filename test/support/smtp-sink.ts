import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  fromName: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Waits until a message matching `match` has arrived; returns it. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** From now on, refuse every message with this SMTP reply code (451 temporary, 550 permanent); null accepts again. */
  refuseWith(code: number | null): void;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps what it is given, parsed:
 * the tests' stand-in for an operator's mail server. No TLS, no authentication.
 */
export async function startSmtpSink({ port = 0, onMail }: { port?: number; onMail?: (mail: ReceivedMail) => void } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let refusal: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      if (refusal !== null) {
        stream.resume();
        const error = Object.assign(new Error(refusal >= 500 ? "mailbox unavailable" : "try again later"), { responseCode: refusal });
        stream.on("end", () => callback(error));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const from = parsed.from?.value[0];
          const mail: ReceivedMail = {
            from: from?.address ?? "",
            fromName: from?.name ?? "",
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: new Date().toISOString(),
          };
          received.push(mail);
          onMail?.(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const listening = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${listening}`,
    port: listening,
    received,
    async waitFor(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail within ${timeoutMs} ms; received: ${received.map((mail) => `${mail.to.join(",")}: ${mail.subject}`).join("; ") || "none"}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    refuseWith(code) {
      refusal = code;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link into the panel in a mail's text. */
export function linkIn(mail: ReceivedMail, path: "/set-password/" | "/signin/link/"): string {
  const match = new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}[A-Za-z0-9_-]+`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}":\n${mail.text}`);
  return match[0];
}
