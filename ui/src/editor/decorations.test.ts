import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { externalDecorations, externalField, setExternalSpans } from "./decorations";

const spansOf = (state: EditorState) => {
  const out: [number, number, string][] = [];
  state.field(externalField).between(0, state.doc.length, (from, to, d) => {
    out.push([from, to, String(d.spec.class)]);
  });
  return out;
};

describe("external decorations", () => {
  it("applies spans supplied from outside and keeps them on the text while editing", () => {
    let state = EditorState.create({ doc: "select a from t", extensions: externalDecorations() });
    state = state.update({
      effects: setExternalSpans.of([
        { from: 0, to: 6, className: "tok-keyword" },
        { from: 9, to: 13, className: "tok-keyword" },
        { from: 40, to: 50, className: "tok-bad" }, // outside the text: dropped
      ]),
    }).state;
    expect(spansOf(state)).toEqual([
      [0, 6, "tok-keyword"],
      [9, 13, "tok-keyword"],
    ]);
    state = state.update({ changes: { from: 0, insert: "-- q\n" } }).state;
    expect(spansOf(state)).toEqual([
      [5, 11, "tok-keyword"],
      [14, 18, "tok-keyword"],
    ]);
    state = state.update({ effects: setExternalSpans.of([]) }).state;
    expect(spansOf(state)).toEqual([]);
  });
});
