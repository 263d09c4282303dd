//! Flink data types: `INT NOT NULL`, `ROW<a INT 'c'>`, `MAP<K, V>`, `t ARRAY`, `RAW('c', 's')` …

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::{ParseError, P};
use crate::ast::{DataType, RowField, TimeZone, TypeKind};

const SIMPLE: &[&str] = &[
    "CHAR",
    "VARCHAR",
    "STRING",
    "BOOLEAN",
    "BINARY",
    "VARBINARY",
    "BYTES",
    "DECIMAL",
    "DEC",
    "NUMERIC",
    "TINYINT",
    "SMALLINT",
    "INT",
    "INTEGER",
    "BIGINT",
    "FLOAT",
    "REAL",
    "DATE",
    "TIMESTAMP_LTZ",
    "NULL",
    "VARIANT",
    "DESCRIPTOR",
    "BITMAP",
];

/// Deepest nesting of `ROW<…>`/`ARRAY<…>`/`MAP<…>` accepted (guards the stack).
const MAX_TYPE_DEPTH: usize = 64;

const UNITS: &[&str] = &["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"];

impl P<'_> {
    /// A data type with nullability and postfix `ARRAY`/`MULTISET`.
    pub fn data_type(&mut self) -> Result<DataType, ParseError> {
        if self.depth >= MAX_TYPE_DEPTH {
            return self.error("data type nested too deeply".into());
        }
        self.depth += 1;
        let kind = self.base_type();
        self.depth -= 1;
        let kind = kind?;
        let mut dt = DataType {
            kind,
            nullable: true,
        };
        loop {
            if self.gt > 0 {
                return Ok(dt);
            }
            if self.eat_all(&["NOT", "NULL"]) {
                dt.nullable = false;
            } else if self.peek_word("NULL") {
                self.p.next_token();
            }
            if self.eat("ARRAY") {
                dt = DataType {
                    kind: TypeKind::Array(Box::new(dt)),
                    nullable: true,
                };
            } else if self.eat("MULTISET") {
                dt = DataType {
                    kind: TypeKind::Multiset(Box::new(dt)),
                    nullable: true,
                };
            } else {
                return Ok(dt);
            }
        }
    }

    fn open_angle(&mut self, ty: &str) -> Result<(), ParseError> {
        self.expect_tok(&Token::Lt, &format!("'<' after {ty}"))
    }

    fn close_angle(&mut self, ty: &str) -> Result<(), ParseError> {
        if self.gt > 0 {
            self.gt -= 1;
            return Ok(());
        }
        match self.p.peek_token_ref().token {
            Token::Gt => {
                self.p.next_token();
                Ok(())
            }
            Token::ShiftRight => {
                self.p.next_token();
                self.gt += 1;
                Ok(())
            }
            _ => self.expected(&format!("'>' to close {ty}<…>")),
        }
    }

    fn paren_uints(&mut self, ty: &str) -> Result<Vec<u64>, ParseError> {
        let mut params = Vec::new();
        if self.consume(&Token::LParen) {
            params.push(self.uint(&format!("a length or precision for {ty}"))?);
            while self.consume(&Token::Comma) {
                params.push(self.uint(&format!("a scale for {ty}"))?);
            }
            self.expect_tok(&Token::RParen, &format!("')' after the parameters of {ty}"))?;
        }
        Ok(params)
    }

    fn base_type(&mut self) -> Result<TypeKind, ParseError> {
        let tok = self.p.peek_token();
        let Token::Word(w) = &tok.token else {
            return self.expected("a data type");
        };
        let up = if w.quote_style.is_none() {
            w.value.to_uppercase()
        } else {
            String::new()
        };
        match up.as_str() {
            "ROW" => {
                self.p.next_token();
                let angle = match self.p.peek_token_ref().token {
                    Token::Neq => {
                        self.p.next_token();
                        return Ok(TypeKind::Row(vec![]));
                    }
                    Token::Lt => true,
                    Token::LParen => false,
                    _ => return self.expected("'<' or '(' after ROW"),
                };
                self.p.next_token();
                let mut fields = Vec::new();
                let closes = |s: &Self| {
                    s.gt > 0
                        || matches!(s.p.peek_token_ref().token, Token::Gt | Token::ShiftRight if angle)
                        || (!angle && s.p.peek_token_ref().token == Token::RParen)
                };
                if !closes(self) {
                    loop {
                        let name = self.ident("a field name in ROW")?;
                        let data_type = self.data_type()?;
                        let comment = if self.gt == 0 {
                            self.opt_string()
                        } else {
                            None
                        };
                        fields.push(RowField {
                            name,
                            data_type,
                            comment,
                        });
                        if self.gt == 0 && self.consume(&Token::Comma) {
                            continue;
                        }
                        break;
                    }
                }
                if angle {
                    self.close_angle("ROW")?;
                } else {
                    self.expect_tok(&Token::RParen, "',' or ')' in ROW(…)")?;
                }
                Ok(TypeKind::Row(fields))
            }
            "ARRAY" | "MULTISET" => {
                self.p.next_token();
                self.open_angle(&up)?;
                let inner = Box::new(self.data_type()?);
                self.close_angle(&up)?;
                Ok(if up == "ARRAY" {
                    TypeKind::Array(inner)
                } else {
                    TypeKind::Multiset(inner)
                })
            }
            "MAP" => {
                self.p.next_token();
                self.open_angle("MAP")?;
                let k = Box::new(self.data_type()?);
                self.expect_tok(&Token::Comma, "',' between the key and value types of MAP")?;
                let v = Box::new(self.data_type()?);
                self.close_angle("MAP")?;
                Ok(TypeKind::Map(k, v))
            }
            "STRUCTURED" => {
                self.p.next_token();
                self.open_angle("STRUCTURED")?;
                let class = self.string("the quoted class name of STRUCTURED")?;
                let mut fields = Vec::new();
                while self.gt == 0 && self.consume(&Token::Comma) {
                    let name = self.ident("an attribute name in STRUCTURED")?;
                    let data_type = self.data_type()?;
                    let comment = if self.gt == 0 {
                        self.opt_string()
                    } else {
                        None
                    };
                    fields.push(RowField {
                        name,
                        data_type,
                        comment,
                    });
                }
                self.close_angle("STRUCTURED")?;
                Ok(TypeKind::Structured { class, fields })
            }
            "RAW" => {
                self.p.next_token();
                self.expect_tok(&Token::LParen, "'(' after RAW")?;
                let class = self.string("the class name of RAW")?;
                let snapshot = if self.consume(&Token::Comma) {
                    Some(self.string("the serializer snapshot of RAW")?)
                } else {
                    None
                };
                self.expect_tok(&Token::RParen, "')' after RAW(…)")?;
                Ok(TypeKind::Raw { class, snapshot })
            }
            "TIMESTAMP" | "TIME" => {
                self.p.next_token();
                let precision = self.paren_uints(&up)?.first().copied();
                let zone = if self.eat_all(&["WITHOUT", "TIME", "ZONE"]) {
                    TimeZone::Without
                } else if self.eat_all(&["WITH", "LOCAL", "TIME", "ZONE"]) {
                    TimeZone::Local
                } else if self.eat_all(&["WITH", "TIME", "ZONE"]) {
                    TimeZone::With
                } else {
                    TimeZone::Unspecified
                };
                Ok(TypeKind::Temporal {
                    name: up,
                    precision,
                    zone,
                })
            }
            "INTERVAL" => {
                self.p.next_token();
                let from = self.unit()?;
                let from_precision = self.paren_uints("INTERVAL")?.first().copied();
                let (to, to_precision) = if self.eat("TO") {
                    let to = self.unit()?;
                    (Some(to), self.paren_uints("INTERVAL")?.first().copied())
                } else {
                    (None, None)
                };
                Ok(TypeKind::Interval {
                    from,
                    from_precision,
                    to,
                    to_precision,
                })
            }
            "DOUBLE" => {
                self.p.next_token();
                let name = if self.eat("PRECISION") {
                    "DOUBLE PRECISION"
                } else {
                    "DOUBLE"
                };
                Ok(TypeKind::Simple {
                    name: name.into(),
                    params: vec![],
                })
            }
            "CHARACTER" | "CHAR" | "BINARY" if self.peek_nth_word(1, "VARYING") => {
                self.p.next_token();
                self.p.next_token();
                let name = format!("{up} VARYING");
                let params = self.paren_uints(&name)?;
                Ok(TypeKind::Simple { name, params })
            }
            s if SIMPLE.contains(&s) || s == "CHARACTER" => {
                self.p.next_token();
                let params = self.paren_uints(s)?;
                Ok(TypeKind::Simple { name: up, params })
            }
            _ if w.quote_style.is_some() || w.keyword == Keyword::NoKeyword => {
                Ok(TypeKind::Named(self.name("a type name")?))
            }
            _ => self.expected("a data type"),
        }
    }

    fn unit(&mut self) -> Result<String, ParseError> {
        match self.peek_upper() {
            Some(u) if UNITS.contains(&u.as_str()) => {
                self.p.next_token();
                Ok(u)
            }
            _ => self.expected("an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND)"),
        }
    }
}
