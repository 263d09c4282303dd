//! Column lineage of a query: which source columns each output column is derived from, through
//! CTEs, subqueries, joins, aggregations, window TVFs, OVER windows, set operations, UNNEST,
//! `LATERAL TABLE`, MATCH_RECOGNIZE and CASE.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident, InTarget,
    JoinConstraint, JoinOperator, ObjectName, Query, RowsPerMatch, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, SetOperator, TableAlias, TableFactor, TableWithJoins,
    Visit, Visitor, WindowType,
};

use crate::catalog::{ident, parts, Catalog};
use crate::derive::Deriv;
use crate::model::{ColumnRef, Transform};

/// One output column of a query or relation.
#[derive(Debug, Clone)]
pub(crate) struct OutCol {
    pub name: String,
    pub deriv: Deriv,
    /// `*` of a table whose columns are unknown: stands for all of them.
    pub star_of: Option<String>,
}

/// A relation in a FROM clause.
#[derive(Debug, Clone)]
struct Relation {
    /// The name a column may be qualified with.
    name: Option<String>,
    columns: Vec<OutCol>,
    /// Columns not listed resolve here (a table whose schema is unknown, a UDTF without
    /// column aliases).
    open: Option<Open>,
}

#[derive(Debug, Clone)]
enum Open {
    Table(String),
    Derived(Deriv),
}

impl Relation {
    fn find(&self, col: &str) -> Option<Deriv> {
        if let Some(c) = self.columns.iter().find(|c| c.name == col) {
            return Some(c.deriv.clone());
        }
        match &self.open {
            Some(Open::Table(t)) => Some(Deriv::copy(ColumnRef::new(t.clone(), col))),
            Some(Open::Derived(d)) => Some(d.clone()),
            None => None,
        }
    }

    fn find_listed(&self, col: &str) -> Option<Deriv> {
        self.columns
            .iter()
            .find(|c| c.name == col)
            .map(|c| c.deriv.clone())
    }
}

/// The relations visible to an expression, with the enclosing query's for correlation.
struct Scope<'s> {
    rels: Vec<Relation>,
    parent: Option<&'s Scope<'s>>,
}

impl<'s> Scope<'s> {
    fn new(parent: Option<&'s Scope<'s>>) -> Self {
        Scope {
            rels: Vec::new(),
            parent,
        }
    }

    fn resolve(&self, p: &[String]) -> Option<Deriv> {
        let found = match p {
            [] => None,
            [c] => self
                .rels
                .iter()
                .find_map(|r| r.find_listed(c))
                .or_else(|| self.rels.iter().find_map(|r| r.find(c))),
            [q, rest @ ..] => {
                let by_rel = self
                    .rels
                    .iter()
                    .find(|r| r.name.as_deref() == Some(q.as_str()))
                    .and_then(|r| r.find(&rest[0]).map(|d| (d, rest.len() > 1)));
                // `db.t.col` / `cat.db.t.col`, a nested field `col.f`, or a pattern variable
                // of MATCH_RECOGNIZE (`A.price`)
                let by_longer = || {
                    (1..p.len() - 1).find_map(|i| {
                        self.rels
                            .iter()
                            .find(|r| r.name.as_deref() == Some(p[i].as_str()))
                            .and_then(|r| r.find(&p[i + 1]).map(|d| (d, p.len() > i + 2)))
                    })
                };
                let nested = || {
                    self.rels
                        .iter()
                        .find_map(|r| r.find_listed(q))
                        .map(|d| (d, true))
                };
                let pattern_var = || {
                    self.rels
                        .iter()
                        .find_map(|r| r.find_listed(&rest[0]))
                        .map(|d| (d, rest.len() > 1))
                };
                by_rel
                    .or_else(by_longer)
                    .or_else(nested)
                    .or_else(pattern_var)
                    .map(|(d, field)| {
                        if field {
                            d.raise(Transform::Expression)
                        } else {
                            d
                        }
                    })
            }
        };
        found.or_else(|| self.parent.and_then(|p2| p2.resolve(p)))
    }

