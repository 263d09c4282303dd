// Generated from the Rust IPC types (crates/weir/src/ipc.rs); do not edit by hand.
// Regenerate: WEIR_UPDATE_BINDINGS=1 cargo test -p weir bindings

export type Folder = { id: number, 
/**
 * `None` for a top-level folder.
 */
parentId: number | null, name: string, };

export type ScriptMeta = { id: number, 
/**
 * `None` for a script at the top level.
 */
folderId: number | null, name: string, 
/**
 * Last change of the text, in milliseconds since the Unix epoch.
 */
updatedAt: number, };

export type Tree = { folders: Array<Folder>, scripts: Array<ScriptMeta>, };

export type TrashToken = { batch: number, };

export type TabState = { scriptId: number, 
/**
 * Selection anchor.
 */
anchor: number, 
/**
 * Selection head (the cursor).
 */
head: number, 
/**
 * Vertical scroll offset in pixels.
 */
scrollTop: number, };

export type TabsState = { tabs: Array<TabState>, active: number | null, closed: Array<number>, };

export type SearchHit = { scriptId: number, 
/**
 * Folder path and name of the script.
 */
path: string, 
/**
 * 1-based line of the hit.
 */
line: number, 
/**
 * 1-based column (in characters) where the match starts.
 */
column: number, 
/**
 * The line's text (cut to a readable length around the match).
 */
preview: string, 
/**
 * Offset of the match in `preview`, in UTF-16 code units, and its length.
 */
previewStart: number, previewLen: number, };

export type TextChange = { from: number, to: number, insert: string, };

export type LogEntry = { 
/**
 * Increasing number, so a listener can tell what it has seen.
 */
seq: number, 
/**
 * Milliseconds since the Unix epoch.
 */
tsMs: number, 
/**
 * "error", "warn", "info", "debug" or "trace".
 */
level: string, 
/**
 * Where it came from (the Rust module).
 */
target: string, message: string, };

export type WorkspaceInfo = { 
/**
 * Directory of the workspace.
 */
dir: string, 
/**
 * Short name (the directory's name).
 */
name: string, };

export type DocSnapshot = { scriptId: number, text: string, 
/**
 * Differs from the newest saved version.
 */
dirty: boolean, };

export type DocStatus = { 
/**
 * Differs from the newest saved version.
 */
dirty: boolean, };

export type WindowGeometry = { x: number, y: number, width: number, height: number, maximized: boolean, };

export type Layout = { sidebarWidth: number, sidebarOpen: boolean, bottomHeight: number, bottomOpen: boolean, window: WindowGeometry | null, };

export type IpcError = { 
/**
 * "corrupt", "locked", "newerSchema", "notFound", "invalid", "desync", "io", "internal";
 * runs and databases add "engine", "connection", "auth" (a refused password), "secret"
 * (the keychain), "server" (the database rejected a statement) and "cancelled".
 */
kind: string, message: string, };

export type StartState = { workspace: WorkspaceInfo | null, 
/**
 * Why the workspace could not be opened (the window then offers another).
 */
error: IpcError | null, 
/**
 * The directory that was tried (or is open).
 */
dir: string, 
/**
 * Recently opened workspace directories, newest first.
 */
recent: Array<string>, 
/**
 * Weir's version.
 */
version: string, };

export type Highlights = { 
/**
 * The range that was asked for (clamped to the text).
 */
from: number, to: number, 
/**
 * Length of the text the spans belong to, so a stale answer can be recognised.
 */
len: number, spans: Array<number>, 
/**
 * Names of the kinds (`keyword`, `function` …), the editor's CSS class suffixes.
 */
kinds: Array<string>, };

export type Lineage = { 
/**
 * Every table and view the script defines, reads or writes.
 */
tables: Array<TableNode>, 
/**
 * Value origins: a column of `to` is computed from the column `from`.
 */
edges: Array<ColumnEdge>, 
/**
 * Columns that only filter, join, group or partition the rows of `to` (not value origins).
 */
dependencies: Array<ColumnEdge>, 
/**
 * Statements that could not be analysed (syntax errors), in script order.
 */
skipped?: Array<Skipped>, };

export type TableNode = { 
/**
 * Fully qualified name, `catalog.database.table`.
 */
name: string, 
/**
 * What the script does with it.
 */
role: Role, 
/**
 * Its columns: the schema when the script (or workspace) defines it, else the columns used.
 */
columns: Array<TableColumn>, 
/**
 * False when no CREATE statement of the script (or workspace) gives its schema.
 */
known: boolean, 
/**
 * The statement that creates it, when there is one.
 */
defined?: StatementRef | null, };

