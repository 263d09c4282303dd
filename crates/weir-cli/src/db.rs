//! `weir db …`: database connection profiles (password into the OS keychain), tables, queries,
//! Flink DDL from a table, and a pasted MySQL `CREATE TABLE` translated into Flink DDL.

use anyhow::{bail, Context};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use weir::databases::{Databases, KeyMigration, PasswordRemoval};
use weir::{Access, Store, Weir};
use weir_db::{
    profiles, Connector, Db, DbProfile, DdlOptions, JdbcUrl, QueryOptions, QueryStatus, Secrets,
};
use weir_results::{Cell, ExportFormat, Selection, View};

/// What `weir db` does.
#[derive(clap::Subcommand)]
pub enum Action {
    /// Save a connection from a JDBC URL; the password goes into the OS keychain
    Add {
        /// Name of the connection
        name: String,
        /// jdbc:mysql://host:3306/db, jdbc:mariadb://…, jdbc:postgresql://host:5432/db, jdbc:sqlite:/path
        #[arg(long)]
        url: String,
        /// User name (overrides the URL's)
        #[arg(long)]
        user: Option<String>,
        /// Read the password from standard input (one line) and store it in the keychain
        #[arg(long)]
        password_from_stdin: bool,
        /// Keychain key of the password (default: db/<workspace hash>/NAME, as the app's)
        #[arg(long, value_name = "KEY")]
        password_key: Option<String>,
    },
    /// List the saved connections
    List,
    /// Remove a saved connection and its keychain entry (a legacy shared db/NAME entry is kept)
    Remove {
        /// Name of the connection
        name: String,
    },
    /// List the tables and views of a schema (default: the connection's)
    Tables {
        /// Name of the connection
        name: String,
        /// Schema (MySQL: database)
        schema: Option<String>,
    },
    /// Run SQL on a connection and print the result
    Query {
        /// Name of the connection
        name: String,
        /// The SQL to run
        sql: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write the result to this file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Rows kept; the query is stopped on the server there
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        max_rows: u64,
        /// Read the password from standard input for this run only (when no keychain is available)
        #[arg(long)]
        password_from_stdin: bool,
    },
    /// Print Flink CREATE TABLE for a table of a connection
    Ddl {
        /// Name of the connection
        name: String,
        /// The table (`schema.table`, or a table of the connection's default schema)
        table: String,
        /// The Flink connector
        #[arg(long, value_enum, default_value_t = ConnectorArg::Jdbc)]
        connector: ConnectorArg,
        /// Read the password from standard input for this run only (when no keychain is available)
        #[arg(long)]
        password_from_stdin: bool,
    },
    /// Translate a MySQL CREATE TABLE statement in FILE (or - for stdin) into Flink DDL
    Translate {
        /// The file holding the statement
        file: PathBuf,
        /// The Flink connector
        #[arg(long, value_enum, default_value_t = ConnectorArg::Jdbc)]
        connector: ConnectorArg,
    },
}

/// How `weir db query` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A boxed table.
    Table,
    /// CSV with a header row.
    Csv,
    /// JSON: columns and rows (decimals exact).
    Json,
}

/// The Flink connector to generate DDL for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConnectorArg {
    /// The JDBC connector.
    Jdbc,
    /// Flink CDC mysql-cdc.
    MysqlCdc,
    /// Flink CDC postgres-cdc.
    PostgresCdc,
}

impl From<ConnectorArg> for Connector {
    fn from(c: ConnectorArg) -> Connector {
        match c {
            ConnectorArg::Jdbc => Connector::Jdbc,
            ConnectorArg::MysqlCdc => Connector::MysqlCdc,
            ConnectorArg::PostgresCdc => Connector::PostgresCdc,
        }
    }
}

