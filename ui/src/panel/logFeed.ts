// The app log as the window sees it: the entries so far plus every `weir://log` event,
// merged by sequence number so none is shown twice.
import type { LogEntry } from "../ipc/bindings";
import { api, onLog } from "../ipc/api";
import { Store } from "../app/store";

/** Entries kept in the window (older ones are dropped from view, not from the app log). */
export const LOG_KEEP = 5000;

export class LogFeed {
  readonly entries = new Store<LogEntry[]>([]);
  private lastSeq = -1;

  /** Adds entries not seen yet, in sequence order. */
  add(incoming: readonly LogEntry[]): void {
    const fresh = incoming.filter((e) => e.seq > this.lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return;
    this.lastSeq = fresh[fresh.length - 1]!.seq;
    this.entries.set((prev) => {
      const next = prev.concat(fresh);
      return next.length > LOG_KEEP ? next.slice(next.length - LOG_KEEP) : next;
    });
  }

  /** Starts listening, then fetches the backlog; resolves to the function that stops. */
  async start(onError: (e: unknown) => void): Promise<() => void> {
    let unlisten: (() => void) | null = null;
    try {
      unlisten = await onLog((entry) => this.add([entry]));
    } catch (e) {
      onError(e);
    }
    try {
      this.add(await api.logEntries(0));
    } catch (e) {
      onError(e);
    }
    return () => {
      try {
        unlisten?.();
      } catch {
        /* the window is going away; nothing to stop */
      }
    };
  }
}

export const LEVELS = ["error", "warn", "info", "debug", "trace"] as const;
export type Level = (typeof LEVELS)[number];

/** Rank of a level (0 = error); unknown levels count as info. */
export function levelRank(level: string): number {
  const i = (LEVELS as readonly string[]).indexOf(level.toLowerCase());
  return i < 0 ? 2 : i;
}
