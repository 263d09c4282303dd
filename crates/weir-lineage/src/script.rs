//! Lineage of one script: statements split and parsed with weir-sql, walked in order with the
//! catalog state they build (USE, CREATE, DROP, ALTER), edges collected per statement.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use weir_sql::ast::{
    AlterTableAction, AlterViewAction, ColumnKind as SqlColumnKind, DropObject, SchemaElement,
    Statement, StatementSet,
};

use crate::catalog::{ident, Catalog, ColDef, TableDef};
use crate::derive::Deriv;
use crate::model::{
    ColumnEdge, ColumnKind, ColumnRef, Lineage, Role, Skipped, StatementRef, TableColumn,
    TableNode, Transform,
};
use crate::query::{Analyzer, OutCol};

/// Everything one script yields: the lineage and the definitions (for the workspace).
pub(crate) struct ScriptResult {
    pub lineage: Lineage,
    pub definitions: Vec<TableDef>,
}

#[derive(Default)]
struct TableAcc {
    read: bool,
    written: bool,
    used_columns: BTreeSet<String>,
}

struct Builder {
    catalog: Catalog,
    tables: BTreeMap<String, TableAcc>,
    /// Definitions as the script made them (last one per name), for the table nodes.
    defined: BTreeMap<String, TableDef>,
    definitions: Vec<TableDef>,
    edges: Vec<ColumnEdge>,
    deps: Vec<ColumnEdge>,
    skipped: Vec<Skipped>,
    /// The table and column names of the edges, each held once.
    names: HashSet<Arc<str>>,
}

/// Analyses `text` with `seed` definitions known beforehand (other scripts of a workspace).
pub(crate) fn analyse(text: &str, seed: &[TableDef]) -> ScriptResult {
    let mut catalog = Catalog::default();
    for d in seed {
        catalog.seed(d.clone());
    }
    let mut b = Builder {
        catalog,
        tables: BTreeMap::new(),
        defined: BTreeMap::new(),
        definitions: Vec::new(),
        edges: Vec::new(),
        deps: Vec::new(),
        skipped: Vec::new(),
        names: HashSet::new(),
    };
    for st in weir_sql::split(text) {
        let at = StatementRef {
            index: st.index,
            line: st.span.start.line,
            start: st.span.start.offset,
            end: st.span.end.offset,
        };
        match weir_sql::parse_at(&st.text, st.span.start) {
            // the analysis recurses as deep as the statement nests
            Ok(p) => {
                let (e0, d0) = (b.edges.len(), b.deps.len());
                weir_sql::limits::deep(p.depth(), || b.statement(&p.statement, at));
                b.settle(e0, d0);
            }
            Err(e) => b.skipped.push(Skipped {
                index: st.index,
                line: e.span.start.line,
                message: e.message,
            }),
        }
    }
    b.finish()
}

fn physical_kind(k: &SqlColumnKind) -> (ColumnKind, bool) {
    match k {
        SqlColumnKind::Physical(_) => (ColumnKind::Physical, true),
        SqlColumnKind::Computed(_) => (ColumnKind::Computed, false),
        SqlColumnKind::Metadata { is_virtual, .. } => (ColumnKind::Metadata, !is_virtual),
    }
}

