//! The Flink dialect for sqlparser: identifiers, quoting and the query features Flink supports.

use sqlparser::ast::{
    DataType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList,
    FunctionArguments, Ident, Map, MapEntry, ObjectName, StructBracketKind, StructField,
    TypeModifier, WindowSpec, WindowType,
};
use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

/// Flink SQL as seen by sqlparser (backtick identifiers, window TVFs, MATCH_RECOGNIZE, temporal joins).
#[derive(Debug, Default, Clone, Copy)]
pub struct FlinkDialect;

impl Dialect for FlinkDialect {
    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || ch == '$'
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '`' || ch == '"'
    }

    fn identifier_quote_style(&self, _identifier: &str) -> Option<char> {
        Some('`')
    }

    fn supports_filter_during_aggregation(&self) -> bool {
        true
    }

    fn supports_match_recognize(&self) -> bool {
        true
    }

    fn supports_table_versioning(&self) -> bool {
        true
    }

    fn supports_group_by_expr(&self) -> bool {
        true
    }

    fn supports_window_clause_named_window_reference(&self) -> bool {
        true
    }

    fn supports_named_fn_args_with_rarrow_operator(&self) -> bool {
        true
    }

    fn supports_comment_optimizer_hint(&self) -> bool {
        true
    }

    fn supports_map_literal_with_angle_brackets(&self) -> bool {
        true
    }

    fn supports_window_function_null_treatment_arg(&self) -> bool {
        true
    }

    fn supports_named_fn_args_with_expr_name(&self) -> bool {
        true
    }

    /// Flink types sqlparser does not know, inside expressions (`CAST(x AS ROW<a INT>)`,
    /// `TIMESTAMP(3) WITH LOCAL TIME ZONE`, which is `TIMESTAMP_LTZ(3)`).
    fn parse_data_type(&self, parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
        let word = match &parser.peek_token_ref().token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_uppercase(),
            _ => return None,
        };
        match word.as_str() {
            "ROW" if matches!(parser.peek_nth_token(1).token, Token::Lt | Token::LParen) => {
                Some(parse_row_type(parser))
            }
            "TIMESTAMP" => {
                let with_p = parser.peek_nth_token(1).token == Token::LParen;
                let at = if with_p { 4 } else { 1 };
                let local = (0..3).all(|i| {
                    matches!(&parser.peek_nth_token(at + i).token, Token::Word(w) if w.value.eq_ignore_ascii_case(["WITH", "LOCAL", "TIME"][i]))
                });
                local.then(|| parse_timestamp_ltz(parser, with_p))
            }
            _ => None,
        }
    }

    /// `TABLE t [PARTITION BY …] [ORDER BY …]` as a table argument of a polymorphic table
    /// function (window TVFs, `SESSION(TABLE t PARTITION BY k, …)`): represented as a call to
    /// `TABLE` with the table as its argument and the partitioning as its window spec.
    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        let word = match &parser.peek_token_ref().token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_uppercase(),
            _ => return None,
        };
        let next = parser.peek_nth_token(1).token;
        match (word.as_str(), next) {
            ("TABLE", Token::Word(_)) => Some(parse_table_arg(parser)),
            ("TABLE", Token::LParen) if parenthesized_name(parser) => Some(parser.expected(
                "a table name after TABLE without parentheses (`TABLE t`)",
                parser.peek_nth_token(1),
            )),
            ("MODEL", Token::Word(_)) => Some(parse_model_arg(parser)),
            ("MAP", Token::LBracket) => Some(parse_map_constructor(parser)),
            (f, Token::LParen) if super::json::JSON_FUNCTIONS.contains(&f) => {
                Some(super::json::parse_json_function(parser))
            }
            ("KEY", Token::SingleQuotedString(_) | Token::Word(_)) => Some(parse_json_key(parser)),
            _ => None,
        }
    }
}

/// `MAP[k1, v1, k2, v2]`, Flink's map value constructor.
fn parse_map_constructor(parser: &mut Parser) -> Result<Expr, ParserError> {
    parser.next_token();
    parser.expect_token(&Token::LBracket)?;
    let items = if parser.peek_token_ref().token == Token::RBracket {
        vec![]
    } else {
        parser.parse_comma_separated(Parser::parse_expr)?
    };
    if items.len() % 2 != 0 {
        return parser.expected(
            "another value: MAP[…] takes key, value pairs",
            parser.peek_token(),
        );
    }
    parser.expect_token(&Token::RBracket)?;
    let mut entries = Vec::new();
    let mut it = items.into_iter();
    while let (Some(key), Some(value)) = (it.next(), it.next()) {
        entries.push(MapEntry {
            key: Box::new(key),
            value: Box::new(value),
        });
    }
    Ok(Expr::Map(Map { entries }))
}

