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
 * "corrupt", "locked", "newerSchema", "notFound", "invalid", "desync", "io" or "internal".
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

export type CompletionKind = "keyword" | "function" | "table" | "view" | "column" | "option" | "value" | "type";

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
