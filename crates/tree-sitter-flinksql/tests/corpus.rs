//! Acceptance tests: the grammar parses real Flink SQL with no ERROR or MISSING node, and does not
//! accept everything.
//!
//! The shared corpus (`../shared/corpus/flink-sql`, beside the repository) is read in place; when it
//! is absent the corpus tests say so and pass. `tests/syntax/*.sql` (ours) always runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tree_sitter::{Node, Parser, Tree};

fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_flinksql::language())
        .expect("the generated parser's ABI is supported");
    parser
}

fn parse(parser: &mut Parser, text: &str) -> Tree {
    parser
        .parse(text, None)
        .expect("a language is set and no timeout is configured")
}

/// The first ERROR or MISSING node, as `kind at line:column` (1-based).
fn first_problem(tree: &Tree) -> Option<String> {
    fn walk(node: Node<'_>) -> Option<Node<'_>> {
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        if !node.has_error() {
            return None;
        }
        let mut cursor = node.walk();
        let found = node.children(&mut cursor).find_map(walk);
        found
    }
    walk(tree.root_node()).map(|node| {
        let pos = node.start_position();
        let what = if node.is_missing() {
            format!("MISSING {}", node.kind())
        } else {
            "ERROR".to_string()
        };
        format!("{what} at {}:{}", pos.row + 1, pos.column + 1)
    })
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/flink-sql");
    dir.is_dir().then_some(dir)
}

struct Outcome {
    total: usize,
    failures: Vec<String>,
}

impl Outcome {
    fn report(&self, what: &str) {
        let ok = self.total - self.failures.len();
        let rate = if self.total == 0 {
            100.0
        } else {
            ok as f64 * 100.0 / self.total as f64
        };
        println!("{what}: {ok}/{} parse cleanly ({rate:.2}%)", self.total);
        let mut listing = String::new();
        for failure in self.failures.iter().take(40) {
            let _ = writeln!(listing, "  {failure}");
        }
        assert!(
            self.failures.is_empty(),
            "{what}: {} of {} do not parse cleanly:\n{listing}",
            self.failures.len(),
            self.total
        );
    }
}

fn check_files(parser: &mut Parser, files: &[PathBuf]) -> Outcome {
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("corpus file is readable UTF-8");
        if let Some(problem) = first_problem(&parse(parser, &text)) {
            failures.push(format!("{}: {problem}", file.display()));
        }
    }
    Outcome {
        total: files.len(),
        failures,
    }
}

fn sql_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("directory is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_statements_parse_cleanly() {
    let Some(dir) = corpus_dir() else {
        println!("SKIPPED corpus_statements_parse_cleanly: ../shared/corpus/flink-sql not found");
        return;
    };
    let lines = std::fs::read_to_string(dir.join("statements.jsonl")).expect("statements.jsonl");
    let mut parser = parser();
    let mut outcome = Outcome {
        total: 0,
        failures: Vec::new(),
    };
    for (index, line) in lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let record: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
        let sql = record["sql"].as_str().expect("field `sql` is a string");
        let id = record["id"].as_str().unwrap_or("?");
        outcome.total += 1;
        if let Some(problem) = first_problem(&parse(&mut parser, sql)) {
            let flat: String = sql
                .chars()
                .take(120)
                .map(|c| if c == '\n' { ' ' } else { c })
                .collect();
            outcome
                .failures
                .push(format!("line {} ({id}): {problem}: {flat}", index + 1));
        }
    }
    assert!(outcome.total > 0, "statements.jsonl is empty");
    outcome.report("corpus statements");
}

#[test]
fn corpus_scripts_parse_cleanly() {
    let Some(dir) = corpus_dir() else {
        println!("SKIPPED corpus_scripts_parse_cleanly: ../shared/corpus/flink-sql not found");
        return;
    };
    let files = sql_files(&dir.join("scripts"));
    assert!(!files.is_empty(), "no scripts in the corpus");
    check_files(&mut parser(), &files).report("corpus scripts");
}

#[test]
fn syntax_samples_parse_cleanly() {
    let files = sql_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax"));
    assert!(!files.is_empty(), "tests/syntax has no .sql files");
    check_files(&mut parser(), &files).report("syntax samples");
}