/// `KEY 'k'` of `JSON_OBJECT(KEY 'k' VALUE v)`: the key prefixed by `KEY`.
fn parse_json_key(parser: &mut Parser) -> Result<Expr, ParserError> {
    let key = parser.next_token();
    let prefix = match key.token {
        Token::Word(w) => Ident::new(w.value),
        _ => Ident::new("KEY"),
    };
    let value = parser.parse_prefix()?;
    Ok(Expr::Prefixed {
        prefix,
        value: Box::new(value),
    })
}

/// `MODEL name`, the model argument of `ML_PREDICT` / `ML_EVALUATE`: a call to `MODEL`.
fn parse_model_arg(parser: &mut Parser) -> Result<Expr, ParserError> {
    parser.next_token();
    let model = parser.parse_object_name(false)?;
    Ok(call(
        "MODEL",
        Expr::CompoundIdentifier(
            model
                .0
                .into_iter()
                .filter_map(|p| p.as_ident().cloned())
                .collect(),
        ),
        None,
    ))
}

fn call(name: &str, arg: Expr, over: Option<WindowType>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))],
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over,
        within_group: vec![],
    })
}

fn parse_row_type(parser: &mut Parser) -> Result<DataType, ParserError> {
    parser.next_token();
    let angle = parser.next_token().token == Token::Lt;
    let close = if angle { Token::Gt } else { Token::RParen };
    let mut fields = Vec::new();
    if !parser.consume_token(&close) {
        loop {
            let name = parser.parse_identifier()?;
            let field_type = parser.parse_data_type()?;
            fields.push(StructField {
                field_name: Some(name),
                field_type,
                options: None,
            });
            if !parser.consume_token(&Token::Comma) {
                break;
            }
        }
        parser.expect_token(&close)?;
    }
    let kind = if angle {
        StructBracketKind::AngleBrackets
    } else {
        StructBracketKind::Parentheses
    };
    Ok(DataType::Struct(fields, kind))
}

fn parse_timestamp_ltz(parser: &mut Parser, with_precision: bool) -> Result<DataType, ParserError> {
    parser.next_token();
    let mut modifiers = Vec::new();
    if with_precision {
        parser.expect_token(&Token::LParen)?;
        modifiers.push(TypeModifier::Number(
            parser.parse_literal_uint()?.to_string(),
            false,
        ));
        parser.expect_token(&Token::RParen)?;
    }
    for _ in 0..4 {
        parser.next_token();
    }
    Ok(DataType::Custom(
        ObjectName::from(vec![Ident::new("TIMESTAMP_LTZ")]),
        modifiers,
    ))
}

/// `TABLE(a.b)` ahead: not a table argument (Flink writes `TABLE a.b`) nor a table function
/// call (`TABLE(f(…))`), so it is an error rather than a call to a function named TABLE.
fn parenthesized_name(parser: &Parser) -> bool {
    let mut i = 2;
    loop {
        match parser.peek_nth_token(i).token {
            Token::Word(_) => {}
            _ => return false,
        }
        match parser.peek_nth_token(i + 1).token {
            Token::Period => i += 2,
            Token::RParen => return true,
            _ => return false,
        }
    }
}

fn parse_table_arg(parser: &mut Parser) -> Result<Expr, ParserError> {
    parser.expect_keyword_is(Keyword::TABLE)?;
    let table = parser.parse_object_name(false)?;
    let mut partition_by = Vec::new();
    let mut order_by = Vec::new();
    if parser.parse_keywords(&[Keyword::PARTITION, Keyword::BY]) {
        partition_by = if parser.consume_token(&Token::LParen) {
            let v = parser.parse_comma_separated(Parser::parse_expr)?;
            parser.expect_token(&Token::RParen)?;
            v
        } else {
            vec![parser.parse_expr()?]
        };
    }
    if parser.parse_keywords(&[Keyword::ORDER, Keyword::BY]) {
        order_by = if parser.consume_token(&Token::LParen) {
            let v = parser.parse_comma_separated(Parser::parse_order_by_expr)?;
            parser.expect_token(&Token::RParen)?;
            v
        } else {
            vec![parser.parse_order_by_expr()?]
        };
    }
    let partitioned = !partition_by.is_empty() || !order_by.is_empty();
    let over = partitioned.then_some(WindowType::WindowSpec(WindowSpec {
        window_name: None,
        partition_by,
        order_by,
        window_frame: None,
    }));
    Ok(call(
        "TABLE",
        Expr::CompoundIdentifier(
            table
                .0
                .into_iter()
                .filter_map(|p| p.as_ident().cloned())
                .collect(),
        ),
        over,
    ))
}
