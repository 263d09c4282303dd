import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp, flush } from "../test/render";
import type { FakeOptions } from "../test/fakeBackend";

const seed: FakeOptions = {
  folders: [
    { id: 1, parentId: null, name: "marts" },
    { id: 2, parentId: null, name: "Ingest" },
    { id: 3, parentId: 1, name: "daily" },
  ],
  scripts: [
    { id: 10, folderId: null, name: "zeta.sql", text: "select 1;" },
    { id: 11, folderId: null, name: "alpha.sql", text: "select 2;" },
    { id: 12, folderId: 1, name: "orders.sql", text: "select * from orders;" },
    { id: 13, folderId: 3, name: "day.sql", text: "" },
  ],
};

const rowNames = () =>
  [...document.querySelectorAll('[data-testid="tree-folder"], [data-testid="tree-script"]')].map(
    (r) => r.querySelector(".tree-label")?.textContent ?? "",
  );
const folderRow = (id: number) => document.querySelector(`[data-testid="tree-folder"][data-folder-id="${id}"]`) as HTMLElement;
const scriptRow = (id: number) => document.querySelector(`[data-testid="tree-script"][data-script-id="${id}"]`) as HTMLElement;

describe("workspace tree", () => {
  it("shows folders first, each level sorted, and expands folders on click", async () => {
    await renderApp(seed);
    await waitFor(() => expect(rowNames()).toEqual(["Ingest", "marts", "alpha.sql", "zeta.sql"]));
    fireEvent.click(folderRow(1));
    expect(rowNames()).toEqual(["Ingest", "marts", "daily", "orders.sql", "alpha.sql", "zeta.sql"]);
    fireEvent.click(folderRow(1));
    expect(rowNames()).toEqual(["Ingest", "marts", "alpha.sql", "zeta.sql"]);
  });

  it("shows and selects the restored active script, inside its folders", async () => {
    await renderApp({ ...seed, tabs: { tabs: [{ scriptId: 13, anchor: 0, head: 0, scrollTop: 0 }], active: 13, closed: [] } });
    await waitFor(() => expect(scriptRow(13)).not.toBeNull());
    expect(rowNames()).toEqual(["Ingest", "marts", "daily", "day.sql", "orders.sql", "alpha.sql", "zeta.sql"]);
    expect(scriptRow(13).getAttribute("aria-selected")).toBe("true");
    expect(scriptRow(13).className).toContain("active");
    // The user's own selection stays until another tab becomes active.
    fireEvent.click(folderRow(2));
    await flush();
    expect(folderRow(2).getAttribute("aria-selected")).toBe("true");
  });

  it("creates script.sql in the selected folder, opens it and focuses the editor", async () => {
    const { fake } = await renderApp(seed);
    await waitFor(() => expect(folderRow(1)).not.toBeNull());
    fireEvent.click(folderRow(1));
    fireEvent.click(screen.getByTestId("new-script"));
    await waitFor(() => expect(fake.callsOf("create_script")).toEqual([{ folderId: 1, name: "script.sql", text: "" }]));
    const tab = await screen.findByTestId("tab");
    const id = Number(tab.dataset.scriptId);
    expect(fake.scripts.get(id)?.name).toBe("script.sql");
    await waitFor(() => expect(fake.callsOf("doc_open")).toEqual([{ id }]));
    await waitFor(() => expect(document.activeElement?.closest(".cm-editor")).not.toBeNull());
    expect(scriptRow(id)).not.toBeNull(); // shown inside the expanded folder
    await waitFor(() => expect(fake.tabsState.tabs.map((t) => t.scriptId)).toEqual([id]));
  });

  it("creates a script at the top level when nothing is selected; a clash gets (2)", async () => {
    const { fake } = await renderApp({ scripts: [{ id: 5, folderId: null, name: "script.sql" }] });
    fireEvent.click(screen.getByTestId("new-script"));
    await waitFor(() => expect(fake.callsOf("create_script")).toEqual([{ folderId: null, name: "script.sql", text: "" }]));
    await waitFor(() => expect(rowNames()).toEqual(["script (2).sql", "script.sql"].sort()));
  });

  it("creates a folder and starts renaming it", async () => {
    const { fake } = await renderApp(seed);
    fireEvent.click(screen.getByTestId("new-folder"));
    const input = (await screen.findByTestId("rename-input")) as HTMLInputElement;
    expect(fake.callsOf("create_folder")).toEqual([{ parentId: null, name: "folder" }]);
    fireEvent.change(input, { target: { value: "staging" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(fake.callsOf("rename_folder")).toHaveLength(1));
    expect(fake.callsOf("rename_folder")[0]).toMatchObject({ name: "staging" });
    await waitFor(() => expect(rowNames()).toContain("staging"));
  });

  it("renames with F2: Enter commits, a refused name shows inline, Escape cancels", async () => {
    const { fake } = await renderApp(seed);
    await waitFor(() => expect(scriptRow(10)).not.toBeNull());
    fireEvent.click(scriptRow(10));
    fireEvent.keyDown(screen.getByTestId("tree"), { key: "F2" });
    let input = (await screen.findByTestId("rename-input")) as HTMLInputElement;
    expect(input.value).toBe("zeta.sql");
    // A name a sibling already has: the error from Rust is shown next to the input.
    fireEvent.change(input, { target: { value: "alpha.sql" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(await screen.findByTestId("rename-error")).toHaveProperty(
      "textContent",
      "there is already a script named 'alpha.sql' here",
    );
    expect(screen.getByTestId("rename-input")).not.toBeNull();
    // Escape cancels.
    fireEvent.keyDown(screen.getByTestId("rename-input"), { key: "Escape" });
    expect(screen.queryByTestId("rename-input")).toBeNull();
    expect(fake.scripts.get(10)?.name).toBe("zeta.sql");
    // Double-click a folder name renames it; Enter commits.
    fireEvent.doubleClick(within(folderRow(2)).getByText("Ingest"));
    input = (await screen.findByTestId("rename-input")) as HTMLInputElement;
    fireEvent.change(input, { target: { value: "ingest" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(fake.callsOf("rename_folder")).toEqual([{ id: 2, name: "ingest" }]));
    await waitFor(() => expect(screen.queryByTestId("rename-input")).toBeNull());
    expect(rowNames()).toContain("ingest");
  });

  it("renames from the context menu", async () => {
    const { fake } = await renderApp(seed);
    await waitFor(() => expect(scriptRow(11)).not.toBeNull());
    fireEvent.contextMenu(scriptRow(11));
    fireEvent.click(screen.getByTestId("menu-rename"));
    const input = (await screen.findByTestId("rename-input")) as HTMLInputElement;
    fireEvent.change(input, { target: { value: "beta.sql" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(fake.callsOf("rename_script")).toEqual([{ id: 11, name: "beta.sql" }]));
  });

  it("deletes with the Delete key, closes the tab, and Undo restores", async () => {
    const { fake } = await renderApp(seed);
    await waitFor(() => expect(scriptRow(11)).not.toBeNull());
    fireEvent.click(scriptRow(11)); // opens it too
    await screen.findByTestId("tab");
    fireEvent.keyDown(screen.getByTestId("tree"), { key: "Delete" });
    await waitFor(() => expect(fake.callsOf("delete_script")).toEqual([{ id: 11 }]));
    await waitFor(() => expect(scriptRow(11)).toBeNull());
    expect(screen.queryByTestId("tab")).toBeNull();
    await waitFor(() => expect(fake.callsOf("doc_close")).toEqual([{ id: 11 }]));
    fireEvent.click(await screen.findByTestId("undo"));
    await waitFor(() => expect(fake.callsOf("restore")).toEqual([{ token: { batch: 1 } }]));
    await waitFor(() => expect(scriptRow(11)).not.toBeNull());
  });

  it("deletes a folder from the context menu, closing tabs of scripts inside", async () => {
    const { fake, services } = await renderApp(seed);
    await act(() => services().tabs.open(13));
    await act(() => services().tabs.open(10));
    expect(screen.getAllByTestId("tab")).toHaveLength(2);
    fireEvent.contextMenu(folderRow(1));
    fireEvent.click(screen.getByTestId("menu-delete"));
    await waitFor(() => expect(fake.callsOf("delete_folder")).toEqual([{ id: 1 }]));
    await waitFor(() => expect(screen.getAllByTestId("tab").map((t) => t.dataset.scriptId)).toEqual(["10"]));
    expect(screen.getByTestId("toast").textContent).toContain("Deleted folder 'marts'");
  });

  it("moves scripts and folders by drag and drop onto folders or the root", async () => {
    const { fake } = await renderApp(seed);
    await waitFor(() => expect(scriptRow(10)).not.toBeNull());
    const dt = { setData: () => undefined, getData: () => "", effectAllowed: "", dropEffect: "" };
    fireEvent.dragStart(scriptRow(10), { dataTransfer: dt });
    fireEvent.dragOver(folderRow(2), { dataTransfer: dt });
    expect(folderRow(2).className).toContain("drop-target");
    fireEvent.drop(folderRow(2), { dataTransfer: dt });
    await waitFor(() => expect(fake.callsOf("move_script")).toEqual([{ id: 10, folderId: 2 }]));

    // A folder onto the root area.
    fireEvent.click(folderRow(1));
    await waitFor(() => expect(folderRow(3)).not.toBeNull());
    fireEvent.dragStart(folderRow(3), { dataTransfer: dt });
    fireEvent.dragOver(screen.getByTestId("tree"), { dataTransfer: dt });
    fireEvent.drop(screen.getByTestId("tree"), { dataTransfer: dt });
    await waitFor(() => expect(fake.callsOf("move_folder")).toEqual([{ id: 3, parentId: null }]));

    // A folder cannot go into itself or its own subfolder.
    fireEvent.dragStart(folderRow(1), { dataTransfer: dt });
    fireEvent.drop(folderRow(1), { dataTransfer: dt });
    await flush();
    expect(fake.callsOf("move_folder")).toHaveLength(1);
  });

  it("navigates with the keyboard: arrows move and expand, Enter opens a script", async () => {
    const { fake } = await renderApp(seed);
    await waitFor(() => expect(folderRow(1)).not.toBeNull());
    const tree = screen.getByTestId("tree");
    fireEvent.keyDown(tree, { key: "ArrowDown" }); // Ingest
    fireEvent.keyDown(tree, { key: "ArrowDown" }); // marts
    expect(folderRow(1).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowRight" }); // expands marts
    expect(rowNames()).toEqual(["Ingest", "marts", "daily", "orders.sql", "alpha.sql", "zeta.sql"]);
    fireEvent.keyDown(tree, { key: "ArrowDown" }); // daily
    fireEvent.keyDown(tree, { key: "ArrowDown" }); // orders.sql
    expect(scriptRow(12).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "Enter" });
    await waitFor(() => expect(screen.getAllByTestId("tab").map((t) => t.dataset.scriptId)).toEqual(["12"]));
    expect(fake.callsOf("doc_open")).toEqual([{ id: 12 }]);
    fireEvent.keyDown(tree, { key: "ArrowLeft" }); // to the parent folder
    expect(folderRow(1).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowLeft" }); // collapses it
    expect(rowNames()).toEqual(["Ingest", "marts", "alpha.sql", "zeta.sql"]);
  });

  it("shows a failing command as a toast and logs it", async () => {
    const { fake } = await renderApp(seed);
    fake.failNext.set("create_folder", { kind: "io", message: "disk is full" });
    fireEvent.click(screen.getByTestId("new-folder"));
    const toast = await screen.findByTestId("toast");
    expect(toast.textContent).toContain("Could not create a folder: disk is full");
    await waitFor(() =>
      expect(fake.callsOf("log_message")).toEqual([{ level: "error", message: "Could not create a folder: disk is full" }]),
    );
  });
});
