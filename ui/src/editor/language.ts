// The editor side of Rust's language services: highlight spans of the visible range (rendered as
// external decorations), diagnostics (@codemirror/lint), completion (@codemirror/autocomplete)
// and hover help for built-in functions. Rust owns the text and the syntax tree; every request
// runs after the edits already queued for its document, so Rust answers about the same text.
import type { EditorState, Extension, Text } from "@codemirror/state";
import { EditorView, hoverTooltip, type Tooltip } from "@codemirror/view";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import type { Completions, DocDiagnostics, FunctionDoc, Highlights } from "../ipc/bindings";
import type { ExternalSpan } from "./decorations";

/** The language commands the editor uses (the real `api` or a fake). */
export interface LanguageIpc {
  highlights(id: number, from: number, to: number): Promise<Highlights>;
  diagnostics(id: number): Promise<DocDiagnostics>;
  complete(id: number, pos: number): Promise<Completions>;
  functions(): Promise<FunctionDoc[]>;
}

/** Runs a request after the edits queued for a document (DocSync.run). */
export type RunAfterEdits = <T>(id: number, job: () => Promise<T>) => Promise<T>;

/** How long the diagnostics wait after the last edit. */
export const LINT_DELAY_MS = 150;

/** Extra text highlighted around the viewport, so a short scroll shows coloured text at once. */
const VIEWPORT_MARGIN = 2000;

/** The CSS class of a highlight kind. */
export const tokenClass = (kind: string) => `tok-${kind}`;

/** `[start, end, kind]` triples of a Highlights answer as decoration spans. */
export function highlightSpans(h: Highlights): ExternalSpan[] {
  const out: ExternalSpan[] = [];
  const s = h.spans;
  for (let i = 0; i + 2 < s.length; i += 3) {
    const [from, to, k] = [s[i] ?? 0, s[i + 1] ?? 0, s[i + 2] ?? -1];
    const kind = h.kinds[k];
    if (kind !== undefined) out.push({ from, to, className: tokenClass(kind) });
  }
  return out;
}

/** Rust's diagnostics as lint diagnostics for a document of `length` units; a point gets one
 * character (or the one before it at the end) so its squiggle can be seen. */
export function lintDiagnostics(d: DocDiagnostics, length: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const st of d.statements) {
    for (const diag of st.diagnostics) {
      let from = Math.min(diag.from, length);
      let to = Math.min(Math.max(diag.to, from), length);
      if (from === to) {
        if (to < length) to += 1;
        else if (from > 0) from -= 1;
      }
      out.push({ from, to, severity: diag.severity, message: diag.message, source: "Flink SQL" });
    }
  }
  return out;
}

const completionType: Record<string, string> = {
  keyword: "keyword",
  function: "function",
  table: "class",
  view: "class",
  column: "property",
  option: "property",
  value: "constant",
  type: "type",
  schema: "namespace",
};

/** Rust's completion candidates as a CodeMirror completion result. */
export function completionResult(c: Completions): CompletionResult {
  const options: Completion[] = c.items.map((item) => ({
    label: item.label,
    type: completionType[item.kind] ?? "text",
    detail: item.detail ?? undefined,
    info: item.info ?? undefined,
    apply: item.apply ?? undefined,
    boost: item.kind === "column" || item.kind === "table" || item.kind === "view" ? 10 : 0,
  }));
  return { from: c.from, to: c.to, options, validFor: /^[\w$.-]*$/ };
}

/** Asks Rust for the spans of a document's visible range after each edit and scroll, one request
 * in flight per document: a newer request waits for it and then runs once with the latest state. */
export class HighlightFeed {
  private busy = new Map<number, Promise<void>>();
  private again = new Set<number>();

  constructor(
    private ipc: Pick<LanguageIpc, "highlights">,
    private run: RunAfterEdits,
    private host: {
      /** The document's current text and the range to highlight, or null when it is closed. */
      target(id: number): { doc: Text; from: number; to: number } | null;
      /** Applies spans computed for `doc` (when it is still the current text). */
      apply(id: number, doc: Text, spans: ExternalSpan[]): void;
      onError(id: number, e: unknown): void;
    },
  ) {}

  /** Requests fresh spans for a document. */
  request(id: number): void {
    if (this.busy.has(id)) {
      this.again.add(id);
      return;
    }
    const target = this.host.target(id);
    if (!target) return;
    const from = Math.max(0, target.from - VIEWPORT_MARGIN);
    const to = Math.min(target.doc.length, target.to + VIEWPORT_MARGIN);
    const done = this.run(id, () => this.ipc.highlights(id, from, to))
      .then((h) => {
        if (h.len === target.doc.length) this.host.apply(id, target.doc, highlightSpans(h));
      })
      .catch((e) => this.host.onError(id, e))
      .finally(() => {
        this.busy.delete(id);
        if (this.again.delete(id)) this.request(id);
      });
    this.busy.set(id, done);
  }

  /** Resolves once no request is in flight, follow-ups included (for tests). */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await Promise.all(this.busy.values());
  }
}

/** Built-in function docs, loaded once from Rust. */
export class FunctionDocs {
  private table: Promise<Map<string, FunctionDoc>> | null = null;

  constructor(private ipc: Pick<LanguageIpc, "functions">) {}

  lookup(name: string): Promise<FunctionDoc | undefined> {
    if (!this.table) {
      this.table = this.ipc.functions().then((all) => new Map(all.map((f) => [f.name.toUpperCase(), f])));
      this.table.catch(() => {
        this.table = null; // try again on the next hover
      });
    }
    return this.table.then((t) => t.get(name.toUpperCase())).catch(() => undefined);
  }
}

