//! The statement model: one [`Statement`] per Flink SQL statement, built on sqlparser's
//! expressions and queries where Flink agrees with standard SQL.

mod ddl;
mod other;
mod types;

pub use ddl::*;
pub use other::*;
pub use sqlparser::ast::{Expr, Ident, ObjectName, Query};
pub use types::*;

use crate::span::Span;

/// `'key' = 'value'` of a `WITH (…)`/`SET (…)` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The option key.
    pub key: String,
    /// The option value.
    pub value: String,
}

/// A `/*+ name(args) */` hint, kept with its place in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Hint name, e.g. `OPTIONS`, `LOOKUP`, `BROADCAST`.
    pub name: String,
    /// `'k'='v'` arguments.
    pub options: Vec<Property>,
    /// Plain arguments (table names, values).
    pub args: Vec<String>,
    /// Where the whole `/*+ … */` comment is.
    pub span: Span,
}

/// A parsed statement with the hints written in it.
///
/// Cloning, comparing and dropping one walk its tree recursively (sqlparser's derived impls): for
/// a statement nested deeper than a thread's stack allows, they run on a stack of their own
/// ([`crate::limits::deep`]), sized by the nesting measured when it was parsed.
#[derive(Debug)]
pub struct ParsedStatement {
    /// The statement.
    pub statement: Statement,
    /// Every `/*+ … */` hint of the statement, in order.
    pub hints: Vec<Hint>,
    /// `WITHIN INTERVAL …` of each `MATCH_RECOGNIZE` pattern, in order (sqlparser's
    /// `MATCH_RECOGNIZE` node has no place for it).
    pub pattern_within: Vec<Expr>,
    /// The bound of the tree's depth measured on the tokens ([`crate::limits`]).
    pub(crate) depth: usize,
}

impl Clone for ParsedStatement {
    fn clone(&self) -> Self {
        crate::limits::deep(self.depth, || ParsedStatement {
            statement: self.statement.clone(),
            hints: self.hints.clone(),
            pattern_within: self.pattern_within.clone(),
            depth: self.depth,
        })
    }
}

impl PartialEq for ParsedStatement {
    fn eq(&self, other: &Self) -> bool {
        self.hints == other.hints && self.same_as(other)
    }
}

impl std::ops::Drop for ParsedStatement {
    fn drop(&mut self) {
        if crate::limits::is_deep(self.depth) {
            let statement = std::mem::replace(&mut self.statement, Statement::Reset { key: None });
            let within = std::mem::take(&mut self.pattern_within);
            crate::limits::deep(self.depth, move || drop((statement, within)));
        }
    }
}

impl ParsedStatement {
    /// The same statement, hints and `WITHIN`s, positions aside (sqlparser's nodes already
    /// compare without their spans): what a formatter must preserve.
    pub fn same_as(&self, other: &ParsedStatement) -> bool {
        let same_hints = self.hints.len() == other.hints.len()
            && self
                .hints
                .iter()
                .zip(&other.hints)
                .all(|(a, b)| a.name == b.name && a.options == b.options && a.args == b.args);
        same_hints
            && crate::limits::deep(self.depth.max(other.depth), || {
                self.statement == other.statement && self.pattern_within == other.pattern_within
            })
    }

    /// The bound of the statement's nesting (see [`crate::limits`]): how deep a walk of its
    /// tree may recurse. Walk a deep one inside [`crate::limits::deep`].
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The statement's kind in snake_case (see [`Statement::kind`]).
    pub fn kind(&self) -> &'static str {
        self.statement.kind()
    }
}

