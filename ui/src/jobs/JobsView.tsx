// The Jobs view: the jobs of a Flink connection's JobManager, polled live while the view is
// shown, and the detail of the job clicked. An unreachable cluster leaves the last known list on
// screen with when it was seen and why it cannot be reached.
import { useState } from "react";
import type { JobList } from "../ipc/bindings";
import { ago, clockTime, dateTime, duration, shortId } from "./format";
import { useDocumentVisible, useNow, usePoll } from "./hooks";
import type { JobsApi } from "./ipc";
import { JobDetail } from "./JobDetail";
import { StateBadge } from "./StateBadge";
import "./jobs.css";

export interface JobsViewProps {
  api: JobsApi;
  /** The connection whose JobManager is shown (null: none chosen yet). */
  connection: string | null;
  /** Whether the view is on screen; it polls only then. */
  visible: boolean;
  /** Pause between polls while the cluster answers, in ms (default 2000). */
  pollInterval?: number;
}

export function JobsView({ api, connection, visible, pollInterval }: JobsViewProps) {
  const docVisible = useDocumentVisible();
  const active = visible && docVisible && connection !== null;
  const poll = usePoll<JobList>(connection, active, () => api.list(connection ?? ""), pollInterval);
  const [selected, setSelected] = useState<string | null>(null);
  const now = useNow(active && !!poll?.error);
  const list = poll?.data ?? null;

  if (connection === null) {
    return (
      <div className="jobs-view" data-testid="jobs-view">
        <div className="jobs-empty">Choose a Flink connection on the left to see its jobs.</div>
      </div>
    );
  }
  return (
    <div className="jobs-view" data-testid="jobs-view">
      <div className="jobs-toolbar">
        <strong>Jobs</strong>
        <span className="jobs-conn" title={list?.url ?? ""}>
          {connection}
          {list && <small> · {list.url}</small>}
        </span>
        <span className="jobs-spacer" />
        {list && !poll?.error && (
          <small className="jobs-observed" data-testid="jobs-observed">
            observed {clockTime(list.observedAtMs)}
          </small>
        )}
        {poll?.loading && !list && <span className="spinner small" />}
      </div>
      {poll?.error && (
        <div className="jobs-error" role="alert" data-testid="jobs-error">
          <div>{poll.error}</div>
          <small>
            {list ? <span data-testid="jobs-last-seen">last seen {ago(list.observedAtMs, now)}</span> : "no answer yet"}
            {" · "}retrying every {Math.round(poll.nextDelay / 1000)} s
          </small>
        </div>
      )}
      <div className={"jobs-body" + (selected ? " with-detail" : "")}>
        <div className="jobs-table-wrap">
          {list && list.jobs.length === 0 && <div className="jobs-empty">No jobs on this cluster.</div>}
          {list && list.jobs.length > 0 && (
            <JobsTable list={list} selected={selected} stale={!!poll?.error} onSelect={(id) => setSelected(id === selected ? null : id)} />
          )}
        </div>
        {selected && (
          <JobDetail
            key={`${connection}/${selected}`}
            api={api}
            connection={connection}
            job={selected}
            active={active}
            pollInterval={pollInterval}
            onClose={() => setSelected(null)}
            onOpenJob={(id) => setSelected(id)}
          />
        )}
      </div>
    </div>
  );
}

export interface JobsTableProps {
  list: JobList;
  selected: string | null;
  /** The list is the last known one (the cluster does not answer now). */
  stale: boolean;
  onSelect: (job: string) => void;
}

/** The jobs of one observation, one row each. */
export function JobsTable({ list, selected, stale, onSelect }: JobsTableProps) {
  return (
    <table className="jobs-table" data-stale={stale ? "true" : "false"}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Id</th>
          <th>State</th>
          <th>Started</th>
          <th>Duration</th>
          <th title="the Weir script whose run started the job">Script</th>
        </tr>
      </thead>
      <tbody>
        {list.jobs.map((j) => (
          <tr
            key={j.id}
            data-testid="jobs-row"
            data-job-id={j.id}
            className={j.id === selected ? "selected" : ""}
            onClick={() => onSelect(j.id)}
          >
            <td className="job-name" title={j.name}>
              {j.name}
            </td>
            <td className="mono" title={j.id}>
              {shortId(j.id)}
            </td>
            <td>
              <StateBadge state={j.state} observedAt={list.observedAtMs} />
            </td>
            <td>{dateTime(j.startTime)}</td>
            <td>{duration(j.durationMs)}</td>
            <td className="job-name faint" title={j.origin ? j.origin.statement : "not started by Weir in this workspace"} data-testid="jobs-origin">
              {j.origin ? (j.origin.script ?? `script ${j.origin.scriptId}`) : "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default JobsView;
