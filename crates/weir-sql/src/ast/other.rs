//! Statement payloads other than table definitions: views, functions, models, ALTER actions,
//! DROP, INSERT, SHOW, DESCRIBE and statement sets.

use super::{
    Column, Distribution, Expr, Ident, ObjectName, Property, Query, SchemaElement, Statement,
};

/// `CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT] AS query`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateView {
    /// `TEMPORARY`.
    pub temporary: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// View name.
    pub name: ObjectName,
    /// Column names.
    pub columns: Vec<Ident>,
    /// `COMMENT '…'`.
    pub comment: Option<String>,
    /// The view's query.
    pub query: Box<Query>,
}

/// Function scope of CREATE/ALTER/DROP FUNCTION.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionScope {
    /// Catalog function.
    Catalog,
    /// `TEMPORARY`.
    Temporary,
    /// `TEMPORARY SYSTEM`.
    TemporarySystem,
}

/// CREATE/ALTER FUNCTION.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateFunction {
    /// Scope.
    pub scope: FunctionScope,
    /// `IF [NOT] EXISTS`.
    pub if_exists: bool,
    /// Function name.
    pub name: ObjectName,
    /// The implementing class / Python function.
    pub class: String,
    /// `LANGUAGE JAVA|SCALA|PYTHON`.
    pub language: Option<String>,
    /// `USING JAR '…', JAR '…'`.
    pub jars: Vec<String>,
    /// `WITH (…)`.
    pub options: Vec<Property>,
}

/// CREATE MODEL.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateModel {
    /// `TEMPORARY`.
    pub temporary: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// Model name.
    pub name: ObjectName,
    /// `INPUT (…)`.
    pub input: Vec<Column>,
    /// `OUTPUT (…)`.
    pub output: Vec<Column>,
    /// `COMMENT '…'`.
    pub comment: Option<String>,
    /// `WITH (…)`.
    pub options: Vec<Property>,
    /// `AS query`.
    pub query: Option<Box<Query>>,
}

/// `SET (…)`, `RESET (…)` or `COMMENT '…'` on a catalog / model.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionsAction {
    /// `SET (…)`.
    Set(Vec<Property>),
    /// `RESET (keys)`.
    Reset(Vec<String>),
    /// `COMMENT '…'`.
    Comment(String),
    /// `RENAME TO name`.
    RenameTo(ObjectName),
}

/// `k = v` of a `PARTITION (…)` clause; the value is absent in ANALYZE's `PARTITION (k)`.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionSpecItem {
    /// Partition column.
    pub column: Ident,
    /// Literal value.
    pub value: Option<Expr>,
}

/// `PARTITION (…) [WITH (…)]` of ALTER TABLE ADD PARTITION.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionDef {
    /// The partition spec.
    pub spec: Vec<PartitionSpecItem>,
    /// Partition options.
    pub options: Vec<Property>,
}

/// What ALTER TABLE does.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterTableAction {
    /// `RENAME TO new`.
    RenameTo(ObjectName),
    /// `RENAME col TO new`.
    RenameColumn {
        /// Old column path.
        from: ObjectName,
        /// New name (a path for nested fields).
        to: ObjectName,
    },
    /// `SET (…)`.
    Set(Vec<Property>),
    /// `RESET (…)`.
    Reset(Vec<String>),
    /// `ADD element` / `ADD (elements)`.
    Add(Vec<SchemaElement>),
    /// `MODIFY element` / `MODIFY (elements)`.
    Modify(Vec<SchemaElement>),
    /// `ADD DISTRIBUTION …`.
    AddDistribution(Distribution),
    /// `MODIFY DISTRIBUTION …`.
    ModifyDistribution(Distribution),
    /// `DROP col` / `DROP (cols)`.
    DropColumns(Vec<ObjectName>),
    /// `DROP PRIMARY KEY`.
    DropPrimaryKey,
    /// `DROP CONSTRAINT name`.
    DropConstraint(Ident),
    /// `DROP WATERMARK`.
    DropWatermark,
    /// `DROP DISTRIBUTION`.
    DropDistribution,
    /// `ADD [IF NOT EXISTS] PARTITION … [PARTITION …]`.
    AddPartitions {
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// The partitions.
        partitions: Vec<PartitionDef>,
    },
    /// `DROP [IF EXISTS] PARTITION …, PARTITION …`.
    DropPartitions {
        /// `IF EXISTS`.
        if_exists: bool,
        /// The partitions.
        partitions: Vec<Vec<PartitionSpecItem>>,
    },
    /// `[PARTITION (…)] COMPACT`.
    Compact(Vec<PartitionSpecItem>),
}