export type Role = "source" | "sink" | "view";

export type TableColumn = { 
/**
 * Column name (case as written: Flink names are case-sensitive).
 */
name: string, 
/**
 * How the table gets the column.
 */
kind: ColumnKind, };

export type ColumnKind = "physical" | "computed" | "metadata" | "view" | "unknown";

export type ColumnRef = { 
/**
 * Fully qualified table name.
 */
table: string, 
/**
 * Column name (`*` for all columns of a table whose schema is unknown).
 */
column: string, };

export type Transform = "copy" | "expression" | "aggregate";

export type ColumnEdge = { 
/**
 * The origin column.
 */
from: ColumnRef, 
/**
 * The derived column.
 */
to: ColumnRef, 
/**
 * How `to` is derived from `from` (for dependencies: how the dependency column is used,
 * always [`Transform::Copy`]).
 */
transform: Transform, 
/**
 * The statement that makes the edge.
 */
statement: StatementRef, 
/**
 * Views the edge was expanded through (empty for a direct edge): an INSERT reading a view
 * gets both the direct edge from the view and these edges from the view's base tables.
 */
via?: Array<string>, };

export type StatementRef = { 
/**
 * 0-based index of the statement in the script (as weir-sql's splitter counts).
 */
index: number, 
/**
 * 1-based line of its first character.
 */
line: number, 
/**
 * Byte offset of its first character.
 */
start: number, 
/**
 * Byte offset just after its last character.
 */
end: number, };

export type Skipped = { 
/**
 * 0-based statement index.
 */
index: number, 
/**
 * 1-based line of the problem.
 */
line: number, 
/**
 * Why (the parser's message).
 */
message: string, };

export type LineageDoc = { 
/**
 * The script.
 */
scriptId: number, 
/**
 * Its name.
 */
name: string, 
/**
 * Its tables, column edges and dependencies; statement offsets in UTF-16 units.
 */
graph: Lineage, };

export type WorkspaceStatement = { 
/**
 * The script holding it.
 */
scriptId: number, 
/**
 * That script's name.
 */
script: string, 
/**
 * Its 0-based index in the script.
 */
index: number, 
/**
 * Its first line (1-based).
 */
line: number, 
/**
 * Its span in the script, UTF-16 units.
 */
start: number, 
/**
 * End of the span (exclusive).
 */
end: number, 
/**
 * The Flink job its latest run submitted (from the run history), if any.
 */
job: StatementJob | null, };

export type StatementJob = { 
/**
 * The job id.
 */
id: string, 
/**
 * The connection it ran on.
 */
connection: string, 
/**
 * When (milliseconds since the Unix epoch).
 */
startedAt: number, };

export type WorkspaceLineage = { 
/**
 * The joined graph.
 */
graph: Lineage, 
/**
 * The statements the edges come from.
 */
statements: Array<WorkspaceStatement>, 
/**
 * How many scripts were analysed.
 */
scripts: number, };

export type DiagnosticSeverity = "error" | "warning";

export type DocDiagnostic = { from: number, 
/**
 * Equal to `from` for a point.
 */
to: number, severity: DiagnosticSeverity, message: string, 
/**
 * 1-based line and column (in characters) of `from`.
 */
line: number, column: number, };

export type StatementDiagnostics = { 
/**
 * 0-based index of the statement.
 */
index: number, 
/**
 * Where the statement is (UTF-16 offsets).
 */
from: number, to: number, 
/**
 * The statement's kind when it parsed (e.g. `create_table`).
 */
kind: string | null, diagnostics: Array<DocDiagnostic>, };

export type DocDiagnostics = { 
/**
 * Length (UTF-16) of the text that was checked.
 */
len: number, statements: Array<StatementDiagnostics>, };

export type CompletionKind = "keyword" | "function" | "table" | "view" | "column" | "option" | "value" | "type" | "schema";

export type CompletionItem = { 
/**
 * The text shown and matched against what was typed.
 */
label: string, kind: CompletionKind, 
/**
 * A short note beside the label (a signature, a column type, a table name).
 */
detail: string | null, 
/**
 * A one-line description.
 */
info: string | null, 
/**
 * Text inserted instead of the label, when it differs.
 */
apply: string | null, };

