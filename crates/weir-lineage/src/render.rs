//! A lineage written for people: Graphviz DOT and Mermaid flowcharts, one node per table with
//! its columns, one arrow per column edge (dependencies dashed).

use std::fmt::Write;

use crate::model::{ColumnEdge, Lineage, Role, Transform};

fn dot_quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn transform(t: Transform) -> &'static str {
    match t {
        Transform::Copy => "copy",
        Transform::Expression => "expression",
        Transform::Aggregate => "aggregate",
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Source => "source",
        Role::Sink => "sink",
        Role::View => "view",
    }
}

/// Direct edges only: expanded edges (through views) repeat what the view's own edges show.
fn direct(edges: &[ColumnEdge]) -> impl Iterator<Item = &ColumnEdge> {
    edges.iter().filter(|e| e.via.is_empty())
}

/// The positions of a table among `l.tables` and of a column in it (0 when unknown), which
/// name the nodes of the DOT and Mermaid renderings.
fn column_index(l: &Lineage, table: &str, column: &str) -> (usize, usize) {
    let ti = l.tables.iter().position(|t| t.name == table).unwrap_or(0);
    let ci = l
        .tables
        .get(ti)
        .and_then(|t| t.columns.iter().position(|c| c.name == column))
        .unwrap_or(0);
    (ti, ci)
}

/// Graphviz DOT: tables as record-like HTML tables with one port per column.
pub fn to_dot(l: &Lineage) -> String {
    let mut out = String::from("digraph lineage {\n  rankdir=LR;\n  node [shape=plaintext];\n");
    let port = |table: &str, column: &str| -> String {
        let (ti, ci) = column_index(l, table, column);
        format!("t{ti}:c{ci}")
    };
    for (ti, t) in l.tables.iter().enumerate() {
        let _ = write!(
            out,
            "  t{ti} [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\"><tr><td><b>{}</b> ({})</td></tr>",
            html(&t.name),
            role(t.role)
        );
        for (ci, c) in t.columns.iter().enumerate() {
            let _ = write!(out, "<tr><td port=\"c{ci}\">{}</td></tr>", html(&c.name));
        }
        out.push_str("</table>>];\n");
    }
    for e in direct(&l.edges) {
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\"];",
            port(&e.from.table, &e.from.column),
            port(&e.to.table, &e.to.column),
            dot_quote(transform(e.transform))
        );
    }
    for e in direct(&l.dependencies) {
        let _ = writeln!(
            out,
            "  {} -> {} [style=dashed, color=gray];",
            port(&e.from.table, &e.from.column),
            port(&e.to.table, &e.to.column)
        );
    }
    out.push_str("}\n");
    out
}

/// Mermaid flowchart: one subgraph per table, one node per column.
pub fn to_mermaid(l: &Lineage) -> String {
    let mut out = String::from("flowchart LR\n");
    let id = |table: &str, column: &str| -> String {
        let (ti, ci) = column_index(l, table, column);
        format!("t{ti}c{ci}")
    };
    let label = |s: &str| s.replace('"', "#quot;");
    for (ti, t) in l.tables.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph t{ti}[\"{} ({})\"]",
            label(&t.name),
            role(t.role)
        );
        for (ci, c) in t.columns.iter().enumerate() {
            let _ = writeln!(out, "    t{ti}c{ci}[\"{}\"]", label(&c.name));
        }
        out.push_str("  end\n");
    }
    for e in direct(&l.edges) {
        let _ = writeln!(
            out,
            "  {} -->|{}| {}",
            id(&e.from.table, &e.from.column),
            transform(e.transform),
            id(&e.to.table, &e.to.column)
        );
    }
    for e in direct(&l.dependencies) {
        let _ = writeln!(
            out,
            "  {} -.-> {}",
            id(&e.from.table, &e.from.column),
            id(&e.to.table, &e.to.column)
        );
    }
    out
}
