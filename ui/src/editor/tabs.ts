// The open tabs: order, active tab, recently closed tabs and dirty markers. Every change is
// persisted with `set_tabs` (selection and scroll changes throttled), one call after another.
import type { TabState, TabsState } from "../ipc/bindings";
import { Store } from "../app/store";
import type { Editors } from "./editors";

export interface TabsView {
  order: number[];
  active: number | null;
  closed: number[];
  dirty: Record<number, boolean>;
  /** Tabs whose text is still being loaded. */
  loading: number[];
}

export interface TabsHooks {
  setTabs(tabs: TabsState): Promise<unknown>;
  onError(what: string, e: unknown): void;
  track<T>(label: string, work: Promise<T>): Promise<T>;
}

/** How many closed tabs can be reopened. */
const CLOSED_KEEP = 30;
/** Throttle for persisting selection/scroll changes, ms. */
export const PERSIST_THROTTLE_MS = 300;

export class Tabs {
  readonly store = new Store<TabsView>({ order: [], active: null, closed: [], dirty: {}, loading: [] });
  /** Positions of restored tabs not loaded yet. */
  private saved = new Map<number, TabState>();
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private persistChain: Promise<unknown> = Promise.resolve();

  constructor(
    private editors: Editors,
    private hooks: TabsHooks,
  ) {}

  get view(): TabsView {
    return this.store.get();
  }

  private update(patch: Partial<TabsView>): void {
    this.store.set((v) => ({ ...v, ...patch }));
  }

  /** The state to persist, in tab order. */
  snapshot(): TabsState {
    const v = this.view;
    const tabs = v.order.map(
      (id) => this.editors.tabState(id) ?? this.saved.get(id) ?? { scriptId: id, anchor: 0, head: 0, scrollTop: 0 },
    );
    return { tabs, active: v.active, closed: [...v.closed] };
  }

