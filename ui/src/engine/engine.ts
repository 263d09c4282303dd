// The local Flink engine as the window sees it: its state (from `weir://engine` events and a first
// fetch) and the actions of the status bar's engine menu.
import type { EngineState } from "../ipc/bindings";
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
