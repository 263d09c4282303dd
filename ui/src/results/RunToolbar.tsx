// The run toolbar above the editor: connection, runtime mode (one switch), run the statement at the
// cursor or the selection, run the script, stop.
import { useStore } from "../app/store";
import { modKey } from "../app/keys";
import type { Services } from "../app/services";
import type { RuntimeMode } from "./runs";
import { useState } from "react";
import { ConnectionsDialog } from "./ConnectionsDialog";

export function RunToolbar({ services, scriptId }: { services: Services; scriptId: number }) {
  const { runs, editors } = services;
  useStore(runs.choices);
  const connections = useStore(runs.connections);
  const all = useStore(runs.runs);
  const choice = runs.choice(scriptId);
  const current = all.get(scriptId);
  const running = !!current && !current.finished;
  const names = connections.length > 0 ? connections.map((c) => c.name) : ["local"];
  const run = (whole: boolean) => {
    const scope = editors.runScope(scriptId, whole);
    if (scope) void runs.run(scriptId, scope);
  };
  const setMode = (mode: RuntimeMode) => runs.choose(scriptId, { mode });
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
          {names.map((n) => (
            <option key={n} value={n}>
              {n === "local" ? "Local engine" : n}
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
          <button key={m} className={choice.mode === m ? "active" : ""} onClick={() => setMode(m)} data-testid={`mode-${m}`}>
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
