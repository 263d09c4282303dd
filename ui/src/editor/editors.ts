// One CodeMirror view for the editor area and one EditorState per open tab, so each tab keeps its
// undo history, selection and scroll position across tab switches.
import { EditorSelection, EditorState, Facet, type Extension, type Transaction } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
  crosshairCursor,
  dropCursor,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { forceLinting } from "@codemirror/lint";
import type { DocSnapshot, DocStatus, IpcError, RunScope, TabState } from "../ipc/bindings";
import { api, logUiError } from "../ipc/api";
import { Store } from "../app/store";
import { DocSync, textChanges, type DocIpc } from "./docSync";
import { externalDecorations, setExternalSpans, type ExternalSpan } from "./decorations";
import { editorTheme } from "./theme";
import { FunctionDocs, HighlightFeed, languageExtensions, languageTheme, type LanguageIpc } from "./language";

/** Where the cursor is, for the status bar. */
export interface CursorInfo {
  line: number;
  column: number;
  /** Characters selected by the main selection (0 when it is a cursor). */
  selected: number;
}

export interface EditorCallbacks {
  onCursor(id: number, cursor: CursorInfo): void;
  /** The selection or scroll position of a tab changed (persist soon). */
  onViewChange(id: number): void;
  onDirty(id: number, dirty: boolean): void;
  onError(what: string, error: IpcError): void;
  /** Text was pasted into a script at `from` (offset after the paste). */
  onPaste?(id: number, from: number, text: string): void;
}

/** What a run key asks for in a state: the selection when there is one, else the cursor. */
export function runScopeOf(state: EditorState, whole: boolean): RunScope {
  if (whole) return { kind: "script" };
  const sel = state.selection.main;
  if (sel.empty) return { kind: "cursor", at: sel.head };
  return { kind: "selection", from: sel.from, to: sel.to };
}

/** The document commands the editors use (the real `api` or a fake). */
export interface EditorIpc extends DocIpc, LanguageIpc {
  docOpen(id: number): Promise<DocSnapshot>;
  docClose(id: number): Promise<unknown>;
  saveVersion(id: number): Promise<DocStatus>;
}

const scriptIdFacet = Facet.define<number, number | null>({
  combine: (values) => values[0] ?? null,
});

interface OpenDoc {
  state: EditorState;
  scrollTop: number;
}

/** Cursor line/column (1-based, column in characters) and selection size of a state. */
export function cursorOf(state: EditorState): CursorInfo {
  const sel = state.selection.main;
  const line = state.doc.lineAt(sel.head);
  const column = [...line.text.slice(0, sel.head - line.from)].length + 1;
  const selected = sel.empty ? 0 : [...state.sliceDoc(sel.from, sel.to)].length;
  return { line: line.number, column, selected };
}

/** The editor area's documents and the single view showing the active one. */
export class Editors {
  readonly view: EditorView;
  readonly sync: DocSync;
  private docs = new Map<number, OpenDoc>();
  private opening = new Map<number, Promise<void>>();
  private activeId: number | null = null;
  private readonly emptyState: EditorState;
  /** Highlight spans from Rust for each document's visible range. */
  readonly highlighting: HighlightFeed;
  /** The last edited document and a counter of edits (views that follow the text re-read it). */
  readonly edited = new Store<{ id: number; n: number }>({ id: -1, n: 0 });
  private readonly functionDocs: FunctionDocs;

  constructor(
    private ipc: EditorIpc,
    private cb: EditorCallbacks,
  ) {
    this.sync = new DocSync(ipc, {
      textOf: (id) => this.docs.get(id)?.state.doc.toString() ?? null,
      onStatus: (id, status) => this.cb.onDirty(id, status.dirty),
      onError: (id, error) => this.cb.onError(`Could not save the edit to script ${id}`, error),
    });
    this.functionDocs = new FunctionDocs(ipc);
    this.highlighting = new HighlightFeed(ipc, (id, job) => this.sync.run(id, job), {
      target: (id) => {
        const doc = this.docs.get(id);
        if (!doc) return null;
        if (this.activeId === id && this.view.state.facet(scriptIdFacet) === id) {
          const { from, to } = this.view.viewport;
          return { doc: this.view.state.doc, from, to };
        }
        return { doc: doc.state.doc, from: 0, to: Math.min(doc.state.doc.length, 20_000) };
      },
      apply: (id, text, spans) => {
        const doc = this.docs.get(id);
        const current = this.activeId === id ? this.view.state.doc : doc?.state.doc;
        if (current === text) this.setDecorations(id, spans);
      },
      onError: (id, e) => logUiError(`Could not highlight script ${id}`, e),
    });
    this.emptyState = EditorState.create({
      doc: "",
      extensions: [EditorState.readOnly.of(true), EditorView.editable.of(false), editorTheme],
    });
    this.view = new EditorView({
      state: this.emptyState,
      dispatchTransactions: (trs, view) => this.dispatch(trs, view),
    });
    this.view.scrollDOM.addEventListener("scroll", () => {
      const id = this.activeId;
      const doc = id === null ? undefined : this.docs.get(id);
      if (id === null || !doc) return;
      doc.scrollTop = this.view.scrollDOM.scrollTop;
      this.cb.onViewChange(id);
    });
  }