  /** Persists now (after any earlier call), cancelling a pending throttled one. */
  persistNow(): Promise<void> {
    if (this.persistTimer !== null) {
      clearTimeout(this.persistTimer);
      this.persistTimer = null;
    }
    const state = this.snapshot();
    const p = this.persistChain.then(() => this.hooks.setTabs(state));
    this.persistChain = p.catch((e) => this.hooks.onError("Could not remember the open tabs", e));
    return p.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Persists within PERSIST_THROTTLE_MS (selection and scroll changes). */
  persistSoon(): void {
    if (this.persistTimer !== null) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      void this.persistNow();
    }, PERSIST_THROTTLE_MS);
  }

  setDirty(id: number, dirty: boolean): void {
    if (this.view.dirty[id] === dirty || !this.view.order.includes(id)) return;
    this.update({ dirty: { ...this.view.dirty, [id]: dirty } });
  }

  /** Restores the tabs of the last session; scripts that no longer exist are skipped. */
  async restore(state: TabsState, exists: (id: number) => boolean): Promise<void> {
    const tabs = state.tabs.filter((t, i, all) => exists(t.scriptId) && all.findIndex((u) => u.scriptId === t.scriptId) === i);
    for (const t of tabs) this.saved.set(t.scriptId, t);
    const order = tabs.map((t) => t.scriptId);
    const active = state.active !== null && order.includes(state.active) ? state.active : (order[0] ?? null);
    this.update({ order, active, closed: state.closed.filter(exists).slice(-CLOSED_KEEP), loading: order });
    // Load the active tab first so it shows as soon as possible; the others follow.
    const first = active === null ? [] : [active];
    const rest = order.filter((id) => id !== active);
    for (const id of first) await this.load(id);
    // Unless the user picked another tab meanwhile, show the one that was active.
    if (active !== null && this.view.active === active && this.editors.isOpen(active)) this.editors.show(active);
    await Promise.all(rest.map((id) => this.load(id)));
  }

  private async load(id: number): Promise<boolean> {
    this.update({ loading: this.view.loading.includes(id) ? this.view.loading : [...this.view.loading, id] });
    try {
      await this.hooks.track("Opening script", this.editors.open(id, this.saved.get(id)));
      this.saved.delete(id);
      return true;
    } catch (e) {
      this.hooks.onError("Could not open the script", e);
      return false;
    } finally {
      this.update({ loading: this.view.loading.filter((x) => x !== id) });
    }
  }

  /** Opens a script in a tab (or activates its tab), optionally moving the cursor. */
  async open(id: number, opts: { anchor?: number; head?: number; focus?: boolean } = {}): Promise<void> {
    const v = this.view;
    if (!v.order.includes(id)) {
      const at = v.active === null ? v.order.length : v.order.indexOf(v.active) + 1;
      const order = [...v.order];
      order.splice(at, 0, id);
      this.update({ order, closed: v.closed.filter((c) => c !== id) });
    }
    this.update({ active: id });
    const ok = await this.load(id);
    if (!ok) {
      this.removeTabs([id], false);
      return;
    }
    if (this.view.active !== id) return; // another tab was chosen meanwhile
    this.editors.show(id);
    if (opts.anchor !== undefined) this.editors.select(id, opts.anchor, opts.head ?? opts.anchor);
    if (opts.focus !== false) this.editors.focus();
    await this.persistNow();
  }

  /** Activates an open tab. */
  activate(id: number, focus = true): void {
    if (!this.view.order.includes(id)) return;
    if (!this.editors.isOpen(id)) {
      // Its text is not loaded (still loading, or loading failed): (re)load it.
      void this.open(id, { focus });
      return;
    }
    this.update({ active: id });
    this.editors.show(id);
    if (focus) this.editors.focus();
    void this.persistNow();
  }

  /** Closes a tab; the neighbour to its right (else left) becomes active. */
  async close(id: number): Promise<void> {
    if (!this.view.order.includes(id)) return;
    this.removeTabs([id], true);
    try {
      await this.editors.close(id);
    } catch (e) {
      this.hooks.onError("Could not close the script", e);
    }
  }

  /** Drops tabs (closing them in the editors), e.g. after their scripts were deleted. */
  async discard(ids: number[]): Promise<void> {
    const open = ids.filter((id) => this.view.order.includes(id));
    this.update({ closed: this.view.closed.filter((c) => !ids.includes(c)) });
    if (open.length === 0) {
      void this.persistNow();
      return;
    }
    this.removeTabs(open, false);
    await Promise.all(open.map((id) => this.editors.close(id).catch(() => undefined)));
  }

  private removeTabs(ids: number[], remember: boolean): void {
    const v = this.view;
    let active = v.active;
    if (active !== null && ids.includes(active)) {
      const i = v.order.indexOf(active);
      const remaining = v.order.filter((x) => !ids.includes(x));
      active = remaining[Math.min(i, remaining.length - 1)] ?? null;
    }
    const order = v.order.filter((x) => !ids.includes(x));
    const closed = remember
      ? [...v.closed.filter((c) => !ids.includes(c)), ...ids].slice(-CLOSED_KEEP)
      : v.closed;
    const dirty = { ...v.dirty };
    for (const id of ids) delete dirty[id];
    this.update({ order, active, closed, dirty });
    this.editors.show(active !== null && this.editors.isOpen(active) ? active : null);
    void this.persistNow();
  }

  /** Reopens the most recently closed tab that still exists. */
  async reopenClosed(exists: (id: number) => boolean): Promise<void> {
    const closed = [...this.view.closed];
    let id: number | undefined;
    while ((id = closed.pop()) !== undefined && !exists(id)) {
      /* skip deleted scripts */
    }
    this.update({ closed });
    if (id !== undefined) await this.open(id);
  }

  /** Activates the tab `delta` places away (wrapping). */
  cycle(delta: number): void {
    const { order, active } = this.view;
    if (order.length === 0) return;
    const i = active === null ? 0 : order.indexOf(active);
    const next = order[(((i + delta) % order.length) + order.length) % order.length];
    if (next !== undefined) this.activate(next);
  }

  /** Moves a tab to `index` in the order. */
  move(id: number, index: number): void {
    const order = this.view.order.filter((x) => x !== id);
    if (order.length === this.view.order.length) return;
    order.splice(Math.max(0, Math.min(index, order.length)), 0, id);
    if (order.every((x, i) => x === this.view.order[i])) return;
    this.update({ order });
    void this.persistNow();
  }
}