export type Completions = { from: number, to: number, items: Array<CompletionItem>, };

export type FunctionCategory = "comparison" | "logical" | "arithmetic" | "string" | "temporal" | "conditional" | "conversion" | "collection" | "json" | "value" | "hash" | "aggregate" | "window" | "other";

export type FunctionDoc = { 
/**
 * Upper-case name, as typed.
 */
name: string, 
/**
 * Call shape, e.g. `SUBSTRING(string FROM start [FOR length])`.
 */
signature: string, 
/**
 * What it returns, in one line.
 */
doc: string, category: FunctionCategory, };

export type EngineSettings = { 
/**
 * Start the engine when the window opens, so the first run does not wait for the JVM.
 */
prewarm: boolean, 
/**
 * Flink version of the jars and the engine (default [`DEFAULT_FLINK_VERSION`]).
 */
flinkVersion: string | null, 
/**
 * Flink's home (its `lib/` holds the jars); default: `FLINK_HOME`, then Weir's cache.
 */
flinkHome: string | null, 
/**
 * A Java 17+ home; default: `JAVA_HOME`, then `java` on `PATH`.
 */
javaHome: string | null, };

export type EnginePhase = { "phase": "stopped" } | { "phase": "starting", 
/**
 * What is being waited for, e.g. "starting Java".
 */
step: string, } | { "phase": "ready", 
/**
 * The engine's SQL Gateway base URL on loopback.
 */
url: string, } | { "phase": "failed", 
/**
 * What went wrong and what to install or set.
 */
message: string, };

export type EngineState = { 
/**
 * Flink version of the engine.
 */
flinkVersion: string, 
/**
 * Its phase.
 */
phase: EnginePhase, 
/**
 * Whether it starts with the window.
 */
prewarm: boolean, 
/**
 * Java/Flink homes the open workspace names that are not used until the person agrees
 * (the window asks, naming them and the workspace).
 */
workspacePaths: WorkspaceEnginePaths | null, };

export type WorkspaceEnginePaths = { 
/**
 * The workspace folder.
 */
workspace: string, 
/**
 * The Java home it names (a program Weir would start), if any.
 */
javaHome: string | null, 
/**
 * The Flink home it names (jars Weir would load), if any.
 */
flinkHome: string | null, };

export type HistoryEntry = { 
/**
 * Row id (newest is highest).
 */
id: number, 
/**
 * The script that ran it.
 */
scriptId: number, 
/**
 * The statement as written.
 */
statement: string, 
/**
 * The connection profile's name.
 */
connection: string, 
/**
 * When it started (ms since the epoch).
 */
startedAt: number, 
/**
 * How long it ran.
 */
durationMs: number, 
/**
 * Rows in its result.
 */
rowCount: number, 
/**
 * `ok`, `error`, `cancelled`.
 */
status: string, 
/**
 * The Flink job it started.
 */
jobId: string | null, 
/**
 * Why it failed.
 */
error: string | null, };

export type DbKind = "mysql" | "postgres" | "sqlite";

export type TlsMode = "disable" | "verify-if-offered" | "prefer" | "require" | "verify-ca" | "verify-full";

export type TlsOptions = { 
/**
 * How TLS is used.
 */
mode: TlsMode, 
/**
 * A PEM file of CA certificates to trust (private CAs).
 */
caFile: string | null, };

export type DbProfile = { 
/**
 * Unique name (`weir db query NAME …`).
 */
name: string, 
/**
 * Which database.
 */
kind: DbKind, 
/**
 * Server host (for SQLite: empty).
 */
host: string, 
/**
 * Server port (0 = the kind's default).
 */
port: number, 
/**
 * Database to open (MySQL: the default schema; PostgreSQL: the database; SQLite: the file).
 */
database: string, 
/**
 * User name.
 */
user: string, 
/**
 * Keychain key of the password; `None` when the server needs none.
 */
passwordKey: string | null, 
/**
 * TLS.
 */
tls: TlsOptions, 
/**
 * Other JDBC URL parameters, kept for the generated Flink `url` (never a password).
 */
params: { [key in string]: string }, 
/**
 * Limit for connecting and for one metadata call, in seconds (default 10).
 */
timeoutSecs: number | null, };

export type TableKind = "table" | "view";

export type TableInfo = { 
/**
 * Schema (MySQL: database) it lives in.
 */
schema: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Table or view.
 */
kind: TableKind, 
/**
 * The table's comment, when it has one.
 */
comment: string | null, };

