// The run toolbar above the editor: connection, runtime mode (one switch), run the statement at the
// cursor or the selection, run the script, stop.
import { useStore } from "../app/store";
import { modKey } from "../app/keys";
import type { Services } from "../app/services";
import type { RuntimeMode } from "./runs";
import { useEffect, useRef, useState } from "react";
import { ConnectionsDialog } from "./ConnectionsDialog";
import type { ConnectionProfile } from "../ipc/bindings";

const DB_KIND: Record<string, string> = { mysql: "MySQL", postgres: "PostgreSQL", sqlite: "SQLite" };

/** How the toolbar names a place to run: "Local engine", a gateway's name, "shop (MySQL)". */
export function targetLabel(c: ConnectionProfile): string {
  if (c.endpoint.type === "database") return `${c.name} (${DB_KIND[c.endpoint.profile.kind] ?? c.endpoint.profile.kind})`;
  return c.name === "local" ? "Local engine" : c.name;
}

export function RunToolbar({ services, scriptId }: { services: Services; scriptId: number }) {
  const { runs, editors } = services;
  useStore(runs.choices);
  const connections = useStore(runs.connections);
  const all = useStore(runs.runs);
  const choice = runs.choice(scriptId);
  const current = all.get(scriptId);
  const running = !!current && !current.finished;
  const targets = connections.length > 0 ? connections.map((c) => ({ name: c.name, label: targetLabel(c) })) : [{ name: "local", label: "Local engine" }];
  // A tab bound to a connection saved after the list was read (a database opened from the
  // Databases view): read the list again, once per name, and show the name meanwhile.
  const known = targets.some((t) => t.name === choice.connection);
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (known || asked.current.has(choice.connection)) return;
    asked.current.add(choice.connection);
    void runs.reloadConnections();
  }, [known, choice.connection, runs]);
  if (!known) targets.push({ name: choice.connection, label: choice.connection });
  const run = (whole: boolean) => {
    const scope = editors.runScope(scriptId, whole);
    if (scope) void runs.run(scriptId, scope);
  };
  const setMode = (mode: RuntimeMode) => runs.choose(scriptId, { mode });
  // A database runs statements as written: Flink's runtime mode does not apply.
  const onDatabase = connections.find((c) => c.name === choice.connection)?.endpoint.type === "database";
  const [managing, setManaging] = useState(false);
  return (
    <div className="run-toolbar" data-testid="run-toolbar">
      <button
        className="run-button"
        onClick={() => run(false)}
        disabled={running}
        data-testid="run-statement"
        title={`Run the statement at the cursor, or the selection (${modKey}+Enter)`}
      >
        ▶ Run
      </button>
      <button
        onClick={() => run(true)}
        disabled={running}
        data-testid="run-script"
        title={`Run the whole script (${modKey}+Shift+Enter)`}
      >
        ▶▶ Run script
      </button>
      <button
        className="stop-button"
        onClick={() => void runs.cancel(scriptId)}
        disabled={!running}
        data-testid="run-stop"
        title="Stop: closes the running statement's operation (a streaming job stops)"
      >
        ■ Stop
      </button>
      <span className="toolbar-sep" />
      <label className="toolbar-field" title="Where the script runs">
        <span>on</span>
        <select
          value={choice.connection}
          data-testid="run-connection"
          onChange={(e) => runs.choose(scriptId, { connection: e.target.value })}
        >
          {targets.map((t) => (
            <option key={t.name} value={t.name}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <button className="icon-button" onClick={() => setManaging(true)} title="Connections…" data-testid="manage-connections">
        ⚙
      </button>
      {managing && <ConnectionsDialog services={services} onClose={() => setManaging(false)} />}
      <div className="segmented" role="group" aria-label="Runtime mode" data-testid="run-mode">
        {(["streaming", "batch"] as RuntimeMode[]).map((m) => (
          <button
            key={m}
            className={choice.mode === m ? "active" : ""}
            onClick={() => setMode(m)}
            disabled={onDatabase}
            title={onDatabase ? "A database runs statements as written; the runtime mode is Flink's" : undefined}
            data-testid={`mode-${m}`}
          >
            {m === "streaming" ? "Streaming" : "Batch"}
          </button>
        ))}
      </div>
      {running && (
        <span className="run-progress" data-testid="run-progress">
          <span className="spinner small" /> running…
        </span>
      )}
    </div>
  );
}
