import { connect } from "node:net";
import { sleep } from "./measure";

/** Resolves once something on address:22 answers with an SSH banner; retries every `retryMs` until `timeoutMs`. */
export async function waitForSshBanner(address: string, timeoutMs = 60_000, retryMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await readsBanner(address)) return;
    if (Date.now() > deadline) throw new Error(`no SSH banner from ${address} after ${timeoutMs} ms`);
    await sleep(retryMs);
  }
}

function readsBanner(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: 22, timeout: 1000 });
    let received = "";
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (received.startsWith("SSH-2.0")) finish(true);
    });
    socket.on("error", () => finish(false));
    socket.on("timeout", () => finish(false));
    socket.on("close", () => finish(false));
  });
}
