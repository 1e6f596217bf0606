import type { WebSocket } from "ws";
import { consoleCloseCode, parseConsoleControl, type ConsoleEndReason } from "./console-protocol";
import type { ConsoleSessionHandle } from "./console-sessions";

export interface ConsoleSessionOptions {
  /** node-pty's spawn, loaded by the caller before the WebSocket is accepted, so no early input is lost. */
  spawn: typeof import("node-pty").spawn;
  socket: WebSocket;
  /** The command that attaches to the tty (lxc-console), as an argument array. */
  command: string[];
  /** Why the session must end now (stopped, suspended), or null; asked every `checkIntervalMs`. */
  check(): Promise<ConsoleEndReason | null>;
  checkIntervalMs: number;
  onEnd(reason: ConsoleEndReason | "client_gone", seconds: number): void;
  /** The attach command has exited: only now is its tty free again in LXC. */
  onExit(): void;
}

const initialSize = { cols: 80, rows: 24 };
const outputHighWaterBytes = 1024 * 1024;

/** Runs the attach command under a PTY and relays it to the WebSocket until either side ends. */
export function runConsoleSession(options: ConsoleSessionOptions): ConsoleSessionHandle {
  const { socket, command, spawn } = options;
  const [program, ...args] = command;
  if (!program) throw new Error("console command is empty");
  const started = Date.now();
  const terminal = spawn(program, args, { name: "xterm-256color", ...initialSize, env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin" } });
  let ended = false;
  let exited = false;

  const end = (reason: ConsoleEndReason | "client_gone") => {
    if (ended) return;
    ended = true;
    clearInterval(watcher);
    // lxc-console keeps nothing worth a clean exit; LXC frees the tty when its socket closes.
    terminal.kill("SIGKILL");
    if (reason !== "client_gone" && socket.readyState === socket.OPEN) socket.close(consoleCloseCode, reason);
    options.onEnd(reason, Math.round((Date.now() - started) / 1000));
  };

  // Flow control: a browser that reads slower than the container writes (cat of a big file)
  // pauses the PTY instead of letting the socket's buffer grow without bound.
  let paused = false;
  terminal.onData((data) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(Buffer.from(data, "utf8"), { binary: true }, () => {
      if (paused && !exited && socket.bufferedAmount < outputHighWaterBytes / 2) {
        paused = false;
        terminal.resume();
      }
    });
    if (!paused && socket.bufferedAmount > outputHighWaterBytes) {
      paused = true;
      terminal.pause();
    }
  });
  // lxc-console also exits when the container stops: its command socket closes with the monitor.
  terminal.onExit(() => {
    exited = true;
    options.onExit();
    if (ended) return;
    void options.check().then(
      (reason) => end(reason ?? "console_ended"),
      () => end("console_ended"),
    );
  });
  socket.on("message", (data, isBinary) => {
    // node-pty throws on a write or resize after the process exited.
    if (ended || exited) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      terminal.write(bytes);
      return;
    }
    const control = parseConsoleControl(bytes.toString("utf8"));
    if (control?.type === "resize") terminal.resize(control.cols, control.rows);
  });
  socket.on("close", () => end("client_gone"));
  socket.on("error", () => end("client_gone"));

  // Freezing (suspend) does not end lxc-console, and neither would a stop that races the exit check.
  const watcher = setInterval(() => {
    void options.check().then(
      (reason) => {
        if (reason) end(reason);
      },
      () => undefined,
    );
  }, options.checkIntervalMs);

  return { end };
}