#[test]
fn malformed_input_yields_errors() {
    let bad = [
        "SELECT FROM WHERE",
        "SELECT * FROM",
        "SELECT a FROM t WHERE",
        "CREATE TABLE (a INT)",
        "CREATE TABLE t (a INT,, b INT)",
        "CREATE TABLE t (a INT) WITH ('k' = )",
        "INSERT INTO SELECT 1",
        "SELECT (1 + 2",
        "SELECT 'unterminated",
        "SELECT a FROM t GROUP a",
        "DROP t",
        "SHOW",
        "ALTER TABLE t",
        "SELECT CASE WHEN a THEN b",
        "SELECT 1 SELECT 2",
        "EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1; ",
        "FROBNICATE the table",
        "SELECT a b c FROM t",
        "UPDATE t SET WHERE a = 1",
        "SELECT * FROM t JOIN",
    ];
    let mut parser = parser();
    for sql in bad {
        let tree = parse(&mut parser, sql);
        assert!(
            tree.root_node().has_error(),
            "accepted malformed SQL: {sql:?}"
        );
    }
}

#[test]
fn errors_stay_inside_their_statement() {
    let script = "SELECT 1;\nSELECT FROM WHERE;\nCREATE TABLE t (a INT) WITH ('k' = 'v');\n";
    let mut parser = parser();
    let tree = parse(&mut parser, script);
    let root = tree.root_node();
    assert!(root.has_error());
    let mut cursor = root.walk();
    let kinds: Vec<(&str, bool)> = root
        .named_children(&mut cursor)
        .map(|n| (n.kind(), n.has_error()))
        .collect();
    assert_eq!(kinds.first(), Some(&("query", false)), "{kinds:?}");
    assert_eq!(
        kinds.last(),
        Some(&("create_table_statement", false)),
        "{kinds:?}"
    );
}

#[test]
fn placeholders_are_their_own_nodes() {
    let mut parser = parser();
    let sql = "INSERT INTO ${db}.t SELECT * FROM s WHERE p = '${secret:pwd}' AND q = ${n}";
    let tree = parse(&mut parser, sql);
    assert!(
        !tree.root_node().has_error(),
        "{}",
        tree.root_node().to_sexp()
    );
    let mut texts = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "placeholder" {
            texts.push(&sql[node.byte_range()]);
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    texts.sort_unstable();
    assert_eq!(texts, ["${db}", "${n}", "${secret:pwd}"]);
}

#[test]
fn keywords_are_case_insensitive() {
    let mut parser = parser();
    for sql in ["select a from t", "SELECT a FROM t", "SeLeCt a FrOm t"] {
        let tree = parse(&mut parser, sql);
        assert!(!tree.root_node().has_error(), "{sql}");
        assert_eq!(
            tree.root_node().named_child(0).map(|n| n.kind()),
            Some("query")
        );
    }
}

/// `src/parser.c` is generated from `grammar.js` and committed; this fails when it is stale.
/// Needs the `tree-sitter` CLI (0.27, its built-in JS runtime: no node); without it the check says
/// it was skipped.
#[test]
fn generated_parser_is_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("tree-sitter-flinksql-gen-{}", std::process::id()));
    let status = std::process::Command::new("tree-sitter")
        .current_dir(dir)
        .args(["generate", "--js-runtime", "native"])
        .arg("--output")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Err(_) => {
            println!("SKIPPED generated_parser_is_up_to_date: the tree-sitter CLI is not on PATH");
        }
        Ok(status) => {
            assert!(
                status.success(),
                "tree-sitter generate failed on grammar.js"
            );
            for file in ["parser.c", "node-types.json", "grammar.json"] {
                let fresh = std::fs::read(out.join(file)).expect("generated file exists");
                let committed = std::fs::read(dir.join("src").join(file)).expect("committed file");
                assert!(
                    fresh == committed,
                    "src/{file} is stale: run ./regenerate.sh in crates/tree-sitter-flinksql"
                );
            }
            let _ = std::fs::remove_dir_all(&out);
        }
    }
}