export type ColumnInfo = { 
/**
 * Column name.
 */
name: string, 
/**
 * The type exactly as the server reports it (`int(10) unsigned`, `numeric(12,2)`,
 * `timestamp(3) with time zone`, `integer[]`).
 */
nativeType: string, 
/**
 * Whether NULL is allowed.
 */
nullable: boolean, 
/**
 * The default as the server reports it (an expression text), when there is one.
 */
default: string | null, 
/**
 * The column's comment, when it has one.
 */
comment: string | null, 
/**
 * 1-based position in the table.
 */
ordinal: number, 
/**
 * Filled by the server (AUTO_INCREMENT, SERIAL/identity).
 */
autoIncrement: boolean, };

export type IndexInfo = { 
/**
 * Index name.
 */
name: string, 
/**
 * Whether values must be unique.
 */
unique: boolean, 
/**
 * Whether it is the primary key's index.
 */
primary: boolean, 
/**
 * Its columns (or expressions), in index order.
 */
columns: Array<string>, };

export type TableMeta = { 
/**
 * The database kind the types belong to.
 */
db: DbKind, 
/**
 * Schema (MySQL: database).
 */
schema: string, 
/**
 * Table name.
 */
name: string, 
/**
 * Table or view.
 */
kind: TableKind, 
/**
 * The table's comment.
 */
comment: string | null, 
/**
 * Columns in order.
 */
columns: Array<ColumnInfo>, 
/**
 * Primary key columns in key order (empty when none).
 */
primaryKey: Array<string>, 
/**
 * Indexes, primary first, then by name.
 */
indexes: Array<IndexInfo>, };

export type Connector = "jdbc" | "mysql-cdc" | "postgres-cdc";

export type DbTestResult = { 
/**
 * The server's version string (`10.11.6-MariaDB`, `PostgreSQL 16.2 …`, `3.45.1`).
 */
serverVersion: string, 
/**
 * How long connecting and asking took.
 */
millis: number, 
/**
 * What works but is not safe (an unencrypted connection), for the person to see.
 */
warnings: Array<string>, };

export type TextEdit = { from: number, to: number, text: string, };

export type KeychainStatus = { 
/**
 * The Secret Service (Keychain, Credential Manager) answered.
 */
available: boolean, 
/**
 * Why it is not available (what to do), when it is not.
 */
message: string | null, };

export type Endpoint = { "type": "local" } | { "type": "gateway", 
/**
 * Its base URL, e.g. `http://flink-gateway:8083`.
 */
url: string, } | { "type": "database", 
/**
 * The database connection (its password stays in the keychain).
 */
profile: DbProfile, };

export type ConnectionProfile = { 
/**
 * Unique name, shown in the toolbar and used by `weir run --connection`.
 */
name: string, 
/**
 * Where statements run.
 */
endpoint: Endpoint, 
/**
 * The cluster's JobManager REST URL (job links, cancel); for the local engine it is found
 * by itself.
 */
jobmanagerUrl: string | null, 
/**
 * Session properties sent when a session opens (`execution.runtime-mode`, `parallelism.default`,
 * `execution.target`, any `SET` key).
 */
properties: { [key in string]: string }, 
/**
 * A PEM file with extra CA certificates to trust (TLS to a gateway behind a private CA).
 */
caFile: string | null, 
/**
 * Limit for one request to the gateway, in seconds (default 30).
 */
requestTimeoutSecs: number | null, 
/**
 * HTTP headers sent with every gateway request, by name (e.g. `Authorization`), each valued
 * by the keychain secret under the key given here (e.g. `flink/prod-token` holding
 * `Bearer …`). The workspace keeps only the keys; the values are read when connecting.
 */
authHeaders: { [key in string]: string }, };

export type ConnectionTest = { 
/**
 * The gateway's product name (`Apache Flink`).
 */
product: string, 
/**
 * The Flink version it runs.
 */
version: string, 
/**
 * The REST API versions it offers (`/api_versions`).
 */
apiVersions: Array<string>, 
/**
 * The version Weir uses (the highest both speak).
 */
using: string, 
/**
 * How long the test took.
 */
millis: number, 
/**
 * What works but is not safe (a token sent over plain http://), for the person to see.
 */
warnings: Array<string>, };