  private dispatch(trs: readonly Transaction[], view: EditorView): void {
    view.update(trs);
    const id = view.state.facet(scriptIdFacet);
    const doc = id === null ? undefined : this.docs.get(id);
    if (id === null || !doc) return;
    doc.state = view.state;
    let selectionMoved = false;
    let docChanged = false;
    for (const tr of trs) {
      if (tr.docChanged) void this.sync.edit(id, textChanges(tr.changes), tr.newDoc.length);
      if (tr.docChanged && tr.isUserEvent("input.paste") && this.cb.onPaste) {
        let pasted: [number, string] | null = null;
        tr.changes.iterChanges((_fa, _ta, fromB, _tb, inserted) => {
          pasted ??= [fromB, inserted.toString()];
        });
        if (pasted) this.cb.onPaste(id, ...(pasted as [number, string]));
      }
      if (tr.selection || tr.docChanged) selectionMoved = true;
      if (tr.docChanged) docChanged = true;
    }
    if (docChanged) {
      this.highlighting.request(id);
      this.edited.set({ id, n: this.edited.get().n + 1 });
    }
    if (selectionMoved) {
      this.cb.onCursor(id, cursorOf(view.state));
      this.cb.onViewChange(id);
    }
  }

  private extensions(id: number): Extension[] {
    return [
      scriptIdFacet.of(id),
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      bracketMatching(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
      externalDecorations(),
      ...languageExtensions(id, this.ipc, (doc, job) => this.sync.run(doc, job), this.functionDocs),
      EditorView.updateListener.of((u) => {
        if (u.viewportChanged && !u.docChanged) this.highlighting.request(id);
      }),
      editorTheme,
      languageTheme,
    ];
  }

  /** The run scope of an open script's selection (`whole` for the entire script). */
  runScope(id: number, whole: boolean): RunScope | null {
    const doc = this.docs.get(id);
    if (!doc) return null;
    return runScopeOf(this.activeId === id ? this.view.state : doc.state, whole);
  }

  /** Inserts text at the cursor of the active script (and focuses the editor). */
  insertAtCursor(id: number, text: string): void {
    if (this.activeId !== id) return;
    const at = this.view.state.selection.main.head;
    this.view.dispatch({ changes: { from: at, insert: text }, selection: { anchor: at + text.length }, scrollIntoView: true });
    this.view.focus();
  }

  /** Replaces [from, to) of the active script with `text` (one undo step), selecting it. */
  replaceRange(id: number, from: number, to: number, text: string, userEvent: string): boolean {
    if (this.activeId !== id || to > this.view.state.doc.length) return false;
    this.view.dispatch({
      changes: { from, to, insert: text },
      selection: { anchor: from, head: from + text.length },
      scrollIntoView: true,
      userEvent,
    });
    this.view.focus();
    return true;
  }

  /** Checks the shown script again (its connection changed, so its dialect may have). */
  relint(): void {
    if (this.activeId !== null) forceLinting(this.view);
  }

  /** Whether a script is open (loaded) in the editors. */
  isOpen(id: number): boolean {
    return this.docs.has(id);
  }

  get active(): number | null {
    return this.activeId;
  }

  /** Loads a script from Rust (once) and prepares its state with the saved selection; its
   * dirty flag is reported through `onDirty`. */
  open(id: number, init?: TabState): Promise<void> {
    if (this.docs.has(id)) return Promise.resolve();
    const pending = this.opening.get(id);
    if (pending) return pending;
    const p = this.sync
      .run(id, () => this.ipc.docOpen(id))
      .then((snap) => {
        if (!this.docs.has(id)) {
          const len = snap.text.length;
          const clamp = (n: number) => Math.max(0, Math.min(len, n));
          const state = EditorState.create({
            doc: snap.text,
            selection: init ? EditorSelection.single(clamp(init.anchor), clamp(init.head)) : undefined,
            extensions: this.extensions(id),
          });
          this.docs.set(id, { state, scrollTop: init?.scrollTop ?? 0 });
          this.cb.onDirty(id, snap.dirty);
          this.highlighting.request(id);
        }
      })
      .finally(() => this.opening.delete(id));
    this.opening.set(id, p);
    return p;
  }

  /** Shows an open script in the view (or nothing, for null), restoring its scroll position. */
  show(id: number | null): void {
    if (id === this.activeId && (id === null || this.view.state.facet(scriptIdFacet) === id)) return;
    const current = this.activeId === null ? undefined : this.docs.get(this.activeId);
    if (current && this.view.state.facet(scriptIdFacet) === this.activeId) {
      current.state = this.view.state;
      current.scrollTop = this.view.scrollDOM.scrollTop;
    }
    const next = id === null ? undefined : this.docs.get(id);
    if (id === null || !next) {
      this.activeId = null;
      this.view.setState(this.emptyState);
      return;
    }
    this.activeId = id;
    this.view.setState(next.state);
    this.restoreScroll(next.scrollTop);
    this.highlighting.request(id);
    this.cb.onCursor(id, cursorOf(next.state));
  }

  private restoreScroll(top: number): void {
    const view = this.view;
    view.scrollDOM.scrollTop = top;
    view.requestMeasure({
      read: () => null,
      write: () => {
        if (Math.abs(view.scrollDOM.scrollTop - top) > 1) view.scrollDOM.scrollTop = top;
      },
    });
  }

  /** Closes a script: its state is dropped and Rust is told once its edits have been sent. */
  async close(id: number): Promise<void> {
    if (this.activeId === id) this.show(null);
    const wasOpen = this.docs.delete(id);
    if (!wasOpen) return;
    try {
      await this.sync.run(id, () => this.ipc.docClose(id));
    } finally {
      this.sync.forget(id);
    }
  }

  /** Saves a version of a script after its pending edits. */
  async save(id: number): Promise<DocStatus> {
    const status = await this.sync.run(id, () => this.ipc.saveVersion(id));
    this.cb.onDirty(id, status.dirty);
    return status;
  }

  /** The selection and scroll position to persist for a tab, or null when it is not loaded. */
  tabState(id: number): TabState | null {
    const doc = this.docs.get(id);
    if (!doc) return null;
    const state = this.activeId === id ? this.view.state : doc.state;
    const scrollTop = this.activeId === id ? this.view.scrollDOM.scrollTop : doc.scrollTop;
    const sel = state.selection.main;
    return { scriptId: id, anchor: sel.anchor, head: sel.head, scrollTop: Math.round(scrollTop) };
  }

  /** The current text of an open script. */
  textOf(id: number): string | null {
    return this.docs.get(id)?.state.doc.toString() ?? null;
  }

  /** The offset of a 1-based line and 1-based column (in characters) in an open script. */
  offsetAt(id: number, line: number, column: number): number | null {
    const doc = this.docs.get(id)?.state.doc;
    if (!doc) return null;
    const l = doc.line(Math.max(1, Math.min(doc.lines, line)));
    let offset = 0;
    let chars = 0;
    for (const ch of l.text) {
      if (chars >= column - 1) break;
      offset += ch.length;
      chars++;
    }
    return l.from + offset;
  }

  /** Moves the selection of an open script (scrolling it into view when shown). */
  select(id: number, anchor: number, head: number = anchor): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    const len = doc.state.doc.length;
    const sel = EditorSelection.single(Math.min(anchor, len), Math.min(head, len));
    if (this.activeId === id) {
      this.view.dispatch({ selection: sel, scrollIntoView: true });
    } else {
      doc.state = doc.state.update({ selection: sel }).state;
    }
  }

  /** Applies decorations supplied from outside (e.g. Rust's highlighter) to a script. */
  setDecorations(id: number, spans: readonly ExternalSpan[]): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    const effects = setExternalSpans.of(spans);
    if (this.activeId === id) this.view.dispatch({ effects });
    else doc.state = doc.state.update({ effects }).state;
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }
}

/** The production editors over the real IPC. */
export function createEditors(cb: EditorCallbacks): Editors {
  return new Editors(api, cb);
}
