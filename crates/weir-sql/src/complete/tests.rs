//! Completion contexts, written as a script with `|` at the cursor.

use super::*;

fn labels(text_with_cursor: &str) -> Vec<String> {
    let pos = text_with_cursor.find('|').expect("a | marks the cursor");
    let text = text_with_cursor.replacen('|', "", 1);
    complete_at(&text, pos)
        .2
        .into_iter()
        .map(|i| i.label)
        .collect()
}

const DDL: &str = "CREATE TABLE orders (id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3)) \
    WITH ('connector' = 'datagen');\n\
    CREATE VIEW big AS SELECT id, amount AS total FROM orders;\n";

#[test]
fn statement_start_offers_statement_starters() {
    for text in ["|", "SELECT 1;\n|", "-- note\n|", "SELECT 1;\nSE|"] {
        let l = labels(text);
        for w in ["CREATE TABLE", "INSERT INTO", "SELECT", "SET", "EXPLAIN"] {
            assert!(l.iter().any(|x| x == w), "{w} missing in {text:?}: {l:?}");
        }
        assert!(!l.iter().any(|x| x == "WHERE"), "{text:?}");
    }
}

#[test]
fn after_from_come_the_tables_defined_earlier() {
    let l = labels(&format!("{DDL}SELECT * FROM |"));
    assert!(l.contains(&"orders".to_string()), "{l:?}");
    assert!(l.contains(&"big".to_string()), "{l:?}");
    assert!(!l.contains(&"COUNT".to_string()));
    // Not the ones defined later.
    let l = labels("SELECT * FROM |;\nCREATE TABLE later (a INT) WITH ('connector' = 'print');");
    assert!(!l.contains(&"later".to_string()), "{l:?}");
    // Prefix typed: it is replaced.
    let text = format!("{DDL}SELECT * FROM ord");
    let (from, to, items) = complete_at(&text, text.len());
    assert_eq!((from, to), (text.len() - 3, text.len()));
    assert!(items
        .iter()
        .any(|i| i.label == "orders" && i.kind == CompletionKind::Table));
}

#[test]
fn columns_of_referenced_tables_and_functions_in_expressions() {
    let l = labels(&format!("{DDL}SELECT | FROM orders"));
    for w in ["id", "amount", "ts", "COUNT", "TUMBLE", "DISTINCT"] {
        assert!(l.contains(&w.to_string()), "{w}: {l:?}");
    }
    let l = labels(&format!("{DDL}SELECT b.| FROM big AS b"));
    assert_eq!(l, ["id", "total"]);
    let l = labels(&format!("{DDL}SELECT * FROM orders WHERE amount > 3 |"));
    assert!(
        l.contains(&"AND".to_string()) && l.contains(&"GROUP BY".to_string()),
        "{l:?}"
    );
    assert!(!l.contains(&"COUNT".to_string()));
}

#[test]
fn inside_with_the_declared_connectors_options() {
    let l = labels("CREATE TABLE t (a INT) WITH ('connector' = 'kafka', |)");
    for w in [
        "topic",
        "properties.bootstrap.servers",
        "scan.startup.mode",
        "format",
    ] {
        assert!(l.contains(&w.to_string()), "{w}: {l:?}");
    }
    assert!(!l.contains(&"connector".to_string()), "already written");
    assert!(!l.contains(&"url".to_string()), "a jdbc option: {l:?}");
    // In a string being typed, with the format's options.
    let text = "CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'format' = 'json', 'ur";
    let (from, _, items) = complete_at(text, text.len());
    assert_eq!(from, text.len() - 2);
    let url = items.iter().find(|i| i.label == "url").expect("url");
    assert_eq!(url.apply.as_deref(), Some("url'"));
    assert!(items.iter().any(|i| i.label == "json.ignore-parse-errors"));
    // Values of 'connector'.
    let l = labels("CREATE TABLE t (a INT) WITH ('connector' = |");
    assert!(l.contains(&"upsert-kafka".to_string()) && l.contains(&"datagen".to_string()));
}

