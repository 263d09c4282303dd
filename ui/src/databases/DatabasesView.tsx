// The Databases sidebar view: connection profiles, and below each, loaded on demand, its schemas,
// tables and views, and a table's columns and indexes. Each level is asked for once, when first
// expanded; a level that fails shows its error (and a retry) on its own node only.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from "react";
import type { IpcError } from "../ipc/bindings";
import { toIpcError } from "../ipc/api";
import type { ColumnInfo, Connector, DbApi, DbProfile, IndexInfo, TableInfo, TableMeta } from "./types";
import {
  CONNECTOR_LABEL,
  KIND_LABEL,
  describeProfile,
  matches,
  needsCredentials,
  selectTopSql,
} from "./dbModel";
import { DbConnectionDialog } from "./DbConnectionDialog";
import { ConfirmDelete, DbMenu, type MenuState, type MenuTarget } from "./DbMenu";
import "../workspace/tree.css";
import "./databases.css";

export interface DatabasesViewProps {
  api: DbApi;
  /** Opens an editor tab with `sql`, bound to the database connection `connection` (null: Flink). */
  onOpenSql(title: string, sql: string, connection: string | null): void;
  /** Reports a failed action (a toast); node loading errors are shown in the tree instead. */
  onError(what: string, e: unknown): void;
}

type Load<T> = { status: "loading"; id: number } | { status: "ok"; value: T } | { status: "error"; error: IpcError };

// Node keys: JSON arrays, so any name (dots, quotes, NULs) stays unambiguous.
const profileKey = (p: string) => JSON.stringify(["p", p]);
const schemaKey = (p: string, s: string) => JSON.stringify(["s", p, s]);
const tableKey = (p: string, s: string, t: string) => JSON.stringify(["t", p, s, t]);
const indexesKey = (p: string, s: string, t: string) => JSON.stringify(["i", p, s, t]);
const keyProfile = (key: string): string | undefined => (JSON.parse(key) as string[])[1];

interface RowBase {
  key: string;
  depth: number;
  parent: string | null;
}
type NodeRow = RowBase &
  (
    | { type: "profile"; profile: DbProfile; open: boolean; loading: boolean }
    | { type: "schema"; profile: DbProfile; schema: string; open: boolean; loading: boolean }
    | { type: "table"; profile: DbProfile; schema: string; table: TableInfo; open: boolean; loading: boolean }
    | { type: "column"; profile: DbProfile; column: ColumnInfo; pk: boolean }
    | { type: "indexes"; count: number; open: boolean }
    | { type: "index"; index: IndexInfo }
  );
type Row =
  | NodeRow
  | (RowBase & { type: "error"; error: IpcError; retry: string; profile: DbProfile })
  | (RowBase & { type: "empty"; text: string });

const INDENT = 14;
const pad = (depth: number, leaf = false) => ({ paddingLeft: 8 + depth * INDENT + (leaf ? INDENT : 0) });

/** `text` with the first occurrence of `q` marked. */
function Hl({ text, q }: { text: string; q: string }) {
  const at = q ? text.toLowerCase().indexOf(q) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}

