import { describe, expect, it } from "vitest";
import { EditorState, EditorSelection } from "@codemirror/state";
import { DocSync, textChanges, type DocIpc } from "./docSync";
import type { DocStatus, IpcError, TextChange } from "../ipc/bindings";
import { applyChanges } from "../test/fakeBackend";

const deferred = <T,>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe("textChanges", () => {
  it("gives original-document UTF-16 offsets for a multi-change transaction with emoji", () => {
    const doc = "a😀b\nc😀d";
    const state = EditorState.create({ doc, extensions: EditorState.allowMultipleSelections.of(true) });
    // Insert at two cursors and replace the emoji of the second line.
    const tr = state.update({
      changes: [
        { from: 3, insert: "X" }, // after the first emoji (a = 1 unit, 😀 = 2 units)
        { from: 6, to: 8, insert: "🎉🎉" }, // the second emoji: "a😀b\nc" is 6 units
      ],
    });
    const changes = textChanges(tr.changes);
    expect(changes).toEqual([
      { from: 3, to: 3, insert: "X" },
      { from: 6, to: 8, insert: "🎉🎉" },
    ]);
    expect(tr.newDoc.toString()).toBe("a😀Xb\nc🎉🎉d");
    // Rust applies them to the original text and checks the length: same result as CodeMirror.
    expect(applyChanges(doc, changes, tr.newDoc.length)).toBe(tr.newDoc.toString());
  });

  it("reports a typed character after an emoji at the right offset", () => {
    const state = EditorState.create({ doc: "😀", selection: EditorSelection.cursor(2) });
    const tr = state.update(state.replaceSelection("é"));
    expect(textChanges(tr.changes)).toEqual([{ from: 2, to: 2, insert: "é" }]);
    expect(tr.newDoc.length).toBe(3);
  });

  it("splits multi-cursor typing into one change per cursor", () => {
    const state = EditorState.create({
      doc: "ab\ncd\nef",
      selection: EditorSelection.create([EditorSelection.cursor(1), EditorSelection.cursor(4), EditorSelection.cursor(7)]),
      extensions: EditorState.allowMultipleSelections.of(true),
    });
    const tr = state.update(state.replaceSelection("--"));
    const changes = textChanges(tr.changes);
    expect(changes.map((c) => c.from)).toEqual([1, 4, 7]);
    expect(applyChanges("ab\ncd\nef", changes, tr.newDoc.length)).toBe("a--b\nc--d\ne--f");
  });
});

describe("DocSync", () => {
  function setup() {
    const log: string[] = [];
    const statuses: boolean[] = [];
    const errors: IpcError[] = [];
    let text = "";
    const edits: { id: number; changes: TextChange[]; lenAfter: number; done: ReturnType<typeof deferred<DocStatus>> }[] = [];
    const replaces: { id: number; text: string }[] = [];
    const ipc: DocIpc = {
      docEdit: (id, changes, lenAfter) => {
        log.push(`edit ${id} ${changes.map((c) => c.insert).join("")}`);
        const done = deferred<DocStatus>();
        edits.push({ id, changes, lenAfter, done });
        return done.promise;
      },
      docReplace: async (id, t) => {
        log.push(`replace ${id} ${t}`);
        replaces.push({ id, text: t });
        return { dirty: true };
      },
    };
    const sync = new DocSync(ipc, {
      textOf: () => text,
      onStatus: (_id, s) => statuses.push(s.dirty),
      onError: (_id, e) => errors.push(e),
    });
    return { sync, log, edits, replaces, statuses, errors, setText: (t: string) => (text = t) };
  }

  it("sends one document's edits one after another, never two at once", async () => {
    const t = setup();
    const p1 = t.sync.edit(1, [{ from: 0, to: 0, insert: "a" }], 1);
    const p2 = t.sync.edit(1, [{ from: 1, to: 1, insert: "b" }], 2);
    const p3 = t.sync.edit(1, [{ from: 2, to: 2, insert: "c" }], 3);
    await Promise.resolve();
    await Promise.resolve();
    expect(t.log).toEqual(["edit 1 a"]); // the second waits for the first answer
    t.edits[0]!.done.resolve({ dirty: true });
    await p1;
    await Promise.resolve();
    expect(t.log).toEqual(["edit 1 a", "edit 1 b"]);
    t.edits[1]!.done.resolve({ dirty: true });
    await p2;
    await Promise.resolve();
    t.edits[2]!.done.resolve({ dirty: false });
    await p3;
    expect(t.log).toEqual(["edit 1 a", "edit 1 b", "edit 1 c"]);
    expect(t.statuses).toEqual([true, true, false]);
  });

  it("does not hold one document's edits behind another's", async () => {
    const t = setup();
    void t.sync.edit(1, [{ from: 0, to: 0, insert: "a" }], 1);
    void t.sync.edit(2, [{ from: 0, to: 0, insert: "z" }], 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(t.log).toEqual(["edit 1 a", "edit 2 z"]);
  });

  it("repairs a desync with doc_replace of the whole text and skips edits it already contains", async () => {
    const t = setup();
    const p1 = t.sync.edit(7, [{ from: 0, to: 0, insert: "a" }], 1);
    const p2 = t.sync.edit(7, [{ from: 1, to: 1, insert: "b" }], 2);
    t.setText("ab");
    await Promise.resolve();
    await Promise.resolve();
    t.edits[0]!.done.reject({ kind: "desync", message: "expected 1 units" });
    await p1;
    await p2;
    expect(t.replaces).toEqual([{ id: 7, text: "ab" }]);
    // The second edit is part of the replaced text, so it is not sent again.
    expect(t.log).toEqual(["edit 7 a", "replace 7 ab"]);
    expect(t.errors).toEqual([]);
    expect(t.statuses).toEqual([true]);
  });

  it("after another failure, reports it and resends the whole text with the next edit", async () => {
    const t = setup();
    const p1 = t.sync.edit(3, [{ from: 0, to: 0, insert: "a" }], 1);
    await Promise.resolve();
    await Promise.resolve();
    t.edits[0]!.done.reject({ kind: "io", message: "disk full" });
    await p1;
    expect(t.errors).toEqual([{ kind: "io", message: "disk full" }]);
    t.setText("ab");
    await t.sync.edit(3, [{ from: 1, to: 1, insert: "b" }], 2);
    expect(t.log).toEqual(["edit 3 a", "replace 3 ab"]);
  });

  it("runs other document calls (save, close) after the pending edits", async () => {
    const t = setup();
    void t.sync.edit(4, [{ from: 0, to: 0, insert: "a" }], 1);
    const saved = t.sync.run(4, async () => {
      t.log.push("save 4");
      return 1;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(t.log).toEqual(["edit 4 a"]);
    t.edits[0]!.done.resolve({ dirty: true });
    expect(await saved).toBe(1);
    expect(t.log).toEqual(["edit 4 a", "save 4"]);
  });
});