    fn columns(&self) -> Vec<OutCol> {
        self.rels.iter().flat_map(rel_columns).collect()
    }
}

fn rel_columns(r: &Relation) -> Vec<OutCol> {
    let mut out = r.columns.clone();
    if let Some(Open::Table(t)) = &r.open {
        out.push(OutCol {
            name: "*".into(),
            deriv: Deriv::copy(ColumnRef::new(t.clone(), "*")),
            star_of: Some(t.clone()),
        });
    }
    out
}

/// Built-in aggregate functions of Flink SQL (upper case).
const AGGREGATES: &[&str] = &[
    "AVG",
    "COUNT",
    "SUM",
    "SUM0",
    "MIN",
    "MAX",
    "STDDEV_POP",
    "STDDEV_SAMP",
    "VAR_POP",
    "VAR_SAMP",
    "VARIANCE",
    "STDDEV",
    "COLLECT",
    "LISTAGG",
    "ARRAY_AGG",
    "FIRST_VALUE",
    "LAST_VALUE",
    "JSON_OBJECTAGG",
    "JSON_ARRAYAGG",
    "APPROX_COUNT_DISTINCT",
    "BIT_AND",
    "BIT_OR",
    "BIT_XOR",
    "BOOL_AND",
    "BOOL_OR",
    "EVERY",
    "SINGLE_VALUE",
    "CUME_DIST",
    "PERCENT_RANK",
    "NTILE",
];

/// Window TVFs whose `DESCRIPTOR` column gives `window_start`, `window_end`, `window_time`.
const WINDOW_TVFS: &[&str] = &["TUMBLE", "HOP", "CUMULATE", "SESSION"];

#[cfg(test)]
thread_local! {
    /// How many expressions this thread analysed (tests hold it linear in the input).
    pub(crate) static EXPR_VISITS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Analyses queries against the tables known so far; records the tables read.
pub(crate) struct Analyzer<'a> {
    catalog: &'a Catalog,
    ctes: Vec<(String, Vec<OutCol>)>,
    /// Fully qualified names of tables and views read (CTEs excluded).
    pub reads: BTreeSet<String>,
}

fn function_name(name: &ObjectName) -> String {
    parts(name)
        .last()
        .cloned()
        .unwrap_or_default()
        .to_uppercase()
}

fn function_args(args: &FunctionArguments) -> Vec<&FunctionArgExpr> {
    match args {
        FunctionArguments::List(l) => l.args.iter().map(arg_expr).collect(),
        _ => Vec::new(),
    }
}

fn arg_expr(a: &FunctionArg) -> &FunctionArgExpr {
    match a {
        FunctionArg::Named { arg, .. } | FunctionArg::ExprNamed { arg, .. } => arg,
        FunctionArg::Unnamed(arg) => arg,
    }
}

fn alias_columns(alias: &Option<TableAlias>) -> Vec<String> {
    alias
        .as_ref()
        .map(|a| a.columns.iter().map(|c| ident(&c.name)).collect())
        .unwrap_or_default()
}

fn alias_name(alias: &Option<TableAlias>) -> Option<String> {
    alias.as_ref().map(|a| ident(&a.name))
}

fn rename(cols: &mut [OutCol], names: &[String]) {
    for (c, n) in cols.iter_mut().zip(names) {
        c.name = n.clone();
        c.star_of = None;
    }
}

fn idents(v: &[Ident]) -> Vec<String> {
    v.iter().map(ident).collect()
}

