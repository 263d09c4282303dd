// Typed wrappers over the Tauri commands and events. Every type comes from ./bindings (generated
// from Rust); nothing here re-declares an IPC shape.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  ChartImage,
  ChartRequest,
  ChartSpec,
  ColumnSpec,
  Completions,
  Connector,
  TextEdit,
  DocDiagnostics,
  DocSnapshot,
  ConnectionProfile,
  ConnectionTest,
  DocStatus,
  EngineSettings,
  WorkspaceEnginePaths,
  ExportProgress,
  ExportReport,
  ExportRequest,
  HistoryEntry,
  LineageDoc,
  WorkspaceLineage,
  RunRequest,
  RunUpdate,
  Selection,
  Window,
  WindowQuery,
  EngineState,
  Folder,
  FunctionDoc,
  Highlights,
  IpcError,
  Layout,
  LogEntry,
  ScriptMeta,
  SearchHit,
  StartState,
  TabsState,
  TextChange,
  TrashToken,
  Tree,
} from "./bindings";

/** The event carrying each new app log entry. */
export const LOG_EVENT = "weir://log";

/** Whether a value looks like the `IpcError` every command rejects with. */
export function isIpcError(e: unknown): e is IpcError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { kind?: unknown }).kind === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** Turns any rejection into an `IpcError`, so the window only ever shows a message. */
export function toIpcError(e: unknown): IpcError {
  if (isIpcError(e)) return e;
  if (e instanceof Error) return { kind: "internal", message: e.message };
  if (typeof e === "string") return { kind: "internal", message: e };
  return { kind: "internal", message: "unknown error" };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

/** The commands of the Weir window, one method per Rust command. */
export const api = {
  startState: () => call<StartState>("start_state"),
  openWorkspace: (dir: string) => call<StartState>("open_workspace", { dir }),

  tree: () => call<Tree>("tree"),
  createFolder: (parentId: number | null, name: string) =>
    call<Folder>("create_folder", { parentId, name }),
  renameFolder: (id: number, name: string) => call<Folder>("rename_folder", { id, name }),
  moveFolder: (id: number, parentId: number | null) =>
    call<Folder>("move_folder", { id, parentId }),
  deleteFolder: (id: number) => call<TrashToken>("delete_folder", { id }),
  createScript: (folderId: number | null, name: string, text: string) =>
    call<ScriptMeta>("create_script", { folderId, name, text }),
  renameScript: (id: number, name: string) => call<ScriptMeta>("rename_script", { id, name }),
  moveScript: (id: number, folderId: number | null) =>
    call<ScriptMeta>("move_script", { id, folderId }),
  deleteScript: (id: number) => call<TrashToken>("delete_script", { id }),
  restore: (token: TrashToken) => call<Tree>("restore", { token }),

  docOpen: (id: number) => call<DocSnapshot>("doc_open", { id }),
  docEdit: (id: number, changes: TextChange[], lenAfter: number) =>
    call<DocStatus>("doc_edit", { id, changes, lenAfter }),
  docReplace: (id: number, text: string) => call<DocStatus>("doc_replace", { id, text }),
  docClose: (id: number) => call<null>("doc_close", { id }),
  saveVersion: (id: number) => call<DocStatus>("save_version", { id }),

  highlights: (id: number, from: number, to: number) =>
    call<Highlights>("highlights", { id, from, to }),
  /** Diagnostics; `connection` is where the tab runs (a database's scripts are read in its dialect). */
  diagnostics: (id: number, connection?: string | null) =>
    call<DocDiagnostics>("diagnostics", connection ? { id, connection } : { id }),
  /** Completion at `pos`; `connection` is where the tab runs (a database adds its names). */
  complete: (id: number, pos: number, connection?: string | null) =>
    call<Completions>("complete", connection ? { id, pos, connection } : { id, pos }),
  functions: () => call<FunctionDoc[]>("functions"),

  tabs: () => call<TabsState>("tabs"),
  setTabs: (tabs: TabsState) => call<null>("set_tabs", { tabs }),
  layout: () => call<Layout>("layout"),
  setLayout: (layout: Layout) => call<null>("set_layout", { layout }),

  search: (query: string) => call<SearchHit[]>("search", { query }),
  logEntries: (from: number) => call<LogEntry[]>("log_entries", { from }),
  logMessage: (level: "error" | "warn" | "info", message: string) =>
    call<null>("log_message", { level, message }),

  connections: () => call<ConnectionProfile[]>("connections"),
  saveConnection: (profile: ConnectionProfile, previous: string | null) =>
    call<ConnectionProfile[]>("save_connection", { profile, previous }),
  deleteConnection: (name: string) => call<ConnectionProfile[]>("delete_connection", { name }),
  testConnection: (profile: ConnectionProfile) => call<ConnectionTest>("test_connection", { profile }),
  runStart: (request: RunRequest) => call<RunUpdate>("run_start", { request }),
  runCancel: (runId: number) => call<boolean>("run_cancel", { runId }),
  resultWindow: (runId: number, statement: number, query: WindowQuery) =>
    call<Window>("result_window", { runId, statement, query }),
  copyRows: (runId: number, statement: number, selection: Selection, indexes: number[], markdown: boolean) =>
    call<string>("copy_rows", { runId, statement, selection, indexes, markdown }),
  exportResult: (request: ExportRequest) => call<ExportReport>("export_result", { request }),
  exportCancel: () => call<null>("export_cancel"),
  exportDir: () => call<string>("export_dir"),
  lineage: (id: number) => call<LineageDoc>("lineage", { id }),
  workspaceLineage: () => call<WorkspaceLineage>("workspace_lineage"),
  saveExport: (name: string, data: string, base64: boolean) => call<string>("save_export", { name, data, base64 }),
  setSecret: (key: string, value: string, sessionOnly: boolean) => call<null>("set_secret", { key, value, sessionOnly }),
  /** The system clipboard, through Rust (WebKitGTK's navigator.clipboard never settles). */
  copyText: (text: string) => call<null>("copy_text", { text }),
  readClipboard: () => call<string>("read_clipboard"),
  /** The table's name when pasted text is a MySQL CREATE TABLE that is not Flink SQL already. */
  pastedMysqlTable: (text: string) => call<string | null>("db_pasted_mysql_table", { text }),
  /** Flink DDL for the MySQL CREATE TABLE selected (from < to) or at the cursor, as an edit. */
  translateMysql: (id: number, from: number, to: number, connector: Connector, connection: string | null) =>
    call<TextEdit>("db_translate_mysql", { id, from, to, connector, connection }),
  chart: (request: ChartRequest) => call<ChartImage>("chart", { request }),
  suggestChart: (columns: ColumnSpec[]) => call<ChartSpec | null>("suggest_chart", { columns }),
  exportChart: (request: ChartRequest, path: string) => call<ExportReport>("export_chart", { request, path }),
  runHistory: (scriptId: number, filter: string) =>
    call<HistoryEntry[]>("run_history", { scriptId, filter }),

  engineState: () => call<EngineState>("engine_state"),
  engineStart: () => call<EngineState>("engine_start"),
  engineStop: () => call<EngineState>("engine_stop"),
  engineRestart: () => call<EngineState>("engine_restart"),
  engineSettings: () => call<EngineSettings>("engine_settings"),
  setEngineSettings: (settings: EngineSettings) =>
    call<EngineState>("set_engine_settings", { settings }),
  trustWorkspaceEngine: (paths: WorkspaceEnginePaths) =>
    call<EngineState>("trust_workspace_engine", { paths }),
};

export type Api = typeof api;

/** The event Rust sends when the window is asked to close: save the session, then closeWindow(). */
export const CLOSING_EVENT = "weir://closing";

/** Listens for the close request; resolves to the function that stops listening. */
export function onClosing(handler: () => void): Promise<UnlistenFn> {
  return listen(CLOSING_EVENT, () => handler());
}

/** Closes the window once the session is saved (Rust writes everything and exits). */
export function closeWindow(): Promise<void> {
  return invoke<null>("close_window").then(() => undefined);
}

/** Listens to the app log; resolves to the function that stops listening. */
export function onLog(handler: (entry: LogEntry) => void): Promise<UnlistenFn> {
  return listen<LogEntry>(LOG_EVENT, (event) => handler(event.payload));
}

/** Puts a UI-side failure into the app log; never throws (logging must not fail the caller). */
export function logUiError(what: string, e: unknown): void {
  const err = toIpcError(e);
  api.logMessage("error", `${what}: ${err.message}`).catch(() => undefined);
}

/** The event carrying each change of the local engine's state. */
export const ENGINE_EVENT = "weir://engine";

/** Listens to the local engine's state; resolves to the function that stops listening. */
export function onEngine(handler: (state: EngineState) => void): Promise<UnlistenFn> {
  return listen<EngineState>(ENGINE_EVENT, (event) => handler(event.payload));
}

/** The event carrying each run's progress. */
export const RUN_EVENT = "weir://run";

/** Listens to runs' progress; resolves to the function that stops listening. */
export function onRun(handler: (update: RunUpdate) => void): Promise<UnlistenFn> {
  return listen<RunUpdate>(RUN_EVENT, (event) => handler(event.payload));
}

/** Listens to export progress; resolves to the function that stops listening. */
export function onExportProgress(handler: (p: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>("weir://export", (event) => handler(event.payload));
}
