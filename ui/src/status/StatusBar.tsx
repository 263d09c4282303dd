// The status bar: workspace, current script, cursor, selection, save state, running actions.
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import { scriptPath } from "../workspace/treeModel";
import { EngineStatus } from "../engine/EngineStatus";
import "./status.css";

export function StatusBar({ services, workspaceName }: { services: Services; workspaceName: string }) {
  const tabs = useStore(services.tabs.store);
  const model = useStore(services.workspace.model);
  const cursor = useStore(services.cursor);
  const progress = useStore(services.notify.progress);
  const active = tabs.active;
  const path = active === null ? "" : scriptPath(model, active);
  const dirty = active === null ? undefined : tabs.dirty[active];
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item status-workspace" data-testid="status-workspace" title="Workspace">
        {workspaceName}
      </span>
      {path && (
        <span className="status-item status-path" data-testid="status-path">
          {path}
        </span>
      )}
      <span className="spacer" />
      {progress.length > 0 && (
        <span className="status-item status-progress" data-testid="status-progress">
          <span className="spinner small" /> {progress[progress.length - 1]!.label}…
        </span>
      )}
      {active !== null && cursor && (
        <>
          <span className="status-item" data-testid="status-cursor">
            Ln {cursor.line}, Col {cursor.column}
          </span>
          {cursor.selected > 0 && (
            <span className="status-item" data-testid="status-selection">
              ({cursor.selected} selected)
            </span>
          )}
        </>
      )}
      <EngineStatus engine={services.engine} />
      {active !== null && dirty !== undefined && (
        <span className={"status-item save-state" + (dirty ? " unsaved" : "")} data-testid="status-save">
          {dirty ? "Unsaved changes" : "Saved version"}
        </span>
      )}
    </footer>
  );
}
