// An in-memory fake of the Rust side of the IPC contract, installed with `mockIPC`.
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type {
  Completions,
  DocDiagnostics,
  ConnectionProfile,
  DocStatus,
  EngineSettings,
  WorkspaceEnginePaths,
  ConnectionTest,
  HistoryEntry,
  RunRequest,
  RunUpdate,
  Window,
  WindowQuery,
  WindowRow,
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
} from "../ipc/bindings";

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

interface ScriptRow extends ScriptMeta {
  text: string;
  saved: string;
  deleted: number | null;
}
interface FolderRow extends Folder {
  deleted: number | null;
}

const err = (kind: string, message: string): IpcError => ({ kind, message });

/** Options: the start state and seed data. */
export interface FakeOptions {
  start?: Partial<StartState>;
  folders?: Folder[];
  scripts?: (Omit<ScriptMeta, "updatedAt"> & { text?: string; saved?: string })[];
  tabs?: TabsState;
  layout?: Layout;
  log?: LogEntry[];
}

export class FakeBackend {
  calls: Call[] = [];
  folders = new Map<number, FolderRow>();
  scripts = new Map<number, ScriptRow>();
  openDocs = new Set<number>();
  tabsState: TabsState;
  layoutState: Layout;
  log: LogEntry[];
  start: StartState;
  /** Makes the next call of a command fail with this error (consumed once). */
  failNext = new Map<string, IpcError>();
  /** Delay per command in ms (to shuffle the completion order of async calls). */
  delays = new Map<string, (args: Record<string, unknown>) => number>();
  /** Called before a command is handled; may throw an IpcError. */
  before: ((cmd: string, args: Record<string, unknown>) => void) | null = null;
  /** Results for `search`, by query (default: a real substring search). */
  searchResults: ((query: string) => SearchHit[]) | null = null;
  /** Diagnostics of a text (default: none). */
  diagnosticsFor: ((text: string) => DocDiagnostics) | null = null;
  /** Completions at a position of a text (default: none). */
  completeFor: ((text: string, pos: number) => Completions) | null = null;
  /** The built-in function table. */
  functionDocs: FunctionDoc[] = [
    { name: "COUNT", signature: "COUNT([ALL | DISTINCT] expression | *)", doc: "Number of rows.", category: "aggregate" },
    { name: "UPPER", signature: "UPPER(string)", doc: "string in upper case.", category: "string" },
  ];
  /** The local engine: its state and settings, changed by the engine commands. */
  engine: EngineState = { flinkVersion: "2.3.0", phase: { phase: "stopped" }, prewarm: false, workspacePaths: null };
  /** Workspace engine paths the person agreed to (trust_workspace_engine). */
  trustedEnginePaths: WorkspaceEnginePaths[] = [];
  /** What test_connection answers. */
  connectionTest: ConnectionTest = {
    product: "Apache Flink",
    version: "2.3.0",
    apiVersions: ["V1", "V2", "V3", "V4"],
    using: "V4",
    millis: 12,
    warnings: [],
  };
  engineConfig: EngineSettings = { prewarm: false, flinkVersion: null, flinkHome: null, javaHome: null };
  connectionProfiles: ConnectionProfile[] = [
    { name: "local", endpoint: { type: "local" }, jobmanagerUrl: null, properties: {}, caFile: null, requestTimeoutSecs: null, authHeaders: {} },
  ];
  /** The run history (newest first). */
  history: HistoryEntry[] = [];
  /** Rows the fake result windows are cut from. */
  resultRows: WindowRow[] = [];
  /** Every result_window query, in order. */
  windowQueries: WindowQuery[] = [];
  /** The system clipboard (copy_text / read_clipboard). */
  clipboard = "";
  /** Every run_start request, in order. */
  runRequests: RunRequest[] = [];
  private nextId = 1000;
  private nextBatch = 1;
  private clock = 1_700_000_000_000;

  constructor(opts: FakeOptions = {}) {
    for (const f of opts.folders ?? []) this.folders.set(f.id, { ...f, deleted: null });
    for (const s of opts.scripts ?? []) {
      const text = s.text ?? "";
      this.scripts.set(s.id, {
        id: s.id,
        folderId: s.folderId,
        name: s.name,
        updatedAt: this.clock++,
        text,
        saved: s.saved ?? text,
        deleted: null,
      });
    }
    this.tabsState = opts.tabs ?? { tabs: [], active: null, closed: [] };
    this.layoutState = opts.layout ?? {
      sidebarWidth: 250,
      sidebarOpen: true,
      bottomHeight: 200,
      bottomOpen: true,
      window: { x: 1, y: 2, width: 1200, height: 800, maximized: false },
    };
    this.log = opts.log ?? [];
    this.start = {
      workspace: { dir: "/home/me/flink", name: "flink" },
      error: null,
      dir: "/home/me/flink",
      recent: [],
      version: "0.1.0",
      ...opts.start,
    };
  }

