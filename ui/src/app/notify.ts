// Toasts (errors, undo offers) and progress of long actions, shared by every feature.
import type { IpcError } from "../ipc/bindings";
import { logUiError, toIpcError } from "../ipc/api";
import { Store } from "./store";

export interface ToastAction {
  label: string;
  testId?: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: "error" | "info";
  message: string;
  action?: ToastAction;
}

export interface Progress {
  id: number;
  label: string;
}

/** How long a toast stays, in ms. */
export const TOAST_MS = { error: 8000, info: 8000 };
/** Actions shorter than this show no progress. */
export const PROGRESS_DELAY_MS = 300;

export class Notifier {
  readonly toasts = new Store<Toast[]>([]);
  readonly progress = new Store<Progress[]>([]);
  private nextId = 1;

  /** Shows a toast; returns its id. */
  show(kind: Toast["kind"], message: string, action?: ToastAction): number {
    const id = this.nextId++;
    this.toasts.set((t) => [...t.slice(-4), { id, kind, message, action }]);
    setTimeout(() => this.dismiss(id), TOAST_MS[kind]);
    return id;
  }

  dismiss(id: number): void {
    this.toasts.set((t) => (t.some((x) => x.id === id) ? t.filter((x) => x.id !== id) : t));
  }

  /** Shows a failure as "what: message" and puts it in the app log. */
  error(what: string, e: unknown): IpcError {
    const err = toIpcError(e);
    this.show("error", `${what}: ${err.message}`);
    logUiError(what, err);
    return err;
  }

  /** Shows `label` with a spinner while `work` runs longer than PROGRESS_DELAY_MS. */
  async track<T>(label: string, work: Promise<T>): Promise<T> {
    const id = this.nextId++;
    const timer = setTimeout(() => this.progress.set((p) => [...p, { id, label }]), PROGRESS_DELAY_MS);
    try {
      return await work;
    } finally {
      clearTimeout(timer);
      this.progress.set((p) => (p.some((x) => x.id === id) ? p.filter((x) => x.id !== id) : p));
    }
  }
}
