//! Statements and their results, replayed from real gateway transcripts of Flink 2.3.0 and 1.20.3:
//! typed columns and values, paging with empty and NOT_READY pages, changelogs, job ids, V1.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use support::{collect, replay_options, server_root_cause, Replay, VERSIONS};
use weir_connect::gateway::{
    ApiVersion, OperationStatus, ResultType, Row, RowFormat, RowKind, SessionOptions,
};

fn types(columns: &[weir_connect::gateway::Column]) -> Vec<String> {
    columns.iter().map(|c| c.logical_type.to_string()).collect()
}

#[tokio::test]
async fn set_show_and_ddl_statements_return_their_tables() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "04-", api).await;
        let client = replay.client().await;
        let session = replay.session();
        let set = replay.run(&client, &session, 0).await;
        assert!(set.error.is_none(), "{:?}", set.error);
        assert_eq!(types(&set.columns), ["STRING"]);
        assert_eq!(set.columns[0].name, "result");
        assert_eq!(set.rows[0].fields, vec![json!("OK")]);
        assert_eq!(set.finished_rows, Some(1));
        assert!(!set.is_query_result);
        let all = replay.run(&client, &session, 1).await;
        assert_eq!(
            all.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["key", "value"]
        );
        assert!(all
            .rows
            .iter()
            .any(|r| r.fields[0] == json!("table.local-time-zone")));
        let reset = replay.run(&client, &session, 2).await;
        assert_eq!(reset.finished_rows, Some(1));
        replay.assert_done();

        let replay = Replay::start(version, "05-", api).await;
        let ddl = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        assert_eq!(ddl.rows.len(), 1);
        assert!(ddl.job_id.is_none());
        replay.assert_done();
    }
}

#[tokio::test]
#[allow(clippy::approx_constant)] // 3.14159 is the recorded value, not an attempt at PI
async fn typed_columns_and_json_values() {
    let expected_types = [
        "TINYINT",
        "SMALLINT",
        "INT",
        "BIGINT",
        "FLOAT",
        "DOUBLE",
        "DECIMAL(10, 2)",
        "CHAR(3)",
        "VARCHAR(10)",
        "STRING",
        "BOOLEAN",
        "DATE",
        "TIME(0)",
        "TIMESTAMP(3)",
        "TIMESTAMP_LTZ(3)",
        "BYTES",
        "ARRAY<INT>",
        "MAP<STRING, INT>",
        "ROW<`id` INT, `name` STRING>",
        "ARRAY<ROW<`EXPR$0` INT, `EXPR$1` STRING>> NOT NULL",
    ];
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "06-", api).await;
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        assert!(run.error.is_none(), "{version}: {:?}", run.error);
        assert_eq!(types(&run.columns), expected_types, "{version}");
        assert!(run.is_query_result);
        let recorded_job = replay
            .exchanges
            .iter()
            .find_map(|e| {
                serde_json::from_slice::<Value>(&e.response).ok()?["jobID"]
                    .as_str()
                    .map(str::to_string)
            })
            .expect("a job id in the transcript");
        assert_eq!(run.job_id.as_deref(), Some(recorded_job.as_str()));
        assert_eq!(run.rows.len(), 2);
        let values = run
            .rows
            .iter()
            .find(|r| !r.fields[0].is_null())
            .expect("the row of values");
        assert_eq!(values.kind, RowKind::Insert);
        assert_eq!(
            values.fields,
            vec![
                json!(1),
                json!(2),
                json!(3),
                json!(10_000_000_000_i64),
                json!(1.5),
                json!(3.14159),
                json!("12.34"),
                json!("ab "),
                json!("hello"),
                json!("unicode: äö 中文 \"quoted\""),
                json!(true),
                json!("2024-02-29"),
                json!("23:59:58"),
                json!("2024-02-29T12:34:56.789"),
                json!("2024-02-29T12:34:56.789Z"),
                json!("yv4="),
                json!([1, 2, 3]),
                json!({"a": 1, "b": 2}),
                json!({"id": 1, "name": "x"}),
                json!([{"EXPR$0": 1, "EXPR$1": "n"}]),
            ],
            "{version}"
        );
        let nulls = run
            .rows
            .iter()
            .find(|r| r.fields[0].is_null())
            .expect("NULL row");
        assert!(nulls.fields[..19].iter().all(Value::is_null));
        assert_eq!(nulls.fields[19], json!([null]));
        replay.assert_done();
    }
}

