import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startSmtpSink } from "../../test/support/smtp-sink";

// The e2e stack's mail server (scripts/test.sh starts it before the stack): every message it is
// given is written whole to BERTH_E2E_MAIL_DIR as one JSON file, which the specs read.
const directory = process.env.BERTH_E2E_MAIL_DIR;
const port = Number(process.env.BERTH_E2E_SMTP_PORT);
if (!directory || !port) throw new Error("BERTH_E2E_MAIL_DIR and BERTH_E2E_SMTP_PORT must be set");
mkdirSync(directory, { recursive: true });
let count = 0;
const sink = await startSmtpSink({
  port,
  onMail(mail) {
    count += 1;
    const file = path.join(directory, `${Date.now()}-${process.pid}-${count}.json`);
    // Written aside and renamed, so a reader never sees half a message.
    writeFileSync(`${file}.part`, JSON.stringify(mail));
    renameSync(`${file}.part`, file);
  },
});
console.log(`[smtp-sink] listening on ${sink.url}, writing to ${directory}`);
const stop = () => void sink.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
