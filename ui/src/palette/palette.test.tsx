import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fuzzyFilter, fuzzyMatch } from "./fuzzy";
import { groupHits } from "./search";
import { renderApp } from "../test/render";
import type { FakeOptions } from "../test/fakeBackend";

describe("fuzzyMatch", () => {
  it("matches characters in order, case-insensitively, and reports their positions", () => {
    expect(fuzzyMatch("ord", "marts/orders.sql")?.positions).toEqual([6, 7, 8]);
    expect(fuzzyMatch("MOS", "marts/orders.sql")).not.toBeNull();
    expect(fuzzyMatch("xyz", "marts/orders.sql")).toBeNull();
    expect(fuzzyMatch("sro", "orders.sql")).toBeNull(); // order matters
  });

  it("ranks word starts, file names and runs above scattered matches", () => {
    const paths = ["daily/report_total.sql", "reports/old.sql", "ingest/kafka_orders.sql", "rt.sql"];
    const ranked = fuzzyFilter("rt", paths, (p) => p).map((r) => r.item);
    expect(ranked[0]).toBe("rt.sql");
    const names = fuzzyFilter("orders", ["x/o_r_d_e_r_s.sql", "ingest/kafka_orders.sql"], (p) => p).map((r) => r.item);
    expect(names[0]).toBe("ingest/kafka_orders.sql");
    expect(fuzzyFilter("ko", ["a/kafka_orders.sql", "a/knots.sql"], (p) => p)[0]?.item).toBe("a/kafka_orders.sql");
  });

  it("ignores spaces in the query", () => {
    expect(fuzzyMatch("mar ord", "marts/orders.sql")).not.toBeNull();
  });
});

const seed: FakeOptions = {
  folders: [{ id: 1, parentId: null, name: "marts" }],
  scripts: [
    { id: 10, folderId: 1, name: "orders.sql", text: "select *\nfrom orders o\nwhere o.total > 10;" },
    { id: 11, folderId: null, name: "customers.sql", text: "-- 😀 orders of customers\nselect 1;" },
    { id: 12, folderId: null, name: "notes.sql", text: "nothing here" },
  ],
};

describe("quick open", () => {
  it("opens with Ctrl+P, filters fuzzily, moves with arrows and opens with Enter", async () => {
    const { fake } = await renderApp(seed);
    fireEvent.keyDown(document.body, { key: "p", ctrlKey: true });
    const input = await screen.findByTestId("quick-open");
    fireEvent.change(input, { target: { value: "mord" } });
    const items = () => screen.getAllByTestId("quick-open-item").map((i) => i.textContent);
    expect(items()).toEqual(["orders.sqlmarts"]);
    fireEvent.change(input, { target: { value: "sql" } });
    expect(items()).toHaveLength(3);
    fireEvent.change(input, { target: { value: "ers" } });
    expect([...items()].sort()).toEqual(["customers.sql", "orders.sqlmarts"]);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    const second = screen.getAllByTestId("quick-open-item")[1]!;
    expect(second.getAttribute("aria-selected")).toBe("true");
    const id = second.dataset.scriptId!;
    fireEvent.keyDown(input, { key: "Enter" });
    expect(screen.queryByTestId("quick-open")).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("tab").map((t) => t.dataset.scriptId)).toEqual([id]));
    expect(fake.callsOf("doc_open")).toEqual([{ id: Number(id) }]);
  });

  it("marks the matched characters and closes with Escape", async () => {
    await renderApp(seed);
    fireEvent.keyDown(document.body, { key: "p", ctrlKey: true });
    const input = await screen.findByTestId("quick-open");
    fireEvent.change(input, { target: { value: "cust" } });
    const item = screen.getByTestId("quick-open-item");
    expect([...item.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["cust"]);
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("quick-open")).toBeNull();
  });
});

describe("search", () => {
  it("groups hits by script", () => {
    const hit = (scriptId: number, line: number) => ({
      scriptId,
      path: `s${scriptId}`,
      line,
      column: 1,
      preview: "x",
      previewStart: 0,
      previewLen: 1,
    });
    expect(groupHits([hit(1, 1), hit(2, 4), hit(1, 3)]).map((g) => [g.scriptId, g.hits.map((h) => h.line)])).toEqual([
      [1, [1, 3]],
      [2, [4]],
    ]);
  });

  it("searches all scripts (debounced), shows grouped results with the match marked, and opens at a hit", async () => {
    const { fake, services } = await renderApp(seed);
    fireEvent.keyDown(document.body, { key: "F", ctrlKey: true, shiftKey: true });
    const panel = await screen.findByTestId("search-panel");
    const input = within(panel).getByTestId("search-input");
    await waitFor(() => expect(document.activeElement).toBe(input));
    fireEvent.change(input, { target: { value: "ord" } });
    fireEvent.change(input, { target: { value: "orders" } });
    await waitFor(() => expect(screen.getAllByTestId("search-group")).toHaveLength(2));
    expect(fake.callsOf("search")).toEqual([{ query: "orders" }]); // the first keystroke was debounced away
    const groups = screen.getAllByTestId("search-group");
    expect(groups.map((g) => g.querySelector(".search-path")?.textContent)).toEqual(["marts/orders.sql", "customers.sql"]);
    const hit = within(groups[1]!).getByTestId("search-hit");
    expect(hit.querySelector(".search-line")?.textContent).toBe("1");
    expect(hit.querySelector("mark")?.textContent).toBe("orders");
    expect(screen.getByTestId("search-summary").textContent).toBe("2 results in 2 scripts");

    fireEvent.click(hit);
    await waitFor(() => expect(services().editors.active).toBe(11));
    const sel = services().editors.view.state.selection.main;
    // "-- 😀 " is 6 UTF-16 units (the emoji counts 2) though the column is 6 characters.
    expect([sel.from, sel.to]).toEqual([6, 12]);
    expect(services().editors.view.state.sliceDoc(sel.from, sel.to)).toBe("orders");
  });

  it("opens the chosen hit with arrow keys and Enter", async () => {
    const { services } = await renderApp(seed);
    fireEvent.keyDown(document.body, { key: "F", ctrlKey: true, shiftKey: true });
    const input = await screen.findByTestId("search-input");
    fireEvent.change(input, { target: { value: "o.total" } });
    await waitFor(() => expect(screen.getAllByTestId("search-hit")).toHaveLength(1));
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(services().editors.active).toBe(10));
    const sel = services().editors.view.state.selection.main;
    expect(services().editors.view.state.sliceDoc(sel.from, sel.to)).toBe("o.total");
    expect(screen.getByTestId("status-cursor").textContent).toBe("Ln 3, Col 14");
  });

  it("says when nothing matches, and shows a search failure", async () => {
    const { fake } = await renderApp(seed);
    fireEvent.keyDown(document.body, { key: "F", ctrlKey: true, shiftKey: true });
    const input = await screen.findByTestId("search-input");
    fireEvent.change(input, { target: { value: "zzz" } });
    await waitFor(() => expect(screen.getByTestId("search-summary").textContent).toBe("No results"));
    fake.failNext.set("search", { kind: "invalid", message: "the query is too short" });
    fireEvent.change(input, { target: { value: "z" } });
    await waitFor(() => expect(screen.getByTestId("search-summary").textContent).toBe("the query is too short"));
    expect((await screen.findByTestId("toast")).textContent).toContain("Search failed: the query is too short");
  });
});
