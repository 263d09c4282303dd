// One job: header (state, when observed, actions) and tabs Plan, Exceptions, Checkpoints,
// Configuration.
// Polled like the list while shown; an unreachable cluster keeps the last view with the error.
import { lazy, Suspense, useEffect, useState } from "react";
import type { CheckpointCharts, CheckpointRow, Checkpoints, Failure, JobConfigView, JobView } from "../ipc/bindings";
import { ActionDialog, type ActionKind } from "./ActionDialog";
import { RestoreDialog } from "./RestoreDialog";
import { ago, bytes, clockTime, count, dateTime, duration, perSecond, pressureTone, rate, shortId } from "./format";
import { useNow, usePoll } from "./hooks";
import type { JobsApi } from "./ipc";
import { StateBadge } from "./StateBadge";

const JobPlanGraph = lazy(() => import("./JobPlanGraph"));

type Tab = "plan" | "exceptions" | "checkpoints" | "config";

export interface JobDetailProps {
  api: JobsApi;
  connection: string;
  job: string;
  active: boolean;
  pollInterval?: number;
  onClose: () => void;
  /** Shows another job of the connection (the one a restart started). */
  onOpenJob?: (job: string) => void;
}

export function JobDetail({ api, connection, job, active, pollInterval, onClose, onOpenJob }: JobDetailProps) {
  const poll = usePoll<JobView>(`${connection}/${job}`, active, () => api.show(connection, job), pollInterval);
  const [tab, setTab] = useState<Tab>("plan");
  const [action, setAction] = useState<ActionKind | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [lastSavepoint, setLastSavepoint] = useState<string | null>(null);
  const now = useNow(!!poll?.error);
  const view = poll?.data ?? null;
  const state = view?.job.state ?? null;
  const running = state === "RUNNING";
  const ended = state === "FAILED" || state === "CANCELED" || state === "FINISHED";

  return (
    <section className="job-detail" data-testid="job-detail" data-job-id={job}>
      <header className="job-detail-header">
        <div className="job-detail-title">
          <strong title={view?.job.name}>{view?.job.name ?? shortId(job)}</strong>
          <small className="mono">{job}</small>
        </div>
        {view && <StateBadge state={view.job.state} observedAt={view.observedAtMs} testId="job-detail-state" />}
        {view?.jobType && <small className="job-type">{view.jobType}</small>}
        <span className="jobs-spacer" />
        <button type="button" disabled={!running} data-testid="job-action-savepoint" onClick={() => setAction("savepoint")}>
          Trigger savepoint
        </button>
        <button type="button" disabled={!running} data-testid="job-action-stop" onClick={() => setAction("stop")}>
          Stop with savepoint
        </button>
        <button type="button" disabled={!view || ended} data-testid="job-action-cancel" onClick={() => setAction("cancel")}>
          Cancel job
        </button>
        <button
          type="button"
          disabled={!view?.job.origin || !ended}
          title={
            !view?.job.origin
              ? "Weir did not start this job in this workspace: restart it from its script with SET 'execution.savepoint.path'"
              : !ended
                ? "Stop the job (with a savepoint) first"
                : "Start the job again with its state"
          }
          data-testid="job-action-restore"
          onClick={() => setRestoring(true)}
        >
          Restart from savepoint…
        </button>
        <button type="button" className="job-detail-close" title="Close" aria-label="Close the job" onClick={onClose}>
          ×
        </button>
      </header>
      {poll?.error && (
        <div className="jobs-error" role="alert" data-testid="job-error">
          <div>{poll.error}</div>
          {view && <small>last seen {ago(view.observedAtMs, now)}</small>}
        </div>
      )}
      {!view && !poll?.error && (
        <div className="jobs-empty">
          <span className="spinner small" /> Loading the job…
        </div>
      )}
      {view?.job.origin && (
        <div className="job-origin" data-testid="job-origin">
          Started by <strong>{view.job.origin.script ?? `script ${view.job.origin.scriptId}`}</strong> on {view.job.origin.connection} at{" "}
          {dateTime(view.job.origin.startedAt)}: <code title={view.job.origin.statement}>{view.job.origin.statement}</code>
        </div>
      )}
      {view && (
        <>
          <div className="job-tabs" role="tablist">
            {(
              [
                ["plan", "Plan"],
                ["exceptions", `Exceptions${view.failures.length ? ` (${view.failures.length})` : ""}`],
                ["checkpoints", "Checkpoints"],
                ["config", "Configuration"],
              ] as const
            ).map(([id, title]) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                className={"view-tab" + (tab === id ? " active" : "")}
                data-testid={`job-tab-${id}`}
                onClick={() => setTab(id)}
              >
                {title}
              </button>
            ))}
          </div>
          <div className="job-tab-body">
            {tab === "plan" && <PlanTab view={view} />}
            {tab === "exceptions" && <ExceptionsTab view={view} />}
            {tab === "checkpoints" && <CheckpointsTab view={view} api={api} />}
            {tab === "config" && <ConfigTab api={api} connection={connection} job={job} />}
          </div>
        </>
      )}
      {action && view && (
        <ActionDialog
          kind={action}
          api={api}
          connection={connection}
          job={job}
          jobName={view.job.name}
          onSavepoint={setLastSavepoint}
          onClose={() => setAction(null)}
        />
      )}
      {restoring && view && (
        <RestoreDialog
          api={api}
          view={view}
          recentPath={lastSavepoint}
          onOpenJob={(id) => {
            setRestoring(false);
            onOpenJob?.(id);
          }}
          onClose={() => setRestoring(false)}
        />
      )}
    </section>
  );
}

