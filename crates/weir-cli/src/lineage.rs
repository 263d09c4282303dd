//! `weir lineage`: the table and column lineage of a Flink SQL file (weir-lineage), printed as
//! JSON for tools, Graphviz DOT or a Mermaid flowchart.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// How `weir lineage` prints the lineage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `{"tables":[…],"edges":[…],"dependencies":[…]}`.
    Json,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

/// Prints the lineage of `file`; exit 1 when statements were skipped (they are listed on stderr,
/// the lineage of the others is still printed), 2 when the file cannot be read (as `weir check`).
pub fn run(file: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("weir: cannot read {}: {e}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    let lineage = weir_lineage::script_lineage(&text);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    match format {
        // written as it is serialised: a large script's lineage is not held twice as text
        Format::Json => serde_json::to_writer_pretty(&mut w, &lineage)?,
        Format::Dot => w.write_all(weir_lineage::render::to_dot(&lineage).trim_end().as_bytes())?,
        Format::Mermaid => w.write_all(
            weir_lineage::render::to_mermaid(&lineage)
                .trim_end()
                .as_bytes(),
        )?,
    }
    w.write_all(b"\n")?;
    w.flush()?;
    drop(w);
    for s in &lineage.skipped {
        eprintln!(
            "{}:{}: statement {} skipped: {}",
            file.display(),
            s.line,
            s.index + 1,
            s.message
        );
    }
    Ok(if lineage.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