#[tokio::test]
async fn typed_values_as_plain_text() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "07-", api).await;
        assert_eq!(replay.row_format(0), RowFormat::PlainText);
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        assert_eq!(types(&run.columns)[6], "DECIMAL(10, 2)");
        let values = run
            .rows
            .iter()
            .find(|r| !r.fields[0].is_null())
            .expect("values");
        let text: Vec<&str> = values.fields.iter().filter_map(Value::as_str).collect();
        assert_eq!(
            text,
            [
                "1",
                "2",
                "3",
                "10000000000",
                "1.5",
                "3.14159",
                "12.34",
                "ab ",
                "hello",
                "unicode: äö 中文 \"quoted\"",
                "TRUE",
                "2024-02-29",
                "23:59:58",
                "2024-02-29 12:34:56.789",
                "2024-02-29 12:34:56.789",
                "x'cafe'",
                "[1, 2, 3]",
                "{a=1, b=2}",
                "(1, x)",
                "[(1, n)]"
            ],
            "{version}"
        );
        replay.assert_done();
    }
}

/// The type strings printed for the datagen table's columns are the ones DESCRIBE shows for it.
#[tokio::test]
async fn type_strings_match_what_describe_prints() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "15-", api).await;
        let client = replay.client().await;
        let describe = replay.run(&client, &replay.session(), 0).await;
        let show_create = replay.run(&client, &replay.session(), 1).await;
        assert!(show_create.rows[0].fields[0]
            .as_str()
            .is_some_and(|s| s.starts_with("CREATE TABLE")));
        replay.assert_done();
        let described: Vec<(String, String)> = describe
            .rows
            .iter()
            .map(|r| {
                let s = |i: usize| r.fields[i].as_str().unwrap_or("").to_string();
                (s(0), s(1))
            })
            .collect();
        assert_eq!(described.len(), 11);

        let replay = Replay::start(version, "08-", api).await;
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        let selected: Vec<(String, String)> = run
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.logical_type.without_nullability()))
            .collect();
        assert_eq!(selected, described, "{version}");
        // The random values decode to their column types.
        assert_eq!(run.rows.len(), 5);
        for row in &run.rows {
            let int = row.fields[0].as_i64().expect("c_int");
            assert!((1..=100).contains(&int));
            assert!(row.fields[1].is_i64());
            let decimal: f64 = row.fields[3]
                .as_str()
                .and_then(|s| s.parse().ok())
                .expect("decimal text");
            assert!((0.0..=1000.0).contains(&decimal));
            assert_eq!(row.fields[4].as_str().map(str::len), Some(6));
            assert!(row.fields[5].is_boolean());
            assert_eq!(row.fields[8].as_array().map(Vec::len), Some(3));
            assert!(row.fields[9].is_object());
            assert!(row.fields[10]["x"].is_i64() && row.fields[10]["y"].is_string());
        }
        replay.assert_done();
    }
}

#[tokio::test]
async fn execution_config_and_3000_rows_over_pages() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "09-", api).await;
        let (_, config) = replay.statement(0);
        assert_eq!(config["pipeline.name"], "rig-count-with-executionConfig");
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        assert_eq!(run.rows[0].fields, vec![json!(5)]);
        assert_eq!(types(&run.columns), ["BIGINT NOT NULL"]);
        replay.skip_next(); // a request with executionTimeout, which this client never sends
        replay.assert_done();

        let replay = Replay::start(version, "09b-", api).await;
        let client = replay.client().await;
        replay.run(&client, &replay.session(), 0).await;
        let run = replay.run(&client, &replay.session(), 1).await;
        assert_eq!(run.finished_rows, Some(3000));
        let ids: BTreeSet<i64> = run
            .rows
            .iter()
            .filter_map(|r| r.fields[0].as_i64())
            .collect();
        assert_eq!(ids, (1..=3000).collect::<BTreeSet<i64>>(), "{version}");
        replay.assert_done();
    }
}

/// Applies a changelog to a keyed table: the state a result grid shows.
fn apply(rows: &[Row]) -> BTreeMap<String, Vec<Value>> {
    let mut table = BTreeMap::new();
    for r in rows {
        let key = r.fields[0].to_string();
        match r.kind {
            RowKind::Insert | RowKind::UpdateAfter => {
                table.insert(key, r.fields.clone());
            }
            RowKind::UpdateBefore | RowKind::Delete => {
                assert_eq!(
                    table.remove(&key).as_ref(),
                    Some(&r.fields),
                    "retracts what it added"
                );
            }
        }
    }
    table
}

