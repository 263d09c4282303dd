import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderApp } from "../test/render";
import type { RunUpdate, StatementInfo, WindowRow } from "../ipc/bindings";

const script = { id: 1, folderId: null, name: "q.sql", text: "CREATE TABLE t (id INT);\nSELECT id, name FROM t;" };

const info = (over: Partial<StatementInfo>): StatementInfo => ({
  index: 0,
  kind: "query",
  sql: "SELECT 1",
  line: 1,
  column: 1,
  status: "ok",
  jobId: null,
  error: null,
  isQuery: false,
  columns: [],
  rows: 0,
  changes: 0,
  truncatedAt: null,
  durationMs: 12,
  ...over,
});

describe("running", () => {
  it("runs the statement at the cursor with Ctrl+Enter and shows the run log and grid", async () => {
    const { fake, services } = await renderApp({
      scripts: [script],
      tabs: { tabs: [{ scriptId: 1, anchor: 30, head: 30, scrollTop: 0 }], active: 1, closed: [] },
    });
    await screen.findByTestId("run-toolbar");
    fireEvent.click(screen.getByTestId("mode-batch"));
    const content = document.querySelector(".cm-content") as HTMLElement;
    content.focus();
    fireEvent.keyDown(content, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(fake.runRequests).toHaveLength(1));
    expect(fake.runRequests[0]).toEqual({
      scriptId: 1,
      scope: { kind: "cursor", at: 30 },
      connection: "local",
      mode: "batch",
      maxRows: null,
    });

    fake.resultRows = Array.from({ length: 500 }, (_, i): WindowRow => ({
      index: i,
      row: i,
      kind: "+I",
      cells: [{ t: "int", v: i + 1 }, i === 0 ? { t: "null" } : { t: "text", v: `n${i}` }],
    }));
    const runId = fake.runRequests.length + 1000 - 1;
    const update: RunUpdate = {
      runId: services().runs.runs.get().get(1)?.runId ?? runId,
      scriptId: 1,
      connection: "local",
      finished: true,
      statements: [
        info({
          sql: "SELECT id, name FROM t",
          line: 2,
          isQuery: true,
          jobId: "0123456789abcdef0123456789abcdef",
          columns: [
            { name: "id", type: "INT", class: "int" },
            { name: "name", type: "STRING", class: "text" },
          ],
          rows: 500,
          changes: 500,
        }),
      ],
    };
    await fake.emitRun(update);
    const log = await screen.findByTestId("run-log");
    await waitFor(() => expect(within(log).getAllByTestId("run-item")).toHaveLength(1));
    expect(within(log).getByTestId("run-job").textContent).toContain("0123456789abcdef");
    await waitFor(() => expect(screen.getByTestId("grid-count").textContent).toBe("500 rows"));
    expect(fake.windowQueries[0]).toMatchObject({ view: "materialized", sort: [], filters: [], offset: 0 });
    // sorting asks Rust for a sorted window
    fireEvent.click(screen.getByTestId("col-id"));
    await waitFor(() =>
      expect(fake.windowQueries.at(-1)).toMatchObject({ sort: [{ column: 0, descending: false }], offset: 0 }),
    );
    // a filter is sent as a typed condition
    fireEvent.change(screen.getByTestId("filter-name"), { target: { value: "!null" } });
    await waitFor(() =>
      expect(fake.windowQueries.at(-1)).toMatchObject({ filters: [{ column: 1, op: "isNotNull", value: "" }] }),
    );
  });

  it("shows a failed statement's root cause, its place and its trace", async () => {
    const { fake, services } = await renderApp({
      scripts: [script],
      tabs: { tabs: [{ scriptId: 1, anchor: 0, head: 0, scrollTop: 0 }], active: 1, closed: [] },
    });
    await screen.findByTestId("run-toolbar");
    fireEvent.click(screen.getByTestId("run-script"));
    await waitFor(() => expect(fake.runRequests[0]?.scope).toEqual({ kind: "script" }));
    await waitFor(() => expect(services().runs.runs.get().get(1)).toBeDefined());
    const runId = services().runs.runs.get().get(1)!.runId;
    await fake.emitRun({
      runId,
      scriptId: 1,
      connection: "local",
      finished: true,
      statements: [
        info({ index: 0, kind: "create_table", sql: "CREATE TABLE t (id INT)" }),
        info({
          index: 1,
          sql: "SELECT id, name FROM t",
          line: 2,
          status: "error",
          error: { message: "Column 'name' not found in any table", trace: "Caused by: ...", line: 2, column: 12 },
        }),
      ],
    });
    const err = await screen.findByTestId("run-error");
    expect(err.textContent).toContain("line 2:12");
    expect(err.textContent).toContain("Column 'name' not found");
    fireEvent.click(within(err).getByTestId("show-trace"));
    expect(err.querySelector(".run-trace")?.textContent).toBe("Caused by: ...");
  });
});

describe("history", () => {
  it("lists the active script's runs and searches them", async () => {
    const { fake } = await renderApp({
      scripts: [script],
      tabs: { tabs: [{ scriptId: 1, anchor: 0, head: 0, scrollTop: 0 }], active: 1, closed: [] },
    });
    const entry = (id: number, statement: string, status: string) => ({
      id,
      scriptId: 1,
      statement,
      connection: "local",
      startedAt: Date.now(),
      durationMs: 1500,
      rowCount: 3,
      status,
      jobId: null,
      error: status === "error" ? "Object 'x' not found" : null,
    });
    fake.history = [entry(2, "SELECT * FROM x", "error"), entry(1, "SELECT 1", "ok")];
    fireEvent.click(screen.getByRole("tab", { name: "History" }));
    const panel = await screen.findByTestId("history-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("history-row")).toHaveLength(2));
    expect(within(panel).getAllByTestId("history-row")[0]!.textContent).toContain("1.50 s");
    fireEvent.change(within(panel).getByTestId("history-filter"), { target: { value: "from x" } });
    await waitFor(() => expect(within(panel).getAllByTestId("history-row")).toHaveLength(1));
    expect(fake.callsOf("run_history").at(-1)).toEqual({ scriptId: 1, filter: "from x" });
  });
});

describe("run updates", () => {
  it("keeps a run finished when its pending first state arrives after its last event", async () => {
    const { services } = await renderApp({ scripts: [script] });
    const runs = services().runs;
    const update = (finished: boolean, status: StatementInfo["status"]): RunUpdate => ({
      runId: 7,
      scriptId: 1,
      connection: "shop",
      finished,
      statements: [info({ status, isQuery: true, rows: 3 })],
    });
    runs.apply(update(true, "ok"));
    runs.apply(update(false, "pending"));
    expect(runs.runs.get().get(1)?.finished).toBe(true);
    expect(runs.runs.get().get(1)?.statements[0]?.status).toBe("ok");
    // a newer run replaces it
    runs.apply({ ...update(false, "pending"), runId: 8 });
    expect(runs.runs.get().get(1)?.runId).toBe(8);
  });
});
