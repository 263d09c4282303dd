// The status bar's local-engine item: a dot and a label; a click opens its menu (start, stop,
// restart, start with Weir) and, after a failure, the message saying what to install or set.
import { useEffect, useRef, useState } from "react";
import { useStore } from "../app/store";
import { engineLabel, type EngineModel } from "./engine";
import "./engine.css";

export function EngineStatus({ engine }: { engine: EngineModel }) {
  const state = useStore(engine.state);
  const busy = useStore(engine.busy);
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
