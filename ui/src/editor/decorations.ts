// Decorations supplied from outside the editor (Rust's tree-sitter highlighter, diagnostics):
// a caller sends spans with `setExternalSpans`, and they follow the text as it is edited until
// the next set replaces them.
import { StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";

/** One decorated range: CodeMirror offsets (UTF-16) and the CSS class to apply. */
export interface ExternalSpan {
  from: number;
  to: number;
  className: string;
}

/** Replaces every external decoration of a state. */
export const setExternalSpans = StateEffect.define<readonly ExternalSpan[]>();

const markCache = new Map<string, Decoration>();
function mark(className: string): Decoration {
  let m = markCache.get(className);
  if (!m) {
    m = Decoration.mark({ class: className });
    markCache.set(className, m);
  }
  return m;
}

/** Builds a decoration set, dropping spans that do not fit a document of `length`. */
export function spansToDecorations(spans: readonly ExternalSpan[], length: number): DecorationSet {
  const ranges = spans
    .filter((s) => s.from >= 0 && s.to <= length && s.from < s.to)
    .map((s) => mark(s.className).range(s.from, s.to));
  return Decoration.set(ranges, true);
}

const externalField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setExternalSpans)) next = spansToDecorations(e.value, tr.newDoc.length);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The extension every editor state carries so outside decorations can be applied to it. */
export function externalDecorations(): Extension {
  return externalField;
}

/** The external decorations currently held by a state (for tests and tooling). */
export { externalField };
