// Runs as the window sees them: per script, the latest run's progress (from `weir://run` events),
// the connection and runtime mode chosen for the script's tab, and the run/stop actions.
import type { ConnectionProfile, RunScope, RunUpdate, StatementInfo } from "../ipc/bindings";
import { onRun, type Api } from "../ipc/api";
import type { Notifier } from "../app/notify";
import { Store } from "../app/store";

export type RuntimeMode = "streaming" | "batch";

/** Per-script choices of the run toolbar. */
export interface RunChoice {
  connection: string;
  mode: RuntimeMode;
}

export const DEFAULT_CHOICE: RunChoice = { connection: "local", mode: "streaming" };

/** The statement whose result a run shows first: the last query, else the last statement. */
export function focusStatement(statements: readonly StatementInfo[]): number | null {
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.isQuery && s.status !== "skipped" && s.status !== "pending") return i;
  }
  const failed = statements.findIndex((s) => s.status === "error");
  if (failed >= 0) return failed;
  return statements.length > 0 ? statements.length - 1 : null;
}

export class RunsModel {
  /** Latest run per script id. */
  readonly runs = new Store<ReadonlyMap<number, RunUpdate>>(new Map());
  /** Toolbar choices per script id. */
  readonly choices = new Store<ReadonlyMap<number, RunChoice>>(new Map());
  readonly connections = new Store<ConnectionProfile[]>([]);
  /** The statement shown in the results tab, per script. */
  readonly shown = new Store<ReadonlyMap<number, number>>(new Map());
  /** Called when a run starts (the window shows the run panel). */
  onStarted: ((scriptId: number) => void) | null = null;

  constructor(
    private api: Api,
    private notify: Notifier,
    /** Waits for the script's pending edits to reach Rust, then runs `job`. */
    private afterEdits: <T>(scriptId: number, job: () => Promise<T>) => Promise<T>,
  ) {}

  async attach(): Promise<() => void> {
    let unlisten: (() => void) | null = null;
    try {
      unlisten = await onRun((u) => this.apply(u));
    } catch (e) {
      this.notify.error("Could not follow runs", e);
    }
    void this.reloadConnections();
    return () => {
      try {
        unlisten?.();
      } catch {
        // window closing
      }
    };
  }

  async reloadConnections(): Promise<void> {
    try {
      this.connections.set(await this.api.connections());
    } catch (e) {
      this.notify.error("Could not read the connections", e);
    }
  }

  /** Applies an update unless it belongs to an older run of the script. */
  apply(u: RunUpdate): void {
    const current = this.runs.get().get(u.scriptId);
    if (current && current.runId > u.runId) return;
    // A quick run (a database query) can finish, and its events arrive, before `runStart`
    // answers with the run's first (pending) state: never go back from finished.
    if (current && current.runId === u.runId && current.finished && !u.finished) return;
    const next = new Map(this.runs.get());
    next.set(u.scriptId, u);
    this.runs.set(next);
    if (!current || current.runId !== u.runId || !this.shown.get().has(u.scriptId)) {
      const focus = focusStatement(u.statements);
      if (focus !== null) this.show(u.scriptId, focus);
    } else if (u.finished) {
      const shown = this.shown.get().get(u.scriptId) ?? 0;
      const s = u.statements[shown];
      if (!s || (!s.isQuery && s.status !== "error")) {
        const focus = focusStatement(u.statements);
        if (focus !== null) this.show(u.scriptId, focus);
      }
    }
  }

  show(scriptId: number, statement: number): void {
    const next = new Map(this.shown.get());
    next.set(scriptId, statement);
    this.shown.set(next);
  }

  choice(scriptId: number): RunChoice {
    return this.choices.get().get(scriptId) ?? DEFAULT_CHOICE;
  }

  choose(scriptId: number, patch: Partial<RunChoice>): void {
    const next = new Map(this.choices.get());
    next.set(scriptId, { ...this.choice(scriptId), ...patch });
    this.choices.set(next);
  }

  running(scriptId: number): boolean {
    const r = this.runs.get().get(scriptId);
    return !!r && !r.finished;
  }

  async run(scriptId: number, scope: RunScope): Promise<void> {
    const { connection, mode } = this.choice(scriptId);
    const next = new Map(this.shown.get());
    next.delete(scriptId);
    this.shown.set(next);
    this.onStarted?.(scriptId);
    try {
      const first = await this.afterEdits(scriptId, () =>
        this.api.runStart({ scriptId, scope, connection, mode, maxRows: null }),
      );
      this.apply(first);
    } catch (e) {
      this.notify.error("Could not run", e);
    }
  }

  async cancel(scriptId: number): Promise<void> {
    const r = this.runs.get().get(scriptId);
    if (!r || r.finished) return;
    try {
      await this.api.runCancel(r.runId);
    } catch (e) {
      this.notify.error("Could not stop the run", e);
    }
  }
}
