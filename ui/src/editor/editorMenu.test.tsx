import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { undo } from "@codemirror/commands";
import { renderApp } from "../test/render";
import type { FakeOptions } from "../test/fakeBackend";

const MYSQL = "CREATE TABLE `orders` (\n  `id` int unsigned NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB";
const scripts: FakeOptions["scripts"] = [{ id: 1, folderId: null, name: "one.sql", text: "SELECT 1;\n" }];
const oneTab = { tabs: [{ scriptId: 1, anchor: 0, head: 0, scrollTop: 0 }], active: 1, closed: [] };

async function open() {
  const r = await renderApp({ scripts, tabs: oneTab });
  await waitFor(() => expect(r.services().editors.active).toBe(1));
  return { ...r, view: r.services().editors.view };
}

describe("MySQL DDL in the editor", () => {
  it("offers to translate a pasted MySQL CREATE TABLE and replaces it in one undoable edit", async () => {
    const { fake, view } = await open();
    act(() => {
      view.dispatch({ changes: { from: 10, insert: MYSQL }, userEvent: "input.paste" });
    });
    const offer = await screen.findByTestId("translate-pasted");
    expect(offer.closest(".toast")?.textContent).toContain("Pasted a MySQL CREATE TABLE (orders)");
    // Typing before it moves it: the offer still finds it.
    act(() => {
      view.dispatch({ changes: { from: 0, insert: "-- note\n" } });
    });
    fireEvent.click(offer);
    await waitFor(() => expect(view.state.doc.toString()).toContain("'connector' = 'jdbc'"));
    const call = fake.callsOf("db_translate_mysql").at(-1);
    expect(call).toEqual({ id: 1, from: 18, to: 18 + MYSQL.length, connector: "jdbc", connection: "local" });
    expect(view.state.doc.toString()).not.toContain("ENGINE=");
    // Rust saw both edits before it was asked (the fake cut the name from its own text).
    expect(view.state.doc.toString()).toContain("CREATE TABLE `orders`");
    // One undo brings the MySQL text back.
    act(() => {
      undo(view);
    });
    expect(view.state.doc.toString()).toBe(`-- note\nSELECT 1;\n${MYSQL}`);
  });

  it("does not offer anything for Flink DDL or plain text", async () => {
    const { fake, view } = await open();
    act(() => {
      view.dispatch({ changes: { from: 0, insert: "CREATE TABLE t (id INT) WITH ('connector' = 'datagen');" }, userEvent: "input.paste" });
      view.dispatch({ changes: { from: 0, insert: "hello" }, userEvent: "input.paste" });
    });
    await waitFor(() => expect(fake.callsOf("db_pasted_mysql_table").length).toBe(1));
    expect(screen.queryByTestId("translate-pasted")).toBeNull();
  });

  it("has a context menu: copy, cut and paste through Rust's clipboard, and translate", async () => {
    const { fake, view, services } = await open();
    act(() => {
      view.dispatch({ selection: { anchor: 0, head: 6 } });
    });
    fireEvent.contextMenu(screen.getByTestId("editor"), { clientX: 5, clientY: 5 });
    const menu = await screen.findByTestId("editor-menu");
    expect(within(menu).getByTestId("editor-menu-run").textContent).toContain("Run selection");
    fireEvent.click(within(menu).getByTestId("editor-menu-copy"));
    await waitFor(() => expect(fake.clipboard).toBe("SELECT"));
    expect(screen.queryByTestId("editor-menu")).toBeNull();

    act(() => {
      view.dispatch({ selection: { anchor: 10 } });
    });
    fireEvent.contextMenu(screen.getByTestId("editor"), { clientX: 5, clientY: 5 });
    expect((screen.getByTestId("editor-menu-copy") as HTMLButtonElement).disabled).toBe(true);
    fake.clipboard = MYSQL;
    fireEvent.click(screen.getByTestId("editor-menu-paste"));
    await waitFor(() => expect(view.state.doc.toString()).toBe(`SELECT 1;\n${MYSQL}`));
    // A paste from the menu gets the same offer.
    await screen.findByTestId("translate-pasted");

    // Translate the statement at the cursor, with the mysql-cdc connector, on a MySQL tab.
    act(() => {
      services().runs.choose(1, { connection: "shop" });
      view.dispatch({ selection: { anchor: 20 } });
    });
    fireEvent.contextMenu(screen.getByTestId("editor"), { clientX: 5, clientY: 5 });
    fireEvent.click(screen.getByTestId("editor-menu-translate"));
    fireEvent.click(within(screen.getByTestId("editor-menu-translate-submenu")).getByTestId("editor-translate-mysql-cdc"));
    await waitFor(() => expect(fake.callsOf("db_translate_mysql").length).toBe(1));
    expect(fake.callsOf("db_translate_mysql")[0]).toEqual({ id: 1, from: 20, to: 20, connector: "mysql-cdc", connection: "shop" });

    // Cut removes the selection and puts it on the clipboard.
    act(() => {
      view.dispatch({ selection: { anchor: 0, head: 9 } });
    });
    fireEvent.contextMenu(screen.getByTestId("editor"), { clientX: 5, clientY: 5 });
    fireEvent.click(screen.getByTestId("editor-menu-cut"));
    await waitFor(() => expect(fake.clipboard).toBe("SELECT 1;"));
    expect(view.state.doc.toString().startsWith("\n")).toBe(true);
  });

  it("reports a translation failure with Rust's message", async () => {
    const { fake, view } = await open();
    fake.failNext.set("db_translate_mysql", { kind: "invalid", message: "line 1: the MySQL statement does not parse" });
    fireEvent.contextMenu(screen.getByTestId("editor"), { clientX: 5, clientY: 5 });
    fireEvent.click(screen.getByTestId("editor-menu-translate"));
    fireEvent.click(screen.getByTestId("editor-translate-jdbc"));
    await waitFor(() =>
      expect(document.querySelector(".toast")?.textContent).toContain(
        "Could not translate the MySQL CREATE TABLE: line 1: the MySQL statement does not parse",
      ),
    );
    expect(view.state.doc.toString()).toBe("SELECT 1;\n");
  });
});
