import { describe, expect, it } from "vitest";
import { act, waitFor } from "@testing-library/react";
import { EditorState } from "@codemirror/state";
import { acceptCompletion, currentCompletions, startCompletion } from "@codemirror/autocomplete";
import { forEachDiagnostic, type Diagnostic } from "@codemirror/lint";
import { renderApp } from "../test/render";
import { FAKE_KINDS, type FakeOptions } from "../test/fakeBackend";
import type { DocDiagnostics } from "../ipc/bindings";
import { externalField } from "./decorations";
import { FunctionDocs, completionResult, functionHover, highlightSpans, lintDiagnostics } from "./language";

const scripts: FakeOptions["scripts"] = [
  { id: 1, folderId: null, name: "one.sql", text: "select 1 from t;" },
  { id: 2, folderId: null, name: "two.sql", text: "insert into x select 2;" },
];
const oneTab = { tabs: [{ scriptId: 1, anchor: 0, head: 0, scrollTop: 0 }], active: 1, closed: [] };

/** The external decorations of a state as [from, to, class]. */
const marks = (state: EditorState) => {
  const out: [number, number, string][] = [];
  state.field(externalField).between(0, state.doc.length, (from, to, d) => {
    out.push([from, to, String(d.spec.class)]);
  });
  return out;
};

const diagnosticsOf = (state: EditorState) => {
  const out: Diagnostic[] = [];
  forEachDiagnostic(state, (d) => out.push(d));
  return out;
};

describe("language glue (pure)", () => {
  it("turns span triples into classes, diagnostics into visible ranges, candidates into options", () => {
    expect(
      highlightSpans({ from: 0, to: 9, len: 9, spans: [0, 6, 0, 7, 8, 4, 8, 9, 99], kinds: FAKE_KINDS }),
    ).toEqual([
      { from: 0, to: 6, className: "tok-keyword" },
      { from: 7, to: 8, className: "tok-number" },
    ]);
    const d: DocDiagnostics = {
      len: 10,
      statements: [
        {
          index: 0,
          from: 0,
          to: 10,
          kind: null,
          diagnostics: [
            { from: 3, to: 3, severity: "error", message: "point", line: 1, column: 4 },
            { from: 10, to: 10, severity: "warning", message: "at the end", line: 1, column: 11 },
            { from: 1, to: 4, severity: "error", message: "range", line: 1, column: 2 },
          ],
        },
      ],
    };
    expect(lintDiagnostics(d, 10).map((x) => [x.from, x.to, x.severity, x.message])).toEqual([
      [3, 4, "error", "point"],
      [9, 10, "warning", "at the end"],
      [1, 4, "error", "range"],
    ]);
    const r = completionResult({
      from: 2,
      to: 4,
      items: [
        { label: "orders", kind: "table", detail: "table", info: "id, amount", apply: null },
        { label: "topic", kind: "option", detail: null, info: "Topic name", apply: "'topic'" },
      ],
    });
    expect([r.from, r.to]).toEqual([2, 4]);
    expect(r.options.map((o) => [o.label, o.type, o.apply ?? null, o.detail ?? null])).toEqual([
      ["orders", "class", null, "table"],
      ["topic", "property", "'topic'", null],
    ]);
  });

  it("shows a function's signature and description on hover, and nothing for other words", async () => {
    let calls = 0;
    const docs = new FunctionDocs({
      functions: async () => {
        calls++;
        return [{ name: "COUNT", signature: "COUNT(expr)", doc: "Number of rows.", category: "aggregate" }];
      },
    });
    const state = EditorState.create({ doc: "select count(*), amount from t" });
    const tip = await functionHover(state, 9, docs);
    expect([tip?.pos, tip?.end]).toEqual([7, 12]);
    const dom = tip!.create(undefined as never).dom;
    expect(dom.textContent).toBe("COUNT(expr)Number of rows.");
    expect(await functionHover(state, 19, docs)).toBeNull();
    // The name without a call is not the function.
    expect(await functionHover(EditorState.create({ doc: "select count from t" }), 9, docs)).toBeNull();
    expect(calls).toBe(1); // the table is loaded once
  });
});