/** The hover tooltip of the function name at `pos`, if it names a built-in function. */
export async function functionHover(
  state: EditorState,
  pos: number,
  docs: FunctionDocs,
): Promise<Tooltip | null> {
  const word = state.wordAt(pos);
  if (!word) return null;
  const name = state.sliceDoc(word.from, word.to);
  const f = await docs.lookup(name);
  if (!f) return null;
  // `HOUR(ts)` is the function, `INTERVAL '1' HOUR` is not: a function taking arguments must be
  // called (only `CURRENT_DATE` and the like are written without parentheses).
  const called = /^\s*\(/.test(state.sliceDoc(word.to, word.to + 40));
  if (!called && f.signature.toUpperCase().startsWith(`${name.toUpperCase()}(`)) return null;
  return {
    pos: word.from,
    end: word.to,
    above: true,
    create: () => {
      const dom = document.createElement("div");
      dom.className = "cm-function-doc";
      const sig = document.createElement("code");
      sig.className = "cm-function-signature";
      sig.textContent = f.signature;
      const doc = document.createElement("div");
      doc.textContent = f.doc;
      dom.append(sig, doc);
      return { dom };
    },
  };
}

/** Whether completion should ask Rust at this point while typing (always when explicit). */
function shouldComplete(ctx: CompletionContext): boolean {
  if (ctx.explicit) return true;
  const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 1), ctx.pos);
  return /[\w$.']/.test(before);
}

/** Diagnostics, completion and hover help for the script `id`. */
export function languageExtensions(
  id: number,
  ipc: LanguageIpc,
  run: RunAfterEdits,
  docs: FunctionDocs,
): Extension[] {
  let lintSeq = 0;
  return [
    linter(
      async (view) => {
        const seq = ++lintSeq;
        const doc = view.state.doc;
        try {
          const d = await run(id, () => (seq === lintSeq ? ipc.diagnostics(id) : Promise.resolve(null)));
          // A newer run supersedes this one (lint ignores answers for an older text anyway).
          if (!d || seq !== lintSeq || d.len !== doc.length) return [];
          return lintDiagnostics(d, doc.length);
        } catch {
          return [];
        }
      },
      { delay: LINT_DELAY_MS },
    ),
    lintGutter(),
    autocompletion({
      override: [
        async (ctx) => {
          if (!shouldComplete(ctx)) return null;
          try {
            const c = await run(id, () => ipc.complete(id, ctx.pos));
            if (ctx.aborted || c.items.length === 0) return null;
            return completionResult(c);
          } catch {
            return null;
          }
        },
      ],
      icons: true,
    }),
    hoverTooltip((view, pos) => functionHover(view.state, pos, docs), { hoverTime: 400 }),
  ];
}

/** Colours of the highlight kinds and the look of lint and completion, fitting the dark theme. */
export const languageTheme = EditorView.theme(
  {
    ".tok-keyword": { color: "#cf8e6d" },
    ".tok-function": { color: "#56a8f5" },
    ".tok-type": { color: "#c77dbb" },
    ".tok-string": { color: "#6aab73" },
    ".tok-number": { color: "#2aacb8" },
    ".tok-comment": { color: "#7a7e85", fontStyle: "italic" },
    ".tok-operator": { color: "#bcbec4" },
    ".tok-punctuation": { color: "#a1a3ab" },
    ".tok-variable": { color: "#e0a53a", fontWeight: "bold" },
    ".tok-property": { color: "#c9a26d" },
    ".tok-attribute": { color: "#b3ae60" },
    ".tok-identifier": { color: "var(--fg)" },
    ".cm-diagnostic": { fontFamily: "var(--font-ui)", fontSize: "12px", color: "var(--fg)" },
    ".cm-diagnostic-error": { borderLeftColor: "var(--error)" },
    ".cm-diagnostic-warning": { borderLeftColor: "var(--warn)" },
    ".cm-tooltip-autocomplete > ul > li": { fontFamily: "var(--font-mono)" },
    ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--selected)", color: "var(--fg)" },
    // Icons the window's fonts have (CodeMirror's key emoji and math letters show as boxes).
    ".cm-completionIcon": { width: "1.2em", opacity: "0.9", fontFamily: "var(--font-mono)", fontWeight: "bold" },
    ".cm-completionIcon-keyword::after": { content: "'k'", color: "#cf8e6d" },
    ".cm-completionIcon-function::after": { content: "'ƒ'", color: "#56a8f5" },
    ".cm-completionIcon-class::after": { content: "'▦'", color: "#6aab73" },
    ".cm-completionIcon-property::after": { content: "'●'", color: "#c9a26d" },
    ".cm-completionIcon-constant::after": { content: "'c'", color: "#2aacb8" },
    ".cm-completionIcon-type::after": { content: "'t'", color: "#c77dbb" },
    ".cm-completionIcon-namespace::after": { content: "'◫'", color: "#b3ae60" },
    ".cm-completionDetail": { color: "var(--fg-faint)", fontStyle: "normal", marginLeft: "1em" },
    ".cm-completionMatchedText": { color: "var(--accent-hover)", textDecoration: "none", fontWeight: "bold" },
    ".cm-completionInfo": { fontFamily: "var(--font-ui)", fontSize: "12px", color: "var(--fg-muted)" },
    ".cm-function-doc": { padding: "4px 8px", fontFamily: "var(--font-ui)", fontSize: "12px", maxWidth: "480px" },
    ".cm-function-signature": { display: "block", fontFamily: "var(--font-mono)", color: "#56a8f5", marginBottom: "2px" },
  },
  { dark: true },
);