export type RunScope = { "kind": "script" } | { "kind": "cursor", 
/**
 * Cursor offset.
 */
at: number, } | { "kind": "selection", 
/**
 * Selection start.
 */
from: number, 
/**
 * Selection end.
 */
to: number, };

export type RunRequest = { 
/**
 * The script (tab) whose text runs.
 */
scriptId: number, 
/**
 * Which part: the script, the statement at the cursor, or a selection.
 */
scope: RunScope, 
/**
 * The connection profile's name.
 */
connection: string, 
/**
 * `batch` or `streaming`; `None` keeps the session's mode.
 */
mode: string | null, 
/**
 * Rows kept per result.
 */
maxRows: number | null, };

export type StatementStatus = "pending" | "running" | "ok" | "error" | "cancelled" | "skipped";

export type StatementError = { 
/**
 * The root cause (the last `Caused by:` of Flink's trace), or the connection problem.
 */
message: string, 
/**
 * Flink's full trace (empty when the failure was not the server's).
 */
trace: string, 
/**
 * Where in the script Flink says the problem is, when it says.
 */
line: number | null, 
/**
 * Column (1-based, in characters) of that place.
 */
column: number | null, };

export type ResultColumn = { 
/**
 * Column name.
 */
name: string, 
/**
 * Flink's type string (`DECIMAL(10, 2)`, `TIMESTAMP(3)`, `ARRAY<INT>`…).
 */
type: string, 
/**
 * How values are stored and shown (numbers right-aligned, nested expandable…).
 */
class: ValueClass, };

export type StatementInfo = { 
/**
 * Position in the run (0-based).
 */
index: number, 
/**
 * The statement's kind (`query`, `insert`, `create_table`, …; `statement` when unknown).
 */
kind: string, 
/**
 * The statement as written (placeholders kept).
 */
sql: string, 
/**
 * First line of the statement in the script.
 */
line: number, 
/**
 * Its first column.
 */
column: number, 
/**
 * Where it is.
 */
status: StatementStatus, 
/**
 * The Flink job it started.
 */
jobId: string | null, 
/**
 * Why it failed.
 */
error: StatementError | null, 
/**
 * Whether its result is a query's (rows to show) rather than an acknowledgement.
 */
isQuery: boolean, 
/**
 * Result columns, once known.
 */
columns: Array<ResultColumn>, 
/**
 * Rows in the current (materialized) result.
 */
rows: number, 
/**
 * Changes received (every +I, -U, +U, -D).
 */
changes: number, 
/**
 * Set when the result stopped at the row cap.
 */
truncatedAt: number | null, 
/**
 * Milliseconds since the statement was sent (until it ended).
 */
durationMs: number, };

export type RunUpdate = { 
/**
 * The run.
 */
runId: number, 
/**
 * Its script.
 */
scriptId: number, 
/**
 * The connection it runs on.
 */
connection: string, 
/**
 * Every statement is done.
 */
finished: boolean, 
/**
 * The statements' state.
 */
statements: Array<StatementInfo>, };

export type ExportRequest = { 
/**
 * The run.
 */
runId: number, 
/**
 * The statement whose result is written.
 */
statement: number, 
/**
 * The rows: view, sort and filters (what the grid shows).
 */
selection: Selection, 
/**
 * CSV or JSON Lines.
 */
format: ExportFormat, 
/**
 * The file to write.
 */
path: string, };

export type ChartKind = "bar" | "line" | "area" | "scatter" | "pie";

export type ChartTheme = "dark" | "light";

export type ChartSpec = { 
/**
 * Bar, line, area, scatter or pie.
 */
kind: ChartKind, 
/**
 * Column of the x values; `None` plots against the row's position (1, 2, …) in the grid.
 */
x: number | null, 
/**
 * Numeric columns plotted on the y axis (at least one; a pie uses the first).
 */
y: Array<number>, 
/**
 * Column whose distinct values split the rows into series (one line or bar colour each).
 */
series: number | null, 
/**
 * Title drawn above the chart.
 */
title: string | null, 
/**
 * Width of the image in pixels (32 to 8192).
 */
width: number, 
/**
 * Height of the image in pixels (32 to 8192).
 */
height: number, 
/**
 * Colours.
 */
theme: ChartTheme, };

export type ChartRequest = { 
/**
 * The run.
 */
runId: number, 
/**
 * The statement whose result is drawn.
 */
statement: number, 
/**
 * The rows: view, sort and filters (what the grid shows).
 */
selection: Selection, 
/**
 * Kind, columns, size.
 */
spec: ChartSpec, };