#[tokio::test]
async fn streaming_group_by_changelog() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "10-", api).await;
        let client = replay.client().await;
        let body = replay.exchanges[0].body.clone().expect("open body");
        let session = client
            .open_session(&SessionOptions {
                session_name: body["sessionName"].as_str().map(str::to_string),
                properties: serde_json::from_value(body["properties"].clone()).expect("props"),
            })
            .await
            .expect("open");
        replay.run(&client, &session, 0).await;
        let run = replay.run(&client, &session, 1).await;
        assert!(run.error.is_none(), "{:?}", run.error);
        let kinds: std::collections::HashSet<RowKind> = run.rows.iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&RowKind::Insert));
        assert!(kinds.contains(&RowKind::UpdateBefore));
        assert!(kinds.contains(&RowKind::UpdateAfter));
        assert!(run.pages > 1, "rows arrive over several pages");
        let state = apply(&run.rows);
        let totals: Vec<Vec<Value>> = state.into_values().collect();
        assert_eq!(
            totals,
            vec![
                vec![json!(0), json!(4), json!(30)],
                vec![json!(1), json!(4), json!(22)],
                vec![json!(2), json!(4), json!(26)]
            ],
            "{version}"
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn not_ready_and_empty_pages_until_eos() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "11-", api).await;
        let first_fetches: Vec<&str> = replay
            .exchanges
            .iter()
            .filter(|e| e.path.contains("/result/0"))
            .map(|e| e.path.as_str())
            .collect();
        assert!(
            first_fetches.len() >= 2,
            "the transcript has a NOT_READY page"
        );
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        assert_eq!(run.finished_rows, Some(12));
        let n: Vec<String> = run
            .rows
            .iter()
            .map(|r| r.fields[1].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            n,
            (1..=12).map(|i| i.to_string()).collect::<Vec<_>>(),
            "{version}"
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn insert_reports_its_job_id() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "12-", api).await;
        let client = replay.client().await;
        let session = replay.session();
        replay.run(&client, &session, 0).await;
        replay.run(&client, &session, 1).await;
        let insert = replay.run(&client, &session, 2).await;
        assert_eq!(insert.columns[0].name, "job id");
        assert!(!insert.is_query_result);
        let job = insert.job_id.clone().expect("job id");
        assert_eq!(job.len(), 32);
        assert_eq!(insert.rows[0].fields, vec![json!(job)]);
        replay.assert_done();
    }
}

#[tokio::test]
async fn status_polling_lifecycle() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "20-", api).await;
        let client = replay.client().await;
        let session = replay.session();
        for n in 0..2 {
            let (sql, config) = replay.statement(n);
            let op = client
                .execute_statement(&session, &sql, &config)
                .await
                .expect("submit");
            let mut seen = Vec::new();
            loop {
                let status = client
                    .operation_status(&session, &op)
                    .await
                    .expect("status");
                seen.push(status);
                if status.is_terminal() {
                    break;
                }
            }
            assert_eq!(seen.last(), Some(&OperationStatus::Finished));
            assert!(seen.contains(&OperationStatus::Running), "{seen:?}");
            let mut page = client
                .fetch_results(&session, &op, 0, RowFormat::Json)
                .await
                .expect("page 0");
            let mut rows = page.rows.len();
            while let Some(next) = page.next_result_uri.clone() {
                assert_ne!(page.result_type, ResultType::Eos);
                page = client.fetch_next(&next).await.expect("next page");
                rows += page.rows.len();
            }
            assert_eq!(page.result_type, ResultType::Eos);
            assert!(rows >= 1);
        }
        replay.assert_done();
    }
}

#[tokio::test]
async fn result_tokens_and_closing_a_streaming_select() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "21-", api).await;
        let client = replay.client().await;
        let session = replay.session();
        let (sql, _) = replay.statement(0);
        let op = client
            .execute_statement(&session, &sql, &BTreeMap::new())
            .await
            .expect("submit");
        let fetch = |t: u64| client.fetch_results(&session, &op, t, RowFormat::Json);
        fetch(0).await.expect("token 0");
        let one = fetch(1).await.expect("token 1");
        let again = fetch(1).await.expect("token 1 again");
        assert_eq!(
            one.rows, again.rows,
            "re-fetching a token returns the same page"
        );
        let ahead = fetch(3).await.expect_err("token 3 is too far");
        assert_eq!(
            server_root_cause(&ahead),
            "Expecting token to be 2 or 1, but found 3."
        );
        fetch(2).await.expect("token 2");
        let behind = fetch(1).await.expect_err("token 1 is gone");
        assert_eq!(
            server_root_cause(&behind),
            "Expecting token to be 3 or 2, but found 1."
        );
        let cancel = client
            .cancel_operation(&session, &op)
            .await
            .expect_err("cancel a FINISHED op");
        assert_eq!(
            server_root_cause(&cancel),
            format!("Failed to convert the Operation Status from FINISHED to CANCELED for {op}.")
        );
        assert_eq!(
            client
                .operation_status(&session, &op)
                .await
                .expect("status"),
            OperationStatus::Finished
        );
        assert_eq!(
            client.close_operation(&session, &op).await.expect("close"),
            OperationStatus::Closed
        );
        let gone = client
            .operation_status(&session, &op)
            .await
            .expect_err("closed");
        assert!(server_root_cause(&gone).starts_with("Can not find the submitted operation"));
        replay.assert_done();
    }
}

