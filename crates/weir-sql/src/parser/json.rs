//! `JSON_VALUE` / `JSON_QUERY` / `JSON_EXISTS` with Flink's behaviour clauses, which sqlparser
//! does not parse: `RETURNING type`, `… WRAPPER`, `{NULL | ERROR | DEFAULT e …} ON EMPTY|ERROR`.
//!
//! A behaviour clause becomes a named argument whose name is the clause (`ON EMPTY`, `ON ERROR`,
//! `WRAPPER`) and whose value is the behaviour (`NULL`, `DEFAULT 0`, `WITH CONDITIONAL ARRAY`).

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgOperator, FunctionArgumentClause,
    FunctionArgumentList, FunctionArguments, Ident, JsonReturningClause, ObjectName,
};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

/// Functions parsed here.
pub(super) const JSON_FUNCTIONS: &[&str] = &["JSON_VALUE", "JSON_QUERY", "JSON_EXISTS"];

fn word(parser: &Parser) -> Option<String> {
    match &parser.peek_token_ref().token {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_uppercase()),
        _ => None,
    }
}

fn behaviour(name: &str, value: Expr) -> FunctionArg {
    FunctionArg::Named {
        name: Ident::new(name),
        arg: FunctionArgExpr::Expr(value),
        operator: FunctionArgOperator::Space,
    }
}

/// Parses `NAME(json, path [clauses])`; the parser is on `NAME`.
pub(super) fn parse_json_function(parser: &mut Parser) -> Result<Expr, ParserError> {
    let name = parser.parse_identifier()?;
    parser.expect_token(&Token::LParen)?;
    let mut args = vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(
        parser.parse_expr()?,
    ))];
    parser.expect_token(&Token::Comma)?;
    args.push(FunctionArg::Unnamed(FunctionArgExpr::Expr(
        parser.parse_expr()?,
    )));
    let mut clauses = Vec::new();
    while !parser.consume_token(&Token::RParen) {
        let Some(w) = word(parser) else {
            return parser.expected("')' or a JSON behaviour clause", parser.peek_token());
        };
        if w == "RETURNING" {
            parser.next_token();
            let data_type = parser.parse_data_type()?;
            clauses.push(FunctionArgumentClause::JsonReturningClause(
                JsonReturningClause { data_type },
            ));
        } else if w == "WITH" || w == "WITHOUT" {
            let mut words = Vec::new();
            while let Some(w) = word(parser) {
                parser.next_token();
                if w == "WRAPPER" {
                    break;
                }
                if words.len() > 3 {
                    return parser.expected("WRAPPER", parser.peek_token());
                }
                words.push(w);
            }
            args.push(behaviour(
                "WRAPPER",
                Expr::Identifier(Ident::new(words.join(" "))),
            ));
        } else {
            let value = if w == "DEFAULT" {
                parser.next_token();
                Expr::Prefixed {
                    prefix: Ident::new("DEFAULT"),
                    value: Box::new(parser.parse_expr()?),
                }
            } else {
                let mut words = Vec::new();
                while let Some(w) = word(parser).filter(|w| w != "ON") {
                    if words.len() > 1 {
                        return parser.expected("ON EMPTY or ON ERROR", parser.peek_token());
                    }
                    parser.next_token();
                    words.push(w);
                }
                if words.is_empty() {
                    return parser.expected(
                        "a JSON behaviour (NULL, ERROR, DEFAULT …)",
                        parser.peek_token(),
                    );
                }
                Expr::Identifier(Ident::new(words.join(" ")))
            };
            if word(parser).as_deref() != Some("ON") {
                return parser.expected("ON EMPTY or ON ERROR", parser.peek_token());
            }
            parser.next_token();
            match word(parser).as_deref() {
                Some(on @ ("EMPTY" | "ERROR")) => {
                    let clause = format!("ON {on}");
                    parser.next_token();
                    args.push(behaviour(&clause, value));
                }
                _ => return parser.expected("EMPTY or ERROR after ON", parser.peek_token()),
            }
        }
    }
    Ok(Expr::Function(Function {
        name: ObjectName::from(vec![name]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args,
            clauses,
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    }))
}