export type ChartImage = { 
/**
 * The SVG document.
 */
svg: string, 
/**
 * Rows read.
 */
rows: number, 
/**
 * Rows not drawn (x NULL or unreadable).
 */
skippedRows: number, 
/**
 * Categories folded into "Other" or dropped.
 */
omittedCategories: number, 
/**
 * Series beyond the cap.
 */
omittedSeries: number, };

export type ExportReport = { 
/**
 * Rows written.
 */
rows: number, 
/**
 * Size of the file.
 */
bytes: number, 
/**
 * How long it took.
 */
millis: number, 
/**
 * Where it is.
 */
path: string, };

export type ExportProgress = { 
/**
 * Rows written.
 */
done: number, 
/**
 * Rows to write.
 */
total: number, };

export type ValueClass = "bool" | "int" | "float" | "decimal" | "text" | "nested";

export type ColumnSpec = { 
/**
 * Column name.
 */
name: string, 
/**
 * Flink's type string, e.g. `DECIMAL(10, 2)` or `TIMESTAMP(3) WITH LOCAL TIME ZONE`.
 */
typeName: string, };

export type ChangeKind = "+I" | "-U" | "+U" | "-D";

export type View = "materialized" | "changelog";

export type SortKey = { 
/**
 * Column index.
 */
column: number, 
/**
 * Largest first (NULLs then come last).
 */
descending: boolean, };

export type FilterOp = "contains" | "equals" | "notEquals" | "gt" | "ge" | "lt" | "le" | "isNull" | "isNotNull";

export type Filter = { 
/**
 * Column index.
 */
column: number, 
/**
 * Comparison.
 */
op: FilterOp, 
/**
 * Value compared with (ignored by IsNull and IsNotNull).
 */
value: string, };

export type Selection = { 
/**
 * Materialized or changelog.
 */
view: View, 
/**
 * Sort keys, most significant first; empty keeps the view's own order.
 */
sort: Array<SortKey>, 
/**
 * Conditions, ANDed.
 */
filters: Array<Filter>, };

export type WindowQuery = { 
/**
 * Position of the first row wanted.
 */
offset: number, 
/**
 * Rows wanted at most.
 */
limit: number, 
/**
 * Materialized or changelog.
 */
view: View, 
/**
 * Sort keys, most significant first; empty keeps the view's own order.
 */
sort: Array<SortKey>, 
/**
 * Conditions, ANDed.
 */
filters: Array<Filter>, };

export type Cell = { "t": "null" } | { "t": "bool", "v": boolean } | { "t": "int", "v": number | string } | { "t": "float", "v": number | string } | { "t": "decimal", "v": string } | { "t": "text", "v": string } | { "t": "nested", "v": unknown };

export type WindowRow = { 
/**
 * Position in the sorted, filtered selection.
 */
index: number, 
/**
 * Physical row id, for [`crate::ResultSet::row_json`] and friends.
 */
row: number, 
/**
 * The change that brought this row.
 */
kind: ChangeKind, 
/**
 * One cell per column.
 */
cells: Array<Cell>, };

export type Window = { 
/**
 * Rows of the selection (matching the filters).
 */
total: number, 
/**
 * Position of the first row returned.
 */
offset: number, 
/**
 * [`crate::ResultSet::version`] the window was read at.
 */
version: number, 
/**
 * The rows, at most `limit`; empty when `offset` is past the end.
 */
rows: Array<WindowRow>, };

export type ExportFormat = "csv" | "jsonLines" | "tsv" | "markdown";

export type JobOrigin = { 
/**
 * The script.
 */
scriptId: number, 
/**
 * The script's path in the workspace (`folder/name`), when it still exists.
 */
script: string | null, 
/**
 * The statement that started the job, as written.
 */
statement: string, 
/**
 * The connection it ran on.
 */
connection: string, 
/**
 * When it started (ms since the epoch).
 */
startedAt: number, };

export type JobRow = { 
/**
 * The job id (32 hex digits).
 */
id: string, 
/**
 * The job name (`pipeline.name`, or Flink's name for the statement).
 */
name: string, 
/**
 * The state the cluster reported (RUNNING, FAILED, ...), exactly as Flink names it.
 */
state: string, 
/**
 * Start, in ms since the epoch.
 */
startTime: number | null, 
/**
 * End, in ms since the epoch (`None` while it runs).
 */
endTime: number | null, 
/**
 * Run time in ms, as the cluster computed it.
 */
durationMs: number | null, 
/**
 * When the job last changed state, in ms since the epoch.
 */
lastModification: number | null, 
/**
 * The Weir script and statement that started it, when Weir did (from the run history).
 */
origin: JobOrigin | null, };

