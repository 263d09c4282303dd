//! Tables, views and their columns defined by the earlier statements of the script.

use super::item::{CompletionItem, CompletionKind};
use crate::ast::{ColumnKind, DataType, SchemaElement, Statement, TypeKind};

/// A table or view an earlier statement of the script creates.
pub(super) struct Defined {
    pub name: String,
    pub view: bool,
    pub columns: Vec<(String, Option<String>)>,
}

fn type_name(t: &DataType) -> String {
    match &t.kind {
        TypeKind::Simple { name, params } if params.is_empty() => name.clone(),
        TypeKind::Simple { name, params } => format!(
            "{name}({})",
            params
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeKind::Temporal {
            name, precision, ..
        } => match precision {
            Some(p) => format!("{name}({p})"),
            None => name.clone(),
        },
        TypeKind::Interval { .. } => "INTERVAL".into(),
        TypeKind::Array(t) => format!("ARRAY<{}>", type_name(t)),
        TypeKind::Multiset(t) => format!("MULTISET<{}>", type_name(t)),
        TypeKind::Map(k, v) => format!("MAP<{}, {}>", type_name(k), type_name(v)),
        TypeKind::Row(_) => "ROW<…>".into(),
        TypeKind::Structured { .. } => "STRUCTURED".into(),
        TypeKind::Raw { .. } => "RAW".into(),
        TypeKind::Named(n) => n.to_string(),
    }
}

fn last_part(name: &crate::ast::ObjectName) -> String {
    let full = name.to_string();
    full.rsplit('.')
        .next()
        .unwrap_or(&full)
        .trim_matches('`')
        .to_string()
}

/// Tables and views created by the statements of `text` that end before byte `before`.
pub(super) fn defined_before(text: &str, before: usize) -> Vec<Defined> {
    let mut out: Vec<Defined> = Vec::new();
    for st in crate::split(text) {
        if st.span.end.offset > before {
            break;
        }
        let Ok(parsed) = crate::parse(&st.text) else {
            continue;
        };
        let def = match &parsed.statement {
            Statement::CreateTable(t) => Defined {
                name: last_part(&t.name),
                view: false,
                columns: schema_columns(&t.schema),
            },
            Statement::CreateMaterializedTable(t) => Defined {
                name: last_part(&t.name),
                view: false,
                columns: schema_columns(&t.schema),
            },
            Statement::CreateView(v) => Defined {
                name: last_part(&v.name),
                view: true,
                columns: if v.columns.is_empty() {
                    query_columns(&v.query)
                } else {
                    v.columns.iter().map(|c| (c.value.clone(), None)).collect()
                },
            },
            _ => continue,
        };
        out.retain(|d| !d.name.eq_ignore_ascii_case(&def.name));
        out.push(def);
    }
    out
}

fn schema_columns(schema: &[SchemaElement]) -> Vec<(String, Option<String>)> {
    schema
        .iter()
        .filter_map(|el| match el {
            SchemaElement::Column(c) => Some((
                c.name.value.clone(),
                match &c.kind {
                    ColumnKind::Physical(t) | ColumnKind::Metadata { data_type: t, .. } => {
                        Some(type_name(t))
                    }
                    ColumnKind::Computed(_) => Some("computed".into()),
                },
            )),
            _ => None,
        })
        .collect()
}

/// Output column names of a view's query: aliases and plain column references.
fn query_columns(q: &crate::ast::Query) -> Vec<(String, Option<String>)> {
    use sqlparser::ast::{Expr, SelectItem, SetExpr};
    let SetExpr::Select(select) = q.body.as_ref() else {
        return Vec::new();
    };
    select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.clone()),
            SelectItem::UnnamedExpr(Expr::Identifier(i)) => Some(i.value.clone()),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => {
                parts.last().map(|i| i.value.clone())
            }
            _ => None,
        })
        .map(|n| (n, None))
        .collect()
}

pub(super) fn table_items(defs: &[Defined]) -> Vec<CompletionItem> {
    defs.iter()
        .map(|d| CompletionItem {
            label: d.name.clone(),
            kind: if d.view {
                CompletionKind::View
            } else {
                CompletionKind::Table
            },
            detail: Some(if d.view { "view" } else { "table" }.into()),
            info: Some(
                d.columns
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            apply: None,
        })
        .collect()
}

pub(super) fn column_items(def: &Defined) -> Vec<CompletionItem> {
    def.columns
        .iter()
        .map(|(name, ty)| CompletionItem {
            label: name.clone(),
            kind: CompletionKind::Column,
            detail: Some(match ty {
                Some(t) => format!("{t} · {}", def.name),
                None => def.name.clone(),
            }),
            info: None,
            apply: None,
        })
        .collect()
}