describe("language glue (editor over the fake backend)", () => {
  it("highlights the visible text from Rust's spans and refreshes them after edits, latest-wins", async () => {
    const { services, fake } = await renderApp({ scripts, tabs: oneTab });
    await waitFor(() => expect(services().editors.active).toBe(1));
    const view = services().editors.view;
    await waitFor(() =>
      expect(marks(view.state)).toEqual([
        [0, 6, "tok-keyword"],
        [7, 8, "tok-number"],
        [9, 13, "tok-keyword"],
        [14, 15, "tok-identifier"],
      ]),
    );
    expect(view.dom.querySelector(".tok-keyword")?.textContent).toBe("select");

    // A slow backend and a burst of edits: one request in flight, then one for the latest text.
    fake.delays.set("highlights", () => 40);
    const before = fake.callsOf("highlights").length;
    act(() => {
      for (const ch of " where 42") view.dispatch({ changes: { from: view.state.doc.length - 1, insert: ch } });
    });
    await services().editors.sync.idle(1);
    await waitFor(() => expect(marks(view.state)).toContainEqual([16, 21, "tok-keyword"]));
    await services().editors.highlighting.idle();
    expect(marks(view.state)).toContainEqual([22, 24, "tok-number"]);
    expect(fake.callsOf("highlights").length - before).toBeLessThanOrEqual(2);
    expect(fake.scripts.get(1)?.text).toBe("select 1 from t where 42;");
  });

  it("shows Rust's diagnostics as lint squiggles, debounced, for the latest text", async () => {
    const fake = new (await import("../test/fakeBackend")).FakeBackend({ scripts, tabs: oneTab });
    fake.diagnosticsFor = (text) => {
      const at = text.indexOf("from;");
      return {
        len: text.length,
        statements:
          at < 0
            ? []
            : [
                {
                  index: 0,
                  from: 0,
                  to: text.length,
                  kind: null,
                  diagnostics: [
                    { from: at, to: at + 4, severity: "error", message: "expected a table after FROM at 1:10", line: 1, column: at + 1 },
                  ],
                },
              ],
      };
    };
    const { services } = await renderApp(fake);
    await waitFor(() => expect(services().editors.active).toBe(1));
    const view = services().editors.view;
    await waitFor(() => expect(fake.callsOf("diagnostics").length).toBeGreaterThan(0));
    expect(diagnosticsOf(view.state)).toEqual([]);
    const before = fake.callsOf("diagnostics").length;
    act(() => {
      view.dispatch({ changes: { from: 14, to: 15, insert: "" } }); // "select 1 from ;"
      view.dispatch({ changes: { from: 13, to: 14, insert: "" } }); // "select 1 from;"
    });
    await waitFor(() =>
      expect(diagnosticsOf(view.state).map((d) => [d.from, d.to, d.severity, d.message])).toEqual([
        [9, 13, "error", "expected a table after FROM at 1:10"],
      ]),
    );
    // Two quick edits, one request (debounced).
    expect(fake.callsOf("diagnostics").length - before).toBe(1);
    await waitFor(() => expect(view.dom.querySelector(".cm-lintRange-error")?.textContent).toBe("from"));
    expect(view.dom.querySelector(".cm-lint-marker-error")).not.toBeNull();
  });

  it("checks a tab again in its database's dialect when it is bound to one", async () => {
    const { fake, services } = await renderApp({ scripts, tabs: oneTab });
    await waitFor(() => expect(services().editors.active).toBe(1));
    act(() => {
      services().runs.choose(1, { connection: "shop" });
    });
    await waitFor(() => expect(fake.callsOf("diagnostics").at(-1)).toEqual({ id: 1, connection: "shop" }));
  });

  it("completes from Rust's candidates at the cursor and applies the chosen one", async () => {
    const fake = new (await import("../test/fakeBackend")).FakeBackend({ scripts, tabs: oneTab });
    fake.completeFor = (text, pos) => {
      const m = /\w*$/.exec(text.slice(0, pos));
      const from = pos - (m?.[0].length ?? 0);
      return {
        from,
        to: pos,
        items: [
          { label: "orders", kind: "table", detail: "table", info: "id, amount", apply: null },
          { label: "COUNT", kind: "function", detail: "COUNT(expr)", info: "Number of rows.", apply: null },
        ],
      };
    };
    const { services } = await renderApp(fake);
    await waitFor(() => expect(services().editors.active).toBe(1));
    const view = services().editors.view;
    act(() => {
      view.dispatch({ changes: { from: 14, to: 15, insert: "or" }, selection: { anchor: 16 } });
      view.focus();
      startCompletion(view);
    });
    await waitFor(() => expect(currentCompletions(view.state).map((c) => c.label)).toContain("orders"));
    // Rust is told where the tab runs (a database tab completes that database's names).
    expect(fake.callsOf("complete").at(-1)).toEqual({ id: 1, pos: 16, connection: "local" });
    // The edit reached Rust before the completion request.
    const order = fake.calls.map((c) => c.cmd);
    expect(order.lastIndexOf("doc_edit")).toBeLessThan(order.lastIndexOf("complete"));
    // Accepting is refused for a short moment after the list opens (CodeMirror's interaction delay).
    await waitFor(() => {
      act(() => {
        acceptCompletion(view);
      });
      expect(view.state.doc.toString()).toBe("select 1 from orders;");
    });
    act(() => {
      services().runs.choose(1, { connection: "shop" });
      view.dispatch({ selection: { anchor: 20 } });
      startCompletion(view);
    });
    await waitFor(() => expect(fake.callsOf("complete").at(-1)).toEqual({ id: 1, pos: 20, connection: "shop" }));
  });
});