#[tokio::test]
async fn cancelling_a_running_sync_insert() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "22-", api).await;
        let client = replay.client().await;
        let session = replay.session();
        let (sql, config) = replay.statement(0);
        assert_eq!(config["table.dml-sync"], "true");
        let op = client
            .execute_statement(&session, &sql, &config)
            .await
            .expect("submit");
        let page = client
            .fetch_results(&session, &op, 0, RowFormat::Json)
            .await
            .expect("page");
        assert_eq!(page.result_type, ResultType::NotReady);
        assert!(page
            .next_result_uri
            .as_deref()
            .is_some_and(|u| u.contains("/result/0")));
        assert_eq!(
            client
                .cancel_operation(&session, &op)
                .await
                .expect("cancel"),
            OperationStatus::Canceled
        );
        assert_eq!(
            client
                .operation_status(&session, &op)
                .await
                .expect("status"),
            OperationStatus::Canceled
        );
        let err = client
            .fetch_results(&session, &op, 0, RowFormat::Json)
            .await
            .expect_err("cancelled");
        assert_eq!(
            server_root_cause(&err),
            format!("Can not fetch results from the {op} in CANCELED status.")
        );
        assert_eq!(
            client.close_operation(&session, &op).await.expect("close"),
            OperationStatus::Closed
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn closes_the_operation_when_done() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "22b-", api).await;
        let client = replay.client().await;
        let (sql, _) = replay.statement(0);
        let mut opts = replay_options(RowFormat::Json);
        opts.close_when_done = true;
        let run = collect(client.run_statement(&replay.session(), &sql, opts)).await;
        assert_eq!(run.rows[0].fields, vec![json!(1)]);
        assert_eq!(types(&run.columns), ["INT NOT NULL"]);
        // The DELETE .../close was the last recorded exchange; the run sent it before finishing.
        replay.assert_done();
    }
}

#[tokio::test]
async fn v1_api_pages_without_row_format() {
    for (version, _) in VERSIONS {
        let replay = Replay::start(version, "25-", ApiVersion::V1).await;
        let client = replay.client().await;
        let session = replay.session();
        let (sql, _) = replay.statement(0);
        let op = client
            .execute_statement(&session, &sql, &BTreeMap::new())
            .await
            .expect("submit");
        // The transcript's first fetch asks for PLAIN_TEXT, which a V1 client never sends.
        while replay.exchanges[replay.position()]
            .path
            .ends_with("/status")
        {
            replay.skip_next();
        }
        replay.skip_next();
        let mut page = client
            .fetch_results(&session, &op, 0, RowFormat::PlainText)
            .await
            .expect("page 0");
        let mut rows = page.rows.clone();
        while let Some(next) = page.next_result_uri.clone() {
            assert!(!next.contains("rowFormat"));
            page = client.fetch_next(&next).await.expect("page");
            rows.extend(page.rows.clone());
        }
        assert_eq!(page.row_format, Some(RowFormat::Json));
        assert_eq!(
            types(&page.columns),
            [
                "INT NOT NULL",
                "CHAR(2) NOT NULL",
                "DECIMAL(10, 2) NOT NULL",
                "ARRAY<INT NOT NULL> NOT NULL"
            ]
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].fields,
            vec![json!(1), json!("v1"), json!("1.5"), json!([1, 2])]
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn catalog_and_explain_statements() {
    for (version, api) in VERSIONS {
        for prefix in ["13-", "14-", "16-"] {
            let replay = Replay::start(version, prefix, api).await;
            let client = replay.client().await;
            let statements = replay
                .exchanges
                .iter()
                .filter(|e| e.method == "POST" && e.path.ends_with("/statements"))
                .count();
            for n in 0..statements {
                let run = replay.run(&client, &replay.session(), n).await;
                assert!(
                    run.error.is_none(),
                    "{version} {prefix} #{n}: {:?}",
                    run.error
                );
                assert!(!run.columns.is_empty());
            }
            replay.assert_done();
        }
    }
}

/// The replay itself refuses requests the transcript does not have, so the tests above mean something.
#[tokio::test]
#[should_panic(expected = "mismatches")]
async fn replay_refuses_unrecorded_requests() {
    let replay = Replay::start("flink-2.3.0", "22b-", ApiVersion::V4).await;
    let client = replay.client().await;
    let err = client
        .execute_statement(&replay.session(), "SELECT 2 AS y", &BTreeMap::new())
        .await
        .expect_err("not the recorded statement");
    assert_eq!(err.server_error().map(|s| s.status), Some(418));
    replay.assert_done();
}