#[test]
fn ddl_keywords_follow_their_context() {
    assert!(labels("CREATE |").contains(&"TABLE".to_string()));
    assert!(labels("CREATE TABLE t (id |").contains(&"BIGINT".to_string()));
    assert!(labels("CREATE TABLE t (id INT, |").contains(&"WATERMARK FOR".to_string()));
    assert!(labels("CREATE TABLE t (id INT) |").contains(&"WITH".to_string()));
    assert!(labels("SELECT * FROM TABLE(|").contains(&"HOP".to_string()));
    assert!(labels("SELECT 'it''s -- |").is_empty(), "inside a string");
    assert!(labels("SELECT 1 -- |").is_empty(), "inside a comment");
}

#[test]
fn more_places_people_type_at() {
    let l = labels(&format!("{DDL}SELECT * FROM orders o JOIN big b ON o.|"));
    assert_eq!(l, ["id", "amount", "ts"]);
    assert!(labels(&format!("{DDL}INSERT INTO |")).contains(&"orders".to_string()));
    let l = labels(&format!("{DDL}SELECT * FROM orders WHERE |"));
    assert!(l.contains(&"amount".to_string()) && l.contains(&"UPPER".to_string()));
    let l = labels("SET '|");
    assert!(l.contains(&"execution.runtime-mode".to_string()), "{l:?}");
    // In a closed string: the whole content is replaced, no quote added.
    let text = "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'format' = 'json', 'to')";
    let pos = text.find("'to'").unwrap() + 2;
    let (from, to, items) = complete_at(text, pos);
    assert_eq!((from, to), (pos - 1, pos + 1));
    let topic = items.iter().find(|i| i.label == "topic").expect("topic");
    assert_eq!(topic.apply, None);
    assert!(items
        .iter()
        .any(|i| i.label == "json.fail-on-missing-field"));
    // Outside a string, the key is quoted on insertion; the function docs come along.
    let text = "CREATE TABLE t (a INT) WITH ('connector' = 'print', ";
    let (_, _, items) = complete_at(text, text.len());
    let id = items
        .iter()
        .find(|i| i.label == "print-identifier")
        .expect("print-identifier");
    assert_eq!(id.apply.as_deref(), Some("'print-identifier'"));
    let text = "SELECT COU";
    let (_, _, items) = complete_at(text, text.len());
    let count = items.iter().find(|i| i.label == "COUNT").expect("COUNT");
    assert!(count
        .detail
        .as_deref()
        .is_some_and(|d| d.starts_with("COUNT(")));
    assert!(count.info.is_some());
}

#[test]
fn never_panics_on_odd_input() {
    let text = "SELECT 'é😀 FROM `x /* ${a} ; (( )) ,, = ' \u{0}";
    for pos in 0..=text.len() + 2 {
        let _ = complete_at(text, pos);
    }
}

