// Confirmation and progress of an action on a job: cancel, trigger a savepoint, stop with a
// savepoint. Shows Flink's progress while the action waits, then the savepoint's path (or the
// job's final state), or Flink's cause.
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import type { ActionProgress, JobStatus, SavepointDone } from "../ipc/bindings";
import { duration } from "./format";
import type { JobsApi } from "./ipc";

export type ActionKind = "cancel" | "savepoint" | "stop";

const TITLES: Record<ActionKind, string> = {
  cancel: "Cancel job",
  savepoint: "Trigger savepoint",
  stop: "Stop with savepoint",
};

type Phase =
  | { phase: "confirm" }
  | { phase: "running"; progress: ActionProgress | null }
  | { phase: "done"; savepoint: SavepointDone | null; status: JobStatus | null }
  | { phase: "failed"; message: string };

/** A line for a person from an action's progress. */
export function progressText(p: ActionProgress | null): string {
  if (!p) return "Asking the JobManager…";
  switch (p.step) {
    case "triggered":
      return `Flink accepted the request (trigger ${p.trigger.slice(0, 8)})`;
    case "savepointInProgress":
      return `Writing the savepoint… (${duration(p.elapsedMs)})`;
    case "jobState":
      return `Waiting for the job to end: ${p.status.state} (${duration(p.elapsedMs)})`;
  }
}

export interface ActionDialogProps {
  kind: ActionKind;
  api: JobsApi;
  connection: string;
  job: string;
  jobName: string;
  /** Told the path of a savepoint the action wrote (a restart offers it). */
  onSavepoint?: (path: string) => void;
  onClose: () => void;
}

export function ActionDialog({ kind, api, connection, job, jobName, onSavepoint, onClose }: ActionDialogProps) {
  const [dir, setDir] = useState("");
  const [drain, setDrain] = useState(false);
  const [state, setState] = useState<Phase>({ phase: "confirm" });
  const running = state.phase === "running";

  useEffect(() => {
    if (!running) return;
    let stop: (() => void) | null = null;
    let dead = false;
    void api
      .onProgress((p) => {
        if (p.job === job) setState((s) => (s.phase === "running" ? { phase: "running", progress: p.progress } : s));
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
  }, [api, job, running]);

  const go = async () => {
    setState({ phase: "running", progress: null });
    const d = dir.trim() === "" ? null : dir.trim();
    try {
      if (kind === "cancel") {
        const status = await api.cancel(connection, job);
        setState({ phase: "done", savepoint: null, status });
      } else {
        const done = kind === "savepoint" ? await api.savepoint(connection, job, d) : await api.stop(connection, job, d, drain);
        setState({ phase: "done", savepoint: done, status: done.jobStatus });
        onSavepoint?.(done.path);
      }
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

  return createPortal(
    <div className="modal-backdrop">
      <div className="job-action-dialog" role="dialog" aria-label={TITLES[kind]} data-testid="job-action-dialog" data-kind={kind}>
        <h3>{TITLES[kind]}</h3>
        <p className="job-action-what">
          <strong>{jobName}</strong> <small className="mono">{job}</small>
        </p>
        {state.phase === "confirm" && (
          <>
            {kind === "cancel" && <p>The job stops now, without a savepoint; its state is lost unless a checkpoint is kept.</p>}
            {kind !== "cancel" && (
              <label className="job-action-field">
                Savepoint directory
                <input
                  data-testid="job-action-dir"
                  value={dir}
                  placeholder="the cluster's default (execution.checkpointing.savepoint-dir)"
                  onChange={(e) => setDir(e.target.value)}
                  autoFocus
                />
              </label>
            )}
            {kind === "stop" && (
              <label className="job-action-check">
                <input type="checkbox" data-testid="job-action-drain" checked={drain} onChange={(e) => setDrain(e.target.checked)} />
                Drain: emit the maximum watermark first, ending every event-time window (for a job that will not be resumed)
              </label>
            )}
          </>
        )}
        {state.phase === "running" && (
          <div className="job-action-progress" data-testid="job-action-progress">
            <span className="spinner small" /> {progressText(state.progress)}
          </div>
        )}
        {state.phase === "done" && (
          <div className="job-action-done" data-testid="job-action-done">
            {state.savepoint && (
              <div>
                Savepoint written to{" "}
                <code className="job-savepoint-path" data-testid="job-savepoint-path">
                  {state.savepoint.path}
                </code>
              </div>
            )}
            {state.status && (
              <div>
                The job is now <strong>{state.status.state}</strong>.
              </div>
            )}
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
              <button type="button" className="primary-button" onClick={() => void go()} data-testid="job-action-confirm">
                {TITLES[kind]}
              </button>
            </>
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
