import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { CheckpointCharts, ConnectionProfile, JobActionProgress, JobConfigView, JobList, JobView, RunUpdate } from "../ipc/bindings";
import type { JobsApi } from "./ipc";
import { JobsView } from "./JobsView";
import { stateTone, shortId, duration, ago } from "./format";
import { planGraph } from "./JobPlanGraph";
import { progressText } from "./ActionDialog";
// Views produced by the use case from recorded Flink 2.3.0 answers (crates/weir/tests/jobs_replay.rs).
import listJson from "./fixtures/job-list.json";
import runningJson from "./fixtures/running-job.json";
import failedJson from "./fixtures/failed-job.json";
import configJson from "./fixtures/job-config.json";
import chartsJson from "./fixtures/checkpoint-charts.json";

vi.mock("./JobPlanGraph", async (original) => {
  const real = await original<typeof import("./JobPlanGraph")>();
  return { ...real, default: () => <div data-testid="job-plan-graph-stub" /> };
});

const LIST = listJson as JobList;
const RUNNING = runningJson as JobView;
const FAILED = failedJson as JobView;

function fakeApi(over: Partial<JobsApi> = {}): JobsApi {
  return {
    connections: async () => [] as ConnectionProfile[],
    list: async () => LIST,
    show: async (_c, job) => (job === FAILED.job.id ? FAILED : RUNNING),
    config: async () => configJson as JobConfigView,
    checkpointCharts: async () => chartsJson as CheckpointCharts,
    cancel: async () => ({ id: RUNNING.job.id, state: "CANCELED", observedAtMs: 1 }),
    savepoint: async () => ({ job: RUNNING.job.id, path: "file:/tmp/sp/savepoint-4757-abc", jobStatus: null }),
    stop: async () => ({ job: RUNNING.job.id, path: "file:/tmp/sp/savepoint-stop", jobStatus: { id: RUNNING.job.id, state: "FINISHED", observedAtMs: 2 } }),
    restore: async () => {
      throw new Error("not expected");
    },
    onRun: async () => () => undefined,
    onProgress: async () => () => undefined,
    ...over,
  };
}

describe("format", () => {
  it("colours states: RUNNING green, FAILED red, ended grey, the rest amber", () => {
    expect(["RUNNING", "FAILED", "CANCELED", "FINISHED", "RESTARTING", "CREATED"].map(stateTone)).toEqual([
      "running",
      "failed",
      "ended",
      "ended",
      "transient",
      "transient",
    ]);
    expect(shortId("4757445ea38054819afe51c644ad5340")).toBe("4757445e");
    expect([duration(450), duration(12_000), duration(185_000), duration(3_720_000), duration(null)]).toEqual(["450 ms", "12s", "3m 05s", "1h 02m", "—"]);
    expect(ago(1000, 13_400)).toBe("12 s ago");
  });
});