/// Runs `weir db ACTION` on the workspace in `dir`.
pub fn run(action: Action, dir: &Path) -> anyhow::Result<ExitCode> {
    match action {
        Action::Add {
            name,
            url,
            user,
            password_from_stdin,
            password_key,
        } => add(dir, &name, &url, user, password_from_stdin, password_key),
        Action::List => list(dir),
        Action::Remove { name } => remove(dir, &name),
        Action::Tables { name, schema } => {
            let (profile, secrets) = open(dir, &name, false)?;
            runtime()?.block_on(async {
                let db = connect(&profile, &secrets).await?;
                let schema = schema.unwrap_or_else(|| db.default_schema());
                let tables = db.tables(&schema).await?;
                for t in tables {
                    let kind = match t.kind {
                        weir_db::TableKind::Table => "table",
                        weir_db::TableKind::View => "view",
                    };
                    match t.comment {
                        Some(c) => println!("{}\t{kind}\t{c}", t.name),
                        None => println!("{}\t{kind}", t.name),
                    }
                }
                db.close().await;
                Ok(ExitCode::SUCCESS)
            })
        }
        Action::Query {
            name,
            sql,
            format,
            out,
            max_rows,
            password_from_stdin,
        } => {
            let (profile, secrets) = open(dir, &name, password_from_stdin)?;
            query(&profile, &secrets, &sql, format, out.as_deref(), max_rows)
        }
        Action::Ddl {
            name,
            table,
            connector,
            password_from_stdin,
        } => {
            let (profile, secrets) = open(dir, &name, password_from_stdin)?;
            runtime()?.block_on(async {
                let db = connect(&profile, &secrets).await?;
                let (schema, table) = match table.split_once('.') {
                    Some((s, t))
                        if db
                            .tables(s)
                            .await
                            .is_ok_and(|ts| ts.iter().any(|x| x.name == t)) =>
                    {
                        (s.to_string(), t.to_string())
                    }
                    _ => (db.default_schema(), table.clone()),
                };
                let meta = db.table_meta(&schema, &table).await?;
                db.close().await;
                let ddl = weir_db::create_table(
                    &meta,
                    connector.into(),
                    &DdlOptions::for_profile(&profile),
                )?;
                print!("{ddl}");
                Ok(ExitCode::SUCCESS)
            })
        }
        Action::Translate { file, connector } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("cannot read standard input")?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?
            };
            let ddl = weir_db::translate::translate_pasted(&text, connector.into(), None)
                .with_context(|| format!("{}", file.display()))?;
            print!("{ddl}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    if pw.is_empty() {
        bail!("standard input held no password");
    }
    Ok(pw)
}

