//! What a run sends: the statements of a script (all of them, the one at the cursor, or those a
//! selection touches), with `${var}` placeholders resolved and `BEGIN STATEMENT SET; … END;`
//! blocks joined into the one `EXECUTE STATEMENT SET` the gateway understands.

use weir_sql::span::Span;
use weir_sql::vars::{substitute, Values, VarError};
use weir_sql::StatementText;

/// Which part of a script runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every statement.
    Script,
    /// The statement at this byte offset (or the one before it, when the cursor is between two).
    AtCursor(usize),
    /// Every statement overlapping these byte offsets (a selection).
    Selection(usize, usize),
}

/// One statement to send to the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStatement {
    /// Position of the statement among those planned (0-based).
    pub index: usize,
    /// The text sent (placeholders resolved; statement sets joined).
    pub sql: String,
    /// The text as written, for run logs and history (placeholders kept, so no secret leaks).
    pub written: String,
    /// Where the statement is in the script.
    pub span: Span,
    /// The statement's kind as the language core parses it (`query`, `insert`, `create_table`,
    /// `set`, …), or `None` when it does not parse (Flink then decides).
    pub kind: Option<&'static str>,
    /// Whether `sql` holds a secret value (it must not be logged).
    pub has_secrets: bool,
}

/// Why a script could not be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// There is nothing to run in the scope.
    #[error("nothing to run: {0}")]
    Empty(&'static str),
    /// Placeholders without values.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Variables(Vec<VarError>),
    /// A `BEGIN STATEMENT SET` without its `END`.
    #[error("line {}: BEGIN STATEMENT SET has no END; add `END;` after its INSERT statements", .0.start.line)]
    UnclosedStatementSet(Span),
    /// `${secret:…}` placeholders whose secret could not be read (position: what went wrong).
    #[error("{}", .0.iter().map(|(p, e)| format!("{p}: {e}")).collect::<Vec<_>>().join("; "))]
    Secrets(Vec<(weir_sql::span::Position, weir_db::SecretError)>),
}

/// The statements of `script` in `scope`, ready to send.
pub fn plan(
    script: &str,
    scope: Scope,
    values: &Values,
) -> Result<Vec<PlannedStatement>, PlanError> {
    plan_inner(script, scope, values, None)
}

/// Like [`plan`], with the `${secret:name}` placeholders of the planned statements read from
/// `secrets` (in memory; `written` keeps the placeholders). Secrets of statements outside the
/// scope are not read. Blocks on the keychain: call it off the async threads.
pub fn plan_with_secrets(
    script: &str,
    scope: Scope,
    values: &Values,
    secrets: &dyn weir_db::SecretStore,
) -> Result<Vec<PlannedStatement>, PlanError> {
    plan_inner(script, scope, values, Some(secrets))
}