impl Builder {
    fn statement(&mut self, s: &Statement, at: StatementRef) {
        match s {
            Statement::CreateTable(t) => {
                let fqn = self.catalog.resolve(&t.name);
                let mut columns: Vec<ColDef> = Vec::new();
                if let Some(like) = &t.like {
                    let src = self.catalog.resolve(&like.source);
                    self.touch_read(&src);
                    let excluding = |f: &str| {
                        like.options.iter().any(|o| {
                            o.strategy == "EXCLUDING" && (o.feature == f || o.feature == "ALL")
                        })
                    };
                    if let Some(def) = self.catalog.get(&src) {
                        columns.extend(
                            def.columns
                                .iter()
                                .filter(|c| match c.kind {
                                    ColumnKind::Computed => !excluding("GENERATED"),
                                    ColumnKind::Metadata => !excluding("METADATA"),
                                    _ => true,
                                })
                                .cloned(),
                        );
                    }
                }
                self.schema_columns(&fqn, &t.schema, &mut columns, at);
                match &t.query {
                    Some(q) => self.create_as(&fqn, columns, q, at),
                    None => self.define(TableDef {
                        fqn,
                        is_view: false,
                        columns,
                        defined: Some(at),
                    }),
                }
            }
            Statement::CreateMaterializedTable(t) => {
                let fqn = self.catalog.resolve(&t.name);
                let mut columns = Vec::new();
                self.schema_columns(&fqn, &t.schema, &mut columns, at);
                self.create_as(&fqn, columns, &t.query, at);
            }
            Statement::CreateView(v) => {
                let fqn = self.catalog.resolve(&v.name);
                let names: Vec<String> = v.columns.iter().map(ident).collect();
                self.create_view(fqn, &names, &v.query, at);
            }
            Statement::AlterView {
                name,
                action: AlterViewAction::As(q),
            } => {
                let fqn = self.catalog.resolve(name);
                self.create_view(fqn, &[], q, at);
            }
            Statement::AlterView {
                name,
                action: AlterViewAction::RenameTo(to),
            } => self.rename(name, to),
            Statement::AlterTable { name, action, .. } => {
                let fqn = self.catalog.resolve(name);
                let Some(mut def) = self.catalog.get(&fqn).cloned() else {
                    return;
                };
                match action.as_ref() {
                    AlterTableAction::RenameTo(to) => return self.rename(name, to),
                    AlterTableAction::Add(els) | AlterTableAction::Modify(els) => {
                        let mut cols = Vec::new();
                        self.schema_columns(&fqn, els, &mut cols, at);
                        for c in cols {
                            match def.columns.iter_mut().find(|d| d.name == c.name) {
                                Some(d) => *d = c,
                                None => def.columns.push(c),
                            }
                        }
                    }
                    AlterTableAction::DropColumns(cols) => {
                        let names: Vec<String> = cols
                            .iter()
                            .filter_map(|c| crate::catalog::parts(c).last().cloned())
                            .collect();
                        def.columns.retain(|c| !names.contains(&c.name));
                    }
                    AlterTableAction::RenameColumn { from, to } => {
                        let f = crate::catalog::parts(from).last().cloned();
                        let t = crate::catalog::parts(to).last().cloned();
                        if let (Some(f), Some(t)) = (f, t) {
                            if let Some(c) = def.columns.iter_mut().find(|c| c.name == f) {
                                c.name = t;
                            }
                        }
                    }
                    _ => return,
                }
                self.define(def);
            }
            Statement::Drop(d)
                if matches!(
                    d.object,
                    DropObject::Table | DropObject::View | DropObject::MaterializedTable
                ) =>
            {
                let fqn = self.catalog.resolve(&d.name);
                self.catalog.remove(&fqn);
            }
            Statement::Insert(i) => {
                let fqn = self.catalog.resolve(&i.table);
                let mut an = Analyzer::new(&self.catalog);
                let cols = an.query_columns(&i.source);
                let reads = an.reads;
                self.mark_reads(reads);
                let static_parts: Vec<String> = i
                    .partition
                    .iter()
                    .filter(|p| p.value.is_some())
                    .map(|p| ident(&p.column))
                    .collect();
                let targets: Vec<String> = if !i.columns.is_empty() {
                    i.columns.iter().map(ident).collect()
                } else {
                    match self.catalog.get(&fqn) {
                        Some(def) => def
                            .columns
                            .iter()
                            .filter(|c| c.writable && !static_parts.contains(&c.name))
                            .map(|c| c.name.clone())
                            .collect(),
                        None => cols.iter().map(|c| c.name.clone()).collect(),
                    }
                };
                self.write(&fqn, &targets, &cols, at);
            }
            Statement::Query(q) => {
                let mut an = Analyzer::new(&self.catalog);
                an.query_columns(q);
                let reads = an.reads;
                self.mark_reads(reads);
            }
            Statement::StatementSet(StatementSet::Block(stmts)) => {
                for s in stmts {
                    self.statement(s, at);
                }
            }
            Statement::Execute(inner) => self.statement(inner, at),
            Statement::CompilePlan { statement, .. } => self.statement(statement, at),
            Statement::UseCatalog(c) => self.catalog.use_catalog(ident(c)),
            Statement::UseDatabase(d) => self.catalog.use_database(d),
            Statement::CreateCatalog { name, options, .. } => {
                self.catalog.create_catalog(ident(name), options)
            }
            _ => {}
        }
    }