impl<'a> Analyzer<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        Analyzer {
            catalog,
            ctes: Vec::new(),
            reads: BTreeSet::new(),
        }
    }

    /// Output columns of a top-level query.
    pub fn query_columns(&mut self, q: &Query) -> Vec<OutCol> {
        self.query(q, None)
    }

    /// Derivation of an expression over the columns of one table (computed columns).
    pub fn table_expr(&mut self, table: &str, columns: &[String], e: &Expr) -> Deriv {
        let mut scope = Scope::new(None);
        let name = table.rsplit('.').next().map(String::from);
        scope.rels.push(Relation {
            name,
            columns: columns
                .iter()
                .map(|c| OutCol {
                    name: c.clone(),
                    deriv: Deriv::copy(ColumnRef::new(table, c.clone())),
                    star_of: None,
                })
                .collect(),
            open: None,
        });
        self.expr(e, &scope)
    }

    fn query(&mut self, q: &Query, outer: Option<&Scope<'_>>) -> Vec<OutCol> {
        let pushed = match &q.with {
            Some(with) => {
                for cte in &with.cte_tables {
                    let mut cols = self.query(&cte.query, outer);
                    rename(&mut cols, &idents_of(&cte.alias.columns));
                    self.ctes.push((ident(&cte.alias.name), cols));
                }
                with.cte_tables.len()
            }
            None => 0,
        };
        let out = self.set_expr(&q.body, outer);
        let keep = self.ctes.len() - pushed;
        self.ctes.truncate(keep);
        out
    }

    fn set_expr(&mut self, s: &SetExpr, outer: Option<&Scope<'_>>) -> Vec<OutCol> {
        match s {
            SetExpr::Select(sel) => self.select(sel, outer),
            SetExpr::Query(q) => self.query(q, outer),
            SetExpr::SetOperation { .. } => {
                // `q UNION ALL q UNION ALL …` is a left-deep tree as deep as it is long: its
                // left spine is walked in a loop, not by recursion
                let mut rights = Vec::new();
                let mut leftmost = s;
                while let SetExpr::SetOperation {
                    left, op, right, ..
                } = leftmost
                {
                    rights.push((op, right));
                    leftmost = left;
                }
                let mut l = self.set_expr(leftmost, outer);
                for (op, right) in rights.into_iter().rev() {
                    let r = self.set_expr(right, outer);
                    for (lc, rc) in l.iter_mut().zip(r) {
                        if *op == SetOperator::Except {
                            lc.deriv.deps.extend(rc.deriv.into_deps());
                        } else {
                            lc.deriv.merge(rc.deriv);
                        }
                    }
                }
                l
            }
            SetExpr::Values(v) => {
                let scope = Scope::new(outer);
                let mut cols: Vec<OutCol> = Vec::new();
                for row in &v.rows {
                    for (i, e) in row.content.iter().enumerate() {
                        let d = self.expr(e, &scope);
                        match cols.get_mut(i) {
                            Some(c) => c.deriv.merge(d),
                            None => cols.push(OutCol {
                                name: format!("EXPR${i}"),
                                deriv: d,
                                star_of: None,
                            }),
                        }
                    }
                }
                cols
            }
            SetExpr::Table(t) => {
                let name = t
                    .table_name
                    .as_ref()
                    .map(|n| vec![n.clone()])
                    .unwrap_or_default();
                let p: Vec<String> = t.schema_name.iter().chain(name.iter()).map(ident).collect();
                rel_columns(&self.named_relation(&p, None))
            }
            _ => Vec::new(),
        }
    }

    fn select(&mut self, s: &Select, outer: Option<&Scope<'_>>) -> Vec<OutCol> {
        let mut scope = Scope::new(outer);
        let mut block = BTreeSet::new();
        for twj in &s.from {
            self.table_with_joins(twj, &mut scope, &mut block);
        }
        let mut filter = |e: &Option<Expr>, me: &mut Self, scope: &Scope<'_>| {
            if let Some(e) = e {
                block.extend(me.expr(e, scope).into_deps());
            }
        };
        filter(&s.selection, self, &scope);
        filter(&s.having, self, &scope);
        filter(&s.qualify, self, &scope);
        if let GroupByExpr::Expressions(exprs, _) = &s.group_by {
            for e in exprs {
                block.extend(self.expr(e, &scope).into_deps());
            }
        }
        let mut out = Vec::new();
        for (i, item) in s.projection.iter().enumerate() {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let name = match e {
                        Expr::Identifier(id) => ident(id),
                        Expr::CompoundIdentifier(p) => p.last().map(ident).unwrap_or_default(),
                        _ => format!("EXPR${i}"),
                    };
                    let deriv = self.projected(e, &scope, s);
                    out.push(OutCol {
                        name,
                        deriv,
                        star_of: None,
                    });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let deriv = self.projected(expr, &scope, s);
                    out.push(OutCol {
                        name: ident(alias),
                        deriv,
                        star_of: None,
                    });
                }
                SelectItem::ExprWithAliases { expr, aliases } => {
                    let deriv = self.projected(expr, &scope, s);
                    for a in aliases {
                        out.push(OutCol {
                            name: ident(a),
                            deriv: deriv.clone(),
                            star_of: None,
                        });
                    }
                }
                SelectItem::Wildcard(_) => out.extend(scope.columns()),
                SelectItem::QualifiedWildcard(kind, _) => {
                    let q = match kind {
                        SelectItemQualifiedWildcardKind::ObjectName(n) => parts(n),
                        SelectItemQualifiedWildcardKind::Expr(e) => vec![e.to_string()],
                    };
                    let last = q.last().cloned().unwrap_or_default();
                    if let Some(r) = scope
                        .rels
                        .iter()
                        .find(|r| r.name.as_deref() == Some(last.as_str()))
                    {
                        out.extend(rel_columns(r));
                    }
                }
            }
        }
        for c in &mut out {
            c.deriv.deps.extend(block.iter().cloned());
        }
        out
    }

    /// A projected expression; OVER windows named in the WINDOW clause are looked up there.
    fn projected(&mut self, e: &Expr, scope: &Scope<'_>, s: &Select) -> Deriv {
        let mut d = self.expr(e, scope);
        if !s.named_window.is_empty() {
            let mut names = Vec::new();
            let _ = e.visit(&mut NamedWindows(&mut names));
            for nw in &s.named_window {
                if names.contains(&ident(&nw.0)) {
                    if let sqlparser::ast::NamedWindowExpr::WindowSpec(spec) = &nw.1 {
                        for p in &spec.partition_by {
                            d.deps.extend(self.expr(p, scope).into_deps());
                        }
                        for o in &spec.order_by {
                            d.deps.extend(self.expr(&o.expr, scope).into_deps());
                        }
                    }
                }
            }
        }
        d
    }

    fn table_with_joins(
        &mut self,
        twj: &TableWithJoins,
        scope: &mut Scope<'_>,
        block: &mut BTreeSet<ColumnRef>,
    ) {
        self.factor(&twj.relation, scope, block);
        for j in &twj.joins {
            self.factor(&j.relation, scope, block);
            let c = match &j.join_operator {
                JoinOperator::Join(c)
                | JoinOperator::Inner(c)
                | JoinOperator::Left(c)
                | JoinOperator::LeftOuter(c)
                | JoinOperator::Right(c)
                | JoinOperator::RightOuter(c)
                | JoinOperator::FullOuter(c)
                | JoinOperator::CrossJoin(c)
                | JoinOperator::Semi(c)
                | JoinOperator::LeftSemi(c)
                | JoinOperator::RightSemi(c)
                | JoinOperator::Anti(c)
                | JoinOperator::LeftAnti(c)
                | JoinOperator::RightAnti(c)
                | JoinOperator::StraightJoin(c) => Some(c),
                JoinOperator::AsOf { constraint, .. } => Some(constraint),
                _ => None,
            };
            match c {
                Some(JoinConstraint::On(e)) => block.extend(self.expr(e, scope).into_deps()),
                Some(JoinConstraint::Using(cols)) | Some(JoinConstraint::UsingAlias(cols, _)) => {
                    for c in cols {
                        let name = parts(c).last().cloned().unwrap_or_default();
                        for r in &scope.rels {
                            if let Some(d) = r.find(&name) {
                                block.extend(d.into_deps());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A relation by name: a CTE, a known table or view, or a table of unknown schema.
    fn named_relation(&mut self, p: &[String], alias: Option<String>) -> Relation {
        if let [name] = p {
            if let Some((_, cols)) = self.ctes.iter().rev().find(|(n, _)| n == name) {
                return Relation {
                    name: alias.or_else(|| Some(name.clone())),
                    columns: cols.clone(),
                    open: None,
                };
            }
        }
        let fqn = self.catalog.resolve_parts(p);
        self.reads.insert(fqn.clone());
        let name = alias.or_else(|| p.last().cloned());
        match self.catalog.get(&fqn) {
            Some(def) => Relation {
                name,
                columns: def
                    .columns
                    .iter()
                    .map(|c| OutCol {
                        name: c.name.clone(),
                        deriv: Deriv::copy(ColumnRef::new(fqn.clone(), c.name.clone())),
                        star_of: None,
                    })
                    .collect(),
                open: None,
            },
            None => Relation {
                name,
                columns: Vec::new(),
                open: Some(Open::Table(fqn)),
            },
        }
    }

    fn factor(&mut self, f: &TableFactor, scope: &mut Scope<'_>, block: &mut BTreeSet<ColumnRef>) {
        match f {
            TableFactor::Table {
                name,
                alias,
                args,
                version,
                ..
            } => {
                let p = parts(name);
                if let (Some(args), true) =
                    (args, p.len() == 1 && p[0].eq_ignore_ascii_case("UNNEST"))
                {
                    let mut d = Deriv::default();
                    for a in &args.args {
                        if let FunctionArgExpr::Expr(e) = arg_expr(a) {
                            d.merge(self.expr(e, scope));
                        }
                    }
                    let rel = derived_relation(alias, d.raise(Transform::Expression));
                    scope.rels.push(rel);
                    return;
                }
                let mut rel = self.named_relation(&p, alias_name(alias));
                let names = alias_columns(alias);
                rename(&mut rel.columns, &names);
                if let Some(sqlparser::ast::TableVersion::ForSystemTimeAsOf(e)) = version {
                    block.extend(self.expr(e, scope).into_deps());
                }
                scope.rels.push(rel);
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let mut cols = self.query(subquery, Some(&*scope));
                rename(&mut cols, &alias_columns(alias));
                scope.rels.push(Relation {
                    name: alias_name(alias),
                    columns: cols,
                    open: None,
                });
            }
            TableFactor::TableFunction { expr, alias } => {
                let rel = self.table_function(expr, alias, scope);
                scope.rels.push(rel);
            }
            TableFactor::Function { args, alias, .. } => {
                // LATERAL TABLE(udtf(args)): every output column derives from the arguments
                let mut d = Deriv::default();
                for a in args {
                    if let FunctionArgExpr::Expr(e) = arg_expr(a) {
                        d.merge(self.expr(e, scope));
                    }
                }
                let rel = derived_relation(alias, d.raise(Transform::Expression));
                scope.rels.push(rel);
            }
            TableFactor::UNNEST {
                alias, array_exprs, ..
            } => {
                let mut d = Deriv::default();
                for e in array_exprs {
                    d.merge(self.expr(e, scope));
                }
                let rel = derived_relation(alias, d.raise(Transform::Expression));
                scope.rels.push(rel);
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                let before = scope.rels.len();
                self.table_with_joins(table_with_joins, scope, block);
                if let Some(a) = alias_name(alias) {
                    let inner: Vec<Relation> = scope.rels.drain(before..).collect();
                    let columns = inner.iter().flat_map(rel_columns).collect();
                    scope.rels.push(Relation {
                        name: Some(a),
                        columns,
                        open: None,
                    });
                }
            }
            TableFactor::MatchRecognize {
                table,
                partition_by,
                order_by,
                measures,
                rows_per_match,
                symbols,
                alias,
                ..
            } => {
                let mut inner = Scope::new(Some(&*scope));
                let mut inner_block = BTreeSet::new();
                self.factor(table, &mut inner, &mut inner_block);
                let mut cols = Vec::new();
                if matches!(rows_per_match, Some(RowsPerMatch::AllRows(_))) {
                    cols.extend(inner.columns());
                } else {
                    for e in partition_by {
                        let name = match e {
                            Expr::Identifier(i) => ident(i),
                            Expr::CompoundIdentifier(p) => p.last().map(ident).unwrap_or_default(),
                            other => other.to_string(),
                        };
                        cols.push(OutCol {
                            name,
                            deriv: self.expr(e, &inner),
                            star_of: None,
                        });
                    }
                }
                for m in measures {
                    let d = self.expr(&m.expr, &inner);
                    let name = ident(&m.alias);
                    match cols.iter_mut().find(|c| c.name == name) {
                        Some(c) => c.deriv = d,
                        None => cols.push(OutCol {
                            name,
                            deriv: d,
                            star_of: None,
                        }),
                    }
                }
                for e in partition_by {
                    inner_block.extend(self.expr(e, &inner).into_deps());
                }
                for o in order_by {
                    inner_block.extend(self.expr(&o.expr, &inner).into_deps());
                }
                for s in symbols {
                    inner_block.extend(self.expr(&s.definition, &inner).into_deps());
                }
                for c in &mut cols {
                    let own = c.deriv.values.keys().cloned().collect::<BTreeSet<_>>();
                    c.deriv
                        .deps
                        .extend(inner_block.iter().filter(|k| !own.contains(*k)).cloned());
                }
                scope.rels.push(Relation {
                    name: alias_name(alias),
                    columns: cols,
                    open: None,
                });
            }
            _ => {}
        }
    }

    /// `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), …))` and other table functions in FROM.
    fn table_function(
        &mut self,
        expr: &Expr,
        alias: &Option<TableAlias>,
        scope: &Scope<'_>,
    ) -> Relation {
        let Expr::Function(f) = expr else {
            let d = self.expr(expr, scope);
            return derived_relation(alias, d.raise(Transform::Expression));
        };
        let fname = function_name(&f.name);
        if !WINDOW_TVFS.contains(&fname.as_str()) {
            let d = self.expr(expr, scope);
            return derived_relation(alias, d.raise(Transform::Expression));
        }
        let mut data: Option<Relation> = None;
        let mut time: Option<Vec<String>> = None;
        let mut partition: Vec<&Expr> = Vec::new();
        for a in function_args(&f.args) {
            let FunctionArgExpr::Expr(e) = a else {
                continue;
            };
            match e {
                Expr::Function(g) => match function_name(&g.name).as_str() {
                    "TABLE" => {
                        if let Some(WindowType::WindowSpec(spec)) = &g.over {
                            partition.extend(spec.partition_by.iter());
                        }
                        if let Some(FunctionArgExpr::Expr(t)) =
                            function_args(&g.args).first().copied()
                        {
                            data = Some(self.data_relation(t, scope));
                        }
                    }
                    "DESCRIPTOR" => {
                        if let Some(FunctionArgExpr::Expr(c)) =
                            function_args(&g.args).first().copied()
                        {
                            time = Some(expr_parts(c));
                        }
                    }
                    _ => {}
                },
                Expr::Subquery(q) => {
                    data = Some(Relation {
                        name: None,
                        columns: self.query(q, Some(scope)),
                        open: None,
                    });
                }
                _ => {}
            }
        }
        let mut rel = data.unwrap_or(Relation {
            name: None,
            columns: Vec::new(),
            open: None,
        });
        let mut inner = Scope::new(Some(scope));
        inner.rels.push(rel.clone());
        let mut wd = time
            .and_then(|p| inner.resolve(&p))
            .unwrap_or_default()
            .raise(Transform::Expression);
        for p in partition {
            wd.deps.extend(self.expr(p, &inner).into_deps());
        }
        for w in ["window_start", "window_end", "window_time"] {
            rel.columns.retain(|c| c.name != w);
            rel.columns.push(OutCol {
                name: w.into(),
                deriv: wd.clone(),
                star_of: None,
            });
        }
        if let Some(a) = alias_name(alias) {
            rel.name = Some(a);
        }
        rename(&mut rel.columns, &alias_columns(alias));
        rel
    }

    /// The data argument of a window TVF: `TABLE t` (parsed as a name) or a subquery.
    fn data_relation(&mut self, e: &Expr, scope: &Scope<'_>) -> Relation {
        match e {
            Expr::Subquery(q) => Relation {
                name: None,
                columns: self.query(q, Some(scope)),
                open: None,
            },
            other => {
                let p = expr_parts(other);
                self.named_relation(&p, None)
            }
        }
    }

    /// Derivation of an expression's value.
    fn expr(&mut self, e: &Expr, scope: &Scope<'_>) -> Deriv {
        #[cfg(test)]
        EXPR_VISITS.with(|c| c.set(c.get() + 1));
        match e {
            Expr::Identifier(i) => scope.resolve(&[ident(i)]).unwrap_or_default(),
            Expr::CompoundIdentifier(p) => scope.resolve(&idents(p)).unwrap_or_default(),
            Expr::Nested(inner) => self.expr(inner, scope),
            Expr::BinaryOp { .. } => {
                // `a + b + …` is a left-deep tree as deep as it is long: its left spine is walked
                // in a loop, each operand once (the generic walk below visits a whole subtree
                // for each level: quadratic on long chains)
                let mut d = Deriv::default();
                let mut leftmost = e;
                while let Expr::BinaryOp { left, right, .. } = leftmost {
                    d.merge(self.expr(right, scope));
                    leftmost = left;
                }
                d.merge(self.expr(leftmost, scope));
                d.raise(Transform::Expression)
            }
            Expr::Function(f) => {
                let name = function_name(&f.name);
                let mut d = Deriv::default();
                if let FunctionArguments::Subquery(q) = &f.args {
                    for c in self.query(q, Some(scope)) {
                        d.merge(c.deriv);
                    }
                }
                for a in function_args(&f.args) {
                    if let FunctionArgExpr::Expr(x) = a {
                        d.merge(self.expr(x, scope));
                    }
                }
                if let FunctionArguments::List(l) = &f.args {
                    for c in &l.clauses {
                        let mut inner = Deriv::default();
                        let _ = c.visit(&mut Children::new(self, scope, None, &mut inner));
                        d.merge(inner);
                    }
                }
                if let Some(filter) = &f.filter {
                    d.deps.extend(self.expr(filter, scope).into_deps());
                }
                for o in &f.within_group {
                    d.merge(self.expr(&o.expr, scope));
                }
                let aggregate = AGGREGATES.contains(&name.as_str());
                let d = d.raise(if aggregate {
                    Transform::Aggregate
                } else {
                    Transform::Expression
                });
                match &f.over {
                    Some(WindowType::WindowSpec(spec)) => {
                        let mut d = d.raise(Transform::Aggregate);
                        for p in &spec.partition_by {
                            d.deps.extend(self.expr(p, scope).into_deps());
                        }
                        for o in &spec.order_by {
                            d.deps.extend(self.expr(&o.expr, scope).into_deps());
                        }
                        d
                    }
                    Some(WindowType::NamedWindow(_)) => d.raise(Transform::Aggregate),
                    None => d,
                }
            }
            Expr::Subquery(q) => {
                let mut d = Deriv::default();
                if let Some(c) = self.query(q, Some(scope)).into_iter().next() {
                    d.merge(c.deriv);
                }
                d.raise(Transform::Expression)
            }
            Expr::Exists { subquery, .. } => {
                let mut d = Deriv::default();
                for c in self.query(subquery, Some(scope)) {
                    d.deps.extend(c.deriv.into_deps());
                }
                d
            }
            Expr::In {
                expr,
                target: InTarget::Subquery(subquery),
                ..
            } => {
                let mut d = self.expr(expr, scope).raise(Transform::Expression);
                for c in self.query(subquery, Some(scope)) {
                    d.deps.extend(c.deriv.into_deps());
                }
                d
            }
            other => {
                let mut d = Deriv::default();
                let _ = other.visit(&mut Children::new(self, scope, Some(other), &mut d));
                d.raise(Transform::Expression)
            }
        }
    }
}

fn idents_of(cols: &[sqlparser::ast::TableAliasColumnDef]) -> Vec<String> {
    cols.iter().map(|c| ident(&c.name)).collect()
}

/// The name parts of `t`, `db.t`, `TABLE t` written as an expression.
fn expr_parts(e: &Expr) -> Vec<String> {
    match e {
        Expr::Identifier(i) => vec![ident(i)],
        Expr::CompoundIdentifier(p) => idents(p),
        Expr::Nested(x) => expr_parts(x),
        other => vec![other.to_string()],
    }
}

/// A relation whose columns all derive from `d` (UDTF, UNNEST): named by the alias columns,
/// open when there are none.
fn derived_relation(alias: &Option<TableAlias>, d: Deriv) -> Relation {
    let names = alias_columns(alias);
    Relation {
        name: alias_name(alias),
        open: names.is_empty().then(|| Open::Derived(d.clone())),
        columns: names
            .into_iter()
            .map(|n| OutCol {
                name: n,
                deriv: d.clone(),
                star_of: None,
            })
            .collect(),
    }
}

/// Visits the direct sub-expressions of an expression (not the expression itself, not
/// deeper), merging their derivations.
struct Children<'x, 'a, 's, 'd> {
    an: &'x mut Analyzer<'a>,
    scope: &'x Scope<'s>,
    root: Option<*const Expr>,
    skip: Option<*const Expr>,
    out: &'d mut Deriv,
}

impl<'x, 'a, 's, 'd> Children<'x, 'a, 's, 'd> {
    fn new(
        an: &'x mut Analyzer<'a>,
        scope: &'x Scope<'s>,
        root: Option<&Expr>,
        out: &'d mut Deriv,
    ) -> Self {
        Children {
            an,
            scope,
            root: root.map(|r| r as *const Expr),
            skip: None,
            out,
        }
    }
}

impl Visitor for Children<'_, '_, '_, '_> {
    type Break = ();

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        let p = e as *const Expr;
        if self.skip.is_some() || self.root == Some(p) {
            return ControlFlow::Continue(());
        }
        let d = self.an.expr(e, self.scope);
        self.out.merge(d);
        self.skip = Some(p);
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if self.skip == Some(e as *const Expr) {
            self.skip = None;
        }
        ControlFlow::Continue(())
    }
}

/// Collects the names of named windows an expression uses (`OVER w`).
struct NamedWindows<'n>(&'n mut Vec<String>);

impl Visitor for NamedWindows<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if let Expr::Function(f) = e {
            if let Some(WindowType::NamedWindow(n)) = &f.over {
                self.0.push(ident(n));
            }
            if let Some(WindowType::WindowSpec(s)) = &f.over {
                if let Some(n) = &s.window_name {
                    self.0.push(ident(n));
                }
            }
        }
        ControlFlow::Continue(())
    }
}
