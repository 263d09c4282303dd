//! What the analysis knows about names: the current catalog and database (`USE`), and the
//! tables and views defined so far with their columns, resolved as Flink resolves them.

use std::collections::HashMap;

use sqlparser::ast::{Ident, ObjectName};

use crate::derive::Deriv;
use crate::model::{ColumnKind, StatementRef};

/// Flink's built-in catalog.
pub const DEFAULT_CATALOG: &str = "default_catalog";
/// The database of Flink's built-in catalog.
pub const DEFAULT_DATABASE: &str = "default_database";

/// A column of a defined table or view.
#[derive(Debug, Clone)]
pub(crate) struct ColDef {
    pub name: String,
    pub kind: ColumnKind,
    /// Origins inside the table (computed columns) or of the view's query (view columns).
    pub deriv: Option<Deriv>,
    /// An INSERT without a column list writes it (physical and persisted metadata columns).
    pub writable: bool,
}

/// A table or view defined by a CREATE statement.
#[derive(Debug, Clone)]
pub(crate) struct TableDef {
    pub fqn: String,
    pub is_view: bool,
    pub columns: Vec<ColDef>,
    pub defined: Option<StatementRef>,
}

impl TableDef {
    pub fn column(&self, name: &str) -> Option<&ColDef> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Current catalog/database and the definitions seen so far.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    pub catalog: String,
    pub database: String,
    tables: HashMap<String, TableDef>,
    /// `default-database` of catalogs created in the script.
    catalog_defaults: HashMap<String, String>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            catalog: DEFAULT_CATALOG.into(),
            database: DEFAULT_DATABASE.into(),
            tables: HashMap::new(),
            catalog_defaults: HashMap::new(),
        }
    }
}

/// The value of an identifier as Flink sees it: backticks removed, case kept.
pub(crate) fn ident(i: &Ident) -> String {
    i.value.clone()
}

/// The identifier parts of an object name.
pub(crate) fn parts(name: &ObjectName) -> Vec<String> {
    name.0
        .iter()
        .map(|p| match p.as_ident() {
            Some(i) => ident(i),
            None => p.to_string(),
        })
        .collect()
}

impl Catalog {
    /// `catalog.database.table` of a 1-, 2- or 3-part name.
    pub fn resolve(&self, name: &ObjectName) -> String {
        self.resolve_parts(&parts(name))
    }

    pub fn resolve_parts(&self, p: &[String]) -> String {
        match p {
            [t] => format!("{}.{}.{}", self.catalog, self.database, t),
            [d, t] => format!("{}.{}.{}", self.catalog, d, t),
            _ => p.join("."),
        }
    }

    pub fn get(&self, fqn: &str) -> Option<&TableDef> {
        self.tables.get(fqn)
    }

    pub fn define(&mut self, def: TableDef) {
        self.tables.insert(def.fqn.clone(), def);
    }

    /// Adds a definition unless the name is already defined (seeds from other scripts).
    pub fn seed(&mut self, def: TableDef) {
        self.tables.entry(def.fqn.clone()).or_insert(def);
    }

    pub fn remove(&mut self, fqn: &str) -> Option<TableDef> {
        self.tables.remove(fqn)
    }

    /// `USE CATALOG c`: the current database becomes the catalog's default database.
    pub fn use_catalog(&mut self, c: String) {
        self.database = self
            .catalog_defaults
            .get(&c)
            .cloned()
            .unwrap_or_else(|| DEFAULT_DATABASE.into());
        self.catalog = c;
    }

    /// `USE [catalog.]database`.
    pub fn use_database(&mut self, name: &ObjectName) {
        let p = parts(name);
        match p.as_slice() {
            [d] => self.database = d.clone(),
            [c, d] => {
                self.catalog = c.clone();
                self.database = d.clone();
            }
            _ => {}
        }
    }

    /// Remembers the default database of `CREATE CATALOG c WITH ('default-database' = …)`
    /// (Hive catalogs default to `default`).
    pub fn create_catalog(&mut self, name: String, options: &[weir_sql::ast::Property]) {
        let opt = |k: &str| options.iter().find(|p| p.key == k).map(|p| p.value.clone());
        let db = opt("default-database")
            .or_else(|| (opt("type").as_deref() == Some("hive")).then(|| "default".to_string()));
        if let Some(db) = db {
            self.catalog_defaults.insert(name, db);
        }
    }
}