    fn rename(&mut self, name: &sqlparser::ast::ObjectName, to: &sqlparser::ast::ObjectName) {
        let from = self.catalog.resolve(name);
        let to = self.catalog.resolve(to);
        if let Some(mut def) = self.catalog.remove(&from) {
            def.fqn = to;
            self.define(def);
        }
    }

    /// Columns of a schema list; computed columns get edges from the table's own columns.
    fn schema_columns(
        &mut self,
        fqn: &str,
        schema: &[SchemaElement],
        columns: &mut Vec<ColDef>,
        at: StatementRef,
    ) {
        let own: Vec<String> = schema
            .iter()
            .filter_map(|e| match e {
                SchemaElement::Column(c) => Some(ident(&c.name)),
                _ => None,
            })
            .chain(columns.iter().map(|c| c.name.clone()))
            .collect();
        for e in schema {
            let SchemaElement::Column(c) = e else {
                continue;
            };
            let name = ident(&c.name);
            let (kind, writable) = physical_kind(&c.kind);
            let deriv = match &c.kind {
                SqlColumnKind::Computed(expr) => {
                    let others: Vec<String> = own.iter().filter(|n| **n != name).cloned().collect();
                    let mut an = Analyzer::new(&self.catalog);
                    let d = an.table_expr(fqn, &others, expr);
                    self.emit(&ColumnRef::new(fqn, name.clone()), &d, at, &[]);
                    Some(d)
                }
                _ => None,
            };
            let def = ColDef {
                name,
                kind,
                deriv,
                writable,
            };
            match columns.iter_mut().find(|x| x.name == def.name) {
                Some(x) => *x = def,
                None => columns.push(def),
            }
        }
    }

    /// CTAS / RTAS / materialized table: the declared columns, then the query's by name.
    fn create_as(
        &mut self,
        fqn: &str,
        mut columns: Vec<ColDef>,
        q: &sqlparser::ast::Query,
        at: StatementRef,
    ) {
        let mut an = Analyzer::new(&self.catalog);
        let cols = an.query_columns(q);
        let reads = an.reads;
        self.mark_reads(reads);
        for c in &cols {
            if c.star_of.is_none() && !columns.iter().any(|d| d.name == c.name) {
                columns.push(ColDef {
                    name: c.name.clone(),
                    kind: ColumnKind::Physical,
                    deriv: None,
                    writable: true,
                });
            }
        }
        let targets: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
        self.define(TableDef {
            fqn: fqn.to_string(),
            is_view: false,
            columns,
            defined: Some(at),
        });
        self.write(fqn, &targets, &cols, at);
    }

