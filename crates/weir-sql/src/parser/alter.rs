//! ALTER and DROP statements.

use sqlparser::tokenizer::Token;

use super::{ParseError, P};
use crate::ast::{
    AlterMaterializedTableAction as Mt, AlterTableAction as At, AlterViewAction, Drop, DropObject,
    FunctionScope, OptionsAction, PartitionDef, SchemaElement, Statement,
};

impl P<'_> {
    /// ALTER ….
    pub fn alter(&mut self) -> Result<Statement, ParseError> {
        self.expect(&["ALTER"], "")?;
        let temporary = self.eat("TEMPORARY");
        let system = temporary && self.eat("SYSTEM");
        if temporary || self.peek_word("FUNCTION") {
            self.expect(&["FUNCTION"], " after ALTER TEMPORARY")?;
            let scope = match (temporary, system) {
                (false, _) => FunctionScope::Catalog,
                (true, false) => FunctionScope::Temporary,
                (true, true) => FunctionScope::TemporarySystem,
            };
            let if_exists = self.if_exists()?;
            return Ok(Statement::AlterFunction(Box::new(
                self.function_body(scope, if_exists)?,
            )));
        }
        let Some(what) = self.peek_upper() else {
            return self.expected(
                "TABLE, VIEW, FUNCTION, CATALOG, DATABASE, MATERIALIZED TABLE or MODEL after ALTER",
            );
        };
        self.p.next_token();
        match what.as_str() {
            "TABLE" => {
                let if_exists = self.if_exists()?;
                let name = self.name("a table name")?;
                let action = Box::new(self.alter_table_action()?);
                Ok(Statement::AlterTable {
                    if_exists,
                    name,
                    action,
                })
            }
            "VIEW" => {
                let name = self.name("a view name")?;
                let action = if self.eat("RENAME") {
                    self.expect(&["TO"], " after RENAME")?;
                    AlterViewAction::RenameTo(self.name("the new view name")?)
                } else if self.eat("AS") {
                    AlterViewAction::As(self.query()?)
                } else {
                    return self.expected("RENAME TO or AS after the view name");
                };
                Ok(Statement::AlterView { name, action })
            }
            "DATABASE" => {
                let name = self.name("a database name")?;
                self.expect(&["SET"], " after the database name")?;
                let options = self.properties("the database options")?;
                Ok(Statement::AlterDatabase { name, options })
            }
            "CATALOG" => {
                let name = self.ident("a catalog name")?;
                let action = self.options_action(false)?;
                Ok(Statement::AlterCatalog { name, action })
            }
            "CONNECTION" => {
                let if_exists = self.if_exists()?;
                let name = self.name("a connection name")?;
                let action = self.options_action(true)?;
                Ok(Statement::AlterConnection {
                    if_exists,
                    name,
                    action,
                })
            }
            "MODEL" => {
                let if_exists = self.if_exists()?;
                let name = self.name("a model name")?;
                let action = self.options_action(true)?;
                Ok(Statement::AlterModel {
                    if_exists,
                    name,
                    action,
                })
            }
            "MATERIALIZED" => {
                self.expect(&["TABLE"], " after MATERIALIZED")?;
                let name = self.name("a materialized table name")?;
                let action = Box::new(self.alter_mt_action()?);
                Ok(Statement::AlterMaterializedTable { name, action })
            }
            _ => {
                self.p.prev_token();
                self.expected("TABLE, VIEW, FUNCTION, CATALOG, DATABASE, MATERIALIZED TABLE or MODEL after ALTER")
            }
        }
    }

    fn options_action(&mut self, rename: bool) -> Result<OptionsAction, ParseError> {
        if self.eat("SET") {
            Ok(OptionsAction::Set(self.properties("the options")?))
        } else if self.eat("RESET") {
            Ok(OptionsAction::Reset(self.keys("the option keys")?))
        } else if !rename && self.eat("COMMENT") {
            Ok(OptionsAction::Comment(self.string("a quoted comment")?))
        } else if rename && self.eat("RENAME") {
            self.expect(&["TO"], " after RENAME")?;
            Ok(OptionsAction::RenameTo(self.name("the new name")?))
        } else {
            self.expected(if rename {
                "SET, RESET or RENAME TO"
            } else {
                "SET, RESET or COMMENT"
            })
        }
    }

    fn elements(&mut self) -> Result<Vec<SchemaElement>, ParseError> {
        if self.p.peek_token_ref().token == Token::LParen {
            self.schema(true)
        } else {
            Ok(vec![self.schema_element(true)?])
        }
    }

    fn alter_table_action(&mut self) -> Result<At, ParseError> {
        if self.eat("RENAME") {
            if self.eat("TO") {
                return Ok(At::RenameTo(self.name("the new table name")?));
            }
            let from = self.name("a column name or TO after RENAME")?;
            self.expect(&["TO"], " after the column name")?;
            return Ok(At::RenameColumn {
                from,
                to: self.name("the new column name")?,
            });
        }
        if self.eat("SET") {
            return Ok(At::Set(self.properties("the table options")?));
        }
        if self.eat("RESET") {
            return Ok(At::Reset(self.keys("the option keys")?));
        }
        if self.eat("COMPACT") {
            return Ok(At::Compact(vec![]));
        }
        if self.peek_word("PARTITION") {
            self.p.next_token();
            let spec = self.partition_spec(true)?;
            self.expect(&["COMPACT"], " after the partition spec")?;
            return Ok(At::Compact(spec));
        }
        if self.eat("ADD") {
            if self.eat("DISTRIBUTION") {
                return Ok(At::AddDistribution(self.distribution_body()?));
            }
            if self.peek_word("PARTITION")
                || (self.peek_word("IF") && self.peek_nth_word(3, "PARTITION"))
            {
                let if_not_exists = self.if_not_exists()?;
                let mut partitions = Vec::new();
                while self.eat("PARTITION") {
                    let spec = self.partition_spec(true)?;
                    let options = self.with_options()?;
                    partitions.push(PartitionDef { spec, options });
                }
                return Ok(At::AddPartitions {
                    if_not_exists,
                    partitions,
                });
            }
            return Ok(At::Add(self.elements()?));
        }
        if self.eat("MODIFY") {
            if self.eat("DISTRIBUTION") {
                return Ok(At::ModifyDistribution(self.distribution_body()?));
            }
            return Ok(At::Modify(self.elements()?));
        }
        if self.eat("DROP") {
            return self.alter_table_drop();
        }
        self.expected("RENAME, SET, RESET, ADD, MODIFY, DROP or COMPACT after the table name")
    }

    fn alter_mt_action(&mut self) -> Result<Mt, ParseError> {
        if self.eat("SUSPEND") {
            return Ok(Mt::Suspend);
        }
        if self.eat("RESUME") {
            return Ok(Mt::Resume(self.with_options()?));
        }
        if self.eat("REFRESH") {
            let spec = if self.eat("PARTITION") {
                self.partition_spec(true)?
            } else {
                vec![]
            };
            return Ok(Mt::Refresh(spec));
        }
        if self.eat("SET") {
            if self.eat("FRESHNESS") {
                self.expect_tok(&Token::Eq, "'=' after FRESHNESS")?;
                let r = self.p.parse_expr();
                return Ok(Mt::SetFreshness(Box::new(self.sq(r)?)));
            }
            if self.eat("REFRESH_MODE") {
                self.expect_tok(&Token::Eq, "'=' after REFRESH_MODE")?;
                return Ok(Mt::SetRefreshMode(self.refresh_mode()?));
            }
            return Ok(Mt::Set(self.properties("the table options")?));
        }
        if self.eat("RESET") {
            return Ok(Mt::Reset(self.keys("the option keys")?));
        }
        if self.eat("AS") {
            return Ok(Mt::As(self.query()?));
        }
        if self.eat("ADD") {
            if self.eat("DISTRIBUTION") {
                return Ok(Mt::Distribution(true, self.distribution_body()?));
            }
            return Ok(Mt::Schema(true, self.elements()?));
        }
        if self.eat("MODIFY") {
            if self.eat("DISTRIBUTION") {
                return Ok(Mt::Distribution(false, self.distribution_body()?));
            }
            return Ok(Mt::Schema(false, self.elements()?));
        }
        if self.eat("DROP") {
            return Ok(Mt::Drop(Box::new(self.alter_table_drop()?)));
        }
        self.expected(
            "SUSPEND, RESUME, REFRESH, SET, RESET or AS after the materialized table name",
        )
    }

    /// DROP ….
    pub fn drop(&mut self) -> Result<Statement, ParseError> {
        self.expect(&["DROP"], "")?;
        let temporary = self.eat("TEMPORARY");
        let system = temporary && self.eat("SYSTEM");
        let object = match self.peek_upper().as_deref() {
            Some("TABLE") => DropObject::Table,
            Some("VIEW") => DropObject::View,
            Some("FUNCTION") => DropObject::Function,
            Some("CATALOG") if !temporary => DropObject::Catalog,
            Some("DATABASE") if !temporary => DropObject::Database,
            Some("MODEL") => DropObject::Model,
            Some("CONNECTION") => DropObject::Connection,
            Some("MATERIALIZED") if !temporary => {
                self.p.next_token();
                if !self.peek_word("TABLE") {
                    return self.expected("TABLE after MATERIALIZED");
                }
                DropObject::MaterializedTable
            }
            _ => return self.expected(
                "TABLE, VIEW, FUNCTION, CATALOG, DATABASE, MATERIALIZED TABLE or MODEL after DROP",
            ),
        };
        if system && !matches!(object, DropObject::Function | DropObject::Connection) {
            return self.expected("FUNCTION after DROP TEMPORARY SYSTEM");
        }
        self.p.next_token();
        let if_exists = self.if_exists()?;
        let name = self.name("the name of the object to drop")?;
        let cascade = if object == DropObject::Database && self.eat("CASCADE") {
            Some(true)
        } else if object == DropObject::Database && self.eat("RESTRICT") {
            Some(false)
        } else {
            None
        };
        Ok(Statement::Drop(Drop {
            object,
            temporary,
            system,
            if_exists,
            name,
            cascade,
        }))
    }

    /// The part of ALTER TABLE / MATERIALIZED TABLE after DROP.
    fn alter_table_drop(&mut self) -> Result<At, ParseError> {
        if self.eat_all(&["PRIMARY", "KEY"]) {
            return Ok(At::DropPrimaryKey);
        }
        if self.eat("CONSTRAINT") {
            return Ok(At::DropConstraint(self.ident("a constraint name")?));
        }
        if self.eat("WATERMARK") {
            return Ok(At::DropWatermark);
        }
        if self.eat("DISTRIBUTION") {
            return Ok(At::DropDistribution);
        }
        if self.peek_word("PARTITION")
            || (self.peek_word("IF") && self.peek_nth_word(2, "PARTITION"))
        {
            let if_exists = self.if_exists()?;
            let mut partitions = Vec::new();
            loop {
                self.expect(&["PARTITION"], "")?;
                partitions.push(self.partition_spec(true)?);
                if !self.consume(&Token::Comma) {
                    break;
                }
            }
            return Ok(At::DropPartitions {
                if_exists,
                partitions,
            });
        }
        if self.consume(&Token::LParen) {
            let mut cols = vec![self.name("a column name")?];
            while self.consume(&Token::Comma) {
                cols.push(self.name("a column name")?);
            }
            self.expect_tok(&Token::RParen, "',' or ')' after the dropped columns")?;
            return Ok(At::DropColumns(cols));
        }
        Ok(At::DropColumns(vec![self.name(
            "a column, PRIMARY KEY, CONSTRAINT, WATERMARK, DISTRIBUTION or PARTITION after DROP",
        )?]))
    }
}
