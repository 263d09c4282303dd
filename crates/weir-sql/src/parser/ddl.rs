//! CREATE statements and the schema pieces they share with ALTER TABLE.

use sqlparser::tokenizer::Token;

use super::{ParseError, P};
use crate::ast::{
    Column, ColumnKind, ColumnPosition, CreateFunction, CreateMaterializedTable, CreateModel,
    CreateTable, CreateView, Distribution, FunctionScope, Ident, InlineConstraint, LikeClause,
    LikeOption, Replace, SchemaElement, Statement, TableConstraint, Watermark,
};

const LIKE_STRATEGIES: &[&str] = &["INCLUDING", "EXCLUDING", "OVERWRITING"];
const LIKE_FEATURES: &[&str] = &[
    "ALL",
    "CONSTRAINTS",
    "DISTRIBUTION",
    "GENERATED",
    "METADATA",
    "OPTIONS",
    "PARTITIONS",
    "WATERMARKS",
];

impl P<'_> {
    /// CREATE … and REPLACE TABLE ….
    pub fn create(&mut self) -> Result<Statement, ParseError> {
        if self.eat("REPLACE") {
            let temporary = self.eat("TEMPORARY");
            self.expect(&["TABLE"], " after REPLACE")?;
            return self.create_table(Replace::Replace, temporary);
        }
        self.expect(&["CREATE"], "")?;
        if self.eat_all(&["OR", "REPLACE"]) {
            let temporary = self.eat("TEMPORARY");
            self.expect(&["TABLE"], " after CREATE OR REPLACE")?;
            return self.create_table(Replace::CreateOrReplace, temporary);
        }
        if self.eat_all(&["OR", "ALTER"]) {
            self.expect(&["MATERIALIZED", "TABLE"], " after CREATE OR ALTER")?;
            return self.create_materialized_table(true);
        }
        let temporary = self.eat("TEMPORARY");
        let system = temporary && self.eat("SYSTEM");
        let Some(what) = self.peek_upper() else {
            return self.expected("TABLE, VIEW, FUNCTION, CATALOG, DATABASE, MATERIALIZED TABLE or MODEL after CREATE");
        };
        if system && what != "FUNCTION" && what != "CONNECTION" {
            return self.expected("FUNCTION after CREATE TEMPORARY SYSTEM");
        }
        match what.as_str() {
            "TABLE" => {
                self.p.next_token();
                self.create_table(Replace::No, temporary)
            }
            "VIEW" => {
                self.p.next_token();
                let if_not_exists = self.if_not_exists()?;
                let name = self.name("a view name")?;
                let columns = if self.p.peek_token_ref().token == Token::LParen {
                    self.ident_list("the view's column list")?
                } else {
                    vec![]
                };
                let comment = self.comment()?;
                self.expect(&["AS"], " before the view's query")?;
                let query = self.query()?;
                Ok(Statement::CreateView(Box::new(CreateView { temporary, if_not_exists, name, columns, comment, query })))
            }
            "FUNCTION" => {
                self.p.next_token();
                let scope = match (temporary, system) {
                    (false, _) => FunctionScope::Catalog,
                    (true, false) => FunctionScope::Temporary,
                    (true, true) => FunctionScope::TemporarySystem,
                };
                let if_exists = self.if_not_exists()?;
                Ok(Statement::CreateFunction(Box::new(self.function_body(scope, if_exists)?)))
            }
            "CATALOG" if !temporary => {
                self.p.next_token();
                let if_not_exists = self.if_not_exists()?;
                let name = self.ident("a catalog name")?;
                let comment = self.comment()?;
                let options = self.with_options()?;
                Ok(Statement::CreateCatalog { if_not_exists, name, comment, options })
            }
            "DATABASE" if !temporary => {
                self.p.next_token();
                let if_not_exists = self.if_not_exists()?;
                let name = self.name("a database name")?;
                let comment = self.comment()?;
                let options = self.with_options()?;
                Ok(Statement::CreateDatabase { if_not_exists, name, comment, options })
            }
            "MATERIALIZED" if !temporary => {
                self.p.next_token();
                self.expect(&["TABLE"], " after MATERIALIZED")?;
                self.create_materialized_table(false)
            }
            "CONNECTION" => {
                self.p.next_token();
                let if_not_exists = self.if_not_exists()?;
                let name = self.name("a connection name")?;
                let comment = self.comment()?;
                let options = self.with_options()?;
                Ok(Statement::CreateConnection {
                    temporary,
                    system,
                    if_not_exists,
                    name,
                    comment,
                    options,
                })
            }
            "MODEL" => {
                self.p.next_token();
                self.create_model(temporary)
            }
            _ => self.expected("TABLE, VIEW, FUNCTION, CATALOG, DATABASE, MATERIALIZED TABLE or MODEL after CREATE"),
        }
    }

    /// `AS 'class' [LANGUAGE …] [USING JAR …] [WITH (…)]` after the function's name.
    pub fn function_body(
        &mut self,
        scope: FunctionScope,
        if_exists: bool,
    ) -> Result<CreateFunction, ParseError> {
        let name = self.name("a function name")?;
        self.expect(&["AS"], " after the function name")?;
        let class = self.string("the quoted class name of the function")?;
        let language = if self.eat("LANGUAGE") {
            match self.peek_upper() {
                Some(l) if ["JAVA", "SCALA", "PYTHON", "SQL"].contains(&l.as_str()) => {
                    self.p.next_token();
                    Some(l)
                }
                _ => return self.expected("JAVA, SCALA or PYTHON after LANGUAGE"),
            }
        } else {
            None
        };
        let mut jars = Vec::new();
        if self.eat("USING") {
            loop {
                self.expect(&["JAR"], " in USING")?;
                jars.push(self.string("a quoted jar path after JAR")?);
                if !self.consume(&Token::Comma) {
                    break;
                }
            }
        }
        let options = self.with_options()?;
        Ok(CreateFunction {
            scope,
            if_exists,
            name,
            class,
            language,
            jars,
            options,
        })
    }

    /// `COMMENT '…'` when present.
    pub fn comment(&mut self) -> Result<Option<String>, ParseError> {
        if self.eat("COMMENT") {
            return Ok(Some(self.string("a quoted comment after COMMENT")?));
        }
        Ok(None)
    }

    /// `WITH (…)` when present.
    pub fn with_options(&mut self) -> Result<Vec<crate::ast::Property>, ParseError> {
        if self.eat("WITH") {
            return self.properties("the WITH options");
        }
        Ok(vec![])
    }

    fn create_table(&mut self, replace: Replace, temporary: bool) -> Result<Statement, ParseError> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.name("a table name")?;
        let schema = if self.p.peek_token_ref().token == Token::LParen {
            self.schema(false)?
        } else {
            vec![]
        };
        let comment = self.comment()?;
        let distribution = self.distribution()?;
        let partitioned_by = self.partitioned_by()?;
        let options = self.with_options()?;
        let mut like = None;
        let mut query = None;
        if self.eat("LIKE") {
            like = Some(self.like_clause()?);
        } else if self.eat("AS") {
            query = Some(self.query()?);
        }
        if replace != Replace::No && query.is_none() {
            return self.expected("AS and a query (REPLACE TABLE needs AS SELECT …)");
        }
        Ok(Statement::CreateTable(Box::new(CreateTable {
            replace,
            temporary,
            if_not_exists,
            name,
            schema,
            comment,
            distribution,
            partitioned_by,
            options,
            like,
            query,
        })))
    }

    fn like_clause(&mut self) -> Result<LikeClause, ParseError> {
        let source = self.name("the source table after LIKE")?;
        let mut options = Vec::new();
        if self.consume(&Token::LParen) {
            loop {
                let strategy = match self.peek_upper() {
                    Some(s) if LIKE_STRATEGIES.contains(&s.as_str()) => s,
                    _ if !options.is_empty() => break,
                    _ => {
                        return self.expected("INCLUDING, EXCLUDING or OVERWRITING in LIKE options")
                    }
                };
                self.p.next_token();
                let feature = match self.peek_upper() {
                    Some(f) if LIKE_FEATURES.contains(&f.as_str()) => f,
                    _ => return self.expected(&format!("ALL, CONSTRAINTS, GENERATED, METADATA, OPTIONS, PARTITIONS or WATERMARKS after {strategy}")),
                };
                self.p.next_token();
                options.push(LikeOption { strategy, feature });
            }
            self.expect_tok(&Token::RParen, "')' after LIKE options")?;
        }
        Ok(LikeClause { source, options })
    }

    /// `DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS]` / `DISTRIBUTED INTO n BUCKETS`.
    pub fn distribution(&mut self) -> Result<Option<Distribution>, ParseError> {
        if !self.eat("DISTRIBUTED") {
            return Ok(None);
        }
        self.distribution_body().map(Some)
    }

    /// The part of a distribution after `DISTRIBUTED` / `DISTRIBUTION`.
    pub fn distribution_body(&mut self) -> Result<Distribution, ParseError> {
        let mut d = Distribution {
            algorithm: None,
            columns: vec![],
            buckets: None,
        };
        if self.eat("BY") {
            if let Some(a) = self.peek_upper().filter(|a| a == "HASH" || a == "RANGE") {
                self.p.next_token();
                d.algorithm = Some(a);
            }
            d.columns = self.ident_list("the bucket key columns")?;
            if self.eat("INTO") {
                d.buckets = Some(self.uint("a bucket count after INTO")?);
                self.expect(&["BUCKETS"], " after the bucket count")?;
            }
        } else if self.eat("INTO") {
            d.buckets = Some(self.uint("a bucket count after INTO")?);
            self.expect(&["BUCKETS"], " after the bucket count")?;
        } else {
            return self.expected("BY or INTO after DISTRIBUTED");
        }
        Ok(d)
    }

    fn partitioned_by(&mut self) -> Result<Vec<Ident>, ParseError> {
        if self.eat("PARTITIONED") {
            self.expect(&["BY"], " after PARTITIONED")?;
            return self.ident_list("the partition columns");
        }
        Ok(vec![])
    }

    /// `( element, … )` of a table schema.
    pub fn schema(&mut self, alter: bool) -> Result<Vec<SchemaElement>, ParseError> {
        self.expect_tok(&Token::LParen, "'(' to open the column list")?;
        let mut out = vec![self.schema_element(alter)?];
        while self.consume(&Token::Comma) {
            if self.peek_word("WATERMARK")
                && out.iter().any(|e| matches!(e, SchemaElement::Watermark(_)))
            {
                return self.error("a table can have only one WATERMARK definition".into());
            }
            out.push(self.schema_element(alter)?);
        }
        self.expect_tok(&Token::RParen, "',' or ')' after column list")?;
        Ok(out)
    }

    /// One column, watermark or constraint.
    pub fn schema_element(&mut self, alter: bool) -> Result<SchemaElement, ParseError> {
        if self.eat("WATERMARK") {
            self.expect(&["FOR"], " after WATERMARK")?;
            let column = self.name("the rowtime column after WATERMARK FOR")?;
            self.expect(&["AS"], " after the watermark's rowtime column")?;
            let r = self.p.parse_expr();
            let expr = self.sq(r)?;
            return Ok(SchemaElement::Watermark(Watermark { column, expr }));
        }
        if self.peek_word("CONSTRAINT") || self.peek_word("PRIMARY") || self.peek_word("UNIQUE") {
            let name = self.constraint_name()?;
            let unique = self.eat("UNIQUE");
            if !unique {
                self.expect(&["PRIMARY", "KEY"], " after CONSTRAINT name")?;
            }
            let columns = self.ident_list("the key columns")?;
            let enforced = self.enforced()?;
            return Ok(SchemaElement::Constraint(TableConstraint {
                name,
                unique,
                columns,
                enforced,
            }));
        }
        Ok(SchemaElement::Column(self.column(alter)?))
    }

    fn constraint_name(&mut self) -> Result<Option<Ident>, ParseError> {
        if self.eat("CONSTRAINT") {
            return Ok(Some(self.ident("a constraint name")?));
        }
        Ok(None)
    }

    fn enforced(&mut self) -> Result<Option<bool>, ParseError> {
        if self.eat_all(&["NOT", "ENFORCED"]) {
            return Ok(Some(false));
        }
        Ok(self.eat("ENFORCED").then_some(true))
    }

    /// A column definition (with `FIRST`/`AFTER` when `alter`).
    pub fn column(&mut self, alter: bool) -> Result<Column, ParseError> {
        let mut path = vec![self.ident("a column name, WATERMARK, PRIMARY KEY or CONSTRAINT")?];
        while alter && self.consume(&Token::Period) {
            path.push(self.ident("a field name after '.'")?);
        }
        let name = path.pop().unwrap_or_else(|| Ident::new(""));
        let mut constraint = None;
        let kind = if self.eat("AS") {
            let r = self.p.parse_expr();
            ColumnKind::Computed(Box::new(self.sq(r)?))
        } else {
            let data_type = self.data_type()?;
            let kind = if self.eat("METADATA") {
                let from = if self.eat("FROM") {
                    Some(self.string("a quoted metadata key after FROM")?)
                } else {
                    None
                };
                ColumnKind::Metadata {
                    data_type,
                    from,
                    is_virtual: self.eat("VIRTUAL"),
                }
            } else {
                ColumnKind::Physical(data_type)
            };
            if self.peek_word("CONSTRAINT") || self.peek_word("PRIMARY") || self.peek_word("UNIQUE")
            {
                let name = self.constraint_name()?;
                let unique = self.eat("UNIQUE");
                if !unique {
                    self.expect(&["PRIMARY", "KEY"], " in the column constraint")?;
                }
                let enforced = self.enforced()?;
                constraint = Some(InlineConstraint {
                    name,
                    unique,
                    enforced,
                });
            }
            kind
        };
        let mut col = Column {
            name,
            path,
            kind,
            constraint,
            comment: None,
            position: None,
        };
        col.comment = self.comment()?;
        if alter {
            if self.eat("FIRST") {
                col.position = Some(ColumnPosition::First);
            } else if self.eat("AFTER") {
                col.position = Some(ColumnPosition::After(
                    self.name("a column name after AFTER")?,
                ));
            }
        }
        Ok(col)
    }

    fn create_materialized_table(&mut self, or_alter: bool) -> Result<Statement, ParseError> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.name("a materialized table name")?;
        let schema = if self.p.peek_token_ref().token == Token::LParen {
            self.schema(false)?
        } else {
            vec![]
        };
        let comment = self.comment()?;
        let distribution = self.distribution()?;
        let partitioned_by = self.partitioned_by()?;
        let options = self.with_options()?;
        let freshness = if self.eat("FRESHNESS") {
            self.expect_tok(&Token::Eq, "'=' after FRESHNESS")?;
            let r = self.p.parse_expr();
            Some(self.sq(r)?)
        } else {
            None
        };
        let refresh_mode = if self.eat("REFRESH_MODE") {
            self.expect_tok(&Token::Eq, "'=' after REFRESH_MODE")?;
            Some(self.refresh_mode()?)
        } else {
            None
        };
        self.expect(&["AS"], " before the materialized table's query")?;
        let query = self.query()?;
        Ok(Statement::CreateMaterializedTable(Box::new(
            CreateMaterializedTable {
                or_alter,
                if_not_exists,
                name,
                schema,
                comment,
                distribution,
                partitioned_by,
                options,
                freshness,
                refresh_mode,
                query,
            },
        )))
    }

    /// `FULL` or `CONTINUOUS`.
    pub fn refresh_mode(&mut self) -> Result<String, ParseError> {
        match self.peek_upper() {
            Some(m) if m == "FULL" || m == "CONTINUOUS" => {
                self.p.next_token();
                Ok(m)
            }
            _ => self.expected("FULL or CONTINUOUS"),
        }
    }

    fn create_model(&mut self, temporary: bool) -> Result<Statement, ParseError> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.name("a model name")?;
        let mut input = vec![];
        let mut output = vec![];
        if self.eat("INPUT") {
            input = self.model_columns("INPUT")?;
        }
        if self.eat("OUTPUT") {
            output = self.model_columns("OUTPUT")?;
        }
        let comment = self.comment()?;
        let options = self.with_options()?;
        let query = if self.eat("AS") {
            Some(self.query()?)
        } else {
            None
        };
        Ok(Statement::CreateModel(Box::new(CreateModel {
            temporary,
            if_not_exists,
            name,
            input,
            output,
            comment,
            options,
            query,
        })))
    }

    fn model_columns(&mut self, what: &str) -> Result<Vec<Column>, ParseError> {
        self.expect_tok(&Token::LParen, &format!("'(' after {what}"))?;
        let mut cols = vec![self.column(false)?];
        while self.consume(&Token::Comma) {
            cols.push(self.column(false)?);
        }
        self.expect_tok(
            &Token::RParen,
            &format!("',' or ')' after the {what} columns"),
        )?;
        Ok(cols)
    }
}