    fn create_view(
        &mut self,
        fqn: String,
        names: &[String],
        q: &sqlparser::ast::Query,
        at: StatementRef,
    ) {
        let mut an = Analyzer::new(&self.catalog);
        let mut cols = an.query_columns(q);
        let reads = an.reads;
        self.mark_reads(reads);
        for (c, n) in cols.iter_mut().zip(names) {
            c.name = n.clone();
        }
        for c in &cols {
            self.emit(
                &ColumnRef::new(fqn.clone(), c.name.clone()),
                &c.deriv,
                at,
                &[],
            );
        }
        let columns = cols
            .into_iter()
            .map(|c| ColDef {
                name: c.name,
                kind: ColumnKind::View,
                deriv: Some(c.deriv),
                writable: false,
            })
            .collect();
        self.define(TableDef {
            fqn,
            is_view: true,
            columns,
            defined: Some(at),
        });
    }

    /// The query's columns written into `targets` of `fqn`, position by position.
    fn write(&mut self, fqn: &str, targets: &[String], cols: &[OutCol], at: StatementRef) {
        self.tables.entry(fqn.to_string()).or_default().written = true;
        let star = cols.iter().position(|c| c.star_of.is_some());
        for (i, c) in cols.iter().enumerate() {
            if Some(i) == star {
                break;
            }
            if let Some(t) = targets.get(i) {
                self.emit(&ColumnRef::new(fqn, t.clone()), &c.deriv, at, &[]);
            }
        }
        // `SELECT *` of a table of unknown schema: the remaining target columns by name
        if let Some(s) = star {
            let c = &cols[s];
            let src = c.star_of.clone().unwrap_or_default();
            if targets.len() > s {
                for t in &targets[s..] {
                    let mut d = Deriv::copy(ColumnRef::new(src.clone(), t.clone()));
                    d.deps = c.deriv.deps.clone();
                    self.emit(&ColumnRef::new(fqn, t.clone()), &d, at, &[]);
                }
            } else {
                self.emit(&ColumnRef::new(fqn, "*"), &c.deriv, at, &[]);
            }
        }
    }

    /// Edges and dependencies into `to`, plus the same expanded through views.
    fn emit(&mut self, to: &ColumnRef, d: &Deriv, at: StatementRef, via: &[String]) {
        self.touch_column(to);
        let to = &self.share(to);
        for (from, t) in &d.values {
            self.touch_column(from);
            let from = self.share(from);
            self.edges.push(ColumnEdge {
                from,
                to: to.clone(),
                transform: *t,
                statement: at,
                via: via.to_vec(),
            });
        }
        for from in &d.deps {
            if d.values.contains_key(from) {
                continue;
            }
            self.touch_column(from);
            let from = self.share(from);
            self.deps.push(ColumnEdge {
                from,
                to: to.clone(),
                transform: Transform::Copy,
                statement: at,
                via: via.to_vec(),
            });
        }
        if via.len() > 8 {
            return;
        }
        // expand origins that are view columns into the view's own origins
        for (from, t) in &d.values {
            let Some(vd) = self.view_column(from) else {
                continue;
            };
            let mut path = via.to_vec();
            path.push(from.table.to_string());
            let expanded = vd.raise(*t);
            self.emit(to, &expanded, at, &path);
        }
        for from in &d.deps {
            let Some(vd) = self.view_column(from) else {
                continue;
            };
            let mut path = via.to_vec();
            path.push(from.table.to_string());
            let expanded = Deriv {
                values: BTreeMap::new(),
                deps: vd.into_deps(),
            };
            self.emit(to, &expanded, at, &path);
        }
    }

    /// `c` with names shared with every other edge that names the same table or column.
    fn share(&mut self, c: &ColumnRef) -> ColumnRef {
        let mut one = |name: &Arc<str>| match self.names.get(name) {
            Some(n) => n.clone(),
            None => {
                self.names.insert(name.clone());
                name.clone()
            }
        };
        ColumnRef {
            table: one(&c.table),
            column: one(&c.column),
        }
    }

    fn view_column(&self, c: &ColumnRef) -> Option<Deriv> {
        let def = self.catalog.get(&c.table)?;
        if !def.is_view {
            return None;
        }
        def.column(&c.column)?.deriv.clone()
    }