describe("JobsView", () => {
  it("lists the recorded jobs with their state, colour, short id and when observed", async () => {
    render(<JobsView api={fakeApi()} connection="prod" visible />);
    const rows = await screen.findAllByTestId("jobs-row");
    expect(rows.map((r) => r.getAttribute("data-job-id"))).toEqual(LIST.jobs.map((j) => j.id));
    const failedRow = rows.find((r) => r.textContent?.includes("weir-rec-failing"))!;
    const state = within(failedRow).getByTestId("job-state");
    expect(state.textContent).toBe("FAILED");
    expect(state.className).toContain("tone-failed");
    expect(failedRow.textContent).toContain(shortId(FAILED.job.id));
    expect(failedRow.textContent).toMatch(/observed \d\d:\d\d:\d\d/);
    const running = rows.find((r) => r.textContent?.includes("weir-rec-running"))!;
    expect(within(running).getByTestId("job-state").className).toContain("tone-running");
  });

  it("keeps the last list with 'last seen' and the error when the cluster becomes unreachable", async () => {
    let calls = 0;
    const api = fakeApi({
      list: async () => {
        calls++;
        if (calls === 1) return LIST;
        throw { kind: "connection", message: "cannot reach the JobManager at http://127.0.0.1:8081: connection refused" };
      },
    });
    render(<JobsView api={api} connection="prod" visible pollInterval={20} />);
    await screen.findAllByTestId("jobs-row");
    const error = await screen.findByTestId("jobs-error");
    expect(error.textContent).toContain("connection refused");
    expect(screen.getByTestId("jobs-last-seen").textContent).toMatch(/last seen \d+ (s|min|h) ago/);
    // The last known states stay, never UNKNOWN.
    const states = screen.getAllByTestId("job-state").map((s) => s.textContent);
    expect(states).toEqual(LIST.jobs.map((j) => j.state));
    expect(document.body.textContent).not.toContain("UNKNOWN");
  });

  it("does not poll while hidden", async () => {
    const list = vi.fn(async () => LIST);
    const { rerender } = render(<JobsView api={fakeApi({ list })} connection="prod" visible={false} pollInterval={10} />);
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(list).not.toHaveBeenCalled();
    rerender(<JobsView api={fakeApi({ list })} connection="prod" visible pollInterval={10} />);
    await waitFor(() => expect(list).toHaveBeenCalled());
  });

  it("shows a running job's plan with its vertices, and a failed job's root cause first with the trace behind a toggle", async () => {
    render(<JobsView api={fakeApi()} connection="prod" visible />);
    const rows = await screen.findAllByTestId("jobs-row");
    fireEvent.click(rows.find((r) => r.textContent?.includes("weir-rec-running"))!);
    const detail = await screen.findByTestId("job-detail");
    await within(detail).findByTestId("job-plan");
    expect(within(detail).getByTestId("job-detail-state").textContent).toBe("RUNNING");
    const vertices = within(detail).getAllByTestId("job-vertex-row");
    expect(vertices).toHaveLength(RUNNING.vertices.length);
    expect(vertices[0]!.textContent).toContain("Source: gen");
    await within(detail).findByTestId("job-plan-graph-stub");
    // Live figures from the vertices' metrics: rates and backpressure as Flink reported them.
    expect(within(vertices[0]!).getByTestId("job-vertex-out-rate").textContent).toBe("0.0/s");
    expect(within(vertices[1]!).getByTestId("job-vertex-backpressure").textContent).toBe("0%");

    fireEvent.click(within(detail).getByTestId("job-tab-checkpoints"));
    const cps = within(detail).getByTestId("job-checkpoints");
    expect(within(cps).getByTestId("job-cp-counts").textContent).toContain(`completed ${RUNNING.checkpoints!.completed}`);
    expect(within(cps).getAllByTestId("job-cp-row")).toHaveLength(RUNNING.checkpoints!.history.length);
    // The history charted by weir-chart: duration and size over time.
    const charts = await within(cps).findByTestId("job-cp-charts");
    expect(within(charts).getByTestId("job-cp-chart-duration").innerHTML).toContain("Checkpoint duration");
    expect(within(charts).getByTestId("job-cp-chart-size").innerHTML).toContain("size (KiB)");

    fireEvent.click(within(detail).getByTestId("job-tab-config"));
    const config = await within(detail).findByTestId("job-config");
    expect(within(config).getByTestId("job-config-checkpointing").textContent).toContain("exactly_once");
    expect(within(config).getByTestId("job-config-execution").textContent).toContain("restart strategy");

    fireEvent.click(screen.getAllByTestId("jobs-row").find((r) => r.textContent?.includes("weir-rec-failing"))!);
    await waitFor(() => expect(screen.getByTestId("job-detail").getAttribute("data-job-id")).toBe(FAILED.job.id));
    const d2 = screen.getByTestId("job-detail");
    await waitFor(() => expect(within(d2).getByTestId("job-detail-state").textContent).toBe("FAILED"));
    fireEvent.click(within(d2).getByTestId("job-tab-exceptions"));
    const root = within(d2).getByTestId("job-root-cause");
    expect(root.textContent).toBe(FAILED.failures[0]!.rootCause);
    expect(root.textContent).toContain("For input string");
    expect(within(d2).queryByTestId("job-trace")).toBeNull();
    fireEvent.click(within(d2).getAllByTestId("job-trace-toggle")[0]!);
    expect(within(d2).getByTestId("job-trace").textContent).toBe(FAILED.failures[0]!.trace);
    // Actions need a running job.
    expect((within(d2).getByTestId("job-action-savepoint") as HTMLButtonElement).disabled).toBe(true);
    expect((within(d2).getByTestId("job-action-cancel") as HTMLButtonElement).disabled).toBe(true);
  });

  it("takes a savepoint after confirmation, shows progress, then the path", async () => {
    let emit: ((p: JobActionProgress) => void) | null = null;
    let finish: (() => void) | null = null;
    const savepoint = vi.fn(
      (_c: string, job: string, _dir: string | null) =>
        new Promise<{ job: string; path: string; jobStatus: null }>((resolve) => {
          finish = () => resolve({ job, path: "file:/tmp/sp/savepoint-4757-abc", jobStatus: null });
        }),
    );
    const api = fakeApi({
      savepoint,
      onProgress: async (h) => {
        emit = h;
        return () => (emit = null);
      },
    });
    render(<JobsView api={api} connection="prod" visible />);
    fireEvent.click((await screen.findAllByTestId("jobs-row")).find((r) => r.textContent?.includes("weir-rec-running"))!);
    const button = await screen.findByTestId("job-action-savepoint");
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    const dialog = screen.getByTestId("job-action-dialog");
    expect(dialog.parentElement?.parentElement).toBe(document.body); // portalled
    fireEvent.change(within(dialog).getByTestId("job-action-dir"), { target: { value: " file:/tmp/sp " } });
    fireEvent.click(within(dialog).getByTestId("job-action-confirm"));
    expect(savepoint).toHaveBeenCalledWith("prod", RUNNING.job.id, "file:/tmp/sp");
    await screen.findByTestId("job-action-progress");
    await waitFor(() => expect(emit).not.toBeNull());
    act(() => emit!({ job: RUNNING.job.id, progress: { step: "savepointInProgress", polls: 2, elapsedMs: 1500 } }));
    expect(screen.getByTestId("job-action-progress").textContent).toContain("Writing the savepoint… (1s)");
    await act(async () => finish!());
    expect((await screen.findByTestId("job-savepoint-path")).textContent).toBe("file:/tmp/sp/savepoint-4757-abc");
  });

  it("shows Flink's cause when the savepoint fails", async () => {
    const api = fakeApi({
      savepoint: async () => {
        throw { kind: "server", message: "savepoint of job 4757 on http://127.0.0.1:8081 failed: Failed to create directory /proc/weir-not-writable" };
      },
    });
    render(<JobsView api={api} connection="prod" visible />);
    fireEvent.click((await screen.findAllByTestId("jobs-row")).find((r) => r.textContent?.includes("weir-rec-running"))!);
    const button = await screen.findByTestId("job-action-savepoint");
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    fireEvent.click(screen.getByTestId("job-action-confirm"));
    expect((await screen.findByTestId("job-action-error")).textContent).toContain("Failed to create directory");
  });
});

