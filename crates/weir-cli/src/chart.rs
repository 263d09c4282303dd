//! `weir chart FILE --x COL --y COL [--kind line] --out chart.svg`: runs a script and draws its
//! last query's result (SVG, or PNG when the file ends in `.png`).

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use weir_chart::{ChartKind, ChartSpec, ChartTheme};
use weir_results::{Selection, View};

/// Chart kinds on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Bar,
    Line,
    Area,
    Scatter,
    Pie,
}

impl From<Kind> for ChartKind {
    fn from(k: Kind) -> ChartKind {
        match k {
            Kind::Bar => ChartKind::Bar,
            Kind::Line => ChartKind::Line,
            Kind::Area => ChartKind::Area,
            Kind::Scatter => ChartKind::Scatter,
            Kind::Pie => ChartKind::Pie,
        }
    }
}

/// What to draw.
pub struct ChartOptions {
    pub x: Option<String>,
    pub y: Vec<String>,
    pub series: Option<String>,
    pub kind: Option<Kind>,
    pub title: Option<String>,
    pub out: PathBuf,
    pub width: u32,
    pub height: u32,
}

fn column(names: &[String], wanted: &str, role: &str) -> anyhow::Result<usize> {
    names
        .iter()
        .position(|n| n == wanted)
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--{role} {wanted}: the last query has no such column; its columns are {}",
                names.join(", ")
            )
        })
}

/// Runs the script and writes the chart of its last query.
pub fn chart(run_opts: crate::run::Options, opts: ChartOptions) -> anyhow::Result<ExitCode> {
    let (ending, run) = crate::run::run_script(&run_opts)?;
    if let crate::run::Ending::Signal(..) = ending {
        return Ok(ending.exit_code());
    }
    if !ending.ok() {
        anyhow::bail!(
            "{}: a statement failed; nothing drawn",
            run_opts.file.display()
        );
    }
    let mut state = run.state();
    let last = state
        .statements
        .iter_mut()
        .rev()
        .find(|s| s.info.is_query && s.results.is_some())
        .with_context(|| format!("{} has no query to draw", run_opts.file.display()))?;
    let names: Vec<String> = last.info.columns.iter().map(|c| c.name.clone()).collect();
    let set = last.results.as_mut().context("the query has no rows")?;
    let suggested = weir_chart::suggest(&set.columns());
    let x = match &opts.x {
        Some(x) => Some(column(&names, x, "x")?),
        None => suggested.as_ref().and_then(|s| s.x),
    };
    let y = if opts.y.is_empty() {
        suggested.as_ref().map(|s| s.y.clone()).unwrap_or_default()
    } else {
        opts.y
            .iter()
            .map(|y| column(&names, y, "y"))
            .collect::<anyhow::Result<Vec<usize>>>()?
    };
    let kind = opts
        .kind
        .map(ChartKind::from)
        .or(suggested.as_ref().map(|s| s.kind))
        .unwrap_or(ChartKind::Line);
    let mut spec = ChartSpec::new(kind, x, y);
    spec.series = opts
        .series
        .as_deref()
        .map(|s| column(&names, s, "series"))
        .transpose()?;
    spec.title = opts.title.clone();
    spec.width = opts.width;
    spec.height = opts.height;
    spec.theme = ChartTheme::Light;
    let bytes = weir::run::chart_bytes(set, &Selection::of(View::Materialized), &spec, &opts.out)?;
    std::fs::write(&opts.out, &bytes)
        .with_context(|| format!("cannot write {}", opts.out.display()))?;
    eprintln!(
        "weir: wrote {} ({} bytes, {} chart of {} rows)",
        opts.out.display(),
        bytes.len(),
        format!("{kind:?}").to_lowercase(),
        set.len(View::Materialized)
    );
    Ok(ExitCode::SUCCESS)
}
