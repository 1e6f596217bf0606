import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Runs a program with an argument array (no shell); resolves to its stdout. */
export async function run(command: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Milliseconds `work` takes, measured with the monotonic clock. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export function now(): number {
  return performance.now();
}

export interface Summary {
  median: number;
  p90: number;
  min: number;
  count: number;
}

/** Median, 90th percentile (nearest rank) and minimum of a list of samples. */
export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { median, p90, min: sorted[0]!, count: sorted.length };
}

export interface Row {
  label: string;
  summary: Summary;
  /** Median of the raw LXC floor, to print "N.NNx"; omitted for rows without a ratio. */
  baseline?: number;
}

function pad(text: string, width: number, left = false): string {
  return left ? text.padEnd(width) : text.padStart(width);
}

/** A fixed-width table: label, median, p90, min (ms), and the ratio of medians against raw LXC. */
export function formatTable(rows: Row[]): string {
  const labelWidth = Math.max(...rows.map((row) => row.label.length), 10) + 2;
  const header = `${pad("", labelWidth, true)}${pad("median", 9)}${pad("p90", 9)}${pad("min", 9)}${pad("vs raw", 9)}`;
  const lines = rows.map(({ label, summary, baseline }) => {
    const ratio = baseline ? `${(summary.median / baseline).toFixed(2)}x` : "";
    return `${pad(label, labelWidth, true)}${pad(summary.median.toFixed(1), 9)}${pad(summary.p90.toFixed(1), 9)}${pad(summary.min.toFixed(1), 9)}${pad(ratio, 9)}`;
  });
  return [`${header}   (ms)`, ...lines].join("\n");
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
