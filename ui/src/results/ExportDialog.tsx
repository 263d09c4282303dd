// Export of a result (what the grid shows: its view, sort and filters) to CSV or JSON Lines. The
// file is written by Rust, streaming, with progress; Cancel stops it and leaves no partial file.
import { useEffect, useState } from "react";
import type { ExportFormat, ExportProgress, Selection } from "../ipc/bindings";
import { onExportProgress, type Api } from "../ipc/api";
import type { Notifier } from "../app/notify";

const EXT: Record<string, string> = { csv: "csv", jsonLines: "jsonl" };

export function ExportDialog({
  api,
  notify,
  runId,
  statement,
  selection,
  baseName,
  onClose,
}: {
  api: Api;
  notify: Notifier;
  runId: number;
  statement: number;
  selection: Selection;
  baseName: string;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [dir, setDir] = useState<string | null>(null);
  const [path, setPath] = useState("");
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let dead = false;
    api
      .exportDir()
      .then((d) => {
        if (!dead) setDir(d);
      })
      .catch(() => setDir(""));
    return () => {
      dead = true;
    };
  }, [api]);

  useEffect(() => {
    if (dir === null) return;
    const sep = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
    setPath((p) => {
      const name = `${baseName}.${EXT[format]}`;
      if (!p) return dir ? `${dir.replace(/[\\/]$/, "")}${sep}${name}` : name;
      return p.replace(/\.(csv|jsonl)$/, `.${EXT[format]}`);
    });
  }, [dir, format, baseName]);

  const start = async () => {
    setBusy(true);
    setProgress(null);
    const unlisten = await onExportProgress(setProgress).catch(() => null);
    try {
      const r = await api.exportResult({ runId, statement, selection, format, path });
      notify.show("info", `Exported ${r.rows.toLocaleString()} rows (${(r.bytes / 1024).toFixed(0)} KiB) to ${r.path}`);
      onClose();
    } catch (e) {
      notify.error("Export failed", e);
    } finally {
      unlisten?.();
      setBusy(false);
    }
  };

  return (
    <div className="export-dialog" role="dialog" aria-label="Export result" data-testid="export-dialog">
      <div className="export-row">
        <label>
          Format{" "}
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format" disabled={busy}>
            <option value="csv">CSV</option>
            <option value="jsonLines">JSON Lines</option>
          </select>
        </label>
      </div>
      <div className="export-row">
        <input
          className="export-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          spellCheck={false}
          data-testid="export-path"
          disabled={busy}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !busy) void start();
            if (e.key === "Escape" && !busy) onClose();
          }}
        />
      </div>
      {busy && (
        <div className="export-progress" data-testid="export-progress">
          <progress max={progress?.total || 1} value={progress?.done ?? 0} />
          <span>
            {progress ? `${progress.done.toLocaleString()} / ${progress.total.toLocaleString()} rows` : "starting…"}
          </span>
        </div>
      )}
      <div className="export-row export-buttons">
        {busy ? (
          <button onClick={() => void api.exportCancel()} data-testid="export-cancel">
            Cancel
          </button>
        ) : (
          <>
            <button onClick={onClose}>Close</button>
            <button className="primary" onClick={() => void start()} disabled={!path.trim()} data-testid="export-start">
              Export
            </button>
          </>
        )}
      </div>
    </div>
  );
}
