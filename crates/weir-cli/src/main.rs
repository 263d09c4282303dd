//! The `weir` command: the workspace (and, as they arrive, Flink SQL checks, runs and lineage)
//! from the terminal.

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use weir::{transfer, Access, Store};

mod chart;
mod check;
mod db;
mod engine;
mod jobs;
mod lineage;
mod run;

#[derive(Parser)]
#[command(
    name = "weir",
    version,
    about = "Weir, a studio for Apache Flink SQL, from the command line"
)]
struct Cli {
    /// Workspace directory (default: $WEIR_WORKSPACE, else $WEIR_HOME, else the OS data directory)
    #[arg(long, global = true, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Use a Java or Flink home named by the workspace for the local engine (never used without
    /// this flag: a workspace can come from anyone, and a Java home is a program Weir starts)
    #[arg(long, global = true)]
    trust_workspace_engine: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with the workspace's scripts
    Workspace {
        #[command(subcommand)]
        action: WorkspaceAction,
    },
    /// Check Flink SQL files: print diagnostics, exit 1 when there are errors
    Check {
        /// The .sql files to check
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = check::Format::Text)]
        format: check::Format,
    },
    /// Print a Flink SQL file in Weir's canonical layout (exit 1 when it does not parse)
    Format {
        /// The .sql file to format
        file: PathBuf,
    },
    /// Run a Flink SQL script and print each query's result (exit 1 when a statement fails)
    Run {
        /// The .sql script
        file: PathBuf,
        /// A saved connection profile of the workspace
        #[arg(long, conflicts_with_all = ["gateway", "local"])]
        connection: Option<String>,
        /// A Flink SQL Gateway URL, e.g. http://localhost:8083
        #[arg(long, value_name = "URL", conflicts_with = "local")]
        gateway: Option<String>,
        /// The local engine (the default)
        #[arg(long)]
        local: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = run::Format::Table)]
        format: run::Format,
        /// Rows kept per result; a longer result (or stream) stops there
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        max_rows: usize,
        /// Runtime mode of the session
        #[arg(long, value_parser = ["batch", "streaming"])]
        mode: Option<String>,
        /// A value for a ${name} placeholder (repeatable)
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
        /// Stop the run after this long (30s, 5m, 1h): the running statement and the session are
        /// closed, the rows so far printed, exit code 124
        #[arg(long, value_name = "DURATION", value_parser = run::parse_duration)]
        timeout: Option<std::time::Duration>,
        /// How long one request to the SQL Gateway may take (default: the connection's, else 30s)
        #[arg(long, value_name = "DURATION", value_parser = run::parse_duration, conflicts_with = "local")]
        request_timeout: Option<std::time::Duration>,
        /// How often a running statement's progress is shown on stderr (default: every second on
        /// a terminal, else every 30s; 0 = never)
        #[arg(long, value_name = "DURATION", value_parser = run::parse_duration)]
        progress_every: Option<std::time::Duration>,
    },
    /// Run a script and draw its last query's result (SVG, or PNG when --out ends in .png)
    Chart {
        /// The .sql script
        file: PathBuf,
        /// Column on the x axis (default: suggested from the column types)
        #[arg(long)]
        x: Option<String>,
        /// Column(s) on the y axis (repeatable; default: suggested)
        #[arg(long)]
        y: Vec<String>,
        /// Column whose values split the data into series
        #[arg(long)]
        series: Option<String>,
        /// Chart kind (default: suggested from the column types)
        #[arg(long, value_enum)]
        kind: Option<chart::Kind>,
        /// Chart title
        #[arg(long)]
        title: Option<String>,
        /// The file to write (.svg or .png)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Width in pixels
        #[arg(long, default_value_t = 960)]
        width: u32,
        /// Height in pixels
        #[arg(long, default_value_t = 480)]
        height: u32,
        /// A saved connection profile of the workspace
        #[arg(long, conflicts_with_all = ["gateway", "local"])]
        connection: Option<String>,
        /// A Flink SQL Gateway URL
        #[arg(long, value_name = "URL", conflicts_with = "local")]
        gateway: Option<String>,
        /// The local engine (the default)
        #[arg(long)]
        local: bool,
        /// Runtime mode of the session
        #[arg(long, value_parser = ["batch", "streaming"])]
        mode: Option<String>,
        /// Rows kept per result
        #[arg(long, value_name = "N", default_value_t = 1_000_000)]
        max_rows: usize,
        /// A value for a ${name} placeholder (repeatable)
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
    },
    /// Print the table and column lineage of a Flink SQL file
    Lineage {
        /// The .sql file
        file: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = lineage::Format::Json)]
        format: lineage::Format,
    },
    /// The local Flink engine: where Java and the jars are, and how fast it answers
    Engine {
        #[command(subcommand)]
        action: engine::Action,
    },
    /// Databases around Flink: connections, tables, queries, Flink DDL from tables
    Db {
        #[command(subcommand)]
        action: db::Action,
    },
    /// The jobs of a Flink cluster (its JobManager): list, show, cancel, savepoint, stop
    Jobs {
        #[command(subcommand)]
        action: jobs::Action,
    },
}

