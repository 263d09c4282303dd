//! The diagnostics of a whole script as the editor places them: in UTF-16 offsets, grouped by
//! statement, ready to cross to the window.

use crate::diagnostics::{check, Severity, StatementReport};
use crate::utf16::bytes_to_utf16;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DiagnosticSeverity {
    Error,
    Warning,
}

/// One problem of a script, placed in the editor's UTF-16 offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocDiagnostic {
    pub from: u32,
    /// Equal to `from` for a point.
    pub to: u32,
    pub severity: DiagnosticSeverity,
    pub message: String,
    /// 1-based line and column (in characters) of `from`.
    pub line: u32,
    pub column: u32,
}

/// The diagnostics of one statement of a script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementDiagnostics {
    /// 0-based index of the statement.
    pub index: u32,
    /// Where the statement is (UTF-16 offsets).
    pub from: u32,
    pub to: u32,
    /// The statement's kind when it parsed (e.g. `create_table`).
    pub kind: Option<String>,
    pub diagnostics: Vec<DocDiagnostic>,
}

/// The diagnostics of a whole script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocDiagnostics {
    /// Length (UTF-16) of the text that was checked.
    pub len: u32,
    pub statements: Vec<StatementDiagnostics>,
}

/// Diagnostics of `text` in UTF-16 offsets.
pub fn check_doc(text: &str) -> DocDiagnostics {
    from_reports(text, &check(text))
}

/// The reports of [`check`] (or of another reader of the script's statements) placed in `text`'s
/// UTF-16 offsets.
pub fn from_reports(text: &str, reports: &[StatementReport]) -> DocDiagnostics {
    let mut bytes = Vec::new();
    for r in reports {
        bytes.push(r.start.offset);
        bytes.push(r.end.offset);
        for d in &r.diagnostics {
            bytes.push(d.span.start.offset);
            bytes.push(d.span.end.offset.max(d.span.start.offset));
        }
    }
    bytes.push(text.len());
    let units = bytes_to_utf16(text, &bytes);
    let mut next = units.iter().copied();
    let mut take = || next.next().unwrap_or(0);
    let statements = reports
        .iter()
        .map(|r| StatementDiagnostics {
            index: r.index as u32,
            from: take(),
            to: take(),
            kind: r.kind.map(str::to_string),
            diagnostics: r
                .diagnostics
                .iter()
                .map(|d| DocDiagnostic {
                    from: take(),
                    to: take(),
                    severity: match d.severity {
                        Severity::Error => DiagnosticSeverity::Error,
                        Severity::Warning => DiagnosticSeverity::Warning,
                    },
                    message: d.message.clone(),
                    line: d.line as u32,
                    column: d.column as u32,
                })
                .collect(),
        })
        .collect();
    DocDiagnostics {
        len: take(),
        statements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_are_placed_in_utf16() {
        let text = "-- 😀 é\nSELECT 'ü' FROM;\nSELECT 1;";
        let d = check_doc(text);
        assert_eq!(d.len as usize, text.encode_utf16().count());
        assert_eq!(d.statements.len(), 2);
        let st = &d.statements[0];
        let prefix16 = "-- 😀 é\n".encode_utf16().count() as u32;
        assert_eq!(st.from, prefix16);
        assert_eq!(
            st.to,
            prefix16 + "SELECT 'ü' FROM".encode_utf16().count() as u32
        );
        let diag = &st.diagnostics[0];
        assert_eq!(diag.severity, DiagnosticSeverity::Error);
        assert_eq!(diag.line, 2);
        assert!(diag.from >= prefix16 && diag.from <= st.to + 1, "{diag:?}");
        // from/to point at the same characters the line/column name.
        let chars_before: usize = text
            .split('\n')
            .take(diag.line as usize - 1)
            .map(|l| l.chars().count() + 1)
            .sum();
        let char_offset = chars_before + diag.column as usize - 1;
        let units: u32 = text
            .chars()
            .take(char_offset)
            .map(|c| c.len_utf16() as u32)
            .sum();
        assert_eq!(diag.from, units);
        assert!(d.statements[1].diagnostics.is_empty());

        let d =
            check_doc("-- ü😀\nCREATE TABLE t (id INT PRIMARY KEY) WITH ('connector' = 'print')");
        let diag = &d.statements[0].diagnostics[0];
        assert_eq!(
            &"-- ü😀\nCREATE TABLE t (id INT PRIMARY KEY)"
                .encode_utf16()
                .collect::<Vec<_>>()[diag.from as usize..diag.to as usize],
            "PRIMARY".encode_utf16().collect::<Vec<_>>().as_slice()
        );
    }
}
