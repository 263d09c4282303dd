//! INSERT, SHOW, DESCRIBE, EXPLAIN, USE, modules, jars, statement sets, plans, jobs and the
//! remaining DML.

use sqlparser::ast::Expr;
use sqlparser::tokenizer::Token;

use super::{ParseError, P};
use crate::ast::{
    Describe, DropObject, Insert, LikeFilter, PartitionSpecItem, Show, ShowWhat, Statement,
    StatementSet,
};

const EXPLAIN_DETAILS: &[&str] = &[
    "ESTIMATED_COST",
    "CHANGELOG_MODE",
    "PLAN_ADVICE",
    "JSON_EXECUTION_PLAN",
];

impl P<'_> {
    /// `( col [= value], … )` after PARTITION; values are required when `values`.
    pub fn partition_spec(&mut self, values: bool) -> Result<Vec<PartitionSpecItem>, ParseError> {
        self.expect_tok(&Token::LParen, "'(' after PARTITION")?;
        let mut out = Vec::new();
        loop {
            let column = self.ident("a partition column")?;
            let value = if self.consume(&Token::Eq) {
                let r = self.p.parse_expr();
                Some(self.sq(r)?)
            } else if values {
                return self.expected(&format!("'=' and a value after partition column {column}"));
            } else {
                None
            };
            out.push(PartitionSpecItem { column, value });
            if !self.consume(&Token::Comma) {
                break;
            }
        }
        self.expect_tok(&Token::RParen, "',' or ')' after the partition spec")?;
        Ok(out)
    }

    /// INSERT INTO|OVERWRITE ….
    pub fn insert(&mut self) -> Result<Statement, ParseError> {
        self.expect(&["INSERT"], "")?;
        let overwrite = if self.eat("OVERWRITE") {
            true
        } else if self.eat("INTO") {
            false
        } else {
            return self.expected("INTO or OVERWRITE after INSERT");
        };
        let table = self.name("the target table")?;
        let mut extended_columns = Vec::new();
        if self.p.peek_token_ref().token == Token::LParen
            && matches!(self.p.peek_nth_token(1).token, Token::Word(_))
            && matches!(self.p.peek_nth_token(2).token, Token::Word(_))
        {
            self.p.next_token();
            loop {
                extended_columns.push(self.column(false)?);
                if !self.consume(&Token::Comma) {
                    break;
                }
            }
            self.expect_tok(&Token::RParen, "',' or ')' after the extended columns")?;
        }
        let partition = if self.eat("PARTITION") {
            self.partition_spec(true)?
        } else {
            vec![]
        };
        let columns = if self.p.peek_token_ref().token == Token::LParen
            && !["SELECT", "WITH", "VALUES"]
                .iter()
                .any(|w| self.peek_nth_word(1, w))
            && self.p.peek_nth_token(1).token != Token::LParen
        {
            self.ident_list("the target column list")?
        } else {
            vec![]
        };
        let source = self.query()?;
        Ok(Statement::Insert(Box::new(Insert {
            overwrite,
            table,
            extended_columns,
            partition,
            columns,
            source,
        })))
    }

    /// `STATEMENT SET BEGIN insert; … END`.
    fn statement_set_block(&mut self) -> Result<Statement, ParseError> {
        self.expect(&["STATEMENT", "SET", "BEGIN"], "")?;
        let mut stmts = Vec::new();
        while !self.peek_word("END") {
            if !self.peek_word("INSERT") {
                return self.expected("INSERT or END in the statement set (only INSERT statements can be in a statement set)");
            }
            stmts.push(self.insert()?);
            self.expect_tok(
                &Token::SemiColon,
                "';' after the INSERT in the statement set",
            )?;
        }
        self.expect(&["END"], "")?;
        if stmts.is_empty() {
            self.p.prev_token();
            return self.error("a statement set needs at least one INSERT statement".into());
        }
        Ok(Statement::StatementSet(StatementSet::Block(stmts)))
    }

    fn like_filter(&mut self) -> Result<Option<LikeFilter>, ParseError> {
        let not = self.peek_word("NOT")
            && (self.peek_nth_word(1, "LIKE") || self.peek_nth_word(1, "ILIKE"));
        if not {
            self.p.next_token();
        }
        let ilike = if self.eat("LIKE") {
            false
        } else if self.eat("ILIKE") {
            true
        } else {
            return Ok(None);
        };
        let pattern = self.string("a quoted pattern after LIKE")?;
        Ok(Some(LikeFilter {
            not,
            ilike,
            pattern,
        }))
    }

    fn show(&mut self) -> Result<Statement, ParseError> {
        let mut from_allowed = true;
        let mut like_allowed = true;
        let word = self.peek_upper().unwrap_or_default();
        self.p.next_token();
        let what = match word.as_str() {
            "CATALOGS" => {
                from_allowed = false;
                ShowWhat::Catalogs
            }
            "CURRENT" => {
                from_allowed = false;
                like_allowed = false;
                if self.eat("CATALOG") {
                    ShowWhat::CurrentCatalog
                } else if self.eat("DATABASE") {
                    ShowWhat::CurrentDatabase
                } else {
                    return self.expected("CATALOG or DATABASE after SHOW CURRENT");
                }
            }
            "DATABASES" => ShowWhat::Databases,
            "TABLES" => ShowWhat::Tables,
            "VIEWS" => ShowWhat::Views,
            "MODELS" => ShowWhat::Models,
            "CONNECTIONS" => ShowWhat::Connections,
            "PROCEDURES" => ShowWhat::Procedures,
            "FUNCTIONS" => ShowWhat::Functions { user: false },
            "USER" => {
                self.expect(&["FUNCTIONS"], " after SHOW USER")?;
                ShowWhat::Functions { user: true }
            }
            "MATERIALIZED" => {
                self.expect(&["TABLES"], " after SHOW MATERIALIZED")?;
                ShowWhat::MaterializedTables
            }
            "MODULES" | "FULL" => {
                if word == "FULL" {
                    self.expect(&["MODULES"], " after SHOW FULL")?;
                }
                from_allowed = false;
                like_allowed = false;
                ShowWhat::Modules {
                    full: word == "FULL",
                }
            }
            "JARS" | "JOBS" => {
                from_allowed = false;
                like_allowed = false;
                if word == "JARS" {
                    ShowWhat::Jars
                } else {
                    ShowWhat::Jobs
                }
            }
            "COLUMNS" => {
                if !(self.eat("FROM") || self.eat("IN")) {
                    return self.expected("FROM or IN after SHOW COLUMNS");
                }
                let table = self.name("a table name")?;
                let like = self.like_filter()?;
                return Ok(Statement::Show(Show {
                    what: ShowWhat::Columns,
                    from: Some(table),
                    like,
                }));
            }
            "PARTITIONS" => {
                let table = self.name("a table name")?;
                let partition = if self.eat("PARTITION") {
                    self.partition_spec(true)?
                } else {
                    vec![]
                };
                return Ok(Statement::Show(Show {
                    what: ShowWhat::Partitions { table, partition },
                    from: None,
                    like: None,
                }));
            }
            "CREATE" => {
                let object =
                    match self.peek_upper().as_deref() {
                        Some("TABLE") => DropObject::Table,
                        Some("VIEW") => DropObject::View,
                        Some("CATALOG") => DropObject::Catalog,
                        Some("MODEL") => DropObject::Model,
                        Some("CONNECTION") => DropObject::Connection,
                        Some("MATERIALIZED") => {
                            self.p.next_token();
                            if !self.peek_word("TABLE") {
                                return self.expected("TABLE after SHOW CREATE MATERIALIZED");
                            }
                            DropObject::MaterializedTable
                        }
                        _ => return self.expected(
                            "TABLE, VIEW, CATALOG, MODEL or MATERIALIZED TABLE after SHOW CREATE",
                        ),
                    };
                self.p.next_token();
                let name = self.name("the object name")?;
                return Ok(Statement::Show(Show {
                    what: ShowWhat::Create { object, name },
                    from: None,
                    like: None,
                }));
            }
            _ => {
                self.p.prev_token();
                return self.expected("CATALOGS, DATABASES, TABLES, VIEWS, FUNCTIONS, COLUMNS, MODULES, JARS, JOBS, MODELS, PROCEDURES, PARTITIONS, CURRENT or CREATE after SHOW");
            }
        };
        let from = if from_allowed && (self.eat("FROM") || self.eat("IN")) {
            Some(self.name("a catalog or database name")?)
        } else {
            None
        };
        let like = if like_allowed {
            self.like_filter()?
        } else {
            None
        };
        Ok(Statement::Show(Show { what, from, like }))
    }

    fn describe(&mut self) -> Result<Statement, ParseError> {
        let object_follows = !matches!(
            self.p.peek_nth_token(1).token,
            Token::EOF | Token::Period | Token::SemiColon
        );
        let d = if object_follows && self.eat("CATALOG") {
            let extended = self.eat("EXTENDED");
            Describe::Catalog {
                extended,
                name: self.ident("a catalog name")?,
            }
        } else if object_follows && self.eat("DATABASE") {
            let extended = self.eat("EXTENDED");
            Describe::Database {
                extended,
                name: self.name("a database name")?,
            }
        } else if object_follows && self.eat("MODEL") {
            let extended = self.eat("EXTENDED");
            Describe::Model {
                extended,
                name: self.name("a model name")?,
            }
        } else if object_follows && self.eat("FUNCTION") {
            let extended = self.eat("EXTENDED");
            Describe::Function {
                extended,
                name: self.name("a function name")?,
            }
        } else if object_follows && self.eat("CONNECTION") {
            let extended = self.eat("EXTENDED");
            Describe::Connection {
                extended,
                name: self.name("a connection name")?,
            }
        } else if object_follows && self.eat("JOB") {
            Describe::Job(self.string("a quoted job id after DESCRIBE JOB")?)
        } else {
            let extended = object_follows && self.eat("EXTENDED");
            Describe::Table {
                extended,
                name: self.name("a table name after DESCRIBE")?,
            }
        };
        Ok(Statement::Describe(d))
    }

    fn explain(&mut self) -> Result<Statement, ParseError> {
        let plan_for = self.eat_all(&["PLAN", "FOR"]);
        let mut details = Vec::new();
        if !plan_for {
            while let Some(d) = self
                .peek_upper()
                .filter(|d| EXPLAIN_DETAILS.contains(&d.as_str()))
            {
                self.p.next_token();
                details.push(d);
                if !self.consume(&Token::Comma) {
                    break;
                }
            }
        }
        let inner = self.explainable("EXPLAIN")?;
        Ok(Statement::Explain {
            details,
            plan_for,
            statement: Box::new(inner),
        })
    }

    /// The statement after EXPLAIN / EXECUTE: a query, INSERT, statement set, CTAS/RTAS or DML.
    fn explainable(&mut self, after: &str) -> Result<Statement, ParseError> {
        if self.peek_word("STATEMENT") {
            return self.statement_set_block();
        }
        let ok = self.starts_query()
            || ["INSERT", "CREATE", "REPLACE", "DELETE", "UPDATE"]
                .iter()
                .any(|w| self.peek_word(w))
            || (after == "EXPLAIN" && self.peek_word("EXECUTE"));
        if !ok {
            let what = if after == "EXPLAIN" {
                "a query, INSERT, STATEMENT SET, CREATE TABLE … AS or an explain detail (ESTIMATED_COST, CHANGELOG_MODE, PLAN_ADVICE, JSON_EXECUTION_PLAN) after EXPLAIN"
            } else {
                "STATEMENT SET, PLAN, INSERT or a query after EXECUTE"
            };
            return self.expected(what);
        }
        let s = self.statement()?;
        if matches!(&s, Statement::CreateTable(t) if t.query.is_none()) {
            return self.error(format!("{after} accepts CREATE TABLE only with AS SELECT"));
        }
        Ok(s)
    }

    /// Statements that start with other words.
    pub fn misc(&mut self, first: &str) -> Result<Statement, ParseError> {
        self.p.next_token();
        match first {
            "SHOW" => self.show(),
            "DESCRIBE" | "DESC" => self.describe(),
            "EXPLAIN" => self.explain(),
            "USE" => {
                if self.peek_word("CATALOG")
                    && !matches!(self.p.peek_nth_token(1).token, Token::EOF | Token::Period)
                {
                    self.p.next_token();
                    return Ok(Statement::UseCatalog(self.ident("a catalog name")?));
                }
                if self.peek_word("MODULES")
                    && !matches!(self.p.peek_nth_token(1).token, Token::EOF | Token::Period)
                {
                    self.p.next_token();
                    let mut mods = vec![self.ident("a module name")?];
                    while self.consume(&Token::Comma) {
                        mods.push(self.ident("a module name")?);
                    }
                    return Ok(Statement::UseModules(mods));
                }
                Ok(Statement::UseDatabase(
                    self.name("a database name, CATALOG or MODULES after USE")?,
                ))
            }
            "LOAD" => {
                self.expect(&["MODULE"], " after LOAD")?;
                let name = self.ident("a module name")?;
                let options = self.with_options()?;
                Ok(Statement::LoadModule { name, options })
            }
            "UNLOAD" => {
                self.expect(&["MODULE"], " after UNLOAD")?;
                Ok(Statement::UnloadModule(self.ident("a module name")?))
            }
            "ADD" | "REMOVE" => {
                self.expect(&["JAR"], &format!(" after {first}"))?;
                let path = self.string("a quoted jar path")?;
                Ok(if first == "ADD" {
                    Statement::AddJar(path)
                } else {
                    Statement::RemoveJar(path)
                })
            }
            "BEGIN" => {
                self.expect(&["STATEMENT", "SET"], " after BEGIN")?;
                if !self.consume(&Token::SemiColon) || self.at_eof() {
                    return Ok(Statement::StatementSet(StatementSet::Begin));
                }
                let mut stmts = Vec::new();
                while !self.eat("END") {
                    if self.peek_word("BEGIN") {
                        return self.error("statement sets cannot be nested".into());
                    }
                    stmts.push(self.statement()?);
                    self.expect_tok(
                        &Token::SemiColon,
                        "';' after the statement in the statement set",
                    )?;
                }
                Ok(Statement::StatementSet(StatementSet::Block(stmts)))
            }
            "END" => Ok(Statement::StatementSet(StatementSet::End)),
            "STATEMENT" => {
                self.p.prev_token();
                self.statement_set_block()
            }
            "EXECUTE" => {
                if self.eat("PLAN") {
                    return Ok(Statement::ExecutePlan(
                        self.string("a quoted plan file after EXECUTE PLAN")?,
                    ));
                }
                Ok(Statement::Execute(Box::new(self.explainable("EXECUTE")?)))
            }
            "COMPILE" => {
                let and_execute = self.eat_all(&["AND", "EXECUTE"]);
                self.expect(&["PLAN"], " after COMPILE")?;
                let file = self.string("a quoted plan file after PLAN")?;
                let if_not_exists = self.if_not_exists()?;
                self.expect(&["FOR"], " after the plan file")?;
                let statement = if self.peek_word("STATEMENT") {
                    self.statement_set_block()?
                } else if self.peek_word("INSERT") {
                    self.insert()?
                } else {
                    return self.expected("INSERT or STATEMENT SET after FOR");
                };
                Ok(Statement::CompilePlan {
                    file,
                    if_not_exists,
                    and_execute,
                    statement: Box::new(statement),
                })
            }
            "ANALYZE" => {
                self.expect(&["TABLE"], " after ANALYZE")?;
                let name = self.name("a table name")?;
                let partition = if self.eat("PARTITION") {
                    self.partition_spec(false)?
                } else {
                    vec![]
                };
                self.expect(&["COMPUTE", "STATISTICS"], " after the table")?;
                let columns = if self.eat("FOR") {
                    if self.eat_all(&["ALL", "COLUMNS"]) {
                        Some(vec![])
                    } else {
                        self.expect(&["COLUMNS"], " after FOR")?;
                        let mut cols = vec![self.ident("a column name")?];
                        while self.consume(&Token::Comma) {
                            cols.push(self.ident("a column name")?);
                        }
                        Some(cols)
                    }
                } else {
                    None
                };
                Ok(Statement::AnalyzeTable {
                    name,
                    partition,
                    columns,
                })
            }
            "TRUNCATE" => {
                self.expect(&["TABLE"], " after TRUNCATE")?;
                Ok(Statement::TruncateTable(self.name("a table name")?))
            }
            "DELETE" => {
                self.expect(&["FROM"], " after DELETE")?;
                let table = self.name("a table name")?;
                let alias = self.alias()?;
                let selection = self.where_clause()?;
                Ok(Statement::Delete {
                    table,
                    alias,
                    selection,
                })
            }
            "UPDATE" => {
                let table = self.name("a table name")?;
                let alias = if self.peek_word("SET") {
                    None
                } else {
                    self.alias()?
                };
                self.expect(&["SET"], " after the table name")?;
                let mut assignments = Vec::new();
                loop {
                    let col = self.name("a column name")?;
                    self.expect_tok(&Token::Eq, "'=' after the column name")?;
                    let r = self.p.parse_expr();
                    assignments.push((col, self.sq(r)?));
                    if !self.consume(&Token::Comma) {
                        break;
                    }
                }
                let selection = self.where_clause()?;
                Ok(Statement::Update {
                    table,
                    alias,
                    assignments,
                    selection,
                })
            }
            "CALL" => {
                let r = self.p.parse_expr();
                let e = self.sq(r)?;
                if !matches!(e, Expr::Function(_)) {
                    return self.error("expected a procedure call like CALL proc(args)".into());
                }
                Ok(Statement::Call(e))
            }
            "STOP" => {
                self.expect(&["JOB"], " after STOP")?;
                let job_id = self.string("a quoted job id")?;
                let mut with_savepoint = false;
                let mut with_drain = false;
                while self.eat("WITH") {
                    if self.eat("SAVEPOINT") {
                        with_savepoint = true;
                    } else if self.eat("DRAIN") {
                        with_drain = true;
                    } else {
                        return self.expected("SAVEPOINT or DRAIN after WITH");
                    }
                }
                Ok(Statement::StopJob {
                    job_id,
                    with_savepoint,
                    with_drain,
                })
            }
            _ => {
                self.p.prev_token();
                self.expected("a statement (SELECT, INSERT, CREATE, ALTER, DROP, SET, SHOW, …)")
            }
        }
    }

    fn alias(&mut self) -> Result<Option<sqlparser::ast::Ident>, ParseError> {
        if self.eat("AS") {
            return Ok(Some(self.ident("an alias after AS")?));
        }
        match &self.p.peek_token_ref().token {
            Token::Word(w)
                if !w.value.eq_ignore_ascii_case("WHERE")
                    && !w.value.eq_ignore_ascii_case("SET") =>
            {
                Ok(Some(self.ident("an alias")?))
            }
            _ => Ok(None),
        }
    }

    fn where_clause(&mut self) -> Result<Option<Expr>, ParseError> {
        if self.eat("WHERE") {
            let r = self.p.parse_expr();
            return Ok(Some(self.sq(r)?));
        }
        Ok(None)
    }
}