fn shop() -> Catalog {
    let cols = |c: &[(&str, &str)]| {
        Some(
            c.iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
    };
    Catalog {
        default_schema: "shop".into(),
        schemas: vec!["shop".into(), "audit".into()],
        quote: '`',
        tables: vec![
            CatalogTable {
                schema: "shop".into(),
                name: "orders".into(),
                view: false,
                columns: cols(&[("id", "bigint"), ("order date", "date")]),
            },
            CatalogTable {
                schema: "shop".into(),
                name: "select".into(),
                view: true,
                columns: None,
            },
            CatalogTable {
                schema: "audit".into(),
                name: "events".into(),
                view: false,
                columns: cols(&[("at", "datetime(3)")]),
            },
        ],
    }
}

fn with_catalog(text_with_cursor: &str) -> Vec<CompletionItem> {
    let pos = text_with_cursor.find('|').expect("a | marks the cursor");
    let text = text_with_cursor.replacen('|', "", 1);
    complete_with(&text, pos, Some(&shop())).2
}

#[test]
fn a_database_tab_completes_its_tables_schemas_and_columns() {
    let items = with_catalog("SELECT * FROM |");
    let orders = items.iter().find(|i| i.label == "orders").expect("orders");
    assert_eq!(orders.kind, CompletionKind::Table);
    assert_eq!(orders.detail.as_deref(), Some("table · shop"));
    assert_eq!(orders.info.as_deref(), Some("id, order date"));
    // A keyword as a name is quoted the database's way.
    let select = items.iter().find(|i| i.label == "select").expect("view");
    assert_eq!(
        (select.kind, select.apply.as_deref()),
        (CompletionKind::View, Some("`select`"))
    );
    assert!(items
        .iter()
        .any(|i| i.label == "audit" && i.kind == CompletionKind::Schema));
    // Tables of another schema only after it, qualified.
    assert!(!items.iter().any(|i| i.label == "events"));
    let l: Vec<String> = with_catalog("SELECT * FROM audit.|")
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(l, ["events"]);
    // Columns of the tables the statement reads, by name, alias or schema.table.
    let items = with_catalog("SELECT | FROM orders");
    let date = items.iter().find(|i| i.label == "order date").expect("col");
    assert_eq!(date.apply.as_deref(), Some("`order date`"));
    assert_eq!(date.detail.as_deref(), Some("date · orders"));
    let l: Vec<String> = with_catalog("SELECT e.| FROM audit.events e")
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(l, ["at"]);
    let l: Vec<String> = with_catalog("UPDATE orders SET | = 1")
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert!(l.contains(&"id".to_string()), "{l:?}");
    // Statements start the database's way, not Flink's.
    let l: Vec<String> = with_catalog("SELECT 1;\n|")
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert!(l.contains(&"DELETE FROM".to_string()) && l.contains(&"UPDATE".to_string()));
    assert!(!l.contains(&"EXECUTE STATEMENT SET".to_string()), "{l:?}");
    assert!(!l.contains(&"CREATE CATALOG".to_string()), "{l:?}");
    assert!(
        !with_catalog("SET |")
            .iter()
            .any(|i| i.label == "execution.runtime-mode"),
        "no Flink configuration keys"
    );
    // A table defined in the script wins over the database's of the same name.
    let l: Vec<String> = with_catalog(&format!("{DDL}SELECT o.| FROM orders o"))
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(l, ["id", "amount", "ts"]);
}

#[test]
fn names_near_the_cursor_are_what_the_catalog_reads() {
    let text = "SELECT 1;\nSELECT e.at FROM audit.events e JOIN `odd ``t` ON x; SELECT z FROM zz";
    let pos = text.find("JOIN").unwrap();
    let (names, qualifier) = names_near(text, pos);
    let has = |s: Option<&str>, n: &str| {
        names
            .iter()
            .any(|r| r.schema.as_deref() == s && r.name == n)
    };
    assert!(
        has(Some("audit"), "events") && has(None, "odd `t"),
        "{names:?}"
    );
    assert!(
        !has(None, "zz"),
        "only the statement at the cursor: {names:?}"
    );
    assert_eq!(qualifier, None);
    let text = "SELECT * FROM audit.ev";
    assert_eq!(names_near(text, text.len()).1.as_deref(), Some("audit"));
    assert_eq!(
        names_near("SELECT * FROM audit.", 20).1.as_deref(),
        Some("audit")
    );
}

#[test]
fn completion_offsets_are_utf16() {
    let text = "CREATE TABLE `😀t` (a INT) WITH ('connector' = 'print');\nSELECT * FROM 😀";
    let c = complete_utf16(text, text.encode_utf16().count() as u32, None);
    let len16 = text.encode_utf16().count() as u32;
    assert_eq!((c.from, c.to), (len16 - 2, len16));
    assert!(c.items.iter().any(|i| i.label == "😀t"), "{:?}", c.items);
    assert_eq!(
        crate::utf16::utf16_to_byte_floor("a😀b", 2),
        1,
        "inside a surrogate pair rounds down"
    );
    assert_eq!(crate::utf16::utf16_to_byte_floor("a😀b", 9), "a😀b".len());
}
