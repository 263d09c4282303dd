// The bottom panel's Run tab: the run log of the active script's latest run (each statement's
// status, duration, rows, job id, error with its trace one click away) beside the grid of the
// statement picked in it.
import { useCallback, useState } from "react";
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import type { StatementInfo, View } from "../ipc/bindings";
import { ResultGrid } from "./ResultGrid";
import { ChartView } from "./ChartView";
import "./results.css";

const STATUS_ICON: Record<StatementInfo["status"], string> = {
  pending: "○",
  running: "◌",
  ok: "✓",
  error: "✕",
  cancelled: "■",
  skipped: "–",
};

/** A file-name-safe name of a script, for exports. */
function exportBase(services: Services, scriptId: number): string {
  const name = services.workspace.model.get().scripts.get(scriptId)?.name ?? "result";
  return name.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^_+|_+$/g, "") || "result";
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function RunPanel({ services }: { services: Services }) {
  const tabs = useStore(services.tabs.store);
  const all = useStore(services.runs.runs);
  const shownAll = useStore(services.runs.shown);
  const [trace, setTrace] = useState<number | null>(null);
  const [view, setView] = useState<View>("materialized");
  const [asChart, setAsChart] = useState(false);
  const onError = useCallback((what: string, e: unknown) => void services.notify.error(what, e), [services]);
  const active = tabs.active;
  const run = active === null ? undefined : all.get(active);
  if (active === null || !run) {
    return (
      <div className="run-empty" data-testid="run-empty">
        Run a statement with <kbd>Ctrl</kbd>+<kbd>Enter</kbd>, or the whole script with <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+
        <kbd>Enter</kbd>; its results appear here.
      </div>
    );
  }
  const shown = shownAll.get(active) ?? 0;
  const statement = run.statements[shown];
  const jump = (s: StatementInfo) => {
    const line = s.error?.line ?? s.line;
    const column = s.error?.column ?? s.column;
    const at = services.editors.offsetAt(active, line, column);
    if (at !== null) {
      services.editors.select(active, at);
      services.editors.focus();
    }
  };
  return (
    <div className="run-panel" data-testid="run-panel">
      <div className="run-log" data-testid="run-log">
        <div className="run-log-head">
          {run.finished ? "Finished" : "Running"} on {run.connection === "local" ? "the local engine" : run.connection}
        </div>
        {run.statements.map((s, i) => (
          <div
            key={i}
            className={`run-item status-${s.status}` + (i === shown ? " shown" : "")}
            data-testid="run-item"
            data-status={s.status}
            onClick={() => services.runs.show(active, i)}
            onDoubleClick={() => jump(s)}
            title="Click to show its result; double-click to go to the statement"
          >
            <div className="run-item-line">
              <span className="run-icon">{s.status === "running" ? <span className="spinner small" /> : STATUS_ICON[s.status]}</span>
              <span className="run-sql">{s.sql.replace(/\s+/g, " ")}</span>
              <span className="run-meta">
                {s.isQuery && `${s.rows.toLocaleString()} row${s.rows === 1 ? "" : "s"} · `}
                {s.status !== "pending" && s.status !== "skipped" ? seconds(s.durationMs) : s.status}
              </span>
            </div>
            {s.jobId && (
              <div className="run-job" data-testid="run-job">
                job <code>{s.jobId}</code>
              </div>
            )}
            {s.truncatedAt !== null && <div className="run-note">truncated at {s.truncatedAt.toLocaleString()} rows</div>}
            {s.error && (
              <div className="run-error" data-testid="run-error">
                <span>
                  {s.error.line !== null && (
                    <button className="link-button" onClick={() => jump(s)}>
                      line {s.error.line}
                      {s.error.column !== null ? `:${s.error.column}` : ""}
                    </button>
                  )}{" "}
                  {s.error.message}
                </span>
                {s.error.trace && (
                  <button className="link-button" data-testid="show-trace" onClick={() => setTrace(trace === i ? null : i)}>
                    {trace === i ? "Hide trace" : "Show trace"}
                  </button>
                )}
                {trace === i && <pre className="run-trace">{s.error.trace}</pre>}
              </div>
            )}
          </div>
        ))}
      </div>
      <div className="run-result">
        {statement && statement.columns.length > 0 ? (
          <>
            <div className="segmented result-switch" role="group" aria-label="Result as">
              <button className={asChart ? "" : "active"} onClick={() => setAsChart(false)} data-testid="show-grid">
                Grid
              </button>
              <button className={asChart ? "active" : ""} onClick={() => setAsChart(true)} data-testid="show-chart">
                Chart
              </button>
            </div>
            {asChart ? (
              <ChartView
                services={services}
                runId={run.runId}
                statement={shown}
                columns={statement.columns}
                version={statement.changes + (run.finished ? 1 : 0)}
                exportName={`${exportBase(services, active)}-${shown + 1}-chart`}
              />
            ) : (
              <ResultGrid
                api={services.api}
                runId={run.runId}
                statement={shown}
                columns={statement.columns}
                version={statement.changes + (run.finished ? 1 : 0)}
                view={view}
                onView={setView}
                onError={onError}
                onCopied={(m) => services.notify.show("info", m)}
                notify={services.notify}
                exportName={`${exportBase(services, active)}-${shown + 1}`}
              />
            )}
          </>
        ) : (
          <div className="run-empty">
            {statement?.status === "running"
              ? "Waiting for the first rows…"
              : statement?.error
                ? `Statement ${shown + 1} failed: ${statement.error.message}`
                : statement?.status === "skipped"
                  ? "Not run: a statement before it failed."
                  : "No rows."}
          </div>
        )}
      </div>
    </div>
  );
}
