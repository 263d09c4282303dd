// Sends each editor transaction to Rust, which owns the document and its autosave.
// Calls for one document are chained, because Tauri does not keep the order of separate invokes.
import type { ChangeSet } from "@codemirror/state";
import type { DocStatus, IpcError, TextChange } from "../ipc/bindings";
import { toIpcError } from "../ipc/api";

/** The commands the sender needs (the real `api`, or a fake in tests). */
export interface DocIpc {
  docEdit(id: number, changes: TextChange[], lenAfter: number): Promise<DocStatus>;
  docReplace(id: number, text: string): Promise<DocStatus>;
}

/** A transaction's changes in ORIGINAL-document UTF-16 offsets, as Rust applies them. */
export function textChanges(changes: ChangeSet): TextChange[] {
  const out: TextChange[] = [];
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    out.push({ from: fromA, to: toA, insert: inserted.toString() });
  });
  return out;
}

export interface DocSyncHooks {
  /** The whole current text of a document, for a resync; null when it is no longer open. */
  textOf(id: number): string | null;
  /** Rust's answer about the document (dirty or not). */
  onStatus(id: number, status: DocStatus): void;
  /** A failure that was not repaired by a resync. */
  onError(id: number, error: IpcError): void;
}

interface DocQueue {
  tail: Promise<unknown>;
  /** Edits numbered as they are queued; those up to `replacedThrough` are already in Rust's text. */
  seq: number;
  replacedThrough: number;
  /** After a failure Rust's copy is unknown: the next edit sends the whole text instead. */
  needsReplace: boolean;
}

/** Serializes the document commands per script and repairs desyncs with a full replace. */
export class DocSync {
  private queues = new Map<number, DocQueue>();

  constructor(
    private ipc: DocIpc,
    private hooks: DocSyncHooks,
  ) {}

  private queue(id: number): DocQueue {
    let q = this.queues.get(id);
    if (!q) {
      q = { tail: Promise.resolve(), seq: 0, replacedThrough: 0, needsReplace: false };
      this.queues.set(id, q);
    }
    return q;
  }

  /** Runs `job` after every call already queued for this document; the result is its own. */
  run<T>(id: number, job: () => Promise<T>): Promise<T> {
    const q = this.queue(id);
    const result = q.tail.then(job);
    q.tail = result.catch(() => undefined);
    return result;
  }

  /** Queues one transaction's changes; resolves when Rust has it (or it was repaired). */
  edit(id: number, changes: TextChange[], lenAfter: number): Promise<void> {
    if (changes.length === 0) return Promise.resolve();
    const q = this.queue(id);
    const seq = ++q.seq;
    return this.run(id, async () => {
      if (seq <= q.replacedThrough) return; // already part of a full replace
      if (q.needsReplace) {
        await this.replace(id, q);
        return;
      }
      try {
        this.hooks.onStatus(id, await this.ipc.docEdit(id, changes, lenAfter));
      } catch (e) {
        const err = toIpcError(e);
        if (err.kind === "desync") {
          await this.replace(id, q);
        } else {
          q.needsReplace = true;
          this.hooks.onError(id, err);
        }
      }
    });
  }

  /** Sends the whole current text; every edit queued so far is contained in it. */
  private async replace(id: number, q: DocQueue): Promise<void> {
    const text = this.hooks.textOf(id);
    if (text === null) return;
    q.replacedThrough = q.seq;
    try {
      const status = await this.ipc.docReplace(id, text);
      q.needsReplace = false;
      this.hooks.onStatus(id, status);
    } catch (e) {
      q.needsReplace = true;
      this.hooks.onError(id, toIpcError(e));
    }
  }

  /** Resolves once every call queued for every document has finished. */
  idleAll(): Promise<void> {
    return Promise.all([...this.queues.values()].map((q) => q.tail)).then(() => undefined);
  }

  /** Resolves once every call queued for this document has finished. */
  idle(id: number): Promise<void> {
    return this.queue(id).tail.then(() => undefined);
  }

  /** Forgets a closed document (after its queued calls). */
  forget(id: number): void {
    const q = this.queues.get(id);
    if (!q) return;
    const tail = q.tail;
    void tail.then(() => {
      if (this.queues.get(id) === q && q.tail === tail) this.queues.delete(id);
    });
  }
}
