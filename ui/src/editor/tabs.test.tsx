import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { renderApp, flush } from "../test/render";
import type { FakeOptions } from "../test/fakeBackend";
import { PERSIST_THROTTLE_MS } from "./tabs";

const scripts: FakeOptions["scripts"] = [
  { id: 1, folderId: null, name: "one.sql", text: "select 1;\nselect 11;" },
  { id: 2, folderId: null, name: "two.sql", text: "select 2;", saved: "select 0;" },
  { id: 3, folderId: null, name: "three.sql", text: "select 3;" },
];

const tabIds = () => screen.queryAllByTestId("tab").map((t) => Number(t.dataset.scriptId));
const tab = (id: number) => document.querySelector(`[data-testid="tab"][data-script-id="${id}"]`) as HTMLElement;
const activeTab = () => Number(document.querySelector('[data-testid="tab"].active')?.getAttribute("data-script-id"));
const key = (k: string, mods: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key: k, ctrlKey: true, ...mods });

describe("tabs", () => {
  it("restores tabs in order with the active tab, selection and scroll position", async () => {
    const { services, fake } = await renderApp({
      scripts,
      tabs: {
        tabs: [
          { scriptId: 3, anchor: 0, head: 4, scrollTop: 0 },
          { scriptId: 1, anchor: 12, head: 12, scrollTop: 40 },
          { scriptId: 99, anchor: 0, head: 0, scrollTop: 0 }, // deleted meanwhile: skipped
        ],
        active: 1,
        closed: [2],
      },
    });
    await waitFor(() => expect(tabIds()).toEqual([3, 1]));
    expect(activeTab()).toBe(1);
    await waitFor(() => expect(services().editors.active).toBe(1));
    expect(services().editors.tabState(3)).toEqual({ scriptId: 3, anchor: 0, head: 4, scrollTop: 0 });
    const s1 = services().editors.tabState(1)!;
    expect([s1.anchor, s1.head]).toEqual([12, 12]);
    expect(services().editors.view.scrollDOM.scrollTop).toBe(40);
    expect(screen.getByTestId("status-cursor").textContent).toBe("Ln 2, Col 3");
    expect(fake.callsOf("doc_open").map((a) => a.id).sort()).toEqual([1, 3]);
  });

  it("opens from the tree, closes with ×, middle-click and Ctrl+W, and reopens with Ctrl+Shift+T", async () => {
    const { fake } = await renderApp({ scripts });
    for (const id of [1, 2, 3]) {
      fireEvent.click(document.querySelector(`[data-testid="tree-script"][data-script-id="${id}"]`)!);
      await waitFor(() => expect(activeTab()).toBe(id));
    }
    expect(tabIds()).toEqual([1, 2, 3]);
    // Opening an open script only activates its tab.
    fireEvent.click(document.querySelector('[data-testid="tree-script"][data-script-id="1"]')!);
    await waitFor(() => expect(activeTab()).toBe(1));
    expect(tabIds()).toEqual([1, 2, 3]);

    fireEvent.click(tab(2).querySelector(".tab-close")!);
    await waitFor(() => expect(tabIds()).toEqual([1, 3]));
    await waitFor(() => expect(fake.callsOf("doc_close")).toEqual([{ id: 2 }]));

    fireEvent(tab(3), new MouseEvent("auxclick", { bubbles: true, button: 1 }));
    await waitFor(() => expect(tabIds()).toEqual([1]));

    key("w");
    await waitFor(() => expect(tabIds()).toEqual([]));
    expect(screen.getByTestId("editor-empty").textContent).toContain("Ctrl+P");
    await waitFor(() => expect(fake.tabsState).toEqual({ tabs: [], active: null, closed: [2, 3, 1] }));

    key("T", { shiftKey: true });
    await waitFor(() => expect(tabIds()).toEqual([1]));
    key("T", { shiftKey: true });
    await waitFor(() => expect(tabIds()).toEqual([1, 3]));
    expect(activeTab()).toBe(3);
    await waitFor(() => expect(fake.tabsState.closed).toEqual([2]));
  });

  it("switches with Ctrl+Tab, Ctrl+Shift+Tab and Ctrl+PageUp/PageDown", async () => {
    await renderApp({
      scripts,
      tabs: { tabs: [1, 2, 3].map((id) => ({ scriptId: id, anchor: 0, head: 0, scrollTop: 0 })), active: 1, closed: [] },
    });
    await waitFor(() => expect(tabIds()).toEqual([1, 2, 3]));
    key("Tab");
    expect(activeTab()).toBe(2);
    key("PageDown");
    expect(activeTab()).toBe(3);
    key("Tab");
    expect(activeTab()).toBe(1);
    key("Tab", { shiftKey: true });
    expect(activeTab()).toBe(3);
    key("PageUp");
    expect(activeTab()).toBe(2);
  });

  it("reorders by drag and persists the new order", async () => {
    const { fake } = await renderApp({
      scripts,
      tabs: { tabs: [1, 2, 3].map((id) => ({ scriptId: id, anchor: 0, head: 0, scrollTop: 0 })), active: 1, closed: [] },
    });
    await waitFor(() => expect(tabIds()).toEqual([1, 2, 3]));
    const dt = { setData: () => undefined, getData: () => "", effectAllowed: "", dropEffect: "" };
    fireEvent.dragStart(tab(3), { dataTransfer: dt });
    fireEvent.dragOver(tab(1), { dataTransfer: dt, clientX: 0 });
    fireEvent.drop(tab(1), { dataTransfer: dt, clientX: 0 });
    await waitFor(() => expect(tabIds()).toEqual([3, 1, 2]));
    await waitFor(() => expect(fake.tabsState.tabs.map((t) => t.scriptId)).toEqual([3, 1, 2]));
    expect(fake.tabsState.active).toBe(1);
  });

  it("marks a tab dirty while it differs from the saved version; Ctrl+S saves a version", async () => {
    const { services, fake } = await renderApp({
      scripts,
      tabs: { tabs: [1, 2].map((id) => ({ scriptId: id, anchor: 0, head: 0, scrollTop: 0 })), active: 1, closed: [] },
    });
    await waitFor(() => expect(tab(2)?.dataset.dirty).toBe("true")); // from doc_open
    expect(tab(1).dataset.dirty).toBe("false");
    expect(screen.getByTestId("status-save").textContent).toBe("Saved version");
    await waitFor(() => expect(services().editors.active).toBe(1));
    act(() => services().editors.view.dispatch({ changes: { from: 0, insert: "-- hi\n" } }));
    await waitFor(() => expect(tab(1).dataset.dirty).toBe("true"));
    expect(fake.scripts.get(1)?.text).toBe("-- hi\nselect 1;\nselect 11;");
    expect(screen.getByTestId("status-save").textContent).toBe("Unsaved changes");
    key("s");
    await waitFor(() => expect(tab(1).dataset.dirty).toBe("false"));
    expect(fake.callsOf("save_version")).toEqual([{ id: 1 }]);
    expect(fake.scripts.get(1)?.saved).toBe("-- hi\nselect 1;\nselect 11;");
  });

  it("keeps each tab's undo history across tab switches", async () => {
    const { services, fake } = await renderApp({
      scripts,
      tabs: { tabs: [1, 2].map((id) => ({ scriptId: id, anchor: 0, head: 0, scrollTop: 0 })), active: 1, closed: [] },
    });
    await waitFor(() => expect(services().editors.active).toBe(1));
    const ed = services().editors;
    act(() => ed.view.dispatch({ changes: { from: 0, insert: "X" }, userEvent: "input.type" }));
    fireEvent.click(tab(2));
    await waitFor(() => expect(ed.active).toBe(2));
    fireEvent.click(tab(1));
    await waitFor(() => expect(ed.active).toBe(1));
    expect(ed.view.state.doc.toString().startsWith("X")).toBe(true);
    const { undo } = await import("@codemirror/commands");
    act(() => {
      undo(ed.view);
    });
    expect(ed.view.state.doc.toString()).toBe("select 1;\nselect 11;");
    await waitFor(() => expect(fake.scripts.get(1)?.text).toBe("select 1;\nselect 11;"));
  });

  it("sends edits right away, serialized, and repairs a desync with doc_replace", async () => {
    const { services, fake } = await renderApp({
      scripts: [{ id: 1, folderId: null, name: "e.sql", text: "ab😀cd" }],
      tabs: { tabs: [{ scriptId: 1, anchor: 0, head: 0, scrollTop: 0 }], active: 1, closed: [] },
    });
    await waitFor(() => expect(services().editors.active).toBe(1));
    const view = services().editors.view;
    // Make each doc_edit answer in reverse order of sending if they were not chained.
    let n = 0;
    fake.delays.set("doc_edit", () => 30 - 10 * n++);
    act(() => view.dispatch({ changes: [{ from: 0, insert: "1" }, { from: 4, to: 4, insert: "2" }] }));
    act(() => view.dispatch({ changes: { from: 0, to: 1, insert: "🎉" } }));
    act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: "!" } }));
    await waitFor(() => expect(fake.callsOf("doc_edit")).toHaveLength(3));
    await waitFor(() => expect(fake.scripts.get(1)?.text).toBe(view.state.doc.toString()));
    expect(fake.scripts.get(1)?.text).toBe("🎉ab😀2cd!");
    expect(fake.callsOf("doc_edit")[0]).toEqual({
      id: 1,
      changes: [
        { from: 0, to: 0, insert: "1" },
        { from: 4, to: 4, insert: "2" },
      ],
      lenAfter: 8,
    });
    expect(fake.callsOf("doc_replace")).toEqual([]);

    // Rust's copy drifts (e.g. an outside change): the next edit is refused and the whole text is sent.
    fake.delays.clear();
    fake.scripts.get(1)!.text = "something else";
    act(() => view.dispatch({ changes: { from: 0, insert: "#" } }));
    await waitFor(() => expect(fake.callsOf("doc_replace")).toEqual([{ id: 1, text: "#🎉ab😀2cd!" }]));
    expect(fake.scripts.get(1)?.text).toBe("#🎉ab😀2cd!");
    expect(screen.queryByTestId("toast")).toBeNull();
  });

  it("persists the selection (throttled) as the cursor moves", async () => {
    const { services, fake } = await renderApp({
      scripts,
      tabs: { tabs: [{ scriptId: 1, anchor: 0, head: 0, scrollTop: 0 }], active: 1, closed: [] },
    });
    await waitFor(() => expect(services().editors.active).toBe(1));
    await new Promise((r) => setTimeout(r, PERSIST_THROTTLE_MS + 50)); // let start-up settle
    const before = fake.callsOf("set_tabs").length;
    act(() => services().editors.view.dispatch({ selection: { anchor: 2, head: 5 } }));
    act(() => services().editors.view.dispatch({ selection: { anchor: 3, head: 6 } }));
    expect(screen.getByTestId("status-selection").textContent).toBe("(3 selected)");
    await flush();
    expect(fake.callsOf("set_tabs").length).toBe(before); // throttled
    await new Promise((r) => setTimeout(r, PERSIST_THROTTLE_MS + 50));
    expect(fake.callsOf("set_tabs").length).toBe(before + 1);
    expect(fake.tabsState.tabs[0]).toEqual({ scriptId: 1, anchor: 3, head: 6, scrollTop: 0 });
  });
});