/// `weir db add`: the CLI reads the input; saving is the app's use case
/// ([`Databases::save_profile`]: the same name checks, the password under the workspace's own
/// keychain key). The workspace is opened for writing first, so a refused add (another Weir
/// holds the workspace, a bad name) writes nothing to the keychain.
fn add(
    dir: &Path,
    name: &str,
    url: &str,
    user: Option<String>,
    password_from_stdin: bool,
    password_key: Option<String>,
) -> anyhow::Result<ExitCode> {
    let parsed = JdbcUrl::parse(url)?;
    let mut profile = parsed.profile.clone();
    profile.name = name.to_string();
    if let Some(u) = user {
        profile.user = u;
    }
    profile.password_key = password_key.filter(|k| !k.trim().is_empty());
    let password = if password_from_stdin {
        Some(read_password()?)
    } else {
        parsed.password.clone()
    };
    let weir = Weir::open(dir)?;
    runtime()?.block_on(async {
        let dbs = Databases::new();
        migrate(&dbs, &weir).await?;
        let saved = dbs
            .save_profile(&weir, profile, password.as_deref(), false)
            .await?;
        eprintln!(
            "saved connection '{}' ({} at {}){}",
            saved.name,
            saved.kind.name(),
            saved.address(),
            saved
                .password_key
                .as_deref()
                .map(|k| format!("; password in the keychain under '{k}'"))
                .unwrap_or_default()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// Moves this workspace's legacy `db/NAME` keychain entries to its own keys (see
/// [`Databases::migrate_legacy_keys`]) and says what happened.
async fn migrate(dbs: &Databases, weir: &Weir) -> anyhow::Result<()> {
    for m in dbs.migrate_legacy_keys(weir).await? {
        match m {
            KeyMigration::Moved { profile, from, to } => eprintln!(
                "weir: connection '{profile}': moved its password from the shared keychain key \
                 '{from}' to this workspace's key '{to}'; '{from}' is kept, as other workspaces \
                 may still use it"
            ),
            KeyMigration::Failed {
                profile,
                key,
                reason,
            } => eprintln!(
                "weir: connection '{profile}' still uses the shared keychain key '{key}' (not \
                 moved: {reason}); it is tried again next time"
            ),
        }
    }
    Ok(())
}

fn list(dir: &Path) -> anyhow::Result<ExitCode> {
    let store = match Store::open(dir, Access::ReadOnly) {
        Ok(s) => s,
        Err(weir::StoreError::Missing { .. }) => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e.into()),
    };
    for p in profiles::stored_in(&store)? {
        println!(
            "{}\t{}\t{}\t{}",
            p.name,
            p.kind.name(),
            if p.kind == weir_db::DbKind::Sqlite {
                p.database.clone()
            } else {
                format!("{}/{}", p.address(), p.database)
            },
            p.user
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `weir db remove`: the app's use case ([`Databases::remove_profile`]).
fn remove(dir: &Path, name: &str) -> anyhow::Result<ExitCode> {
    let weir = Weir::open(dir)?;
    runtime()?.block_on(async {
        let dbs = Databases::new();
        migrate(&dbs, &weir).await?;
        match dbs.remove_profile(&weir, name).await? {
            PasswordRemoval::NoPassword | PasswordRemoval::Removed { .. } => {}
            PasswordRemoval::KeptShared { key } => eprintln!(
                "weir: the keychain entry '{key}' is kept: it is the shared key older `weir db \
                 add` used, and another workspace may still use it"
            ),
            PasswordRemoval::Failed { key, error } => {
                eprintln!("weir: the keychain entry '{key}' was not removed: {error}")
            }
        }
        eprintln!("removed connection '{name}'");
        Ok(ExitCode::SUCCESS)
    })
}

/// The profile named `name` and the secrets to connect with (a password typed on stdin is kept
/// for this run only).
fn open(dir: &Path, name: &str, password_from_stdin: bool) -> anyhow::Result<(DbProfile, Secrets)> {
    let store = Store::open(dir, Access::ReadOnly)
        .with_context(|| format!("reading the database connections of {}", dir.display()))?;
    let profile = profiles::find(&store, name)?.with_context(|| {
        format!("there is no database connection named '{name}'; add it with `weir db add {name} --url …`")
    })?;
    let secrets = Secrets::new();
    if password_from_stdin {
        let key = profile
            .password_key
            .clone()
            .unwrap_or_else(|| weir::databases::password_key(dir, name));
        secrets.set_for_session(&key, &read_password()?);
        let mut p = profile;
        p.password_key = Some(key);
        return Ok((p, secrets));
    }
    Ok((profile, secrets))
}

async fn connect(profile: &DbProfile, secrets: &Secrets) -> anyhow::Result<Db> {
    match Db::connect_with_secrets(profile, secrets).await {
        Ok(db) => {
            if let Some(w) = db.tls_warning() {
                eprintln!("weir: warning: {w}");
            }
            Ok(db)
        }
        Err(e) if weir_db::needs_session_password(&e) => Err(anyhow::anyhow!(
            "{e}\n(for this run only: pipe the password into `--password-from-stdin`)"
        )),
        Err(e) => Err(e.into()),
    }
}

fn query(
    profile: &DbProfile,
    secrets: &Secrets,
    sql: &str,
    format: Format,
    out: Option<&Path>,
    max_rows: u64,
) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let run = rt.block_on(async {
        let db = connect(profile, secrets).await?;
        let run = db.query(
            sql,
            QueryOptions {
                max_rows,
                ..QueryOptions::default()
            },
        );
        let cancel = run.clone();
        let ctrl_c = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("weir: stopping the query (Ctrl+C)…");
                cancel.cancel();
            }
        });
        run.wait().await;
        ctrl_c.abort();
        db.close().await;
        Ok::<_, anyhow::Error>(run)
    })?;
    let info = run.info();
    let text = {
        let mut state = run.state();
        let columns = info.columns.clone();
        match (state.results.as_mut(), format) {
            (None, _) => String::new(),
            (Some(set), Format::Csv) => {
                let mut buf = Vec::new();
                set.export(
                    &Selection::of(View::Materialized),
                    ExportFormat::Csv,
                    &mut buf,
                    &mut |_, _| {},
                    &|| false,
                )?;
                String::from_utf8_lossy(&buf).into_owned()
            }
            (Some(set), Format::Json) => {
                let ids = set.row_ids(&Selection::of(View::Materialized))?;
                let cols: Vec<serde_json::Value> = columns
                    .iter()
                    .map(|c| serde_json::json!({"name": c.name, "type": c.native_type, "flinkType": c.type_name}))
                    .collect();
                let mut s = format!(
                    "{{\"columns\":{},\"rows\":[",
                    serde_json::Value::Array(cols)
                );
                for (i, &id) in ids.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str(&set.row_json(id).unwrap_or_default());
                }
                s.push_str("]}\n");
                s
            }
            (Some(set), Format::Table) => {
                let ids = set.row_ids(&Selection::of(View::Materialized))?;
                let cells: Vec<Vec<String>> = ids
                    .iter()
                    .map(|&id| {
                        (0..columns.len())
                            .map(|c| match set.cell(id, c) {
                                Some(Cell::Null) | None => "NULL".to_string(),
                                Some(_) => set.cell_text(id, c).unwrap_or_default(),
                            })
                            .collect()
                    })
                    .collect();
                table(&columns, &cells)
            }
        }
    };
    match out {
        Some(path) => std::fs::write(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .context("cannot write the result")?,
    }
    let rows = info.rows;
    match info.status {
        QueryStatus::Ok => {
            let mut line = match info.rows_affected {
                Some(n) if info.columns.is_empty() => format!("{n} rows affected"),
                _ => format!("{rows} row{}", if rows == 1 { "" } else { "s" }),
            };
            if let Some(t) = info.truncated_at {
                line.push_str(&format!(" (stopped at --max-rows {t})"));
            }
            eprintln!("{line} in {:.2} s", info.duration_ms as f64 / 1000.0);
            Ok(ExitCode::SUCCESS)
        }
        QueryStatus::Cancelled => {
            eprintln!("cancelled after {rows} rows");
            Ok(ExitCode::FAILURE)
        }
        QueryStatus::Error | QueryStatus::Running => {
            eprintln!(
                "weir: {} ({rows} rows kept)",
                info.error
                    .unwrap_or_else(|| "the query ended without a result".into())
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

fn table(columns: &[weir_db::QueryColumn], cells: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.name.chars().count()).collect();
    for row in cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count()).min(60);
        }
    }
    let fit = |s: &str, w: usize| -> String {
        if s.chars().count() <= w {
            s.to_string()
        } else {
            let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
            t.push('…');
            t
        }
    };
    let rule = || {
        let mut l = String::from("+");
        for w in &widths {
            l.push_str(&"-".repeat(w + 2));
            l.push('+');
        }
        l.push('\n');
        l
    };
    let mut out = rule();
    out.push('|');
    for (c, w) in columns.iter().zip(&widths) {
        out.push_str(&format!(" {:<w$} |", fit(&c.name, *w), w = w));
    }
    out.push('\n');
    out.push_str(&rule());
    for row in cells {
        out.push('|');
        for ((cell, w), col) in row.iter().zip(&widths).zip(columns) {
            let text = fit(cell, *w);
            if col.class.is_numeric() {
                out.push_str(&format!(" {text:>w$} |", w = w));
            } else {
                out.push_str(&format!(" {text:<w$} |", w = w));
            }
        }
        out.push('\n');
    }
    out.push_str(&rule());
    out
}
