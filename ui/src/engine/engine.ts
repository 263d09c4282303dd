// The local Flink engine as the window sees it: its state (from `weir://engine` events and a first
// fetch) and the actions of the status bar's engine menu.
import type { EngineState, WorkspaceEnginePaths } from "../ipc/bindings";
import { onEngine, type Api } from "../ipc/api";
import type { Notifier } from "../app/notify";
import { Store } from "../app/store";

/** One line for the status bar: what the engine is doing. */
export function engineLabel(state: EngineState): string {
  const name = `Flink ${state.flinkVersion}`;
  switch (state.phase.phase) {
    case "stopped":
      return `${name} · local engine stopped`;
    case "starting":
      return `${name} · ${state.phase.step}…`;
    case "ready":
      return `${name} · local engine ready`;
    case "failed":
      return `${name} · local engine failed`;
  }
}

export class EngineModel {
  readonly state = new Store<EngineState | null>(null);
  /** An action (start, stop, restart) is under way. */
  readonly busy = new Store(false);
  /** Workspace engine paths the person declined in this window (not asked again until reopened). */
  readonly declined = new Store<ReadonlySet<string>>(new Set());

  constructor(
    private api: Api,
    private notify: Notifier,
  ) {}

  /** Follows the engine's state; resolves to the function that stops following. */
  async attach(): Promise<() => void> {
    let unlisten: (() => void) | null = null;
    try {
      unlisten = await onEngine((s) => this.state.set(s));
    } catch (e) {
      this.notify.error("Could not follow the local engine", e);
    }
    try {
      const first = await this.api.engineState();
      if (this.state.get() === null) this.state.set(first);
    } catch (e) {
      this.notify.error("Could not read the local engine's state", e);
    }
    return () => {
      try {
        unlisten?.();
      } catch {
        // the window is going away
      }
    };
  }

  private async act(what: string, work: () => Promise<EngineState>): Promise<void> {
    this.busy.set(true);
    try {
      this.state.set(await this.notify.track(what, work()));
    } catch (e) {
      this.notify.error(`${what} failed`, e);
    } finally {
      this.busy.set(false);
    }
  }

  start(): Promise<void> {
    return this.act("Starting the local engine", () => this.api.engineStart());
  }

  stop(): Promise<void> {
    return this.act("Stopping the local engine", () => this.api.engineStop());
  }

  restart(): Promise<void> {
    return this.act("Restarting the local engine", () => this.api.engineRestart());
  }

  /** The workspace's Java/Flink homes to ask about now: not agreed to, not declined here. */
  question(state: EngineState | null, declined: ReadonlySet<string>): WorkspaceEnginePaths | null {
    const paths = state?.workspacePaths ?? null;
    return paths && !declined.has(pathsKey(paths)) ? paths : null;
  }

  /** Yes: the engine uses exactly these paths for this workspace (remembered per user). */
  async trust(paths: WorkspaceEnginePaths): Promise<void> {
    await this.act("Using the workspace's engine paths", () => this.api.trustWorkspaceEngine(paths));
  }

  /** No: the engine keeps the person's own settings; not asked again in this window. */
  decline(paths: WorkspaceEnginePaths): void {
    this.declined.set(new Set([...this.declined.get(), pathsKey(paths)]));
  }

  /** Turns "start the engine with Weir" on or off. */
  async setPrewarm(prewarm: boolean): Promise<void> {
    try {
      const settings = await this.api.engineSettings();
      this.state.set(await this.api.setEngineSettings({ ...settings, prewarm }));
    } catch (e) {
      this.notify.error("Could not change the engine settings", e);
    }
  }
}

function pathsKey(p: WorkspaceEnginePaths): string {
  return JSON.stringify([p.workspace, p.javaHome, p.flinkHome]);
}