    fn touch_column(&mut self, c: &ColumnRef) {
        self.tables
            .entry(c.table.to_string())
            .or_default()
            .used_columns
            .insert(c.column.to_string());
    }

    fn touch_read(&mut self, fqn: &str) {
        self.tables.entry(fqn.to_string()).or_default().read = true;
    }

    fn mark_reads(&mut self, reads: BTreeSet<String>) {
        for r in reads {
            self.touch_read(&r);
        }
    }

    fn define(&mut self, def: TableDef) {
        self.tables.entry(def.fqn.clone()).or_default();
        self.defined.insert(def.fqn.clone(), def.clone());
        self.definitions.push(def.clone());
        self.catalog.define(def);
    }

    /// Deduplicates the edges and dependencies one statement added (from `e0` and `d0` on):
    /// edges of different statements are never duplicates, so a large script is never held
    /// twice in a map.
    fn settle(&mut self, e0: usize, d0: usize) {
        let edges = dedup(self.edges.split_off(e0));
        let deps = only_deps(dedup(self.deps.split_off(d0)), &edges);
        self.edges.extend(edges);
        self.deps.extend(deps);
    }

    fn finish(self) -> ScriptResult {
        let mut tables = Vec::new();
        for (name, acc) in &self.tables {
            let def = self.defined.get(name).or_else(|| self.catalog.get(name));
            let (known, is_view, mut columns, defined) = match def {
                Some(d) => (
                    true,
                    d.is_view,
                    d.columns
                        .iter()
                        .map(|c| TableColumn {
                            name: c.name.clone(),
                            kind: c.kind,
                        })
                        .collect::<Vec<_>>(),
                    d.defined.filter(|_| self.defined.contains_key(name)),
                ),
                None => (false, false, Vec::new(), None),
            };
            for c in &acc.used_columns {
                if !columns.iter().any(|x| &x.name == c) {
                    columns.push(TableColumn {
                        name: c.clone(),
                        kind: ColumnKind::Unknown,
                    });
                }
            }
            let role = if is_view {
                Role::View
            } else if acc.written {
                Role::Sink
            } else {
                Role::Source
            };
            tables.push(TableNode {
                name: name.clone(),
                role,
                columns,
                known,
                defined,
            });
        }
        ScriptResult {
            lineage: Lineage {
                tables,
                dependencies: self.deps,
                edges: self.edges,
                skipped: self.skipped,
            },
            definitions: self.definitions,
        }
    }
}

/// One edge per (statement, from, to, via), keeping the least direct transform; order kept.
fn dedup(edges: Vec<ColumnEdge>) -> Vec<ColumnEdge> {
    let mut seen: BTreeMap<(usize, ColumnRef, ColumnRef, Vec<String>), usize> = BTreeMap::new();
    let mut out: Vec<ColumnEdge> = Vec::with_capacity(edges.len());
    for e in edges {
        let key = (
            e.statement.index,
            e.from.clone(),
            e.to.clone(),
            e.via.clone(),
        );
        match seen.get(&key) {
            Some(&i) => {
                if e.transform > out[i].transform {
                    out[i].transform = e.transform;
                }
            }
            None => {
                seen.insert(key, out.len());
                out.push(e);
            }
        }
    }
    out
}

/// Dependencies that are not also value origins of the same column in the same statement.
fn only_deps(deps: Vec<ColumnEdge>, edges: &[ColumnEdge]) -> Vec<ColumnEdge> {
    let values: BTreeSet<(usize, &ColumnRef, &ColumnRef)> = edges
        .iter()
        .map(|e| (e.statement.index, &e.from, &e.to))
        .collect();
    let mut seen = BTreeSet::new();
    deps.into_iter()
        .filter(|d| !values.contains(&(d.statement.index, &d.from, &d.to)))
        .filter(|d| seen.insert((d.statement.index, d.from.clone(), d.to.clone())))
        .collect()
}
