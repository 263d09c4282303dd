//! `weir jobs …`: the jobs of a Flink cluster through its JobManager REST API (a workspace
//! connection's `jobmanager_url`, or `--jobmanager URL`): list, show, cancel, savepoint, stop
//! with a savepoint. Everything goes through `weir::jobs`; exit 1 with the cause when the action
//! fails (the message names the JobManager URL and the job).

use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;
use weir::databases::Databases;
use weir::jobs::{
    ActionProgress, JobList, JobManagerTarget, JobStatus, JobView, Jobs, JobsError, SavepointDone,
    WaitLimits,
};
use weir::{Access, Store};

/// How `weir jobs` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document (the use case's types, camelCase).
    Json,
}

/// Which JobManager.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("cluster").required(true).args(["connection", "jobmanager"])))]
pub struct TargetArgs {
    /// A saved connection of the workspace (its JobManager REST URL, CA file and auth headers)
    #[arg(long)]
    connection: Option<String>,
    /// A JobManager REST URL, e.g. http://localhost:8081
    #[arg(long, value_name = "URL")]
    jobmanager: Option<String>,
    /// How long one request to the JobManager may take (default: the connection's, else 30s)
    #[arg(long, value_name = "DURATION", value_parser = crate::run::parse_duration)]
    request_timeout: Option<Duration>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// What `weir jobs` does.
#[derive(clap::Subcommand)]
pub enum Action {
    /// List the cluster's jobs: id, state, start, duration, name
    List {
        #[command(flatten)]
        target: TargetArgs,
    },
    /// Show a job: state, vertices, failures (root cause first) and checkpoints
    Show {
        /// The job id (32 hex digits)
        job: String,
        #[command(flatten)]
        target: TargetArgs,
        /// Print each failure's full Java trace
        #[arg(long)]
        trace: bool,
    },
    /// Cancel a job and wait until it is CANCELED
    Cancel {
        /// The job id
        job: String,
        #[command(flatten)]
        target: TargetArgs,
        /// Give up waiting after this long
        #[arg(long, value_name = "DURATION", value_parser = crate::run::parse_duration, default_value = "60s")]
        timeout: Duration,
    },
    /// Stop a job with a savepoint and print the savepoint's path once it is written
    Stop {
        /// The job id
        job: String,
        #[command(flatten)]
        target: TargetArgs,
        /// Where to write the savepoint (file:///…, s3://…; default: the cluster's
        /// execution.checkpointing.savepoint-dir)
        #[arg(long, value_name = "DIR")]
        savepoint_dir: Option<String>,
        /// Advance event time to the end first, so event-time windows fire
        #[arg(long)]
        drain: bool,
        /// Give up waiting after this long (the savepoint may still complete)
        #[arg(long, value_name = "DURATION", value_parser = crate::run::parse_duration, default_value = "5m")]
        timeout: Duration,
    },
    /// Take a savepoint of a running job and print its path once it is written
    Savepoint {
        /// The job id
        job: String,
        #[command(flatten)]
        target: TargetArgs,
        /// Where to write it (file:///…, s3://…; default: the cluster's
        /// execution.checkpointing.savepoint-dir)
        #[arg(long, value_name = "DIR")]
        dir: Option<String>,
        /// Cancel the job once the savepoint is written
        #[arg(long)]
        cancel: bool,
        /// Give up waiting after this long (the savepoint may still complete)
        #[arg(long, value_name = "DURATION", value_parser = crate::run::parse_duration, default_value = "5m")]
        timeout: Duration,
    },
}

/// Runs `weir jobs ACTION` (connections from the workspace in `dir`).
pub fn run(action: Action, dir: &Path) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        match action {
            Action::List { target } => {
                let jobs = connect(&target, dir).await?;
                let list = jobs.list().await?;
                match target.format {
                    Format::Json => println!("{}", serde_json::to_string_pretty(&list)?),
                    Format::Table => print!("{}", list_table(&list)),
                }
                Ok(ExitCode::SUCCESS)
            }
            Action::Show { job, target, trace } => {
                let jobs = connect(&target, dir).await?;
                let view = jobs.show(&job).await?;
                match target.format {
                    Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
                    Format::Table => print!("{}", show_text(&view, trace)),
                }
                Ok(ExitCode::SUCCESS)
            }
            Action::Cancel {
                job,
                target,
                timeout,
            } => {
                let jobs = connect(&target, dir).await?;
                let status = jobs.cancel(&job, limits(timeout), report).await?;
                match target.format {
                    Format::Json => println!("{}", serde_json::to_string_pretty(&status)?),
                    Format::Table => println!("{}", status_line(&status)),
                }
                Ok(if status.state == "CANCELED" {
                    ExitCode::SUCCESS
                } else {
                    eprintln!(
                        "weir: job {job} ended {} rather than CANCELED",
                        status.state
                    );
                    ExitCode::FAILURE
                })
            }
            Action::Stop {
                job,
                target,
                savepoint_dir,
                drain,
                timeout,
            } => {
                let jobs = connect(&target, dir).await?;
                let done = jobs
                    .stop(
                        &job,
                        savepoint_dir.as_deref(),
                        drain,
                        limits(timeout),
                        report,
                    )
                    .await
                    .map_err(explain)?;
                print_done(&done, target.format)
            }
            Action::Savepoint {
                job,
                target,
                dir: savepoint_dir,
                cancel,
                timeout,
            } => {
                let jobs = connect(&target, dir).await?;
                let done = jobs
                    .savepoint(
                        &job,
                        savepoint_dir.as_deref(),
                        cancel,
                        limits(timeout),
                        report,
                    )
                    .await
                    .map_err(explain)?;
                print_done(&done, target.format)
            }
        }
    })
}

