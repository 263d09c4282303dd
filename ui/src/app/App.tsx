// The window's root: asks Rust which workspace is open, then shows it or the open-error screen.
import { useEffect, useState } from "react";
import type { StartState } from "../ipc/bindings";
import { api, logUiError, toIpcError } from "../ipc/api";
import { createServices, type Services } from "./services";
import { Workbench } from "./Workbench";
import { OpenError } from "./OpenError";

type Phase =
  | { kind: "starting" }
  | { kind: "failed"; message: string }
  | { kind: "ready"; start: StartState; services: Services | null };

export function App({ makeServices = createServices }: { makeServices?: () => Services }) {
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });

  const accept = (start: StartState) =>
    setPhase({ kind: "ready", start, services: start.workspace ? makeServices() : null });

  useEffect(() => {
    api.startState().then(accept, (e: unknown) => {
      const err = toIpcError(e);
      logUiError("Could not start", err);
      setPhase({ kind: "failed", message: err.message });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (phase.kind === "starting") {
    return (
      <div className="splash" data-testid="starting">
        <span className="spinner" /> Opening workspace…
      </div>
    );
  }
  if (phase.kind === "failed") {
    return (
      <div className="splash error-text" role="alert">
        Weir could not start: {phase.message}
      </div>
    );
  }
  const { start, services } = phase;
  if (!start.workspace || !services) {
    return <OpenError start={start} onOpened={accept} />;
  }
  return <Workbench key={start.workspace.dir} services={services} info={start.workspace} />;
}