export type JobList = { 
/**
 * The JobManager's URL.
 */
url: string, 
/**
 * When the answer arrived (this machine's clock, ms since the epoch).
 */
observedAtMs: number, 
/**
 * The jobs, newest start first.
 */
jobs: Array<JobRow>, };

export type JobStatus = { 
/**
 * The job id.
 */
id: string, 
/**
 * The state, as Flink names it.
 */
state: string, 
/**
 * The JobManager's clock when it answered (else this machine's), ms since the epoch.
 */
observedAtMs: number, };

export type VertexInput = { 
/**
 * The upstream vertex id.
 */
id: string, 
/**
 * FORWARD, HASH, REBALANCE, ... as Flink names it.
 */
shipStrategy: string | null, };

export type VertexLive = { 
/**
 * Records received per second, all subtasks.
 */
recordsInPerSecond: number | null, 
/**
 * Records sent per second, all subtasks.
 */
recordsOutPerSecond: number | null, 
/**
 * The busiest subtask's busy time, ms per second (0..1000).
 */
busyMsPerSecond: number | null, 
/**
 * The most backpressured subtask's backpressured time, ms per second (0..1000).
 */
backpressuredMsPerSecond: number | null, 
/**
 * The lowest input watermark of its subtasks (ms since the epoch); `None` before the first.
 */
inputWatermark: number | null, 
/**
 * How far the watermark is behind the JobManager's clock when it was observed (ms).
 */
watermarkLagMs: number | null, };

export type VertexRow = { 
/**
 * The vertex id.
 */
id: string, 
/**
 * Its operators, as Flink names them.
 */
name: string, 
/**
 * Parallelism.
 */
parallelism: number, 
/**
 * Its state, as Flink names it.
 */
state: string, 
/**
 * Records it read from other vertices (a source's external reads are not counted by Flink).
 */
recordsIn: number | null, 
/**
 * Records it sent to other vertices (a sink's writes are not counted by Flink).
 */
recordsOut: number | null, 
/**
 * Run time in ms.
 */
durationMs: number | null, 
/**
 * Live figures of a running vertex (records/s, busy and backpressured time, watermark);
 * `None` when the job is not running or the JobManager did not give them.
 */
live: VertexLive | null, 
/**
 * The edges into this vertex, from the job's plan (empty for a source, or when the plan
 * could not be read: see [`JobView::plan_unavailable`]).
 */
inputs: Array<VertexInput>, };

export type Failure = { 
/**
 * The most specific message: the last `Caused by:` line of the trace, without its class.
 */
rootCause: string, 
/**
 * The Java class of the root cause.
 */
rootCauseClass: string | null, 
/**
 * The exception at the top of the trace.
 */
exception: string, 
/**
 * When it happened, in ms since the epoch.
 */
timestamp: number | null, 
/**
 * The task that failed, if one did.
 */
task: string | null, 
/**
 * Where it ran (`host:port`).
 */
endpoint: string | null, 
/**
 * The full Java trace.
 */
trace: string, };

export type CheckpointRow = { 
/**
 * Its id.
 */
id: number, 
/**
 * COMPLETED, IN_PROGRESS or FAILED, as Flink says.
 */
status: string, 
/**
 * A savepoint rather than a checkpoint.
 */
isSavepoint: boolean, 
/**
 * When it was triggered, ms since the epoch.
 */
triggerTime: number | null, 
/**
 * End-to-end duration in ms.
 */
durationMs: number | null, 
/**
 * Checkpointed size in bytes.
 */
sizeBytes: number | null, 
/**
 * Where it was written (completed ones).
 */
path: string | null, 
/**
 * Why it failed (failed ones).
 */
failure: string | null, };

export type RestoredFrom = { 
/**
 * Its id.
 */
id: number, 
/**
 * A savepoint rather than a checkpoint.
 */
isSavepoint: boolean, 
/**
 * Its path.
 */
path: string | null, 
/**
 * When the job was restored, ms since the epoch.
 */
restoredAt: number | null, };