/// Every Flink SQL statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// CREATE TABLE (plain, `LIKE`, `AS`, `OR REPLACE`, `REPLACE TABLE … AS`).
    CreateTable(Box<CreateTable>),
    /// CREATE VIEW.
    CreateView(Box<CreateView>),
    /// CREATE FUNCTION.
    CreateFunction(Box<CreateFunction>),
    /// CREATE CATALOG.
    CreateCatalog {
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// Catalog name.
        name: Ident,
        /// `COMMENT '…'`.
        comment: Option<String>,
        /// `WITH (…)`.
        options: Vec<Property>,
    },
    /// CREATE DATABASE.
    CreateDatabase {
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// Database name (maybe catalog-qualified).
        name: ObjectName,
        /// `COMMENT '…'`.
        comment: Option<String>,
        /// `WITH (…)`.
        options: Vec<Property>,
    },
    /// CREATE [TEMPORARY [SYSTEM]] CONNECTION.
    CreateConnection {
        /// `TEMPORARY`.
        temporary: bool,
        /// `SYSTEM`.
        system: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// Connection name.
        name: ObjectName,
        /// `COMMENT '…'`.
        comment: Option<String>,
        /// `WITH (…)`.
        options: Vec<Property>,
    },
    /// ALTER CONNECTION.
    AlterConnection {
        /// `IF EXISTS`.
        if_exists: bool,
        /// Connection name.
        name: ObjectName,
        /// What changes.
        action: OptionsAction,
    },
    /// CREATE MATERIALIZED TABLE.
    CreateMaterializedTable(Box<CreateMaterializedTable>),
    /// CREATE MODEL.
    CreateModel(Box<CreateModel>),
    /// ALTER TABLE.
    AlterTable {
        /// `IF EXISTS`.
        if_exists: bool,
        /// Table name.
        name: ObjectName,
        /// What changes.
        action: Box<AlterTableAction>,
    },
    /// ALTER VIEW.
    AlterView {
        /// View name.
        name: ObjectName,
        /// What changes.
        action: AlterViewAction,
    },
    /// ALTER FUNCTION.
    AlterFunction(Box<CreateFunction>),
    /// ALTER DATABASE.
    AlterDatabase {
        /// Database name.
        name: ObjectName,
        /// `SET (…)`.
        options: Vec<Property>,
    },
    /// ALTER CATALOG.
    AlterCatalog {
        /// Catalog name.
        name: Ident,
        /// What changes.
        action: OptionsAction,
    },
    /// ALTER MATERIALIZED TABLE.
    AlterMaterializedTable {
        /// Table name.
        name: ObjectName,
        /// What changes.
        action: Box<AlterMaterializedTableAction>,
    },
    /// ALTER MODEL.
    AlterModel {
        /// `IF EXISTS`.
        if_exists: bool,
        /// Model name.
        name: ObjectName,
        /// What changes.
        action: OptionsAction,
    },
    /// DROP TABLE / VIEW / FUNCTION / CATALOG / DATABASE / MATERIALIZED TABLE / MODEL.
    Drop(Drop),
    /// INSERT INTO / INSERT OVERWRITE.
    Insert(Box<Insert>),
    /// A query.
    Query(Box<Query>),
    /// SET, `SET key = value`.
    Set {
        /// The key as written (quotes removed), absent for a bare `SET`.
        key: Option<String>,
        /// The value as written (quotes removed).
        value: Option<String>,
    },
    /// RESET, `RESET key`.
    Reset {
        /// The key, absent for a bare `RESET`.
        key: Option<String>,
    },
    /// SHOW … in all its forms.
    Show(Show),
    /// DESCRIBE / DESC.
    Describe(Describe),
    /// EXPLAIN.
    Explain {
        /// `ESTIMATED_COST`, `CHANGELOG_MODE`, `PLAN_ADVICE`, `JSON_EXECUTION_PLAN` (upper case).
        details: Vec<String>,
        /// `PLAN FOR` was written.
        plan_for: bool,
        /// The explained statement.
        statement: Box<Statement>,
    },
    /// USE CATALOG.
    UseCatalog(Ident),
    /// USE [catalog.]database.
    UseDatabase(ObjectName),
    /// USE MODULES a, b.
    UseModules(Vec<Ident>),
    /// LOAD MODULE.
    LoadModule {
        /// Module name.
        name: Ident,
        /// `WITH (…)`.
        options: Vec<Property>,
    },
    /// UNLOAD MODULE.
    UnloadModule(Ident),
    /// ADD JAR '…'.
    AddJar(String),
    /// REMOVE JAR '…'.
    RemoveJar(String),
    /// `BEGIN STATEMENT SET`, `END`, or a whole `STATEMENT SET BEGIN … END` block.
    StatementSet(StatementSet),
    /// EXECUTE STATEMENT SET / EXECUTE INSERT / EXECUTE query.
    Execute(Box<Statement>),
    /// COMPILE [AND EXECUTE] PLAN 'file' [IF NOT EXISTS] FOR ….
    CompilePlan {
        /// Plan file.
        file: String,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// `COMPILE AND EXECUTE PLAN`.
        and_execute: bool,
        /// The INSERT or statement set compiled.
        statement: Box<Statement>,
    },
    /// EXECUTE PLAN 'file'.
    ExecutePlan(String),
    /// ANALYZE TABLE.
    AnalyzeTable {
        /// Table name.
        name: ObjectName,
        /// `PARTITION (k[=v], …)`.
        partition: Vec<PartitionSpecItem>,
        /// `FOR COLUMNS …` (`None` without a FOR clause, empty for `FOR ALL COLUMNS`).
        columns: Option<Vec<Ident>>,
    },
    /// TRUNCATE TABLE.
    TruncateTable(ObjectName),
    /// DELETE FROM.
    Delete {
        /// Table name.
        table: ObjectName,
        /// Table alias.
        alias: Option<Ident>,
        /// `WHERE …`.
        selection: Option<Expr>,
    },
    /// UPDATE … SET.
    Update {
        /// Table name.
        table: ObjectName,
        /// Table alias.
        alias: Option<Ident>,
        /// `col = expr` assignments.
        assignments: Vec<(ObjectName, Expr)>,
        /// `WHERE …`.
        selection: Option<Expr>,
    },
    /// CALL procedure(args).
    Call(Expr),
    /// STOP JOB 'id' [WITH SAVEPOINT] [WITH DRAIN].
    StopJob {
        /// Job id.
        job_id: String,
        /// `WITH SAVEPOINT`.
        with_savepoint: bool,
        /// `WITH DRAIN`.
        with_drain: bool,
    },
    /// HELP.
    Help,
    /// QUIT / EXIT (SQL client).
    Quit,
    /// CLEAR (SQL client).
    Clear,
}