/// What ALTER VIEW does.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterViewAction {
    /// `RENAME TO new`.
    RenameTo(ObjectName),
    /// `AS query`.
    As(Box<Query>),
}

/// What ALTER MATERIALIZED TABLE does.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterMaterializedTableAction {
    /// `SUSPEND`.
    Suspend,
    /// `RESUME [WITH (…)]`.
    Resume(Vec<Property>),
    /// `REFRESH [PARTITION (…)]`.
    Refresh(Vec<PartitionSpecItem>),
    /// `SET FRESHNESS = …`.
    SetFreshness(Box<Expr>),
    /// `SET REFRESH_MODE = FULL|CONTINUOUS`.
    SetRefreshMode(String),
    /// `SET (…)`.
    Set(Vec<Property>),
    /// `RESET (…)`.
    Reset(Vec<String>),
    /// `AS query`.
    As(Box<Query>),
    /// `ADD …` / `MODIFY …` schema elements (true = ADD).
    Schema(bool, Vec<SchemaElement>),
    /// `ADD DISTRIBUTION …` / `MODIFY DISTRIBUTION …` (true = ADD).
    Distribution(bool, Distribution),
    /// `DROP …`: columns, constraints, watermark, distribution.
    Drop(Box<AlterTableAction>),
}

/// The object a DROP removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropObject {
    /// TABLE.
    Table,
    /// VIEW.
    View,
    /// FUNCTION.
    Function,
    /// CATALOG.
    Catalog,
    /// DATABASE.
    Database,
    /// MATERIALIZED TABLE.
    MaterializedTable,
    /// MODEL.
    Model,
    /// CONNECTION.
    Connection,
}

impl DropObject {
    /// The statement kind of dropping this object.
    pub fn drop_kind(self) -> &'static str {
        match self {
            DropObject::Table => "drop_table",
            DropObject::View => "drop_view",
            DropObject::Function => "drop_function",
            DropObject::Catalog => "drop_catalog",
            DropObject::Database => "drop_database",
            DropObject::MaterializedTable => "drop_materialized_table",
            DropObject::Model => "drop_model",
            DropObject::Connection => "drop_connection",
        }
    }
}

/// DROP of any object.
#[derive(Debug, Clone, PartialEq)]
pub struct Drop {
    /// What is dropped.
    pub object: DropObject,
    /// `TEMPORARY` (`TEMPORARY SYSTEM` sets `system` too).
    pub temporary: bool,
    /// `TEMPORARY SYSTEM` (functions).
    pub system: bool,
    /// `IF EXISTS`.
    pub if_exists: bool,
    /// Object name.
    pub name: ObjectName,
    /// `CASCADE` (true) / `RESTRICT` (false) for databases.
    pub cascade: Option<bool>,
}

/// INSERT INTO / OVERWRITE.
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    /// `INSERT OVERWRITE`.
    pub overwrite: bool,
    /// Target table.
    pub table: ObjectName,
    /// Extended columns `t (name type, …)` declared for the target.
    pub extended_columns: Vec<Column>,
    /// Static `PARTITION (…)`.
    pub partition: Vec<PartitionSpecItem>,
    /// Target column list.
    pub columns: Vec<Ident>,
    /// The source query (`VALUES` included).
    pub source: Box<Query>,
}

/// SHOW … with its filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Show {
    /// What is shown.
    pub what: ShowWhat,
    /// `FROM|IN name`.
    pub from: Option<ObjectName>,
    /// `[NOT] LIKE|ILIKE 'pattern'`.
    pub like: Option<LikeFilter>,
}

/// `[NOT] LIKE|ILIKE 'pattern'` of SHOW.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LikeFilter {
    /// `NOT`.
    pub not: bool,
    /// `ILIKE` (case-insensitive).
    pub ilike: bool,
    /// The pattern.
    pub pattern: String,
}