describe("plan graph", () => {
  it("places every vertex and draws the plan's edges left to right", () => {
    const { nodes, edges } = planGraph(RUNNING.vertices);
    expect(nodes.map((n) => n.id)).toEqual(RUNNING.vertices.map((v) => v.id));
    expect(edges).toEqual([expect.objectContaining({ source: RUNNING.vertices[0]!.id, target: RUNNING.vertices[1]!.id, label: "HASH" })]);
    expect(nodes[1]!.position.x).toBeGreaterThan(nodes[0]!.position.x);
  });

  it("words the actions' progress", () => {
    expect(progressText({ step: "triggered", trigger: "0123456789abcdef" })).toContain("trigger 01234567");
    expect(progressText({ step: "jobState", status: { id: "x", state: "RUNNING", observedAtMs: 0 }, elapsedMs: 2500 })).toContain("RUNNING");
  });
});

describe("restart from a savepoint", () => {
  it("runs the job's set-up and statement from the path picked, follows the run to the new job and opens it", async () => {
    const origin = { scriptId: 3, script: "etl/orders", statement: "INSERT INTO snk SELECT * FROM src", connection: "prod", startedAt: 1 };
    const ended = { ...FAILED, job: { ...FAILED.job, origin } };
    const statement = (status: "pending" | "ok", jobId: string | null) => ({
      index: 0,
      kind: "insert",
      sql: origin.statement,
      line: 1,
      column: 1,
      status,
      jobId,
      error: null,
      isQuery: false,
      columns: [],
      rows: 0,
      changes: 0,
      truncatedAt: null,
      durationMs: 0,
    });
    let emit: ((u: RunUpdate) => void) | null = null;
    const restore = vi.fn(async (_job: string, _from: string): Promise<RunUpdate> => ({ runId: 9, scriptId: 3, connection: "prod", finished: false, statements: [statement("pending", null)] }));
    const show = vi.fn(async (_c: string, job: string) => (job === FAILED.job.id ? ended : RUNNING));
    const api = fakeApi({
      show,
      restore,
      onRun: async (h) => {
        emit = h;
        return () => undefined;
      },
    });
    render(<JobsView api={api} connection="prod" visible />);
    const rows = await screen.findAllByTestId("jobs-row");
    fireEvent.click(within(rows.find((r) => r.textContent?.includes("weir-rec-failing"))!).getAllByRole("cell")[0]!);
    const detail = await screen.findByTestId("job-detail");
    await waitFor(() => expect(within(detail).getByTestId("job-origin").textContent).toContain("etl/orders"));
    fireEvent.click(within(detail).getByTestId("job-action-restore"));
    const dialog = await screen.findByTestId("job-restore-dialog");
    expect(dialog.textContent).toContain(origin.statement);
    fireEvent.change(within(dialog).getByTestId("job-restore-path"), { target: { value: "file:/tmp/sp/savepoint-1" } });
    fireEvent.click(within(dialog).getByTestId("job-restore-confirm"));
    await waitFor(() => expect(restore).toHaveBeenCalledWith(FAILED.job.id, "file:/tmp/sp/savepoint-1"));
    await waitFor(() => expect(emit).not.toBeNull());
    act(() => emit!({ runId: 9, scriptId: 3, connection: "prod", finished: true, statements: [statement("ok", RUNNING.job.id)] }));
    expect((await within(dialog).findByTestId("job-restore-done")).textContent).toContain(RUNNING.job.id);
    fireEvent.click(within(dialog).getByTestId("job-restore-open"));
    await waitFor(() => expect(screen.getByTestId("job-detail").getAttribute("data-job-id")).toBe(RUNNING.job.id));
  });

  it("is offered only for an ended job Weir started", async () => {
    render(<JobsView api={fakeApi()} connection="prod" visible />);
    const rows = await screen.findAllByTestId("jobs-row");
    fireEvent.click(rows.find((r) => r.textContent?.includes("weir-rec-failing"))!);
    const detail = await screen.findByTestId("job-detail");
    await waitFor(() => expect(within(detail).getByTestId("job-detail-state").textContent).toBe("FAILED"));
    const button = within(detail).getByTestId("job-action-restore") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toContain("Weir did not start this job");
  });
});
