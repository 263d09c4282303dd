// Shown instead of the workbench when the workspace could not be opened: why, and another choice.
import { useState } from "react";
import type { StartState } from "../ipc/bindings";
import { api, logUiError, toIpcError } from "../ipc/api";

export function OpenError({ start, onOpened }: { start: StartState; onOpened: (s: StartState) => void }) {
  const [dir, setDir] = useState(start.dir);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(start.error?.message ?? null);

  const open = async (target: string) => {
    if (busy) return;
    setBusy(true);
    setDir(target);
    try {
      const next = await api.openWorkspace(target);
      if (next.workspace) onOpened(next);
      else setError(next.error?.message ?? "The workspace could not be opened.");
    } catch (e) {
      const err = toIpcError(e);
      logUiError("Could not open the workspace", err);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="open-error" data-testid="open-error">
      <div className="open-card">
        <h1>Cannot open workspace</h1>
        <p className="open-dir" data-testid="open-error-dir">
          {start.dir}
        </p>
        {error && (
          <p className="open-message error-text" role="alert" data-testid="open-error-message">
            {error}
          </p>
        )}
        <form
          className="open-form"
          onSubmit={(e) => {
            e.preventDefault();
            void open(dir);
          }}
        >
          <input
            data-testid="workspace-path"
            value={dir}
            spellCheck={false}
            placeholder="Folder of a workspace"
            aria-label="Workspace folder"
            onChange={(e) => setDir(e.target.value)}
          />
          <button type="submit" className="primary-button" data-testid="open-workspace" disabled={busy}>
            {busy ? <span className="spinner small" /> : null} Open workspace
          </button>
        </form>
        {start.recent.length > 0 && (
          <div className="recent">
            <h2>Recent workspaces</h2>
            <ul>
              {start.recent.map((r) => (
                <li key={r}>
                  <button className="link-button" data-testid="recent-workspace" disabled={busy} onClick={() => void open(r)}>
                    {r}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <p className="open-version">Weir {start.version}</p>
      </div>
    </div>
  );
}