/// The object list or definition a SHOW asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ShowWhat {
    /// SHOW CATALOGS.
    Catalogs,
    /// SHOW CURRENT CATALOG.
    CurrentCatalog,
    /// SHOW DATABASES.
    Databases,
    /// SHOW CURRENT DATABASE.
    CurrentDatabase,
    /// SHOW TABLES.
    Tables,
    /// SHOW COLUMNS FROM t.
    Columns,
    /// SHOW VIEWS.
    Views,
    /// SHOW MATERIALIZED TABLES.
    MaterializedTables,
    /// SHOW [USER] FUNCTIONS.
    Functions {
        /// `USER`.
        user: bool,
    },
    /// SHOW PROCEDURES.
    Procedures,
    /// SHOW [FULL] MODULES.
    Modules {
        /// `FULL`.
        full: bool,
    },
    /// SHOW JARS.
    Jars,
    /// SHOW JOBS.
    Jobs,
    /// SHOW MODELS.
    Models,
    /// SHOW CONNECTIONS.
    Connections,
    /// SHOW PARTITIONS t [PARTITION (…)].
    Partitions {
        /// The table.
        table: ObjectName,
        /// Partition filter.
        partition: Vec<PartitionSpecItem>,
    },
    /// SHOW CREATE TABLE|VIEW|CATALOG|MODEL|MATERIALIZED TABLE name.
    Create {
        /// The object type.
        object: DropObject,
        /// Its name.
        name: ObjectName,
    },
}

impl ShowWhat {
    /// The statement kind, e.g. `show_tables`, `show_create_view`.
    pub fn kind(&self) -> &'static str {
        match self {
            ShowWhat::Catalogs => "show_catalogs",
            ShowWhat::CurrentCatalog => "show_current_catalog",
            ShowWhat::Databases => "show_databases",
            ShowWhat::CurrentDatabase => "show_current_database",
            ShowWhat::Tables => "show_tables",
            ShowWhat::Columns => "show_columns",
            ShowWhat::Views => "show_views",
            ShowWhat::MaterializedTables => "show_materialized_tables",
            ShowWhat::Functions { .. } => "show_functions",
            ShowWhat::Procedures => "show_procedures",
            ShowWhat::Modules { .. } => "show_modules",
            ShowWhat::Jars => "show_jars",
            ShowWhat::Jobs => "show_jobs",
            ShowWhat::Models => "show_models",
            ShowWhat::Connections => "show_connections",
            ShowWhat::Partitions { .. } => "show_partitions",
            ShowWhat::Create { object, .. } => match object {
                DropObject::View => "show_create_view",
                DropObject::Catalog => "show_create_catalog",
                DropObject::Model => "show_create_model",
                DropObject::MaterializedTable => "show_create_materialized_table",
                DropObject::Database => "show_create_database",
                DropObject::Function => "show_create_function",
                DropObject::Table => "show_create_table",
                DropObject::Connection => "show_create_connection",
            },
        }
    }
}

/// What a DESCRIBE describes.
#[derive(Debug, Clone, PartialEq)]
pub enum Describe {
    /// `DESCRIBE [EXTENDED] table`.
    Table {
        /// `EXTENDED`.
        extended: bool,
        /// Table name.
        name: ObjectName,
    },
    /// `DESCRIBE CATALOG [EXTENDED] name`.
    Catalog {
        /// `EXTENDED`.
        extended: bool,
        /// Catalog name.
        name: Ident,
    },
    /// `DESCRIBE DATABASE [EXTENDED] name`.
    Database {
        /// `EXTENDED`.
        extended: bool,
        /// Database name.
        name: ObjectName,
    },
    /// `DESCRIBE MODEL [EXTENDED] name`.
    Model {
        /// `EXTENDED`.
        extended: bool,
        /// Model name.
        name: ObjectName,
    },
    /// `DESCRIBE FUNCTION [EXTENDED] name`.
    Function {
        /// `EXTENDED`.
        extended: bool,
        /// Function name.
        name: ObjectName,
    },
    /// `DESCRIBE CONNECTION [EXTENDED] name`.
    Connection {
        /// `EXTENDED`.
        extended: bool,
        /// Connection name.
        name: ObjectName,
    },
    /// `DESCRIBE JOB 'id'`.
    Job(String),
}

/// The statement-set forms.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementSet {
    /// `BEGIN STATEMENT SET` (SQL client form, statements follow separately).
    Begin,
    /// `END` closing a SQL-client statement set.
    End,
    /// `STATEMENT SET BEGIN stmt; … END` (the form EXECUTE / EXPLAIN / COMPILE PLAN take), or a
    /// whole `BEGIN STATEMENT SET; …; END` script part.
    Block(Vec<Statement>),
}