/// The use case's handle on the target's JobManager.
async fn connect(target: &TargetArgs, workspace: &Path) -> anyhow::Result<Jobs> {
    let mut resolved = match (&target.jobmanager, &target.connection) {
        (Some(url), _) => JobManagerTarget::url(url),
        (None, Some(name)) => {
            let store = Store::open(workspace, Access::ReadOnly)
                .with_context(|| format!("reading the connections of {}", workspace.display()))?;
            JobManagerTarget::named(&store, name, &Databases::new()).await?
        }
        (None, None) => anyhow::bail!("say which cluster: --connection NAME or --jobmanager URL"),
    };
    if let Some(t) = target.request_timeout {
        resolved.request_timeout = t.max(Duration::from_millis(1));
    }
    Ok(Jobs::new(&resolved)?)
}

fn limits(timeout: Duration) -> WaitLimits {
    WaitLimits {
        timeout,
        ..WaitLimits::default()
    }
}

/// Progress on stderr, so stdout holds only the result.
fn report(p: ActionProgress) {
    match p {
        ActionProgress::Triggered { trigger } => {
            eprintln!("weir: savepoint triggered ({trigger})")
        }
        ActionProgress::SavepointInProgress { polls, elapsed_ms } => {
            if polls % 10 == 1 {
                eprintln!(
                    "weir: savepoint in progress ({:.1} s)",
                    elapsed_ms as f64 / 1000.0
                )
            }
        }
        ActionProgress::JobState { status, .. } => eprintln!(
            "weir: job {} is {} (at {})",
            status.id,
            status.state,
            time(Some(status.observed_at_ms))
        ),
    }
}

/// A failed savepoint's message, with the full trace hint.
fn explain(e: JobsError) -> anyhow::Error {
    if let JobsError::SavepointFailed(f) = &e {
        if let Some(class) = &f.cause_class {
            return anyhow::anyhow!("{e} ({class})");
        }
    }
    e.into()
}

fn print_done(done: &SavepointDone, format: Format) -> anyhow::Result<ExitCode> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(done)?),
        Format::Table => {
            println!("{}", done.path);
            if let Some(s) = &done.job_status {
                eprintln!("weir: {}", status_line(s));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn status_line(s: &JobStatus) -> String {
    format!(
        "job {} {} (observed at {})",
        s.id,
        s.state,
        time(Some(s.observed_at_ms))
    )
}

/// A time in ms since the epoch as RFC 3339 UTC (seconds), `-` when unknown.
fn time(ms: Option<i64>) -> String {
    ms.and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| "-".into())
}

/// A duration in ms as `1h02m`, `3m04s`, `5.2s`.
fn duration(ms: Option<i64>) -> String {
    let Some(ms) = ms else { return "-".into() };
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", ms as f64 / 1000.0)
    }
}

fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "-".into())
}

/// Left-aligned columns separated by two spaces (the last column unpadded).
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn list_table(list: &JobList) -> String {
    let mut rows = vec![vec![
        "ID".to_string(),
        "STATE".into(),
        "START".into(),
        "DURATION".into(),
        "NAME".into(),
    ]];
    for j in &list.jobs {
        rows.push(vec![
            j.id.clone(),
            j.state.clone(),
            time(j.start_time),
            duration(j.duration_ms),
            j.name.clone(),
        ]);
    }
    format!(
        "{}{} job(s) on {} at {}\n",
        columns(&rows),
        list.jobs.len(),
        list.url,
        time(Some(list.observed_at_ms))
    )
}