fn plan_inner(
    script: &str,
    scope: Scope,
    values: &Values,
    secrets: Option<&dyn weir_db::SecretStore>,
) -> Result<Vec<PlannedStatement>, PlanError> {
    let all = weir_sql::split(script);
    let picked: Vec<&StatementText> = match scope {
        Scope::Script => all.iter().collect(),
        Scope::AtCursor(at) => at_cursor(&all, at).into_iter().collect(),
        Scope::Selection(from, to) => {
            let (from, to) = (from.min(to), from.max(to));
            all.iter()
                .filter(|s| s.span.start.offset < to.max(from + 1) && s.span.end.offset > from)
                .collect()
        }
    };
    if picked.is_empty() {
        return Err(PlanError::Empty(match scope {
            Scope::Script => "the script has no statements",
            Scope::AtCursor(_) => "there is no statement at the cursor",
            Scope::Selection(..) => "the selection holds no statement",
        }));
    }
    let units = join_statement_sets(&all, &picked)?;
    let mut values = std::borrow::Cow::Borrowed(values);
    if let Some(store) = secrets {
        let mut failed = Vec::new();
        for (written, span) in &units {
            for var in weir_sql::vars::find_vars(written, span.start) {
                if !var.secret || var.name.is_empty() || values.secrets.contains_key(&var.name) {
                    continue;
                }
                match store.get(&var.name) {
                    Ok(v) => {
                        values.to_mut().secrets.insert(var.name, v);
                    }
                    Err(e) => failed.push((var.span.start, e)),
                }
            }
        }
        if !failed.is_empty() {
            return Err(PlanError::Secrets(failed));
        }
    }
    let mut out = Vec::with_capacity(units.len());
    let mut errors = Vec::new();
    for (written, span) in units {
        match substitute(&written, span.start, &values) {
            Ok(sub) => {
                let kind = weir_sql::parse_at(&sub.text, span.start)
                    .ok()
                    .map(|p| p.kind());
                out.push(PlannedStatement {
                    index: out.len(),
                    sql: sub.text,
                    written,
                    span,
                    kind,
                    has_secrets: sub.has_secrets,
                });
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(PlanError::Variables(errors));
    }
    Ok(out)
}

/// The statement containing `at`, else the last one ending before it (the cursor sits after
/// its `;`), else the first one.
pub(crate) fn at_cursor(all: &[StatementText], at: usize) -> Option<&StatementText> {
    let end_of = |s: &StatementText| {
        s.terminator
            .map(|t| t.end.offset)
            .unwrap_or(s.span.end.offset)
    };
    all.iter()
        .find(|s| s.span.start.offset <= at && at <= end_of(s))
        .or_else(|| all.iter().rev().find(|s| end_of(s) <= at))
        .or_else(|| all.first())
}

/// The picked statements as (text, span) units, each statement set as one
/// `EXECUTE STATEMENT SET BEGIN …; END` (a set is sent whole when any part of it is picked).
fn join_statement_sets(
    all: &[StatementText],
    picked: &[&StatementText],
) -> Result<Vec<(String, Span)>, PlanError> {
    let mut units = Vec::new();
    let mut done_sets = std::collections::HashSet::new();
    for s in picked {
        let Some(set) = s.statement_set else {
            units.push((s.text.clone(), s.span));
            continue;
        };
        if !done_sets.insert(set) {
            continue;
        }
        let members: Vec<&StatementText> = all
            .iter()
            .filter(|m| m.statement_set == Some(set))
            .collect();
        let (Some(first), Some(last)) = (members.first(), members.last()) else {
            continue;
        };
        let closed = members.len() >= 2 && last.text.trim().eq_ignore_ascii_case("END");
        if !closed {
            return Err(PlanError::UnclosedStatementSet(first.span));
        }
        let body: Vec<String> = members[1..members.len() - 1]
            .iter()
            .map(|m| format!("  {};", m.text))
            .collect();
        let text = format!("EXECUTE STATEMENT SET\nBEGIN\n{}\nEND", body.join("\n"));
        units.push((text, Span::new(first.span.start, last.span.end)));
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(script: &str, scope: Scope) -> Vec<String> {
        plan(script, scope, &Values::default())
            .unwrap()
            .into_iter()
            .map(|p| p.sql)
            .collect()
    }

    const S: &str = "SET 'a' = 'b';\nSELECT 1;\n\nSELECT 2";

    #[test]
    fn whole_script_in_order_with_kinds() {
        let p = plan(S, Scope::Script, &Values::default()).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].sql, "SELECT 1");
        assert_eq!(p[0].kind, Some("set"));
        assert_eq!(p[1].kind, Some("query"));
        assert_eq!(p[2].index, 2);
        assert_eq!(p[2].span.start.line, 4);
    }

    #[test]
    fn cursor_picks_the_statement_around_or_before_it() {
        assert_eq!(sqls(S, Scope::AtCursor(17)), vec!["SELECT 1"]);
        // just after `SELECT 1;` (end of line 2)
        assert_eq!(sqls(S, Scope::AtCursor(24)), vec!["SELECT 1"]);
        // on the blank line after it
        assert_eq!(sqls(S, Scope::AtCursor(25)), vec!["SELECT 1"]);
        assert_eq!(sqls(S, Scope::AtCursor(S.len())), vec!["SELECT 2"]);
        assert_eq!(sqls(S, Scope::AtCursor(0)), vec!["SET 'a' = 'b'"]);
    }

    #[test]
    fn selection_picks_every_statement_it_touches() {
        assert_eq!(
            sqls(S, Scope::Selection(20, 30)),
            vec!["SELECT 1", "SELECT 2"]
        );
        assert_eq!(
            sqls(S, Scope::Selection(30, 20)),
            vec!["SELECT 1", "SELECT 2"]
        );
    }

    #[test]
    fn empty_scopes_say_so() {
        let e = plan("-- only a comment\n", Scope::Script, &Values::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "nothing to run: the script has no statements"
        );
    }

    #[test]
    fn variables_are_resolved_and_missing_ones_listed() {
        let mut v = Values::default();
        v.vars.insert("t".into(), "orders".into());
        let p = plan("SELECT * FROM ${t}", Scope::Script, &v).unwrap();
        assert_eq!(p[0].sql, "SELECT * FROM orders");
        assert_eq!(p[0].written, "SELECT * FROM ${t}");
        let e = plan(
            "SELECT ${a};\nSELECT ${b}",
            Scope::Script,
            &Values::default(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("${a}") && msg.contains("${b}") && msg.contains("2:8"),
            "{msg}"
        );
    }

    #[test]
    fn secrets_of_the_planned_statements_are_read_in_memory() {
        let store = weir_db::SessionSecrets::default();
        weir_db::SecretStore::set(&store, "pw", "s'x").unwrap();
        let s = "SELECT '${secret:pw}';\nSELECT '${secret:missing}'";
        let p = plan_with_secrets(s, Scope::AtCursor(0), &Values::default(), &store).unwrap();
        assert_eq!(p[0].sql, "SELECT 's''x'");
        assert_eq!(p[0].written, "SELECT '${secret:pw}'");
        assert!(p[0].has_secrets);
        let e = plan_with_secrets(s, Scope::Script, &Values::default(), &store).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("2:9: ") && msg.contains("no secret named 'missing'"),
            "{msg}"
        );
        assert!(!msg.contains("s'x"));
    }

    #[test]
    fn statement_sets_become_one_execute() {
        let s = "CREATE TABLE t (a INT);\nBEGIN STATEMENT SET;\nINSERT INTO x SELECT 1;\nINSERT INTO y SELECT 2;\nEND;\nSELECT 3";
        let p = plan(s, Scope::Script, &Values::default()).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[1].sql,
            "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO x SELECT 1;\n  INSERT INTO y SELECT 2;\nEND"
        );
        assert_eq!(p[1].kind, Some("execute"));
        assert_eq!((p[1].span.start.line, p[1].span.end.line), (2, 5));
        // the cursor inside the set runs the whole set
        let at = s.find("INSERT INTO y").unwrap();
        assert_eq!(
            plan(s, Scope::AtCursor(at), &Values::default())
                .unwrap()
                .len(),
            1
        );
        let open = plan(
            "BEGIN STATEMENT SET;\nINSERT INTO x SELECT 1;",
            Scope::Script,
            &Values::default(),
        );
        assert!(matches!(open, Err(PlanError::UnclosedStatementSet(_))));
    }
}
