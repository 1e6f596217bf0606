"use client";

import "uplot/dist/uPlot.min.css";
import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import type { TMetricsPoint } from "@/lib/usage/read-metrics";
import { formatBytes } from "./format";

interface ChartSeries {
  label: string;
  colour: string;
  value(point: TMetricsPoint): number | null;
}

interface ChartSpec {
  metric: string;
  title: string;
  format(value: number): string;
  series: ChartSeries[];
}

const formatRate = (bytesPerSecond: number) => `${formatBytes(bytesPerSecond)}/s`;
// An idle server uses a fraction of a percent: keep the digits that tell its axis ticks apart.
const formatPercent = (percent: number) => `${percent === 0 || percent >= 10 ? Math.round(percent) : Number(percent.toFixed(percent >= 1 ? 1 : 2))} %`;

const charts: ChartSpec[] = [
  { metric: "cpu", title: "CPU", format: formatPercent, series: [{ label: "CPU", colour: "#4f46e5", value: (point) => point.cpuPercent }] },
  { metric: "memory", title: "Memory", format: formatBytes, series: [{ label: "Memory", colour: "#0284c7", value: (point) => point.memoryBytes }] },
  {
    metric: "disk-io",
    title: "Disk I/O",
    format: formatRate,
    series: [
      { label: "Read", colour: "#0d9488", value: (point) => point.ioReadBytesPerSecond },
      { label: "Write", colour: "#d97706", value: (point) => point.ioWriteBytesPerSecond },
    ],
  },
  {
    metric: "network",
    title: "Network",
    format: formatRate,
    series: [
      { label: "Received", colour: "#059669", value: (point) => point.rxBytesPerSecond },
      { label: "Sent", colour: "#4f46e5", value: (point) => point.txBytesPerSecond },
    ],
  },
];

const chartHeight = 150;
const dayInSeconds = 86_400;
const timeOfDay = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const dayOfMonth = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/**
 * uPlot's columns: times in seconds, then one column per series. Buckets without readings are
 * absent from the points, so a null goes after each gap: the line breaks instead of bridging a
 * stretch with no readings (a stopped server).
 */
function columnsOf(points: TMetricsPoint[], spec: ChartSpec, stepSeconds: number): uPlot.AlignedData {
  const times: number[] = [];
  const columns: (number | null)[][] = spec.series.map(() => []);
  let last: number | null = null;
  for (const point of points) {
    const time = Date.parse(point.time) / 1000;
    if (last !== null && time - last > 1.5 * stepSeconds) {
      times.push(last + stepSeconds);
      columns.forEach((column) => column.push(null));
    }
    times.push(time);
    spec.series.forEach((series, index) => columns[index]?.push(series.value(point)));
    last = time;
  }
  return [times, ...columns];
}

function optionsOf(spec: ChartSpec, width: number, range: { from: number; to: number }): uPlot.Options {
  const axis = { stroke: "#64748b", grid: { stroke: "#f1f5f9" }, ticks: { stroke: "#e2e8f0" }, font: "11px ui-sans-serif, system-ui, sans-serif" };
  // Times as the rest of the panel writes them: 24-hour UTC, and days for the longer periods.
  const timeLabel = range.to - range.from > 2 * dayInSeconds ? dayOfMonth : timeOfDay;
  return {
    width,
    height: chartHeight,
    // Ticks fall on round UTC times, like every time the panel shows.
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
    scales: {
      // The whole period, so a young server's few readings sit at its end rather than fill the chart.
      x: { time: true, range: [range.from, range.to] },
      y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { ...axis, values: (_chart, splits) => splits.map((seconds) => timeLabel.format(seconds * 1000)) },
      { ...axis, size: 64, values: (_chart, splits) => splits.map(spec.format) },
    ],
    series: [
      { label: "Time", value: (_chart: uPlot, seconds: number | null) => (seconds === null ? "—" : moment.format(seconds * 1000)) },
      ...spec.series.map((series) => ({
        label: series.label,
        stroke: series.colour,
        fill: `${series.colour}1a`,
        width: 1.5,
        value: (_chart: uPlot, raw: number | null) => (raw === null ? "—" : spec.format(raw)),
      })),
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

function UsageChart({ spec, points, stepSeconds, range }: { spec: ChartSpec; points: TMetricsPoint[]; stepSeconds: number; range: { from: number; to: number } }) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => columnsOf(points, spec, stepSeconds), [points, spec, stepSeconds]);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(optionsOf(spec, element.clientWidth, range), data, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: chartHeight }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [spec, data, range]);
  return (
    <figure data-testid="usage-chart" data-metric={spec.metric} className="min-w-0 rounded-lg border border-slate-100 px-3 pt-3 pb-1">
      <figcaption className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{spec.title}</figcaption>
      <div ref={box} className="w-full" />
    </figure>
  );
}

/** The four usage graphs of a server or host (CPU, memory, disk I/O, network) over one period, drawn with uPlot. */
export function UsageCharts({ points, from, to, stepSeconds }: {
  points: TMetricsPoint[];
  /** The period's bounds, ISO 8601. */
  from: string;
  to: string;
  /** The buckets' size: a longer step between two points is a gap. */
  stepSeconds: number;
}) {
  const range = useMemo(() => ({ from: Date.parse(from) / 1000, to: Date.parse(to) / 1000 }), [from, to]);
  return (
    <div data-testid="usage-charts" className="grid gap-4 sm:grid-cols-2">
      {charts.map((spec) => (
        <UsageChart key={spec.metric} spec={spec} points={points} stepSeconds={stepSeconds} range={range} />
      ))}
    </div>
  );
}