export function DatabasesView({ api, onOpenSql, onError }: DatabasesViewProps) {
  const [profiles, setProfiles] = useState<Load<DbProfile[]>>({ status: "loading", id: 0 });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [dialog, setDialog] = useState<{ profile: DbProfile | null } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<DbProfile | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(() => new Set());
  // Node loads live in a ref (so an effect that runs twice never asks twice); `tick` re-renders.
  const loads = useRef(new Map<string, Load<unknown>>());
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const seq = useRef(0);
  const profilesSeq = useRef(0);
  const treeRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const loadProfiles = useCallback(() => {
    const id = ++profilesSeq.current;
    setProfiles({ status: "loading", id });
    api.profiles().then(
      (list) => {
        if (id === profilesSeq.current) setProfiles({ status: "ok", value: list });
      },
      (e: unknown) => {
        if (id === profilesSeq.current) setProfiles({ status: "error", error: toIpcError(e) });
      },
    );
  }, [api]);

  useEffect(() => loadProfiles(), [loadProfiles]);

  /** Starts loading a node's children unless they are loaded or on their way (`force`: again). */
  const startLoad = useCallback(
    (key: string, force = false) => {
      if (!force && loads.current.has(key)) return;
      const [type, profile = "", schema = "", table = ""] = JSON.parse(key) as string[];
      let work: Promise<unknown>;
      if (type === "p") work = api.schemas(profile);
      else if (type === "s") work = api.tables(profile, schema);
      else if (type === "t") work = api.tableMeta(profile, schema, table);
      else return;
      const id = ++seq.current;
      loads.current.set(key, { status: "loading", id });
      rerender();
      const settle = (next: Load<unknown>) => {
        const now = loads.current.get(key);
        if (now?.status !== "loading" || now.id !== id) return; // refreshed meanwhile
        loads.current.set(key, next);
        // A database with a single schema: show its tables straight away.
        if (type === "p" && next.status === "ok" && (next.value as string[]).length === 1) {
          const only = (next.value as string[])[0] ?? "";
          setExpanded((s) => new Set(s).add(schemaKey(profile, only)));
        }
        rerender();
      };
      work.then(
        (value) => settle({ status: "ok", value }),
        (e: unknown) => settle({ status: "error", error: toIpcError(e) }),
      );
    },
    [api, rerender],
  );

  const loadOf = <T,>(key: string) => loads.current.get(key) as Load<T> | undefined;

  /** Forgets everything loaded for one profile (or all), so expanded nodes load again. */
  const forget = useCallback(
    (profile: string | null) => {
      for (const key of [...loads.current.keys()]) {
        if (profile === null || keyProfile(key) === profile) loads.current.delete(key);
      }
      rerender();
    },
    [rerender],
  );

  const refreshAll = () => {
    forget(null);
    loadProfiles();
  };

  const toggle = (key: string, open?: boolean) =>
    setExpanded((s) => {
      const isOpen = s.has(key);
      const want = open ?? !isOpen;
      if (want === isOpen) return s;
      const next = new Set(s);
      if (want) next.add(key);
      else next.delete(key);
      return next;
    });

  // ---------- rows ----------
  const q = query.trim().toLowerCase();
  const filtering = q !== "";
  const rows: Row[] = [];
  const needed: string[] = [];
  let matchedTables = 0;
  let matchedColumns = 0;

  /** Status rows of a node's load: an error line, or "empty". Returns the value when loaded. */
  const children = <T,>(key: string, depth: number, profile: DbProfile, emptyText: string, isEmpty: (v: T) => boolean) => {
    const load = loadOf<T>(key);
    if (!load) {
      needed.push(key);
      return null;
    }
    if (load.status === "error") {
      rows.push({ type: "error", key: key + "#error", depth, parent: key, error: load.error, retry: key, profile });
      return null;
    }
    if (load.status === "ok") {
      if (isEmpty(load.value)) rows.push({ type: "empty", key: key + "#empty", depth, parent: key, text: emptyText });
      return load.value;
    }
    return null;
  };

  const pushTableChildren = (p: DbProfile, schema: string, t: TableInfo, tk: string, onlyColumns: ColumnInfo[] | null) => {
    const meta = onlyColumns ? null : children<TableMeta>(tk, 3, p, "No columns", (m) => m.columns.length === 0);
    const m = onlyColumns ? loadOf<TableMeta>(tk) : null;
    const value = meta ?? (m?.status === "ok" ? m.value : null);
    if (!value) return;
    const pk = new Set(value.primaryKey);
    for (const c of onlyColumns ?? value.columns) {
      rows.push({
        type: "column",
        key: JSON.stringify(["c", p.name, schema, t.name, c.name]),
        depth: 3,
        parent: tk,
        profile: p,
        column: c,
        pk: pk.has(c.name),
      });
    }
    if (onlyColumns) return;
    const ik = indexesKey(p.name, schema, t.name);
    const iOpen = expanded.has(ik);
    rows.push({ type: "indexes", key: ik, depth: 3, parent: tk, count: value.indexes.length, open: iOpen });
    if (iOpen) {
      if (value.indexes.length === 0) rows.push({ type: "empty", key: ik + "#empty", depth: 4, parent: ik, text: "No indexes" });
      for (const ix of value.indexes) {
        rows.push({ type: "index", key: JSON.stringify(["x", p.name, schema, t.name, ix.name]), depth: 4, parent: ik, index: ix });
      }
    }
  };

  if (profiles.status === "ok") {
    for (const p of profiles.value) {
      const pk = profileKey(p.name);
      const pLoad = loadOf<string[]>(pk);
      if (filtering) {
        // Only what is loaded is searched; the path to each match is shown open.
        const start = rows.length;
        const schemas = pLoad?.status === "ok" ? pLoad.value : [];
        for (const s of schemas) {
          const sk = schemaKey(p.name, s);
          const tLoad = loadOf<TableInfo[]>(sk);
          const tables = tLoad?.status === "ok" ? tLoad.value : [];
          const sStart = rows.length;
          for (const t of tables) {
            const tk = tableKey(p.name, s, t.name);
            const mLoad = loadOf<TableMeta>(tk);
            const cols = mLoad?.status === "ok" ? mLoad.value.columns.filter((c) => matches(c.name, q)) : [];
            const nameHit = matches(t.name, q);
            if (!nameHit && cols.length === 0) continue;
            matchedTables += nameHit ? 1 : 0;
            matchedColumns += cols.length;
            const open = nameHit ? expanded.has(tk) : true;
            rows.push({ type: "table", key: tk, depth: 2, parent: sk, profile: p, schema: s, table: t, open, loading: mLoad?.status === "loading" });
            if (!nameHit) pushTableChildren(p, s, t, tk, cols);
            else if (open) pushTableChildren(p, s, t, tk, null);
          }
          if (rows.length > sStart) {
            rows.splice(sStart, 0, { type: "schema", key: sk, depth: 1, parent: pk, profile: p, schema: s, open: true, loading: false });
          }
        }
        if (rows.length > start) {
          rows.splice(start, 0, { type: "profile", key: pk, depth: 0, parent: null, profile: p, open: true, loading: false });
        }
        continue;
      }
      const pOpen = expanded.has(pk);
      rows.push({ type: "profile", key: pk, depth: 0, parent: null, profile: p, open: pOpen, loading: pOpen && pLoad?.status === "loading" });
      if (!pOpen) continue;
      const schemas = children<string[]>(pk, 1, p, "No schemas", (v) => v.length === 0);
      for (const s of schemas ?? []) {
        const sk = schemaKey(p.name, s);
        const sOpen = expanded.has(sk);
        const tLoad = loadOf<TableInfo[]>(sk);
        rows.push({ type: "schema", key: sk, depth: 1, parent: pk, profile: p, schema: s, open: sOpen, loading: sOpen && tLoad?.status === "loading" });
        if (!sOpen) continue;
        const tables = children<TableInfo[]>(sk, 2, p, "No tables", (v) => v.length === 0);
        for (const t of tables ?? []) {
          const tk = tableKey(p.name, s, t.name);
          const tOpen = expanded.has(tk);
          const mLoad = loadOf<TableMeta>(tk);
          rows.push({ type: "table", key: tk, depth: 2, parent: sk, profile: p, schema: s, table: t, open: tOpen, loading: tOpen && mLoad?.status === "loading" });
          if (tOpen) pushTableChildren(p, s, t, tk, null);
        }
      }
    }
  }

  const neededKey = needed.join("\n");
  useEffect(() => {
    if (neededKey) for (const key of neededKey.split("\n")) startLoad(key);
  }, [neededKey, startLoad]);

  const rowElement = (key: string) =>
    [...(treeRef.current?.querySelectorAll<HTMLElement>("[data-key]") ?? [])].find((el) => el.dataset.key === key);

  const nodes = rows.filter((r): r is NodeRow => r.type !== "error" && r.type !== "empty");
  const selectedRow = nodes.find((r) => r.key === selected);

  useLayoutEffect(() => {
    if (!selected) return;
    rowElement(selected)?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);

  // ---------- menu ----------
  const closeMenu = (refocus: boolean) => {
    setMenu(null);
    if (refocus) treeRef.current?.focus();
  };

  const menuTarget = (r: NodeRow): MenuTarget | null =>
    r.type === "profile"
      ? { type: "profile", profile: r.profile }
      : r.type === "table"
        ? { type: "table", profile: r.profile, schema: r.schema, table: r.table }
        : null;

  const openMenuAt = (e: MouseEvent, r: NodeRow) => {
    const target = menuTarget(r);
    if (!target) return;
    e.preventDefault();
    e.stopPropagation();
    setSelected(r.key);
    setMenu({ x: e.clientX, y: e.clientY, target, keyboard: false });
  };

  const openMenuFromButton = (e: MouseEvent, r: NodeRow) => {
    const target = menuTarget(r);
    if (!target) return;
    e.stopPropagation();
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    setSelected(r.key);
    setMenu({ x: box.left, y: box.bottom, target, keyboard: e.detail === 0 });
  };

  // ---------- actions ----------
  const withBusy = async (key: string, work: () => Promise<void>) => {
    setBusy((b) => new Set(b).add(key));
    try {
      await work();
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(key);
        return next;
      });
    }
  };

  const generateDdl = (p: DbProfile, schema: string, t: TableInfo, connector: Connector) =>
    void withBusy(tableKey(p.name, schema, t.name), async () => {
      try {
        const ddl = await api.generateDdl(p.name, schema, t.name, connector);
        onOpenSql(`${t.name}.sql`, ddl, null);
      } catch (e) {
        onError(`Could not generate ${CONNECTOR_LABEL[connector]} DDL for ${t.name}`, e);
      }
    });

  const generatePipeline = (p: DbProfile, schema: string, t: TableInfo) =>
    void withBusy(tableKey(p.name, schema, t.name), async () => {
      try {
        const sql = await api.generatePipeline(p.name, schema, t.name);
        onOpenSql(`${t.name} sync.sql`, sql, null);
      } catch (e) {
        onError(`Could not generate a sync job for ${t.name}`, e);
      }
    });

  const queryTop = (p: DbProfile, schema: string, t: TableInfo) =>
    onOpenSql(`${t.name} (first 100).sql`, selectTopSql(p.kind, schema, t.name), p.name);

  const copyName = async (name: string) => {
    try {
      await api.copyText(name);
    } catch (e) {
      onError("Could not copy the name", e);
    }
  };

  const refreshProfile = (name: string) => forget(name);

  const deleteProfile = async (p: DbProfile) => {
    setConfirmDelete(null);
    try {
      await api.deleteProfile(p.name);
      forget(p.name);
      loadProfiles();
    } catch (e) {
      onError(`Could not delete the connection '${p.name}'`, e);
    }
  };

  const activate = (r: NodeRow) => {
    if (r.type === "profile" || r.type === "schema" || r.type === "table" || r.type === "indexes") {
      if (!filtering || r.type === "indexes" || (r.type === "table" && matches(r.table.name, q))) toggle(r.key);
    }
  };

  // ---------- keyboard ----------
  const onTreeKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const idx = nodes.findIndex((r) => r.key === selected);
    const sel = idx >= 0 ? nodes[idx] : undefined;
    const go = (i: number) => {
      const r = nodes[Math.max(0, Math.min(nodes.length - 1, i))];
      if (r) setSelected(r.key);
    };
    const expandable = sel && "open" in sel;
    switch (e.key) {
      case "ArrowDown":
        go(idx + 1);
        break;
      case "ArrowUp":
        if (idx < 0 && searchRef.current) searchRef.current.focus();
        else if (idx === 0) searchRef.current?.focus();
        else go(idx - 1);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(nodes.length - 1);
        break;
      case "ArrowRight":
        if (expandable && !sel.open) activate(sel);
        else if (expandable) go(idx + 1);
        break;
      case "ArrowLeft":
        if (expandable && sel.open && !filtering) toggle(sel.key, false);
        else if (sel?.parent) setSelected(sel.parent);
        break;
      case "Enter":
        if (sel) activate(sel);
        break;
      case "ContextMenu":
      case "F10":
        if (e.key === "F10" && !e.shiftKey) return;
        if (sel) {
          const target = menuTarget(sel);
          const box = rowElement(sel.key)?.getBoundingClientRect();
          if (target) setMenu({ x: (box?.left ?? 0) + 24, y: box?.bottom ?? 0, target, keyboard: true });
        }
        break;
      case "F2":
        if (sel?.type === "profile") setDialog({ profile: sel.profile });
        break;
      case "Delete":
        if (sel?.type === "profile") setConfirmDelete(sel.profile);
        break;
      case "F5":
        if (sel?.type === "profile") refreshProfile(sel.profile.name);
        else refreshAll();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const onSearchKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape" && query) setQuery("");
    else if (e.key === "ArrowDown" || e.key === "Enter") {
      const first = nodes[0];
      if (!first) return;
      if (!nodes.some((r) => r.key === selected)) setSelected(first.key);
      treeRef.current?.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // ---------- render ----------
  const renderRow = (r: Row): ReactNode => {
    if (r.type === "error") {
      const creds = needsCredentials(r.error);
      return (
        <div key={r.key} className="db-error-row" style={pad(r.depth, true)} data-testid="db-node-error" role="alert">
          <span className="db-error-text" title={r.error.message}>
            {r.error.message}
          </span>
          <span className="db-error-actions">
            <button className="link-button" data-testid="db-retry" onClick={() => startLoad(r.retry, true)}>
              Retry
            </button>
            {creds && (
              <button className="link-button" data-testid="db-edit-connection" onClick={() => setDialog({ profile: r.profile })}>
                Edit connection
              </button>
            )}
          </span>
        </div>
      );
    }
    if (r.type === "empty") {
      return (
        <div key={r.key} className="db-empty-row" style={pad(r.depth, true)} data-testid="db-node-empty">
          {r.text}
        </div>
      );
    }
    const isSel = r.key === selected;
    const common = {
      "data-key": r.key,
      role: "treeitem",
      "aria-level": r.depth + 1,
      "aria-selected": isSel,
      "aria-expanded": "open" in r ? r.open : undefined,
      className: "tree-row db-row db-row-" + r.type + (isSel ? " selected" : ""),
      onClick: () => {
        setSelected(r.key);
        activate(r);
      },
      onContextMenu: (e: MouseEvent) => openMenuAt(e, r),
    };
    const twisty = "open" in r && (
      <span className={"twisty" + (r.open ? " open" : "")} aria-hidden>
        ▸
      </span>
    );
    const spinner = ("loading" in r && r.loading) || busy.has(r.key) ? <span className="spinner small" data-testid="db-loading" /> : null;
    const menuButton = (label: string, testId: string) => (
      <button
        className="icon-button db-menu-button"
        title={label}
        aria-label={label}
        data-testid={testId}
        tabIndex={-1}
        onClick={(e) => openMenuFromButton(e, r)}
        onMouseDown={(e) => e.stopPropagation()}
      >
        ⋯
      </button>
    );
    switch (r.type) {
      case "profile": {
        const p = r.profile;
        return (
          <div key={r.key} {...common} style={pad(0)} data-testid="db-profile" data-name={p.name} title={`${KIND_LABEL[p.kind]} · ${describeProfile(p)}`}>
            {twisty}
            <span className={"icon db-icon-db db-kind-" + p.kind} aria-hidden />
            <span className="tree-label db-name">{p.name}</span>
            <span className={"db-kind-badge db-kind-" + p.kind} data-testid="db-profile-kind">
              {KIND_LABEL[p.kind]}
            </span>
            <span className="db-detail" data-testid="db-profile-address">
              {describeProfile(p)}
            </span>
            {spinner}
            {menuButton(`Actions for ${p.name}`, "db-profile-menu")}
          </div>
        );
      }
      case "schema":
        return (
          <div key={r.key} {...common} style={pad(1)} data-testid="db-schema" data-name={r.schema}>
            {twisty}
            <span className="icon db-icon-schema" aria-hidden />
            <span className="tree-label">{r.schema}</span>
            {spinner}
          </div>
        );
      case "table": {
        const t = r.table;
        const view = t.kind === "view";
        return (
          <div
            key={r.key}
            {...common}
            style={pad(2)}
            data-testid="db-table"
            data-name={t.name}
            data-kind={t.kind}
            title={(view ? "View" : "Table") + ` ${r.schema}.${t.name}` + (t.comment ? `\n${t.comment}` : "")}
          >
            {twisty}
            <span className={"icon " + (view ? "db-icon-view" : "db-icon-table")} aria-hidden />
            <span className="tree-label">
              <Hl text={t.name} q={q} />
            </span>
            {view && <span className="db-tag">view</span>}
            {spinner}
            {menuButton(`Actions for ${t.name}`, "db-table-menu")}
          </div>
        );
      }
      case "column": {
        const c = r.column;
        const tip = [
          `${c.name} ${c.nativeType}${c.nullable ? "" : " NOT NULL"}`,
          c.default !== null ? `DEFAULT ${c.default}` : null,
          c.autoIncrement ? "auto-increment" : null,
          r.pk ? "primary key" : null,
          c.comment,
        ]
          .filter(Boolean)
          .join("\n");
        return (
          <div key={r.key} {...common} style={pad(3, true)} data-testid="db-column" data-name={c.name} data-pk={r.pk} title={tip}>
            <span className={"icon " + (r.pk ? "db-icon-key" : "db-icon-column")} aria-hidden data-testid={r.pk ? "db-pk" : undefined} />
            <span className="tree-label">
              <Hl text={c.name} q={q} />
            </span>
            <span className="db-type" data-testid="db-column-type">
              {c.nativeType}
            </span>
            {!c.nullable && <span className="db-tag db-notnull">NOT NULL</span>}
            {c.default !== null && (
              <span className="db-default" data-testid="db-column-default">
                = {c.default}
              </span>
            )}
            {c.comment && <span className="db-comment">{c.comment}</span>}
          </div>
        );
      }
      case "indexes":
        return (
          <div key={r.key} {...common} style={pad(3)} data-testid="db-indexes">
            {twisty}
            <span className="icon db-icon-index" aria-hidden />
            <span className="tree-label">Indexes</span>
            <span className="badge">{r.count}</span>
          </div>
        );
      case "index": {
        const ix = r.index;
        return (
          <div key={r.key} {...common} style={pad(4, true)} data-testid="db-index" data-name={ix.name} title={`${ix.name} (${ix.columns.join(", ")})`}>
            <span className={"icon " + (ix.primary ? "db-icon-key" : "db-icon-index")} aria-hidden />
            <span className="tree-label">{ix.name}</span>
            {ix.primary ? <span className="db-tag">primary</span> : ix.unique && <span className="db-tag">unique</span>}
            <span className="db-detail">({ix.columns.join(", ")})</span>
          </div>
        );
      }
    }
  };

  const profileList = profiles.status === "ok" ? profiles.value : [];
  return (
    <div className="tree-wrap db-view" data-testid="databases-view">
      <div className="sidebar-toolbar">
        <span className="sidebar-title">Databases</span>
        <button
          className="icon-button"
          data-testid="db-add"
          title="Add database"
          aria-label="Add database"
          onClick={() => setDialog({ profile: null })}
        >
          <span className="icon db-icon-add" aria-hidden />
        </button>
        <button className="icon-button" data-testid="db-refresh" title="Refresh (F5)" aria-label="Refresh" onClick={refreshAll}>
          <span className="icon db-icon-refresh" aria-hidden />
        </button>
      </div>
      <div className="db-search">
        <input
          ref={searchRef}
          className="db-search-input"
          data-testid="db-search"
          placeholder="Filter loaded tables and columns"
          aria-label="Filter loaded tables and columns"
          value={query}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKeyDown}
        />
      </div>
      {filtering && (
        <div className="db-search-summary" data-testid="db-search-summary">
          {matchedTables + matchedColumns === 0
            ? "Nothing loaded matches. Expand a schema to include its tables."
            : [
                matchedTables ? `${matchedTables} table${matchedTables === 1 ? "" : "s"}` : null,
                matchedColumns ? `${matchedColumns} column${matchedColumns === 1 ? "" : "s"}` : null,
              ]
                .filter(Boolean)
                .join(", ") + " (loaded only)"}
        </div>
      )}
      <div
        ref={treeRef}
        className="tree db-tree"
        data-testid="db-tree"
        role="tree"
        aria-label="Databases"
        tabIndex={0}
        onKeyDown={onTreeKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget && !selectedRow && nodes[0]) setSelected(nodes[0].key);
        }}
      >
        {profiles.status === "loading" && (
          <div className="db-empty-row" style={pad(0)}>
            <span className="spinner small" data-testid="db-loading" /> Loading connections…
          </div>
        )}
        {profiles.status === "error" && (
          <div className="db-error-row" style={pad(0)} data-testid="db-node-error" role="alert">
            <span className="db-error-text">Could not read the connections: {profiles.error.message}</span>
            <span className="db-error-actions">
              <button className="link-button" data-testid="db-retry" onClick={loadProfiles}>
                Retry
              </button>
            </span>
          </div>
        )}
        {rows.map(renderRow)}
        {profiles.status === "ok" && profileList.length === 0 && (
          <div className="tree-empty">
            No databases yet.
            <button className="link-button" onClick={() => setDialog({ profile: null })}>
              Add a MySQL, PostgreSQL or SQLite database
            </button>
          </div>
        )}
      </div>
      {menu && (
        <DbMenu
          menu={menu}
          close={closeMenu}
          onDdl={generateDdl}
          onPipeline={generatePipeline}
          onQuery={queryTop}
          onCopy={(name) => void copyName(name)}
          onEdit={(p) => setDialog({ profile: p })}
          onRefresh={(p) => refreshProfile(p.name)}
          onDelete={(p) => setConfirmDelete(p)}
        />
      )}
      {dialog && (
        <DbConnectionDialog
          api={api}
          profile={dialog.profile}
          existingNames={profileList.map((p) => p.name)}
          onClose={() => {
            setDialog(null);
            treeRef.current?.focus();
          }}
          onSaved={(saved) => {
            setDialog(null);
            forget(saved.name);
            if (dialog.profile) forget(dialog.profile.name);
            loadProfiles();
          }}
        />
      )}
      {confirmDelete && (
        <ConfirmDelete profile={confirmDelete} onCancel={() => setConfirmDelete(null)} onConfirm={() => void deleteProfile(confirmDelete)} />
      )}
    </div>
  );
}
