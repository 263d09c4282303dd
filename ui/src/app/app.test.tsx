import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "../test/render";
import { FakeBackend } from "../test/fakeBackend";

describe("open-error screen", () => {
  it("shows why the workspace could not be opened and opens another", async () => {
    const fake = new FakeBackend({
      start: {
        workspace: null,
        error: { kind: "locked", message: "the workspace is open in another Weir window" },
        dir: "/home/me/busy",
        recent: ["/home/me/a", "/home/me/b"],
      },
      scripts: [{ id: 1, folderId: null, name: "x.sql" }],
    });
    await renderApp(fake);
    const screenEl = screen.getByTestId("open-error");
    expect(screenEl.textContent).toContain("the workspace is open in another Weir window");
    expect(screenEl.textContent).toContain("/home/me/busy");
    expect(within(screenEl).getAllByTestId("recent-workspace").map((b) => b.textContent)).toEqual(["/home/me/a", "/home/me/b"]);

    // A second failure stays on the screen with the new message.
    fake.start = { ...fake.start, error: { kind: "corrupt", message: "the database is damaged" } };
    fireEvent.click(within(screenEl).getAllByTestId("recent-workspace")[1]!);
    await waitFor(() => expect(fake.callsOf("open_workspace")).toEqual([{ dir: "/home/me/b" }]));
    await waitFor(() => expect(screen.getByTestId("open-error").textContent).toContain("the database is damaged"));

    // Then one that opens.
    fake.start = { ...fake.start, workspace: { dir: "/home/me/good", name: "good" }, error: null, dir: "/home/me/good" };
    const input = screen.getByTestId("workspace-path") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "/home/me/good" } });
    fireEvent.click(screen.getByTestId("open-workspace"));
    await waitFor(() => expect(screen.getByTestId("status-workspace").textContent).toBe("good"));
    expect(fake.callsOf("open_workspace")[1]).toEqual({ dir: "/home/me/good" });
    expect(screen.queryByTestId("open-error")).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("tree-script")).toHaveLength(1));
  });

  it("shows a rejected open_workspace as a message", async () => {
    const fake = new FakeBackend({ start: { workspace: null, error: { kind: "io", message: "no such folder" }, dir: "/x" } });
    await renderApp(fake);
    fake.failNext.set("open_workspace", { kind: "invalid", message: "enter the folder of a workspace" });
    fireEvent.change(screen.getByTestId("workspace-path"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("open-workspace"));
    await waitFor(() => expect(screen.getByTestId("open-error").textContent).toContain("enter the folder of a workspace"));
  });
});

describe("window frame", () => {
  it("toggles the sidebar (Ctrl+B) and the panel (Ctrl+J), keeping the window geometry", async () => {
    const { fake } = await renderApp();
    expect(screen.getByTestId("sidebar")).not.toBeNull();
    fireEvent.keyDown(document.body, { key: "b", ctrlKey: true });
    expect(screen.queryByTestId("sidebar")).toBeNull();
    await waitFor(() => expect(fake.callsOf("set_layout")).toHaveLength(1));
    expect(fake.callsOf("set_layout")[0]).toEqual({
      layout: {
        sidebarWidth: 250,
        sidebarOpen: false,
        bottomHeight: 200,
        bottomOpen: true,
        window: { x: 1, y: 2, width: 1200, height: 800, maximized: false },
      },
    });
    // the panel opens on the Run tab (empty until something runs)
    expect(screen.getByTestId("run-empty")).not.toBeNull();
    fireEvent.keyDown(document.body, { key: "j", ctrlKey: true });
    expect(screen.queryByTestId("run-empty")).toBeNull();
    await waitFor(() => expect(fake.layoutState.bottomOpen).toBe(false));
    fireEvent.keyDown(document.body, { key: "j", ctrlKey: true });
    expect(screen.getByTestId("run-empty")).not.toBeNull();
  });

  it("resizes the sidebar by dragging its handle and persists the width", async () => {
    const { fake } = await renderApp();
    const handle = screen.getByTestId("sidebar-resizer");
    fireEvent.pointerDown(handle, { clientX: 250, pointerId: 1 });
    fireEvent.pointerMove(handle, { clientX: 330, pointerId: 1 });
    expect(screen.getByTestId("sidebar").style.width).toBe("330px");
    fireEvent.pointerUp(handle, { clientX: 330, pointerId: 1 });
    await waitFor(() => expect(fake.layoutState.sidebarWidth).toBe(330));
  });

  it("shows the workspace name, script path and cursor in the status bar", async () => {
    const { services } = await renderApp({
      folders: [{ id: 1, parentId: null, name: "marts" }],
      scripts: [{ id: 5, folderId: 1, name: "o.sql", text: "ab\ncd😀e" }],
      tabs: { tabs: [{ scriptId: 5, anchor: 7, head: 7, scrollTop: 0 }], active: 5, closed: [] },
    });
    await waitFor(() => expect(screen.getByTestId("status-path").textContent).toBe("marts/o.sql"));
    expect(screen.getByTestId("status-workspace").textContent).toBe("flink");
    await waitFor(() => expect(services().editors.active).toBe(5));
    expect(screen.getByTestId("status-cursor").textContent).toBe("Ln 2, Col 4"); // the emoji is one character
    expect(screen.getByTestId("status-save").textContent).toBe("Saved version");
  });
});

describe("log panel", () => {
  it("lists the log backlog and new events once each, filters by level and clears the view", async () => {
    const fake = new FakeBackend({
      log: [
        { seq: 0, tsMs: Date.UTC(2026, 0, 1, 10, 0, 0), level: "info", target: "weir", message: "Weir 0.1.0 starting" },
        { seq: 1, tsMs: Date.UTC(2026, 0, 1, 10, 0, 1), level: "debug", target: "weir_store", message: "opened db" },
      ],
    });
    await renderApp(fake);
    fireEvent.click(screen.getByRole("tab", { name: "Log" }));
    const panel = screen.getByTestId("log-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("log-row")).toHaveLength(2));
    await fake.emitLog({ tsMs: Date.now(), level: "error", target: "weir::docs", message: "autosave failed" });
    await waitFor(() => expect(within(panel).getAllByTestId("log-row")).toHaveLength(3));
    const last = within(panel).getAllByTestId("log-row")[2]!;
    expect(last.className).toContain("level-error");
    expect(last.textContent).toContain("weir::docs");
    expect(last.textContent).toContain("autosave failed");

    fireEvent.change(within(panel).getByTestId("log-level"), { target: { value: "warn" } });
    expect(within(panel).getAllByTestId("log-row").map((r) => r.querySelector(".log-message")?.textContent)).toEqual([
      "autosave failed",
    ]);
    fireEvent.change(within(panel).getByTestId("log-level"), { target: { value: "trace" } });
    fireEvent.click(within(panel).getByTestId("log-clear"));
    expect(within(panel).queryAllByTestId("log-row")).toHaveLength(0);
    await fake.emitLog({ tsMs: Date.now(), level: "warn", target: "weir", message: "later" });
    await waitFor(() => expect(within(panel).getAllByTestId("log-row")).toHaveLength(1));
  });
});