#[derive(Subcommand)]
enum WorkspaceAction {
    /// List the folders and scripts (one path per line)
    List,
    /// Write every script as a .sql file into DIR, in its folder tree
    Export { dir: PathBuf },
    /// Add the .sql files under DIR to the workspace (folders merged, nothing overwritten)
    Import { dir: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("weir: {}", report(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each said once: many of Weir's errors already include their cause
/// in their own message (the window shows only that message), so a cause whose text the message
/// before it holds is left out instead of being printed a second time.
fn report(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let dir = cli.workspace.unwrap_or_else(weir::paths::default_workspace);
    engine::TRUST_WORKSPACE_ENGINE.store(
        cli.trust_workspace_engine,
        std::sync::atomic::Ordering::Relaxed,
    );
    match cli.command {
        Command::Workspace { action } => workspace(&dir, action),
        Command::Check { files, format } => Ok(check::run(&files, format)),
        Command::Format { file } => Ok(check::format(&file)),
        Command::Run {
            file,
            connection,
            gateway,
            local: _,
            format,
            max_rows,
            mode,
            vars,
            timeout,
            request_timeout,
            progress_every,
        } => run::run(run::Options {
            file,
            target: run::Target {
                connection,
                gateway,
            },
            format,
            max_rows,
            vars,
            mode,
            workspace: dir,
            timeout,
            request_timeout,
            progress_every,
        }),
        Command::Chart {
            file,
            x,
            y,
            series,
            kind,
            title,
            out,
            width,
            height,
            connection,
            gateway,
            local: _,
            mode,
            max_rows,
            vars,
        } => chart::chart(
            run::Options {
                file,
                target: run::Target {
                    connection,
                    gateway,
                },
                format: run::Format::Table,
                max_rows,
                vars,
                mode,
                workspace: dir,
                timeout: None,
                request_timeout: None,
                progress_every: None,
            },
            chart::ChartOptions {
                x,
                y,
                series,
                kind,
                title,
                out,
                width,
                height,
            },
        ),
        Command::Lineage { file, format } => lineage::run(&file, format),
        Command::Engine { action } => engine::run(action, &dir),
        Command::Db { action } => db::run(action, &dir),
        Command::Jobs { action } => jobs::run(action, &dir),
    }
}

fn workspace(dir: &std::path::Path, action: WorkspaceAction) -> anyhow::Result<ExitCode> {
    match action {
        WorkspaceAction::List => {
            let store = match Store::open(dir, Access::ReadOnly) {
                Ok(s) => s,
                // A fresh data directory (or one never written) holds no scripts: nothing to list.
                Err(weir::StoreError::Missing { .. }) => {
                    eprintln!(
                        "weir: no workspace at {} yet; nothing to list",
                        dir.display()
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                Err(e) => return Err(e.into()),
            };
            let tree = store.tree()?;
            let mut lines = Vec::new();
            for f in &tree.folders {
                lines.push(format!("{}/", folder_path(&tree, f.id)));
            }
            for s in &tree.scripts {
                lines.push(store.script_path(s.id)?);
            }
            lines.sort_by_key(|l| l.to_lowercase());
            for l in lines {
                println!("{l}");
            }
            Ok(ExitCode::SUCCESS)
        }
        WorkspaceAction::Export { dir: out } => {
            let store = Store::open(dir, Access::ReadOnly)?;
            let report = transfer::export(&store, &out)
                .with_context(|| format!("exporting to {}", out.display()))?;
            eprintln!(
                "exported {} scripts in {} folders to {}",
                report.scripts,
                report.folders,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        WorkspaceAction::Import { dir: src } => {
            let mut store = Store::open(dir, Access::ReadWrite)?;
            let report = transfer::import(&mut store, &src)
                .with_context(|| format!("importing from {}", src.display()))?;
            for s in &report.skipped {
                eprintln!("skipped {}: {}", s.path.display(), s.reason);
            }
            eprintln!(
                "imported {} scripts and {} new folders from {}; skipped {}",
                report.scripts,
                report.folders,
                src.display(),
                report.skipped.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn folder_path(tree: &weir::Tree, id: i64) -> String {
    let mut parts = Vec::new();
    let mut cursor = Some(id);
    while let Some(c) = cursor {
        match tree.folders.iter().find(|f| f.id == c) {
            Some(f) => {
                parts.push(f.name.as_str());
                cursor = f.parent_id;
            }
            None => break,
        }
    }
    parts.reverse();
    parts.join("/")
}