fn show_text(v: &JobView, with_trace: bool) -> String {
    let j = &v.job;
    let mut out = format!(
        "job       {}\nname      {}\nstate     {} (observed at {} on {})\nstarted   {}\n",
        j.id,
        j.name,
        j.state,
        time(Some(v.observed_at_ms)),
        v.url,
        time(j.start_time),
    );
    if j.end_time.is_some() {
        out.push_str(&format!("ended     {}\n", time(j.end_time)));
    }
    out.push_str(&format!("duration  {}\n", duration(j.duration_ms)));
    if let Some(t) = &v.job_type {
        out.push_str(&format!("type      {t}\n"));
    }
    if let Some(f) = v.root_cause() {
        out.push_str(&format!(
            "root cause  {}{}\n",
            f.root_cause,
            f.root_cause_class
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ));
    }
    out.push_str("\nvertices\n");
    let mut rows = vec![vec![
        "  STATE".to_string(),
        "PARALLELISM".into(),
        "RECORDS IN".into(),
        "RECORDS OUT".into(),
        "NAME".into(),
    ]];
    for x in &v.vertices {
        rows.push(vec![
            format!("  {}", x.state),
            x.parallelism.to_string(),
            count(x.records_in),
            count(x.records_out),
            x.name.clone(),
        ]);
    }
    out.push_str(&columns(&rows));
    out.push_str(&format!("\nfailures ({})\n", v.failures.len()));
    if let Some(why) = &v.failures_unavailable {
        out.push_str(&format!("  unavailable: {why}\n"));
    }
    for f in &v.failures {
        out.push_str(&format!(
            "  {}  {}{}\n",
            time(f.timestamp),
            f.root_cause,
            f.task
                .as_deref()
                .map(|t| format!("  [task {t}]"))
                .unwrap_or_default()
        ));
        if with_trace {
            for line in f.trace.lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out.push_str("\ncheckpoints\n");
    match (&v.checkpoints, &v.checkpoints_unavailable) {
        (Some(c), _) => {
            out.push_str(&format!(
                "  completed {}  failed {}  in progress {}  restored {}\n",
                c.completed, c.failed, c.in_progress, c.restored
            ));
            let latest = |label: &str, r: &Option<weir::jobs::CheckpointRow>| match r {
                Some(r) => format!(
                    "  latest {label:<10} #{} at {} {}\n",
                    r.id,
                    time(r.trigger_time),
                    r.path.as_deref().or(r.failure.as_deref()).unwrap_or("")
                ),
                None => String::new(),
            };
            out.push_str(&latest("completed", &c.latest_completed));
            out.push_str(&latest("savepoint", &c.latest_savepoint));
            out.push_str(&latest("failed", &c.latest_failed));
            if let Some(r) = &c.restored_from {
                out.push_str(&format!(
                    "  restored from #{} {}\n",
                    r.id,
                    r.path.as_deref().unwrap_or("")
                ));
            }
            for r in c.history.iter().take(10) {
                out.push_str(&format!(
                    "  #{:<5} {:<11} {}  {}  {}\n",
                    r.id,
                    r.status,
                    time(r.trigger_time),
                    duration(r.duration_ms),
                    if r.is_savepoint {
                        "savepoint"
                    } else {
                        "checkpoint"
                    }
                ));
            }
        }
        (None, Some(why)) => out.push_str(&format!("  unavailable: {why}\n")),
        (None, None) => out.push_str("  none\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations_read_well() {
        assert_eq!(time(Some(1_796_652_685_544)), "2026-12-07T14:11:25Z");
        assert_eq!(time(None), "-");
        assert_eq!(duration(Some(1_161)), "1.2s");
        assert_eq!(duration(Some(184_000)), "3m04s");
        assert_eq!(duration(Some(3_720_000)), "1h02m");
    }

    #[test]
    fn columns_align_and_leave_the_last_unpadded() {
        let rows = vec![
            vec!["a".to_string(), "bb".into(), "c".into()],
            vec!["aaa".to_string(), "b".into(), "c c".into()],
        ];
        assert_eq!(columns(&rows), "a    bb  c\naaa  b   c c\n");
    }
}