  /** Installs the fake as the IPC of the window (events included). */
  install(): this {
    mockIPC(
      (cmd, payload) => {
        const args = (payload ?? {}) as Record<string, unknown>;
        this.calls.push({ cmd, args: structuredClone(args) });
        const delay = this.delays.get(cmd)?.(args) ?? 0;
        const run = () => {
          const fail = this.failNext.get(cmd);
          if (fail) {
            this.failNext.delete(cmd);
            throw fail;
          }
          this.before?.(cmd, args);
          return this.handle(cmd, args);
        };
        if (delay > 0) return new Promise((resolve, reject) => setTimeout(() => { try { resolve(run()); } catch (e) { reject(e); } }, delay));
        return run();
      },
      { shouldMockEvents: true },
    );
    return this;
  }

  uninstall(): void {
    clearMocks();
  }

  callsOf(cmd: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  /** Emits a log entry as Rust would. */
  /** Sends a run's progress as Rust does. */
  async emitRun(update: RunUpdate): Promise<void> {
    await emit("weir://run", update);
  }

  async emitLog(entry: Omit<LogEntry, "seq">): Promise<LogEntry> {
    const e = { ...entry, seq: this.log.length };
    this.log.push(e);
    await emit("weir://log", e);
    return e;
  }

  tree(): Tree {
    return {
      folders: [...this.folders.values()].filter((f) => f.deleted === null).map(({ id, parentId, name }) => ({ id, parentId, name })),
      scripts: [...this.scripts.values()]
        .filter((s) => s.deleted === null)
        .map(({ id, folderId, name, updatedAt }) => ({ id, folderId, name, updatedAt })),
    };
  }

  /** Like Rust: `name`, else `stem (2).ext`, `stem (3).ext`… (scripts keep their extension). */
  private freeName(taken: (name: string) => boolean, name: string, keepExt = false): string {
    if (!taken(name)) return name;
    const dot = name.lastIndexOf(".");
    const [stem, ext] = keepExt && dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    for (let i = 2; ; i++) {
      const n = `${stem} (${i})${ext}`;
      if (!taken(n)) return n;
    }
  }

  private folderTaken(parent: number | null, name: string, except = -1) {
    return [...this.folders.values()].some((f) => f.deleted === null && f.parentId === parent && f.name === name && f.id !== except);
  }
  private scriptTaken(folder: number | null, name: string, except = -1) {
    return [...this.scripts.values()].some((s) => s.deleted === null && s.folderId === folder && s.name === name && s.id !== except);
  }

  private script(id: unknown): ScriptRow {
    const s = this.scripts.get(id as number);
    if (!s || s.deleted !== null) throw err("notFound", `no script ${String(id)}`);
    return s;
  }
  private folder(id: unknown): FolderRow {
    const f = this.folders.get(id as number);
    if (!f || f.deleted !== null) throw err("notFound", `no folder ${String(id)}`);
    return f;
  }

  private meta(s: ScriptRow): ScriptMeta {
    return { id: s.id, folderId: s.folderId, name: s.name, updatedAt: s.updatedAt };
  }

  private status(s: ScriptRow): DocStatus {
    return { dirty: s.text !== s.saved };
  }

  handle(cmd: string, a: Record<string, unknown>): unknown {
    switch (cmd) {
      case "start_state":
        return this.start;
      case "open_workspace":
        return this.start;
      case "tree":
        return this.tree();
      case "create_folder": {
        const parentId = (a.parentId as number | null) ?? null;
        if (parentId !== null) this.folder(parentId);
        const name = this.freeName((n) => this.folderTaken(parentId, n), a.name as string);
        const f: FolderRow = { id: this.nextId++, parentId, name, deleted: null };
        this.folders.set(f.id, f);
        return { id: f.id, parentId, name };
      }
      case "rename_folder": {
        const f = this.folder(a.id);
        if (this.folderTaken(f.parentId, a.name as string, f.id)) throw err("invalid", `there is already a folder named '${String(a.name)}' here`);
        f.name = a.name as string;
        return { id: f.id, parentId: f.parentId, name: f.name };
      }
      case "move_folder": {
        const f = this.folder(a.id);
        f.parentId = (a.parentId as number | null) ?? null;
        return { id: f.id, parentId: f.parentId, name: f.name };
      }
      case "delete_folder": {
        const f = this.folder(a.id);
        const batch = this.nextBatch++;
        const mark = (id: number) => {
          const ff = this.folders.get(id)!;
          ff.deleted = batch;
          for (const s of this.scripts.values()) if (s.folderId === id && s.deleted === null) s.deleted = batch;
          for (const c of this.folders.values()) if (c.parentId === id && c.deleted === null) mark(c.id);
        };
        mark(f.id);
        return { batch } satisfies TrashToken;
      }
      case "create_script": {
        const folderId = (a.folderId as number | null) ?? null;
        if (folderId !== null) this.folder(folderId);
        const name = this.freeName((n) => this.scriptTaken(folderId, n), a.name as string, true);
        const s: ScriptRow = { id: this.nextId++, folderId, name, updatedAt: this.clock++, text: a.text as string, saved: a.text as string, deleted: null };
        this.scripts.set(s.id, s);
        return this.meta(s);
      }
      case "rename_script": {
        const s = this.script(a.id);
        if (this.scriptTaken(s.folderId, a.name as string, s.id)) throw err("invalid", `there is already a script named '${String(a.name)}' here`);
        s.name = a.name as string;
        return this.meta(s);
      }
      case "move_script": {
        const s = this.script(a.id);
        s.folderId = (a.folderId as number | null) ?? null;
        return this.meta(s);
      }
      case "delete_script": {
        const s = this.script(a.id);
        const batch = this.nextBatch++;
        s.deleted = batch;
        return { batch } satisfies TrashToken;
      }
      case "restore": {
        const batch = (a.token as TrashToken).batch;
        for (const f of this.folders.values()) if (f.deleted === batch) f.deleted = null;
        for (const s of this.scripts.values()) if (s.deleted === batch) s.deleted = null;
        return this.tree();
      }
      case "doc_open": {
        const s = this.script(a.id);
        this.openDocs.add(s.id);
        return { scriptId: s.id, text: s.text, dirty: s.text !== s.saved };
      }
      case "doc_edit": {
        const s = this.script(a.id);
        s.text = applyChanges(s.text, a.changes as TextChange[], a.lenAfter as number);
        return this.status(s);
      }
      case "doc_replace": {
        const s = this.script(a.id);
        s.text = a.text as string;
        return this.status(s);
      }
      case "doc_close":
        this.openDocs.delete(a.id as number);
        return null;
      case "save_version": {
        const s = this.script(a.id);
        s.saved = s.text;
        return this.status(s);
      }
      case "tabs":
        return this.tabsState;
      case "set_tabs":
        this.tabsState = a.tabs as TabsState;
        return null;
      case "layout":
        return this.layoutState;
      case "set_layout":
        this.layoutState = { ...(a.layout as Layout), window: this.layoutState.window };
        return null;
      case "search": {
        const q = a.query as string;
        if (this.searchResults) return this.searchResults(q);
        return this.substringSearch(q);
      }
      case "log_entries":
        return this.log.filter((e) => e.seq >= (a.from as number));
      case "log_message":
        return null;
      case "highlights": {
        const s = this.script(a.id);
        return fakeHighlights(s.text, a.from as number, a.to as number);
      }
      case "diagnostics": {
        const s = this.script(a.id);
        return this.diagnosticsFor?.(s.text) ?? { len: s.text.length, statements: [] };
      }
      case "complete": {
        const s = this.script(a.id);
        return this.completeFor?.(s.text, a.pos as number) ?? { from: a.pos as number, to: a.pos as number, items: [] };
      }
      case "functions":
        return this.functionDocs;
      case "connections":
        return this.connectionProfiles;
      case "run_start": {
        const req = a.request as RunRequest;
        const update: RunUpdate = {
          runId: this.nextId++,
          scriptId: req.scriptId,
          connection: req.connection,
          finished: false,
          statements: [],
        };
        this.runRequests.push(req);
        return update;
      }
      case "run_cancel":
        return true;
      case "result_window": {
        const q = a.query as WindowQuery;
        this.windowQueries.push(q);
        const rows = this.resultRows.slice(Number(q.offset), Number(q.offset) + Number(q.limit));
        return { total: this.resultRows.length, offset: q.offset, version: 1, rows } satisfies Window;
      }
      case "run_history":
        return this.history.filter((h) => h.scriptId === a.scriptId && h.statement.toLowerCase().includes(String(a.filter).toLowerCase()));
      case "copy_rows":
        return "id\tname\n1\ta\n";
      case "copy_text":
        this.clipboard = String(a.text);
        return null;
      case "read_clipboard":
        return this.clipboard;
      case "db_pasted_mysql_table": {
        // Rust parses it with the MySQL grammar; here a recognisable shape is enough.
        const m = /^\s*CREATE TABLE `(\w+)`[\s\S]*ENGINE=/i.exec(String(a.text));
        return m ? m[1] : null;
      }
      case "db_translate_mysql": {
        const s = this.script(a.id as number);
        const [from, to] = [a.from as number, a.to as number];
        const name = /`(\w+)`/.exec(s.text.slice(from, to))?.[1] ?? "t";
        return { from, to, text: `CREATE TABLE \`${name}\` (\n  \`id\` BIGINT\n) WITH ('connector' = '${String(a.connector)}');` };
      }
      case "engine_state":
        return this.engine;
      case "engine_start":
      case "engine_restart":
        this.engine = { ...this.engine, phase: { phase: "ready", url: "http://127.0.0.1:8083" } };
        return this.engine;
      case "engine_stop":
        this.engine = { ...this.engine, phase: { phase: "stopped" } };
        return this.engine;
      case "engine_settings":
        return this.engineConfig;
      case "trust_workspace_engine":
        this.trustedEnginePaths.push(a.paths as WorkspaceEnginePaths);
        this.engine = { ...this.engine, workspacePaths: null };
        return this.engine;
      case "test_connection":
        return this.connectionTest;
      case "set_engine_settings":
        this.engineConfig = a.settings as EngineSettings;
        this.engine = { ...this.engine, prewarm: this.engineConfig.prewarm };
        return this.engine;
      default:
        throw err("internal", `unknown command ${cmd}`);
    }
  }

  private substringSearch(q: string): SearchHit[] {
    const hits: SearchHit[] = [];
    const model = this.tree();
    for (const s of this.scripts.values()) {
      if (s.deleted !== null) continue;
      const lines = s.text.split("\n");
      lines.forEach((line, i) => {
        const at = line.toLowerCase().indexOf(q.toLowerCase());
        if (at >= 0) {
          const folder = model.folders.find((f) => f.id === s.folderId);
          hits.push({
            scriptId: s.id,
            path: folder ? `${folder.name}/${s.name}` : s.name,
            line: i + 1,
            column: [...line.slice(0, at)].length + 1,
            preview: line,
            previewStart: at,
            previewLen: q.length,
          });
        }
      });
    }
    return hits;
  }
}

/** Applies changes like Rust does: original-document offsets, checked against `lenAfter`. */
export function applyChanges(text: string, changes: TextChange[], lenAfter: number): string {
  const sorted = [...changes].sort((x, y) => y.from - x.from);
  let expected = text.length;
  let prevFrom = Infinity;
  for (const c of sorted) {
    if (c.from > c.to || c.to > text.length || c.to > prevFrom) throw err("desync", `change ${c.from}..${c.to} does not fit`);
    prevFrom = c.from;
    expected += c.insert.length - (c.to - c.from);
  }
  if (expected !== lenAfter) throw err("desync", `expected ${lenAfter} units after the edit, would have ${expected}`);
  let out = text;
  for (const c of sorted) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
  return out;
}

/** The kind table of the fake highlighter (Rust's order). */
export const FAKE_KINDS = ["keyword", "function", "type", "string", "number", "comment", "operator", "punctuation", "variable", "property", "attribute", "identifier"];
const FAKE_KEYWORDS = new Set(["SELECT", "FROM", "WHERE", "CREATE", "TABLE", "INSERT", "INTO", "WITH", "AS", "AND", "OR"]);

/** A stand-in for Rust's highlighter: keywords, numbers, strings and other words, clipped to
 * `from..to` like the real one. */
export function fakeHighlights(text: string, from: number, to: number): Highlights {
  const len = text.length;
  const f = Math.min(from, len);
  const t = Math.max(f, Math.min(to, len));
  const spans: number[] = [];
  const re = /'[^']*'?|\d+|[A-Za-z_]\w*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end <= f || start >= t) continue;
    const word = m[0];
    const kind = word.startsWith("'") ? 3 : /^\d/.test(word) ? 4 : FAKE_KEYWORDS.has(word.toUpperCase()) ? 0 : 11;
    spans.push(Math.max(start, f), Math.min(end, t), kind);
  }
  return { from: f, to: t, len, spans, kinds: FAKE_KINDS };
}