impl Statement {
    /// The statement's kind in snake_case, e.g. `create_table_as`, `show_tables`, `insert`.
    pub fn kind(&self) -> &'static str {
        use Statement::*;
        match self {
            CreateTable(t) => match (t.replace, &t.like, &t.query) {
                (_, Some(_), _) => "create_table_like",
                (Replace::No, _, Some(_)) => "create_table_as",
                (_, _, Some(_)) => "replace_table_as",
                _ => "create_table",
            },
            CreateView(_) => "create_view",
            CreateFunction(_) => "create_function",
            CreateCatalog { .. } => "create_catalog",
            CreateDatabase { .. } => "create_database",
            CreateMaterializedTable(_) => "create_materialized_table",
            CreateConnection { .. } => "create_connection",
            AlterConnection { .. } => "alter_connection",
            CreateModel(_) => "create_model",
            AlterTable { .. } => "alter_table",
            AlterView { .. } => "alter_view",
            AlterFunction(_) => "alter_function",
            AlterDatabase { .. } => "alter_database",
            AlterCatalog { .. } => "alter_catalog",
            AlterMaterializedTable { .. } => "alter_materialized_table",
            AlterModel { .. } => "alter_model",
            Drop(d) => d.object.drop_kind(),
            Insert(_) => "insert",
            Query(_) => "query",
            Set { .. } => "set",
            Reset { .. } => "reset",
            Show(s) => s.what.kind(),
            Describe(_) => "describe",
            Explain { .. } => "explain",
            UseCatalog(_) => "use_catalog",
            UseDatabase(_) => "use_database",
            UseModules(_) => "use_modules",
            LoadModule { .. } => "load_module",
            UnloadModule(_) => "unload_module",
            AddJar(_) => "add_jar",
            RemoveJar(_) => "remove_jar",
            StatementSet(_) => "statement_set",
            Execute(_) => "execute",
            CompilePlan { .. } => "compile_plan",
            ExecutePlan(_) => "execute_plan",
            AnalyzeTable { .. } => "analyze_table",
            TruncateTable(_) => "truncate_table",
            Delete { .. } => "delete",
            Update { .. } => "update",
            Call(_) => "call",
            StopJob { .. } => "stop_job",
            Help => "help",
            Quit => "quit",
            Clear => "clear",
        }
    }
}
