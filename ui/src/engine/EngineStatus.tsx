// The status bar's local-engine item: a dot and a label; a click opens its menu (start, stop,
// restart, start with Weir) and, after a failure, the message saying what to install or set.
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useStore } from "../app/store";
import type { WorkspaceEnginePaths } from "../ipc/bindings";
import { engineLabel, type EngineModel } from "./engine";
import "./engine.css";

export function EngineStatus({ engine }: { engine: EngineModel }) {
  const state = useStore(engine.state);
  const busy = useStore(engine.busy);
  const declined = useStore(engine.declined);
  const question = engine.question(state, declined);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);

  if (!state) return null;
  const phase = state.phase.phase;
  const running = phase === "ready" || phase === "starting";
  return (
    <span className="engine-status" ref={ref}>
      {/* the status bar clips what it holds: the dialog goes to the document's body */}
      {question && createPortal(<EngineTrustDialog engine={engine} paths={question} busy={busy} />, document.body)}
      <button
        type="button"
        className={`status-item status-button engine-${phase}`}
        data-testid="status-engine"
        data-phase={phase}
        title={phase === "failed" && state.phase.phase === "failed" ? state.phase.message : "Local Flink engine"}
        onClick={() => setOpen((o) => !o)}
      >
        {phase === "starting" ? <span className="spinner small" /> : <span className="engine-dot" />}
        {engineLabel(state)}
      </button>
      {open && (
        <div className="engine-menu" role="menu" data-testid="engine-menu">
          {state.phase.phase === "failed" && (
            <pre className="engine-error" data-testid="engine-error">
              {state.phase.message}
            </pre>
          )}
          {state.phase.phase === "ready" && <div className="engine-url">{state.phase.url}</div>}
          <div className="engine-actions">
            <button type="button" disabled={busy || running} onClick={() => void engine.start()} data-testid="engine-start">
              Start
            </button>
            <button type="button" disabled={busy || !running} onClick={() => void engine.restart()} data-testid="engine-restart">
              Restart
            </button>
            <button type="button" disabled={busy || phase === "stopped"} onClick={() => void engine.stop()} data-testid="engine-stop">
              Stop
            </button>
          </div>
          <label className="engine-prewarm">
            <input
              type="checkbox"
              checked={state.prewarm}
              onChange={(e) => void engine.setPrewarm(e.target.checked)}
              data-testid="engine-prewarm"
            />
            Start the engine with Weir
          </label>
        </div>
      )}
    </span>
  );
}

/** Asks before the local engine uses a Java or Flink home the open workspace names. */
function EngineTrustDialog({ engine, paths, busy }: { engine: EngineModel; paths: WorkspaceEnginePaths; busy: boolean }) {
  return (
    <div className="modal-backdrop">
      <div className="engine-trust" role="alertdialog" aria-label="Workspace engine paths" data-testid="engine-trust">
        <h3>This workspace wants to choose the Java Weir runs</h3>
        <p>
          The workspace <code data-testid="engine-trust-workspace">{paths.workspace}</code> names, for the local Flink
          engine:
        </p>
        <ul>
          {paths.javaHome !== null && (
            <li>
              Java home <code data-testid="engine-trust-java">{paths.javaHome}</code>: Weir would run{" "}
              <code>{paths.javaHome}/bin/java</code> as you
            </li>
          )}
          {paths.flinkHome !== null && (
            <li>
              Flink home <code data-testid="engine-trust-flink">{paths.flinkHome}</code>: Weir would load its jars
            </li>
          )}
        </ul>
        <p>
          A workspace can come from anyone. Use these paths only if you trust who made it and know these folders.
          Otherwise the engine uses your own settings.
        </p>
        <div className="engine-trust-buttons">
          <button type="button" autoFocus onClick={() => engine.decline(paths)} data-testid="engine-trust-decline">
            Use my own settings
          </button>
          <button type="button" disabled={busy} onClick={() => void engine.trust(paths)} data-testid="engine-trust-accept">
            Use these paths for this workspace
          </button>
        </div>
      </div>
    </div>
  );
}
