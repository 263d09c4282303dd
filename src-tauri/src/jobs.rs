//! The Tauri commands of the Jobs view: thin wrappers over `weir::jobs`. A connection name is
//! resolved to its JobManager (the local engine's MiniCluster while it runs, else the profile's
//! JobManager REST URL with its secrets from the keychain). The actions that wait for the
//! cluster report their progress on the `weir://job-action` event.

use crate::{AppState, DatabasesHandle, EngineHandle, RunsHandle};
use tauri::{Emitter, State};
use weir::ipc::{IpcError, JobActionProgress};
use weir::jobs::{
    ActionProgress, CheckpointCharts, CheckpointRow, JobConfigView, JobList, JobManagerTarget,
    JobStatus, JobView, Jobs, SavepointDone, WaitLimits,
};
use weir::run::{Endpoint, RunError, RunRequest, RunScope, RunUpdate};

type Res<T> = Result<T, IpcError>;

/// The use case's handle on the JobManager of the connection named `connection`.
async fn jobs_of(
    state: &State<'_, AppState>,
    engine: &State<'_, EngineHandle>,
    dbs: &State<'_, DatabasesHandle>,
    connection: &str,
) -> Res<Jobs> {
    let profile = state
        .weir()?
        .connection(connection)?
        .ok_or_else(|| IpcError::from(RunError::UnknownConnection(connection.to_string())))?;
    let has_url = profile
        .jobmanager_url
        .as_deref()
        .is_some_and(|u| !u.trim().is_empty());
    let target = if matches!(profile.endpoint, Endpoint::Local) && !has_url {
        JobManagerTarget::local_engine(&engine.0).await?
    } else {
        JobManagerTarget::from_connection(&profile, &dbs.0).await?
    };
    Ok(Jobs::new(&target)?)
}

/// Starts a job again from a savepoint or retained checkpoint at `from`: the set-up statements
/// of the script that started it (as the script reads now) and the statement that started it
/// (as the history kept it), in a session of their own on the job's connection. The run is the
/// script's latest (its updates arrive on `weir://run` like any run's).
#[tauri::command]
pub async fn job_restore(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    runs: State<'_, RunsHandle>,
    job: String,
    from: String,
) -> Res<RunUpdate> {
    let from = from.trim();
    if from.is_empty() {
        return Err(IpcError {
            kind: "invalid".into(),
            message: "give the savepoint or checkpoint path to restore from".into(),
        });
    }
    let weir = state.weir()?;
    let origin = weir.job_origin(job.trim())?.ok_or_else(|| IpcError {
        kind: "notFound".into(),
        message: format!(
            "job {} was not started by Weir in this workspace (no run in the history started it); start it again from its script with SET 'execution.savepoint.path' = '{from}'",
            job.trim()
        ),
    })?;
    let profile = weir
        .connection(&origin.connection)?
        .ok_or_else(|| IpcError::from(RunError::UnknownConnection(origin.connection.clone())))?;
    let script = weir.doc_open(origin.script_id)?.text;
    let text = weir::jobs::restart_script(&script, &origin.statement);
    let request = RunRequest {
        script_id: origin.script_id,
        scope: RunScope::Script,
        connection: origin.connection.clone(),
        mode: Some("streaming".into()),
        max_rows: None,
    };
    Ok(runs
        .0
        .restore(
            &request,
            &profile,
            &text,
            from,
            crate::commands::run_sink(app),
        )
        .await?)
}

/// A job's configuration: execution config and checkpointing set-up.
#[tauri::command]
pub async fn job_config(
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    connection: String,
    job: String,
) -> Res<JobConfigView> {
    let jobs = jobs_of(&state, &engine, &dbs, &connection).await?;
    Ok(jobs.config(job.trim()).await?)
}

/// The checkpoint history the window shows, charted (duration and size over time).
#[tauri::command]
pub fn job_checkpoint_charts(
    history: Vec<CheckpointRow>,
    width: u32,
    height: u32,
    dark: bool,
    tz_offset_minutes: i32,
) -> Res<CheckpointCharts> {
    weir::jobs::checkpoint_charts(&history, width, height, dark, tz_offset_minutes).map_err(
        |message| IpcError {
            kind: "invalid".into(),
            message,
        },
    )
}

/// A directory typed in the window: blank means the cluster's default.
fn dir_of(dir: &Option<String>) -> Option<&str> {
    dir.as_deref().map(str::trim).filter(|d| !d.is_empty())
}

/// Sends an action's progress to the window.
fn reporter(app: tauri::AppHandle, job: &str) -> impl FnMut(ActionProgress) {
    let job = job.to_string();
    move |progress| {
        let _ = app.emit(
            "weir://job-action",
            JobActionProgress {
                job: job.clone(),
                progress,
            },
        );
    }
}

/// The jobs of a connection's JobManager, newest first, with when they were observed.
#[tauri::command]
pub async fn jobs_list(
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    connection: String,
) -> Res<JobList> {
    let jobs = jobs_of(&state, &engine, &dbs, &connection).await?;
    let list = jobs.list().await?;
    Ok(state.weir()?.jobs_with_origins(list)?)
}

/// One job in full: vertices with the plan's edges, failures root cause first, checkpoints.
#[tauri::command]
pub async fn job_show(
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    connection: String,
    job: String,
) -> Res<JobView> {
    let jobs = jobs_of(&state, &engine, &dbs, &connection).await?;
    let view = jobs.show(job.trim()).await?;
    Ok(state.weir()?.job_with_origin(view)?)
}

/// Cancels a job and waits until the cluster reports it ended.
#[tauri::command]
pub async fn job_cancel(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    connection: String,
    job: String,
) -> Res<JobStatus> {
    let jobs = jobs_of(&state, &engine, &dbs, &connection).await?;
    let job = job.trim();
    Ok(jobs
        .cancel(job, WaitLimits::default(), reporter(app, job))
        .await?)
}

/// Takes a savepoint of a running job (into `dir`, else the cluster's default directory) and
/// returns its path, or Flink's cause.
#[tauri::command]
pub async fn job_savepoint(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    connection: String,
    job: String,
    dir: Option<String>,
) -> Res<SavepointDone> {
    let jobs = jobs_of(&state, &engine, &dbs, &connection).await?;
    let job = job.trim();
    Ok(jobs
        .savepoint(
            job,
            dir_of(&dir),
            false,
            WaitLimits::default(),
            reporter(app, job),
        )
        .await?)
}

/// Stops a job with a savepoint (into `dir`, else the cluster's default), draining its
/// sources first when `drain`; returns the savepoint's path and the job's final state.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // Tauri passes each state and argument separately.
pub async fn job_stop(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    connection: String,
    job: String,
    dir: Option<String>,
    drain: bool,
) -> Res<SavepointDone> {
    let jobs = jobs_of(&state, &engine, &dbs, &connection).await?;
    let job = job.trim();
    Ok(jobs
        .stop(
            job,
            dir_of(&dir),
            drain,
            WaitLimits::default(),
            reporter(app, job),
        )
        .await?)
}
