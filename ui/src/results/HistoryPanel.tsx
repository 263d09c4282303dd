// The bottom panel's History tab: the active script's runs, newest first (statement, connection,
// when, how long, rows, status, job, error), searchable; double-click puts a statement back in
// the editor at the cursor.
import { useEffect, useState } from "react";
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import type { HistoryEntry } from "../ipc/bindings";

function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date();
  const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return d.toDateString() === today.toDateString() ? time : `${d.toLocaleDateString()} ${time}`;
}

export function HistoryPanel({ services }: { services: Services }) {
  const tabs = useStore(services.tabs.store);
  const runs = useStore(services.runs.runs);
  const [filter, setFilter] = useState("");
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const active = tabs.active;
  const latest = active === null ? undefined : runs.get(active);
  const finishedRun = latest?.finished ? latest.runId : null;

  useEffect(() => {
    if (active === null) return setEntries([]);
    let dead = false;
    const timer = setTimeout(() => {
      services.api
        .runHistory(active, filter)
        .then((h) => {
          if (!dead) setEntries(h);
        })
        .catch((e) => services.notify.error("Could not read the run history", e));
    }, 150);
    return () => {
      dead = true;
      clearTimeout(timer);
    };
  }, [services, active, filter, finishedRun]);

  if (active === null) return <div className="run-empty">Open a script to see its run history.</div>;
  return (
    <div className="history-panel" data-testid="history-panel">
      <div className="grid-bar">
        <input
          className="history-filter"
          placeholder="Search statements, connections, errors"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="history-filter"
        />
        <span className="grid-count">{entries.length} runs</span>
      </div>
      <div className="history-list">
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Statement</th>
              <th>Connection</th>
              <th className="num">Duration</th>
              <th className="num">Rows</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((h) => (
              <tr
                key={h.id}
                className={`history-row status-${h.status}`}
                data-testid="history-row"
                title={h.error ?? (h.jobId ? `job ${h.jobId}` : "Double-click to insert the statement at the cursor")}
                onDoubleClick={() => services.editors.insertAtCursor(active, `${h.statement};\n`)}
              >
                <td>{when(h.startedAt)}</td>
                <td className="history-sql">{h.statement.replace(/\s+/g, " ")}</td>
                <td>{h.connection === "local" ? "Local engine" : h.connection}</td>
                <td className="num">{h.durationMs < 1000 ? `${h.durationMs} ms` : `${(h.durationMs / 1000).toFixed(2)} s`}</td>
                <td className="num">{h.rowCount.toLocaleString()}</td>
                <td>{h.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
