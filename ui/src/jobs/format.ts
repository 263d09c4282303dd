// How the Jobs view writes states, ids, times and durations.

/** The colour family of a Flink job or vertex state. */
export type StateTone = "running" | "failed" | "ended" | "transient";

/** RUNNING green, FAILED red, CANCELED/FINISHED grey, everything else (RESTARTING, CREATED, …) amber. */
export function stateTone(state: string): StateTone {
  switch (state) {
    case "RUNNING":
      return "running";
    case "FAILED":
      return "failed";
    case "CANCELED":
    case "FINISHED":
      return "ended";
    default:
      return "transient";
  }
}

/** The first 8 hex digits of a job id. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A local wall-clock time `HH:MM:SS`. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A local date and time `YYYY-MM-DD HH:MM:SS`, or "—". */
export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms <= 0) return "—";
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(ms)}`;
}

/** A duration like `1h 02m`, `3m 05s`, `12s`, `450 ms`, or "—". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`;
}

/** A count with thousands separators, or "—". */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toLocaleString("en-US");
}

/** A size in bytes as B/KB/MB/GB, or "—". */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** "N s ago" (or minutes/hours) between `then` and `now`. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 120) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min ago`;
  return `${Math.round(m / 60)} h ago`;
}

/** A rate like `1,234/s` (no decimals past 10/s), or "—". */
export function rate(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return `${n >= 10 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1)}/s`;
}

/** Time per second (0..1000 ms) as a percentage like `37%`, or "—". */
export function perSecond(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return `${Math.round(Math.min(1000, Math.max(0, ms)) / 10)}%`;
}

/** How backpressured a vertex is, as Flink's web UI grades it: ok (≤10%), low (≤50%), high. */
export function pressureTone(ms: number | null | undefined): "ok" | "low" | "high" | "none" {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "none";
  if (ms <= 100) return "ok";
  if (ms <= 500) return "low";
  return "high";
}
