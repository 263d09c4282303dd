//! `weir check` and `weir format`: Flink SQL files checked (reported as compiler-style text
//! or as JSON for tools) or rewritten in the canonical layout, with weir-sql.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use weir_sql::{check, Diagnostic, Severity, StatementReport};

/// How `weir check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: error: message` lines and a summary.
    Text,
    /// One JSON document: files, statements, diagnostics.
    Json,
}

/// Exit code when a file could not be read.
const UNREADABLE: u8 = 2;

/// Checks `files`; exit 0 when clean, 1 when any statement has an error, 2 when a file could
/// not be read (the other files are still checked).
pub fn run(files: &[PathBuf], format: Format) -> ExitCode {
    let mut unreadable: Vec<UnreadableJson> = Vec::new();
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut statements = 0usize;
    let mut json_files = Vec::new();
    for file in files {
        let script = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("weir: cannot read {}: {e}", file.display());
                unreadable.push(UnreadableJson {
                    file: file.display().to_string(),
                    error: e.to_string(),
                });
                continue;
            }
        };
        let reports = check(&script);
        statements += reports.len();
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        match format {
            Format::Text => print_text(file, &reports),
            Format::Json => json_files.push(file_json(file, &reports)),
        }
    }
    let any_unreadable = !unreadable.is_empty();
    match format {
        Format::Text => {
            // Only the files read were checked; the others are counted apart.
            let checked = files.len() - unreadable.len();
            let mut line = format!(
                "{checked} {} checked, {statements} {} with {errors} {} and {warnings} {}",
                plural(checked, "file", "files"),
                plural(statements, "statement", "statements"),
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
            );
            if !unreadable.is_empty() {
                line.push_str(&format!(
                    "; {} {} could not be read",
                    unreadable.len(),
                    plural(unreadable.len(), "file", "files")
                ));
            }
            println!("{line}");
        }
        Format::Json => {
            let doc = ReportJson {
                files: json_files,
                unreadable,
            };
            match serde_json::to_string(&doc) {
                Ok(text) => println!("{text}"),
                Err(e) => {
                    eprintln!("weir: cannot write the JSON report: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    if any_unreadable {
        ExitCode::from(UNREADABLE)
    } else if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The message without the trailing ` at line:column` (the position is printed on its own).
fn message(d: &Diagnostic) -> &str {
    let suffix = format!(" at {}:{}", d.line, d.column);
    d.message.strip_suffix(&suffix).unwrap_or(&d.message)
}

fn print_text(file: &Path, reports: &[StatementReport]) {
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        println!(
            "{}:{}:{}: {}: {}",
            file.display(),
            d.line,
            d.column,
            severity(d.severity),
            message(d)
        );
    }
}

/// Prints `file` formatted; when it does not parse, prints its diagnostics instead (exit 1).
pub fn format(file: &Path) -> ExitCode {
    let script = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("weir: cannot read {}: {e}", file.display());
            return ExitCode::from(UNREADABLE);
        }
    };
    match weir_sql::format_script(&script) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let reports = check(&script);
            let errors: Vec<&Diagnostic> = reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if errors.is_empty() {
                eprintln!("{}: error: {e}", file.display());
            }
            for d in errors {
                eprintln!(
                    "{}:{}:{}: error: {}",
                    file.display(),
                    d.line,
                    d.column,
                    message(d)
                );
            }
            eprintln!(
                "weir: {} was not formatted: fix the errors above first",
                file.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// The whole `--format json` document.
#[derive(Serialize)]
struct ReportJson {
    files: Vec<FileJson>,
    /// Files that could not be read (not checked, not in `files`); left out when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unreadable: Vec<UnreadableJson>,
}

/// A file `weir check` could not read, and why.
#[derive(Serialize)]
struct UnreadableJson {
    file: String,
    error: String,
}

/// One checked file, as `--format json` prints it (fields in this order).
#[derive(Serialize)]
struct FileJson {
    file: String,
    statements: Vec<StatementJson>,
}

#[derive(Serialize)]
struct PositionJson {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct StatementJson {
    index: usize,
    start: PositionJson,
    end: PositionJson,
    kind: Option<&'static str>,
    ok: bool,
    diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize)]
struct DiagnosticJson {
    severity: &'static str,
    message: String,
    line: usize,
    column: usize,
}

fn file_json(file: &Path, reports: &[StatementReport]) -> FileJson {
    let statements = reports
        .iter()
        .map(|r| StatementJson {
            index: r.index,
            start: PositionJson {
                line: r.start.line,
                column: r.start.column,
            },
            end: PositionJson {
                line: r.end.line,
                column: r.end.column,
            },
            kind: r.kind,
            ok: !r.diagnostics.iter().any(|d| d.severity == Severity::Error),
            diagnostics: r
                .diagnostics
                .iter()
                .map(|d| DiagnosticJson {
                    severity: severity(d.severity),
                    message: message(d).to_string(),
                    line: d.line,
                    column: d.column,
                })
                .collect(),
        })
        .collect();
    FileJson {
        file: file.display().to_string(),
        statements,
    }
}
