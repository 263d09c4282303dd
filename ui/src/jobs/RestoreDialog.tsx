// Starting a job again from a savepoint or a retained checkpoint: the path is picked (the
// latest savepoint, the latest retained checkpoint, or typed), then Rust runs the set-up of the
// script that started the job and its statement with `execution.savepoint.path`; the dialog
// follows that run to the new job's id, or to the statement's error.
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import type { JobView, RunUpdate } from "../ipc/bindings";
import { dateTime } from "./format";
import type { JobsApi } from "./ipc";

/** Flink's placeholder for a checkpoint that was not written to a retained location. */
const NOT_ADDRESSABLE = "<checkpoint-not-externally-addressable>";

export interface RestoreChoice {
  id: "savepoint" | "checkpoint";
  label: string;
  path: string;
}

/** What a job can be restored from, as its checkpoint statistics say: savepoint first. */
export function restoreChoices(view: JobView): RestoreChoice[] {
  const c = view.checkpoints;
  const out: RestoreChoice[] = [];
  const sp = c?.latestSavepoint;
  if (sp?.path && sp.path !== NOT_ADDRESSABLE) out.push({ id: "savepoint", label: `Latest savepoint #${sp.id} (${dateTime(sp.triggerTime)})`, path: sp.path });
  const cp = c?.latestCompleted;
  if (cp?.path && cp.path !== NOT_ADDRESSABLE && !cp.isSavepoint)
    out.push({ id: "checkpoint", label: `Latest retained checkpoint #${cp.id} (${dateTime(cp.triggerTime)})`, path: cp.path });
  return out;
}

type Phase =
  | { phase: "confirm" }
  | { phase: "running"; update: RunUpdate | null }
  | { phase: "done"; job: string }
  | { phase: "failed"; message: string };

/** The outcome of a restore run's update: still going, the new job, or the first error. */
export function restoreOutcome(u: RunUpdate): { job: string } | { error: string } | null {
  const failed = u.statements.find((s) => s.status === "error" || s.status === "cancelled");
  if (failed) return { error: `line ${failed.line}: ${failed.error?.message ?? failed.status}` };
  const job = [...u.statements].reverse().find((s) => s.jobId)?.jobId;
  if (u.finished) return job ? { job } : { error: "the run ended without starting a job" };
  return null;
}

export interface RestoreDialogProps {
  api: JobsApi;
  view: JobView;
  /** A savepoint this window just took (its path is offered first). */
  recentPath?: string | null;
  onOpenJob: (job: string) => void;
  onClose: () => void;
}

export function RestoreDialog({ api, view, recentPath, onOpenJob, onClose }: RestoreDialogProps) {
  const choices = restoreChoices(view);
  if (recentPath && !choices.some((c) => c.path === recentPath)) choices.unshift({ id: "savepoint", label: "The savepoint just taken", path: recentPath });
  const [path, setPath] = useState(choices[0]?.path ?? "");
  const [state, setState] = useState<Phase>({ phase: "confirm" });
  const running = state.phase === "running";
  const runId = state.phase === "running" ? state.update?.runId ?? null : null;
  const origin = view.job.origin;

  useEffect(() => {
    if (runId === null) return;
    let stop: (() => void) | null = null;
    let dead = false;
    void api
      .onRun((u) => {
        if (u.runId !== runId) return;
        const out = restoreOutcome(u);
        setState((s) => {
          if (s.phase !== "running") return s;
          if (!out) return { phase: "running", update: u };
          return "job" in out ? { phase: "done", job: out.job } : { phase: "failed", message: out.error };
        });
      })
      .then((f) => {
        if (dead) f();
        else stop = f;
      })
      .catch(() => undefined);
    return () => {
      dead = true;
      stop?.();
    };
  }, [api, runId]);

  const go = async () => {
    setState({ phase: "running", update: null });
    try {
      const first = await api.restore(view.job.id, path.trim());
      const out = restoreOutcome(first);
      if (!out) setState({ phase: "running", update: first });
      else setState("job" in out ? { phase: "done", job: out.job } : { phase: "failed", message: out.error });
    } catch (e) {
      const message = typeof e === "object" && e && "message" in e ? String((e as { message: unknown }).message) : String(e);
      setState({ phase: "failed", message });
    }
  };

  useEffect(() => {
    const esc = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !running) onClose();
    };
    document.addEventListener("keydown", esc);
    return () => document.removeEventListener("keydown", esc);
  }, [onClose, running]);

  const sent = state.phase === "running" && state.update ? state.update.statements.filter((s) => s.status !== "pending").length : 0;
  const total = state.phase === "running" && state.update ? state.update.statements.length : 0;

  return createPortal(
    <div className="modal-backdrop">
      <div className="job-action-dialog" role="dialog" aria-label="Restart from a savepoint" data-testid="job-restore-dialog">
        <h3>Restart from a savepoint</h3>
        <p className="job-action-what">
          <strong>{view.job.name}</strong> <small className="mono">{view.job.id}</small>
        </p>
        {state.phase === "confirm" && (
          <>
            {origin && (
              <p>
                Runs the set-up of <strong>{origin.script ?? `script ${origin.scriptId}`}</strong> (SET, USE, CREATE …) and the statement that started
                the job, on <strong>{origin.connection}</strong>, with its state restored:
                <code className="job-restore-sql">{origin.statement}</code>
              </p>
            )}
            {choices.map((c) => (
              <label key={c.path} className="job-action-check">
                <input type="radio" name="restore-from" checked={path === c.path} onChange={() => setPath(c.path)} data-testid={`job-restore-${c.id}`} />
                {c.label}
              </label>
            ))}
            <label className="job-action-field">
              Savepoint or checkpoint path
              <input data-testid="job-restore-path" value={path} placeholder="file:///savepoints/savepoint-…" onChange={(e) => setPath(e.target.value)} />
            </label>
          </>
        )}
        {state.phase === "running" && (
          <div className="job-action-progress" data-testid="job-action-progress">
            <span className="spinner small" /> {total ? `Running statement ${Math.min(sent, total)} of ${total}…` : "Opening a session…"}
          </div>
        )}
        {state.phase === "done" && (
          <div className="job-action-done" data-testid="job-restore-done">
            Restarted as job <code className="mono">{state.job}</code>
          </div>
        )}
        {state.phase === "failed" && (
          <div className="jobs-error" role="alert" data-testid="job-action-error">
            {state.message}
          </div>
        )}
        <div className="job-action-buttons">
          {state.phase === "confirm" && (
            <>
              <button type="button" onClick={onClose} data-testid="job-action-close">
                Back
              </button>
              <button type="button" className="primary-button" disabled={path.trim() === ""} onClick={() => void go()} data-testid="job-restore-confirm">
                Restart
              </button>
            </>
          )}
          {state.phase === "done" && (
            <button type="button" className="primary-button" onClick={() => onOpenJob(state.job)} data-testid="job-restore-open">
              Open the new job
            </button>
          )}
          {state.phase !== "confirm" && (
            <button type="button" disabled={running} onClick={onClose} data-testid="job-action-close">
              Close
            </button>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}
