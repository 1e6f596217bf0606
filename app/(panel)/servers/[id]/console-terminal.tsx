"use client";

import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef } from "react";
import { consoleCloseMessage, consoleSocketPath } from "@/lib/console/close-reasons";

/**
 * xterm.js on the console WebSocket at the panel's own origin: keystrokes go as binary frames,
 * the terminal's size as {"type":"resize"} text frames (at open and whenever the box changes),
 * and a close prints why it happened.
 */
export default function ConsoleTerminal({ serverId, ticket, onClose }: { serverId: string; ticket: string; onClose(message: string): void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const terminal = new Terminal({ cursorBlink: true, fontSize: 14, fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", theme: { background: "#0f172a" } });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    fit.fit();
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}${consoleSocketPath}?server=${encodeURIComponent(serverId)}&ticket=${encodeURIComponent(ticket)}`);
    socket.binaryType = "arraybuffer";
    const encoder = new TextEncoder();
    const sendSize = () => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "resize", cols: terminal.cols, rows: terminal.rows }));
    };
    socket.addEventListener("open", () => {
      sendSize();
      terminal.focus();
    });
    socket.addEventListener("message", (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== "string") terminal.write(new Uint8Array(event.data));
    });
    let disposed = false;
    socket.addEventListener("close", (event) => {
      if (disposed) return;
      const message = consoleCloseMessage(event.code, event.reason);
      terminal.write(`\r\n\x1b[33m[console closed: ${message}]\x1b[0m\r\n`);
      onClose(message);
    });
    const input = terminal.onData((data) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
    });
    const resize = terminal.onResize(sendSize);
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);
    return () => {
      disposed = true;
      observer.disconnect();
      input.dispose();
      resize.dispose();
      socket.close();
      terminal.dispose();
    };
    // One socket per ticket: a ticket works once, so a new one remounts this component.
  }, [serverId, ticket, onClose]);
  return <div ref={box} data-testid="console-terminal" className="h-[28rem] overflow-hidden rounded-lg bg-slate-900 p-2" />;
}