function PlanTab({ view }: { view: JobView }) {
  return (
    <div className="job-plan" data-testid="job-plan">
      {view.planUnavailable && <div className="jobs-note">The plan's edges could not be read: {view.planUnavailable}</div>}
      {view.liveUnavailable && <div className="jobs-note">Live figures could not be read: {view.liveUnavailable}</div>}
      <div className="job-plan-graph">
        <Suspense fallback={<div className="jobs-empty">Loading the graph…</div>}>
          <JobPlanGraph vertices={view.vertices} />
        </Suspense>
      </div>
      <table className="jobs-table compact">
        <thead>
          <tr>
            <th>Vertex</th>
            <th>Parallelism</th>
            <th>State</th>
            <th>Records in</th>
            <th>Records out</th>
            <th title="records received per second">In/s</th>
            <th title="records sent per second">Out/s</th>
            <th title="busy time of the busiest subtask">Busy</th>
            <th title="backpressured time of the most backpressured subtask">Backpressure</th>
            <th title="how far the lowest input watermark is behind the cluster's clock">Watermark lag</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {view.vertices.map((v) => (
            <tr key={v.id} data-testid="job-vertex-row" data-vertex-id={v.id}>
              <td className="job-name" title={v.name}>
                {v.name}
              </td>
              <td>{v.parallelism}</td>
              <td>
                <StateBadge state={v.state} testId="job-vertex-state" />
              </td>
              <td>{count(v.recordsIn)}</td>
              <td>{count(v.recordsOut)}</td>
              <td data-testid="job-vertex-in-rate">{rate(v.live?.recordsInPerSecond)}</td>
              <td data-testid="job-vertex-out-rate">{rate(v.live?.recordsOutPerSecond)}</td>
              <td>{perSecond(v.live?.busyMsPerSecond)}</td>
              <td className={`job-pressure pressure-${pressureTone(v.live?.backpressuredMsPerSecond)}`} data-testid="job-vertex-backpressure">
                {perSecond(v.live?.backpressuredMsPerSecond)}
              </td>
              <td title={v.live?.inputWatermark != null ? dateTime(v.live.inputWatermark) : "no watermark yet"}>
                {duration(v.live?.watermarkLagMs)}
              </td>
              <td>{duration(v.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FailureItem({ failure, first }: { failure: Failure; first: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div className={"job-failure" + (first ? " first" : "")} data-testid="job-failure">
      <div className="job-root-cause" data-testid={first ? "job-root-cause" : "job-cause"}>
        {failure.rootCause}
      </div>
      <small className="job-failure-meta">
        {failure.rootCauseClass && <span className="mono">{failure.rootCauseClass}</span>}
        {failure.timestamp != null && <span>{dateTime(failure.timestamp)}</span>}
        {failure.task && <span>task {failure.task}</span>}
        {failure.endpoint && <span>on {failure.endpoint}</span>}
      </small>
      <button type="button" className="link-button" data-testid="job-trace-toggle" onClick={() => setOpen((o) => !o)}>
        {open ? "Hide full trace" : "Show full trace"}
      </button>
      {open && (
        <pre className="job-trace" data-testid="job-trace">
          {failure.trace}
        </pre>
      )}
    </div>
  );
}

function ExceptionsTab({ view }: { view: JobView }) {
  return (
    <div className="job-exceptions" data-testid="job-exceptions">
      {view.failuresUnavailable && <div className="jobs-note">The failures could not be read: {view.failuresUnavailable}</div>}
      {!view.failuresUnavailable && view.failures.length === 0 && <div className="jobs-empty">No failures.</div>}
      {view.failures.map((f, i) => (
        <FailureItem key={i} failure={f} first={i === 0} />
      ))}
    </div>
  );
}

function CheckpointLine({ title, row, testId }: { title: string; row: CheckpointRow | null; testId: string }) {
  return (
    <div className="job-cp-line" data-testid={testId}>
      <span className="job-cp-title">{title}</span>
      {row ? (
        <span>
          #{row.id} · {dateTime(row.triggerTime)} · {duration(row.durationMs)} · {bytes(row.sizeBytes)}
          {row.path && <span className="mono job-cp-path"> {row.path}</span>}
          {row.failure && <span className="job-cp-failure"> {row.failure}</span>}
        </span>
      ) : (
        <span className="faint">none</span>
      )}
    </div>
  );
}

/** The checkpoint history charted by Rust (weir-chart), redrawn when a checkpoint completes. */
function CheckpointChartsBox({ history, api }: { history: CheckpointRow[]; api: JobsApi }) {
  const [charts, setCharts] = useState<CheckpointCharts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const completed = history.filter((r) => r.status === "COMPLETED");
  const key = completed.map((r) => r.id).join(",");
  useEffect(() => {
    let live = true;
    if (completed.length === 0) {
      setCharts(null);
      setError(null);
      return;
    }
    api
      .checkpointCharts(history, 520, 200, true, -new Date().getTimezoneOffset())
      .then(
        (c) => live && (setCharts(c), setError(null)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
    // redrawn only when the completed checkpoints change
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, api]);
  if (completed.length === 0) return <div className="jobs-note">No completed checkpoint to chart yet.</div>;
  if (error) return <div className="jobs-note">The checkpoint chart could not be drawn: {error}</div>;
  if (!charts) return null;
  return (
    <div className="job-cp-charts" data-testid="job-cp-charts">
      <div className="job-cp-chart" data-testid="job-cp-chart-duration" dangerouslySetInnerHTML={{ __html: charts.durationSvg }} />
      <div className="job-cp-chart" data-testid="job-cp-chart-size" dangerouslySetInnerHTML={{ __html: charts.sizeSvg }} />
    </div>
  );
}

function ConfigTab({ api, connection, job }: { api: JobsApi; connection: string; job: string }) {
  const [config, setConfig] = useState<JobConfigView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.config(connection, job).then(
      (c) => live && (setConfig(c), setError(null)),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, connection, job]);
  if (error)
    return (
      <div className="jobs-error" role="alert" data-testid="job-config-error">
        {error}
      </div>
    );
  if (!config)
    return (
      <div className="jobs-empty">
        <span className="spinner small" /> Reading the configuration…
      </div>
    );
  const section = (title: string, rows: JobConfigView["execution"], why: string | null, testId: string) => (
    <section data-testid={testId}>
      <h4>{title}</h4>
      {why && <div className="jobs-note">{why}</div>}
      {!why && rows.length === 0 && <div className="faint">nothing set</div>}
      {rows.length > 0 && (
        <table className="jobs-table compact">
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td className="key mono">{r.key}</td>
                <td className="value mono">{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
  return (
    <div className="job-config" data-testid="job-config">
      {section("Execution", config.execution, config.executionUnavailable, "job-config-execution")}
      {section("Checkpointing", config.checkpointing, config.checkpointingUnavailable, "job-config-checkpointing")}
    </div>
  );
}

function CheckpointsTab({ view, api }: { view: JobView; api: JobsApi }) {
  const c: Checkpoints | null = view.checkpoints;
  return (
    <div className="job-checkpoints" data-testid="job-checkpoints">
      {!c && <div className="jobs-note">No checkpoint statistics: {view.checkpointsUnavailable ?? "checkpointing may be off"}</div>}
      {c && (
        <>
          <div className="job-cp-counts" data-testid="job-cp-counts">
            <span>completed {c.completed}</span>
            <span>failed {c.failed}</span>
            <span>in progress {c.inProgress}</span>
            <span>restored {c.restored}</span>
          </div>
          <CheckpointChartsBox history={c.history} api={api} />
          <CheckpointLine title="Latest completed" row={c.latestCompleted} testId="job-cp-latest" />
          <CheckpointLine title="Latest savepoint" row={c.latestSavepoint} testId="job-cp-savepoint" />
          <CheckpointLine title="Latest failed" row={c.latestFailed} testId="job-cp-failed" />
          <div className="job-cp-line" data-testid="job-cp-restored">
            <span className="job-cp-title">Restored from</span>
            {c.restoredFrom ? (
              <span>
                {c.restoredFrom.isSavepoint ? "savepoint" : "checkpoint"} #{c.restoredFrom.id}
                {c.restoredFrom.path && <span className="mono job-cp-path"> {c.restoredFrom.path}</span>}
                {c.restoredFrom.restoredAt != null && <span> at {clockTime(c.restoredFrom.restoredAt)}</span>}
              </span>
            ) : (
              <span className="faint">not restored</span>
            )}
          </div>
          <table className="jobs-table compact">
            <thead>
              <tr>
                <th>Id</th>
                <th>Status</th>
                <th>Kind</th>
                <th>Triggered</th>
                <th>Duration</th>
                <th>Size</th>
                <th>Path / failure</th>
              </tr>
            </thead>
            <tbody>
              {c.history.map((r) => (
                <tr key={r.id} data-testid="job-cp-row">
                  <td>{r.id}</td>
                  <td>{r.status}</td>
                  <td>{r.isSavepoint ? "savepoint" : "checkpoint"}</td>
                  <td>{dateTime(r.triggerTime)}</td>
                  <td>{duration(r.durationMs)}</td>
                  <td>{bytes(r.sizeBytes)}</td>
                  <td className="mono job-name" title={r.path ?? r.failure ?? ""}>
                    {r.path ?? r.failure ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
