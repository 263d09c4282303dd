import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Suspense } from "react";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { LineageView } from "./LineageView";
import { LazyLineageView } from "./index";
import { columnKey, downstream, filterGraph, normalizeGraph, pathOf, shortName, upstream } from "./paths";
import { estimateWidth, layout, nodeHeight } from "./layout";
import type { ColumnEdge, LineageGraph, Transform } from "./types";

// ---------- jsdom stand-ins for the layout APIs xyflow measures with ----------
// ResizeObserver reports each observed element once, as a browser does on observe(); nodes then get
// measured (offsetWidth/Height) and their handles placed (getBoundingClientRect), so edges render.
class ReportingResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    queueMicrotask(() =>
      this.callback([{ target } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver),
    );
  }
  unobserve() {}
  disconnect() {}
}
class IdentityMatrix {
  m22 = 1;
  a = 1;
  d = 1;
  e = 0;
  f = 0;
}
const saved: Record<string, PropertyDescriptor | undefined> = {};
beforeAll(() => {
  vi.stubGlobal("ResizeObserver", ReportingResizeObserver);
  vi.stubGlobal("DOMMatrixReadOnly", IdentityMatrix);
  vi.stubGlobal("DOMMatrix", IdentityMatrix);
  for (const [prop, value] of [
    ["offsetWidth", 200],
    ["offsetHeight", 120],
  ] as const) {
    saved[prop] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  vi.unstubAllGlobals();
  for (const [prop, desc] of Object.entries(saved)) if (desc) Object.defineProperty(HTMLElement.prototype, prop, desc);
});

// ---------- a script's lineage ----------
// orders ─┬─ price, qty ─expr→ v_orders.amount ─agg→ totals.total ─copy→ report.total   (3 hops)
//         │                    v_orders.amount ─copy→ audit.amount                      (branch)
//         └─ id ─copy→ v_orders.id ─copy→ audit.id
// customers.id joins orders.customer (dependency); orders.status filters totals (dependency).
const T = (t: string) => `default_catalog.default_database.${t}`;
let line = 10;
const edge = (from: string, fc: string, to: string, tc: string, transform: Transform, index = 0): ColumnEdge => ({
  from: { table: T(from), column: fc },
  to: { table: T(to), column: tc },
  transform,
  statement: { index, line: line++ },
});
const graph: LineageGraph = {
  tables: [
    { name: T("orders"), role: "source", columns: ["id", "price", "qty", "customer", { name: "status", type: "STRING" }] },
    { name: T("customers"), role: "source", columns: [{ name: "id", type: "BIGINT" }, "region"] },
    { name: T("v_orders"), role: "view", columns: ["id", "amount"] },
    { name: T("totals"), role: "view", columns: [{ name: "total", type: "DECIMAL(18, 2)" }] },
    { name: T("report"), role: "sink", columns: ["total"] },
    { name: T("audit"), role: "sink", columns: ["id", "amount"] },
  ],
  edges: [
    edge("orders", "price", "v_orders", "amount", "expression", 1), // 0
    edge("orders", "qty", "v_orders", "amount", "expression", 1), // 1
    edge("v_orders", "amount", "totals", "total", "aggregate", 2), // 2
    edge("totals", "total", "report", "total", "copy", 3), // 3
    edge("v_orders", "amount", "audit", "amount", "copy", 4), // 4
    edge("orders", "id", "v_orders", "id", "copy", 1), // 5
    edge("v_orders", "id", "audit", "id", "copy", 4), // 6
  ],
  dependencies: [
    edge("customers", "id", "v_orders", "amount", "copy", 1), // 0: join
    edge("orders", "status", "totals", "total", "copy", 2), // 1: filter
  ],
};
const k = (t: string, c: string) => columnKey(T(t), c);

describe("paths", () => {
  it("walks a 3-hop chain upstream and downstream, with its branch", () => {
    const up = upstream(graph, T("report"), "total");
    expect(up.columns).toEqual(
      new Set([k("report", "total"), k("totals", "total"), k("v_orders", "amount"), k("orders", "price"), k("orders", "qty")]),
    );
    expect(up.edges).toEqual(new Set([3, 2, 0, 1]));
    expect(up.dependencies.size).toBe(0);

    const down = downstream(graph, T("orders"), "price");
    expect(down.columns).toEqual(
      new Set([k("orders", "price"), k("v_orders", "amount"), k("totals", "total"), k("report", "total"), k("audit", "amount")]),
    );
    expect(down.edges).toEqual(new Set([0, 2, 3, 4]));

    const path = pathOf(graph, T("v_orders"), "amount");
    expect(path.columns).toEqual(
      new Set([
        k("orders", "price"),
        k("orders", "qty"),
        k("v_orders", "amount"),
        k("totals", "total"),
        k("report", "total"),
        k("audit", "amount"),
      ]),
    );
    expect(path.edges).toEqual(new Set([0, 1, 2, 3, 4]));
    // the id chain is a different path
    expect(path.columns.has(k("orders", "id"))).toBe(false);
  });

  it("follows filter/join dependencies only when asked", () => {
    const plain = upstream(graph, T("report"), "total");
    expect(plain.columns.has(k("orders", "status"))).toBe(false);
    const withDeps = upstream(graph, T("report"), "total", { dependencies: true });
    expect(withDeps.columns.has(k("orders", "status"))).toBe(true);
    expect(withDeps.columns.has(k("customers", "id"))).toBe(true);
    expect(withDeps.dependencies).toEqual(new Set([0, 1]));
    // impact of the join key reaches the report through the view
    expect(downstream(graph, T("customers"), "id", { dependencies: true }).columns.has(k("report", "total"))).toBe(true);
  });

  it("survives cycles", () => {
    const cyclic: LineageGraph = {
      tables: [],
      edges: [edge("a", "x", "b", "x", "copy"), edge("b", "x", "a", "x", "copy")],
      dependencies: [],
    };
    expect(pathOf(cyclic, T("a"), "x").columns.size).toBe(2);
  });

  it("filters tables by name, case-insensitively, with only the edges between the ones left", () => {
    const f = filterGraph(graph, "ORDERS");
    expect(f.tables.map((t) => shortName(t.name))).toEqual(["orders", "v_orders"]);
    expect(f.edges.map((e) => `${e.from.column}>${e.to.column}`)).toEqual(["price>amount", "qty>amount", "id>id"]);
    expect(f.dependencies).toEqual([]);
    expect(filterGraph(graph, "  ").tables).toHaveLength(6);
    expect(filterGraph(graph, "nothing").edges).toEqual([]);
  });

  it("normalises string and object columns and adds what edges mention but tables lack", () => {
    const n = normalizeGraph({
      tables: [{ name: "c.d.a", role: "source", columns: ["x", { name: "y", type: "INT" }, "x"] }],
      edges: [{ from: { table: "c.d.a", column: "z" }, to: { table: "c.d.b", column: "x" }, transform: "copy", statement: { index: 0, line: 1 } }],
      dependencies: [],
    });
    expect(n.tables).toEqual([
      { name: "c.d.a", role: "source", columns: [{ name: "x" }, { name: "y", type: "INT" }, { name: "z" }] },
      { name: "c.d.b", role: "sink", columns: [{ name: "x" }] },
    ]);
    expect(shortName("cat.`my.db`.`t.1`")).toBe("t.1");
  });

  it("lays tables out left to right in dependency order, sized by their columns", () => {
    const n = normalizeGraph(graph);
    const boxes = layout(n);
    const x = (t: string) => boxes.get(T(t))?.x ?? NaN;
    expect(x("orders")).toBeLessThan(x("v_orders"));
    expect(x("v_orders")).toBeLessThan(x("totals"));
    expect(x("totals")).toBeLessThan(x("report"));
    expect(x("v_orders")).toBeLessThan(x("audit"));
    expect(boxes.get(T("orders"))?.height).toBe(nodeHeight(5));
    expect(nodeHeight(5) - nodeHeight(4)).toBe(22);
    expect(boxes.get(T("totals"))?.width).toBe(estimateWidth(n.tables[3] as (typeof n.tables)[number]));
    // boxes in the same rank do not overlap
    const a = boxes.get(T("report"));
    const b = boxes.get(T("audit"));
    expect(a && b && (a.y + a.height <= b.y || b.y + b.height <= a.y)).toBe(true);
    // pure: same input, same answer
    expect([...layout(n)]).toEqual([...boxes]);
  });
});

// ---------- the view ----------
const noop = () => {};
const col = (table: string, column: string) =>
  document.querySelector(`[data-testid="lineage-column"][data-table="${T(table)}"][data-column="${column}"]`) as HTMLElement;
const focusOf = (table: string, column: string) => col(table, column).getAttribute("data-focus");

describe("LineageView", () => {
  it("draws a node per table with its role and columns", async () => {
    render(<LineageView graph={graph} onJump={noop} onExport={noop} />);
    const nodes = await screen.findAllByTestId("lineage-node");
    expect(nodes.map((n) => n.getAttribute("data-table"))).toEqual(graph.tables.map((t) => t.name));
    const orders = nodes[0] as HTMLElement;
    expect(within(orders).getByTitle(T("orders")).textContent).toContain("orders");
    expect(within(orders).getByText("source")).toBeTruthy();
    expect(within(orders).getAllByTestId("lineage-column").map((c) => c.getAttribute("data-column"))).toEqual([
      "id",
      "price",
      "qty",
      "customer",
      "status",
    ]);
    expect(within(orders).getByText("STRING")).toBeTruthy();
    expect(screen.getByTestId("lineage-edge-count").textContent).toBe("7");
  });

  it("focuses a column: its path is lit, everything else dimmed; a second click clears", async () => {
    render(<LineageView graph={graph} onJump={noop} onExport={noop} />);
    await screen.findAllByTestId("lineage-node");
    expect(focusOf("v_orders", "amount")).toBe("");
    fireEvent.click(col("v_orders", "amount"));
    expect(focusOf("v_orders", "amount")).toBe("on");
    for (const [t, c] of [
      ["orders", "price"],
      ["orders", "qty"],
      ["totals", "total"],
      ["report", "total"],
      ["audit", "amount"],
    ] as const)
      expect(focusOf(t, c), `${t}.${c}`).toBe("path");
    for (const [t, c] of [
      ["orders", "id"],
      ["v_orders", "id"],
      ["audit", "id"],
      ["customers", "id"],
    ] as const)
      expect(focusOf(t, c), `${t}.${c}`).toBe("dim");
    const customers = screen.getAllByTestId("lineage-node").find((n) => n.getAttribute("data-table") === T("customers"));
    expect(customers?.className).toContain("lineage-node-dim");

    fireEvent.click(col("v_orders", "amount"));
    expect(screen.getAllByTestId("lineage-column").every((c) => c.getAttribute("data-focus") === "")).toBe(true);
  });

  it("clears the focus on a click on the background", async () => {
    const { container } = render(<LineageView graph={graph} onJump={noop} onExport={noop} />);
    await screen.findAllByTestId("lineage-node");
    fireEvent.click(col("orders", "id"));
    expect(focusOf("audit", "id")).toBe("path");
    fireEvent.click(container.querySelector(".react-flow__pane") as HTMLElement);
    expect(focusOf("orders", "id")).toBe("");
    expect(focusOf("audit", "id")).toBe("");
  });

  it("filters tables by name and hides the edges of the ones filtered out", async () => {
    render(<LineageView graph={graph} onJump={noop} onExport={noop} />);
    await screen.findAllByTestId("lineage-node");
    fireEvent.change(screen.getByTestId("lineage-filter"), { target: { value: "Orders" } });
    await waitFor(() =>
      expect(screen.getAllByTestId("lineage-node").map((n) => n.getAttribute("data-table"))).toEqual([T("orders"), T("v_orders")]),
    );
    expect(screen.getByTestId("lineage-edge-count").textContent).toBe("3");
    fireEvent.change(screen.getByTestId("lineage-filter"), { target: { value: "zzz" } });
    await waitFor(() => expect(screen.queryAllByTestId("lineage-node")).toHaveLength(0));
    expect(screen.getByTestId("lineage-edge-count").textContent).toBe("0");
    expect(screen.getByTestId("lineage-nomatch").textContent).toContain("zzz");
  });

  it("counts dependency edges only while the toggle is on", async () => {
    render(<LineageView graph={graph} onJump={noop} onExport={noop} />);
    await screen.findAllByTestId("lineage-node");
    const count = () => screen.getByTestId("lineage-edge-count").textContent;
    expect(count()).toBe("7");
    fireEvent.click(screen.getByTestId("lineage-deps-toggle"));
    expect(count()).toBe("9");
    // with dependencies on, the join key is on the path of the amount it gates
    fireEvent.click(col("v_orders", "amount"));
    expect(focusOf("customers", "id")).toBe("path");
    fireEvent.click(screen.getByTestId("lineage-deps-toggle"));
    expect(count()).toBe("7");
    expect(focusOf("customers", "id")).toBe("dim");
  });

  it("exports the graph as pretty-printed JSON", async () => {
    const onExport = vi.fn();
    render(<LineageView graph={graph} onJump={noop} onExport={onExport} />);
    fireEvent.click(await screen.findByTestId("lineage-export-json"));
    expect(onExport).toHaveBeenCalledTimes(1);
    const [kind, text] = onExport.mock.calls[0] as [string, string];
    expect(kind).toBe("json");
    expect(JSON.parse(text)).toEqual(graph);
    expect(text).toContain('\n  "tables": [');
  });

  it("jumps to the statement of a clicked edge", async () => {
    const onJump = vi.fn();
    render(<LineageView graph={graph} onJump={onJump} onExport={noop} />);
    // edges render once xyflow has measured the nodes and their handles
    await waitFor(() => expect(screen.getAllByTestId("lineage-edge")).toHaveLength(7));
    const agg = screen.getAllByTestId("lineage-edge").find((e) => e.getAttribute("data-kind") === "aggregate") as Element;
    fireEvent.click(agg);
    expect(onJump).toHaveBeenCalledWith(graph.edges[2]?.statement);
  });

  it("shows the empty, loading and error states", async () => {
    const { rerender } = render(<LineageView graph={null} onJump={noop} onExport={noop} />);
    expect(screen.getByTestId("lineage-empty").textContent).toBe("No tables yet: CREATE TABLE / INSERT statements appear here");
    rerender(<LineageView graph={{ tables: [], edges: [], dependencies: [] }} onJump={noop} onExport={noop} />);
    expect(screen.getByTestId("lineage-empty")).toBeTruthy();
    rerender(<LineageView graph={null} loading onJump={noop} onExport={noop} />);
    expect(screen.getByTestId("lineage-loading").textContent).toContain("Computing lineage");
    rerender(<LineageView graph={null} error="Line 3, column 7: table `orderz` is not defined" onJump={noop} onExport={noop} />);
    expect(screen.getByTestId("lineage-error").textContent).toContain("orderz");
    expect(screen.queryByTestId("lineage-empty")).toBeNull();
    // a failed refresh keeps the last graph on screen, under the message
    rerender(<LineageView graph={graph} loading error="timed out" onJump={noop} onExport={noop} />);
    expect(screen.getByTestId("lineage-error").textContent).toBe("timed out");
    expect(await screen.findAllByTestId("lineage-node")).toHaveLength(6);
    expect(screen.getByTestId("lineage-updating")).toBeTruthy();
  });

  it("loads lazily through index.ts", async () => {
    render(
      <Suspense fallback={<span>loading view</span>}>
        <LazyLineageView graph={graph} onJump={noop} onExport={noop} />
      </Suspense>,
    );
    expect(await screen.findByTestId("lineage-view")).toBeTruthy();
  });
});