export type Checkpoints = { 
/**
 * Completed checkpoints and savepoints.
 */
completed: number, 
/**
 * Failed ones.
 */
failed: number, 
/**
 * In progress now.
 */
inProgress: number, 
/**
 * Restores.
 */
restored: number, 
/**
 * The latest completed checkpoint.
 */
latestCompleted: CheckpointRow | null, 
/**
 * The latest savepoint.
 */
latestSavepoint: CheckpointRow | null, 
/**
 * The latest failed one.
 */
latestFailed: CheckpointRow | null, 
/**
 * What the job was restored from.
 */
restoredFrom: RestoredFrom | null, 
/**
 * The recent ones, newest first.
 */
history: Array<CheckpointRow>, };

export type JobView = { 
/**
 * The JobManager's URL.
 */
url: string, 
/**
 * The job as in the list.
 */
job: JobRow, 
/**
 * The JobManager's clock when it answered with the details (else this machine's).
 */
observedAtMs: number, 
/**
 * STREAMING or BATCH, when Flink says.
 */
jobType: string | null, 
/**
 * Whether `stop` applies (sources that can stop).
 */
isStoppable: boolean, 
/**
 * The vertices.
 */
vertices: Array<VertexRow>, 
/**
 * The failures, newest first, each root cause first.
 */
failures: Array<Failure>, 
/**
 * Why `failures` could not be read (the JobManager's answer); `None` when they were.
 */
failuresUnavailable: string | null, 
/**
 * The checkpoints, when the JobManager has statistics for the job.
 */
checkpoints: Checkpoints | null, 
/**
 * Why `checkpoints` is empty (the JobManager's answer).
 */
checkpointsUnavailable: string | null, 
/**
 * Why the vertices have no `inputs` (the plan could not be read); `None` when it was.
 */
planUnavailable: string | null, 
/**
 * Why running vertices have no `live` figures (the first failure); `None` when they have.
 */
liveUnavailable: string | null, };

export type ConfigEntry = { 
/**
 * Flink's name for it (a job parameter's own key).
 */
key: string, 
/**
 * Its value as Flink reports it.
 */
value: string, };

export type JobConfigView = { 
/**
 * The JobManager's URL.
 */
url: string, 
/**
 * The job id.
 */
job: string, 
/**
 * When it was read (this machine's clock, ms).
 */
observedAtMs: number, 
/**
 * Restart strategy, parallelism, object reuse, then the job parameters by name.
 */
execution: Array<ConfigEntry>, 
/**
 * Why `execution` is empty (the JobManager's answer).
 */
executionUnavailable: string | null, 
/**
 * Mode, interval, timeout, pause, concurrency, retention, backend, storage.
 */
checkpointing: Array<ConfigEntry>, 
/**
 * Why `checkpointing` is empty (checkpointing off, or the JobManager's answer).
 */
checkpointingUnavailable: string | null, };

export type CheckpointCharts = { 
/**
 * Duration of each completed checkpoint (ms) by trigger time.
 */
durationSvg: string, 
/**
 * Size of each completed checkpoint by trigger time, in `size_unit`.
 */
sizeSvg: string, 
/**
 * `B`, `KiB`, `MiB` or `GiB`: the unit that keeps the largest size readable.
 */
sizeUnit: string, 
/**
 * Checkpoints drawn (completed ones with a trigger time).
 */
points: number, 
/**
 * Rows left out: not completed, or without a trigger time.
 */
skipped: number, };

export type ActionProgress = { "step": "triggered", 
/**
 * The trigger id Flink returned.
 */
trigger: string, } | { "step": "savepointInProgress", 
/**
 * Status requests answered so far.
 */
polls: number, 
/**
 * Time since the action started, in ms.
 */
elapsedMs: number, } | { "step": "jobState", 
/**
 * The state and when it was observed.
 */
status: JobStatus, 
/**
 * Time since the action started, in ms.
 */
elapsedMs: number, };

export type SavepointDone = { 
/**
 * The job id.
 */
job: string, 
/**
 * Where Flink wrote it (as Flink reports it, e.g. `file:/tmp/sp/savepoint-…`).
 */
path: string, 
/**
 * The job's state once it ended, for a stop or a savepoint with cancel (`None`: the job
 * was left running).
 */
jobStatus: JobStatus | null, };

export type JobActionProgress = { 
/**
 * The job id.
 */
job: string, 
/**
 * What the action reported.
 */
progress: ActionProgress, };
