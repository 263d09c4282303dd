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
