// The Jobs view's commands (one method per Rust `jobs_*`/`job_*` command) and its progress event.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { toIpcError } from "../ipc/api";
import type {
  CheckpointCharts,
  CheckpointRow,
  ConnectionProfile,
  JobActionProgress,
  JobConfigView,
  JobList,
  JobStatus,
  JobView,
  RunUpdate,
  SavepointDone,
} from "../ipc/bindings";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

/** What the Jobs view needs from Rust (a fake in tests). */
export interface JobsApi {
  connections: () => Promise<ConnectionProfile[]>;
  list: (connection: string) => Promise<JobList>;
  show: (connection: string, job: string) => Promise<JobView>;
  config: (connection: string, job: string) => Promise<JobConfigView>;
  /** The checkpoint history as two SVG charts (duration, size) drawn by weir-chart. */
  checkpointCharts: (history: CheckpointRow[], width: number, height: number, dark: boolean, tzOffsetMinutes: number) => Promise<CheckpointCharts>;
  cancel: (connection: string, job: string) => Promise<JobStatus>;
  savepoint: (connection: string, job: string, dir: string | null) => Promise<SavepointDone>;
  stop: (connection: string, job: string, dir: string | null, drain: boolean) => Promise<SavepointDone>;
  /** Starts the job again from `from` (a savepoint or retained checkpoint path); the run's first update. */
  restore: (job: string, from: string) => Promise<RunUpdate>;
  /** Every run's updates (a restore's among them); resolves to the function that stops listening. */
  onRun: (handler: (u: RunUpdate) => void) => Promise<UnlistenFn>;
  /** Progress of the waiting actions; resolves to the function that stops listening. */
  onProgress: (handler: (p: JobActionProgress) => void) => Promise<UnlistenFn>;
}

export const jobsApi: JobsApi = {
  connections: () => call<ConnectionProfile[]>("connections"),
  list: (connection) => call<JobList>("jobs_list", { connection }),
  show: (connection, job) => call<JobView>("job_show", { connection, job }),
  config: (connection, job) => call<JobConfigView>("job_config", { connection, job }),
  checkpointCharts: (history, width, height, dark, tzOffsetMinutes) =>
    call<CheckpointCharts>("job_checkpoint_charts", { history, width, height, dark, tzOffsetMinutes }),
  cancel: (connection, job) => call<JobStatus>("job_cancel", { connection, job }),
  savepoint: (connection, job, dir) => call<SavepointDone>("job_savepoint", { connection, job, dir }),
  stop: (connection, job, dir, drain) => call<SavepointDone>("job_stop", { connection, job, dir, drain }),
  restore: (job, from) => call<RunUpdate>("job_restore", { job, from }),
  onRun: (handler) => listen<RunUpdate>("weir://run", (e) => handler(e.payload)),
  onProgress: (handler) => listen<JobActionProgress>("weir://job-action", (e) => handler(e.payload)),
};
