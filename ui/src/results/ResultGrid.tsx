// The result grid: virtualized rows pulled from Rust a page at a time (only what is shown), typed
// cells (numbers right-aligned, NULL distinct, nested values expandable), sort by header click,
// a filter per column, column resize, the materialized/changelog switch, and copy.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { Cell, Filter, ResultColumn, SortKey, View, Window, WindowRow } from "../ipc/bindings";
import type { Api } from "../ipc/api";
import type { Notifier } from "../app/notify";
import { ExportDialog } from "./ExportDialog";
import { parseFilter, cellText, nextSort } from "./format";

const ROW_HEIGHT = 24;
const PAGE = 200;

interface Props {
  api: Api;
  runId: number;
  statement: number;
  columns: ResultColumn[];
  /** Changes so far: a new value refetches the shown rows. */
  version: number;
  onError: (what: string, e: unknown) => void;
  onCopied?: (what: string) => void;
  notify: Notifier;
  /** File name (without extension) offered for exports. */
  exportName: string;
  view: View;
  onView: (view: View) => void;
}

export function ResultGrid(props: Props) {
  const { api, runId, statement, columns, version, onError, view } = props;
  const [sort, setSort] = useState<SortKey[]>([]);
  const [filterText, setFilterText] = useState<string[]>(() => columns.map(() => ""));
  const [widths, setWidths] = useState<number[]>(() => columns.map((c) => initialWidth(c)));
  const [pages, setPages] = useState<Map<number, WindowRow[]>>(new Map());
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [expanded, setExpanded] = useState<{ row: number; col: number } | null>(null);
  const [exporting, setExporting] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const loading = useRef(new Set<string>());

  useEffect(() => {
    setFilterText(columns.map(() => ""));
    setWidths(columns.map((c) => initialWidth(c)));
    setSort([]);
    setSelected(new Set());
  }, [runId, statement, columns]);

  const filters: Filter[] = useMemo(
    () =>
      filterText.flatMap((text, column) => {
        const f = parseFilter(text, column);
        return f ? [f] : [];
      }),
    [filterText],
  );
  const queryKey = JSON.stringify({ runId, statement, view, sort, filters });
  const keyRef = useRef(queryKey);

  const fetchPage = useCallback(
    async (page: number, key: string) => {
      const id = `${key}#${page}#${version}`;
      if (loading.current.has(id)) return;
      loading.current.add(id);
      try {
        const w: Window = await api.resultWindow(runId, statement, {
          view,
          sort,
          filters,
          offset: page * PAGE,
          limit: PAGE,
        });
        if (keyRef.current !== key) return;
        setTotal(w.total);
        setPages((prev) => {
          const next = new Map(prev);
          next.set(page, w.rows);
          return next;
        });
      } catch (e) {
        onError("Could not read the result", e);
      } finally {
        loading.current.delete(id);
      }
    },
    [api, runId, statement, view, sort, filters, version, onError],
  );

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // A new query: start over from the top.
  useEffect(() => {
    keyRef.current = queryKey;
    setPages(new Map());
    void fetchPage(0, queryKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey]);

  // New rows arrived, or the shown range moved: (re)load the pages on screen.
  useEffect(() => {
    const from = Math.floor(first / PAGE);
    const to = Math.floor(last / PAGE);
    for (let p = from; p <= to; p++) void fetchPage(p, queryKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first, last, version, queryKey]);

  const rowAt = (index: number): WindowRow | undefined => pages.get(Math.floor(index / PAGE))?.[index % PAGE];

  const toggleSort = (column: number, add: boolean) => setSort((prev) => nextSort(prev, column, add));

  const startResize = (column: number, e: React.MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = widths[column] ?? 120;
    const move = (ev: MouseEvent) => {
      const w = Math.max(40, Math.min(1200, startW + ev.clientX - startX));
      setWidths((prev) => prev.map((x, i) => (i === column ? w : x)));
    };
    const up = () => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  };

  const selectRow = (index: number, e: React.MouseEvent) => {
    // a range click selects rows, not the page's text between them
    if (e.shiftKey) e.preventDefault();
    setSelected((prev) => {
      if (e.shiftKey && prev.size > 0) {
        const anchor = Math.max(...prev);
        const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
        const next = new Set(prev);
        for (let i = a; i <= b; i++) next.add(i);
        return next;
      }
      if (e.ctrlKey || e.metaKey) {
        const next = new Set(prev);
        if (next.has(index)) next.delete(index);
        else next.add(index);
        return next;
      }
      return new Set([index]);
    });
  };

  const copy = async (format: "tsv" | "markdown") => {
    const indexes = [...selected].sort((a, b) => a - b);
    try {
      // Rust renders the rows and puts them on the system clipboard
      await api.copyRows(runId, statement, { view, sort, filters }, indexes, format === "markdown");
      const n = indexes.length;
      props.onCopied?.(`${n.toLocaleString()} row${n === 1 ? "" : "s"} copied as ${format === "tsv" ? "TSV" : "Markdown"}`);
    } catch (e) {
      onError("Could not copy", e);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === "c" && selected.size > 0) {
      e.preventDefault();
      void copy(e.shiftKey ? "markdown" : "tsv");
    } else if (mod && e.key.toLowerCase() === "a") {
      e.preventDefault();
      setSelected(new Set(Array.from({ length: Math.min(total, 100_000) }, (_, i) => i)));
    }
  };

  const totalWidth = 56 + widths.reduce((a, b) => a + b, 0);
  const showKind = view === "changelog";

  return (
    <div className="result-grid" data-testid="result-grid" tabIndex={0} onKeyDown={onKeyDown}>
      <div className="grid-bar">
        <div className="segmented" role="group" aria-label="Result view">
          <button
            className={view === "materialized" ? "active" : ""}
            onClick={() => props.onView("materialized")}
            data-testid="view-materialized"
            title="The current state: every change applied"
          >
            Table
          </button>
          <button
            className={view === "changelog" ? "active" : ""}
            onClick={() => props.onView("changelog")}
            data-testid="view-changelog"
            title="Every change received, with its kind"
          >
            Changelog
          </button>
        </div>
        <span className="grid-count" data-testid="grid-count">
          {total.toLocaleString()} row{total === 1 ? "" : "s"}
          {filters.length > 0 ? " (filtered)" : ""}
        </span>
        <span className="spacer" />
        <button disabled={selected.size === 0} onClick={() => void copy("tsv")} data-testid="copy-tsv" title="Copy the selected rows as TSV (Ctrl+C)">
          Copy
        </button>
        <button disabled={selected.size === 0} onClick={() => void copy("markdown")} title="Copy the selected rows as a Markdown table (Ctrl+Shift+C)">
          Copy as Markdown
        </button>
        <button onClick={() => setExporting(true)} data-testid="export-open" title="Export what the grid shows (view, sort, filters) to CSV or JSON Lines">
          Export…
        </button>
      </div>
      {exporting && (
        <ExportDialog
          api={api}
          notify={props.notify}
          runId={runId}
          statement={statement}
          selection={{ view, sort, filters }}
          baseName={props.exportName}
          onClose={() => setExporting(false)}
        />
      )}
      <div className="grid-scroll" ref={scrollRef}>
        <div style={{ width: totalWidth, minWidth: "100%" }}>
          <div className="grid-head" role="row">
            <div className="grid-rownum head">#</div>
            {showKind && <div className="grid-kind head">op</div>}
            {columns.map((c, i) => {
              const key = sort.findIndex((k) => k.column === i);
              const arrow = key >= 0 ? (sort[key]!.descending ? "▼" : "▲") : "";
              return (
                <div
                  key={i}
                  className={"grid-th" + (c.class === "int" || c.class === "float" || c.class === "decimal" ? " num" : "")}
                  style={{ width: widths[i] }}
                  role="columnheader"
                  data-testid={`col-${c.name}`}
                  title={`${c.name} ${c.type} — click to sort, Shift+click to add to the sort`}
                  onClick={(e) => toggleSort(i, e.shiftKey)}
                >
                  <span className="th-name">{c.name}</span>
                  <span className="th-type">{c.type}</span>
                  {arrow && (
                    <span className="th-sort" data-testid="sort-arrow">
                      {arrow}
                      {sort.length > 1 ? key + 1 : ""}
                    </span>
                  )}
                  <span className="th-resize" onMouseDown={(e) => startResize(i, e)} onClick={(e) => e.stopPropagation()} />
                </div>
              );
            })}
          </div>
          <div className="grid-filters" role="row">
            <div className="grid-rownum head" title="Filters: text (contains), =, !=, >, >=, <, <=, null, !null">⌕</div>
            {showKind && <div className="grid-kind head" />}
            {columns.map((c, i) => (
              <input
                key={i}
                className="grid-filter"
                style={{ width: widths[i] }}
                placeholder="filter"
                value={filterText[i] ?? ""}
                data-testid={`filter-${c.name}`}
                onChange={(e) => setFilterText((prev) => prev.map((x, j) => (j === i ? e.target.value : x)))}
              />
            ))}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  className={"grid-row" + (selected.has(item.index) ? " selected" : "") + (item.index % 2 ? " odd" : "")}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onMouseDown={(e) => selectRow(item.index, e)}
                  data-testid="grid-row"
                >
                  <div className="grid-rownum">{item.index + 1}</div>
                  {showKind && <div className={"grid-kind kind-" + (row?.kind ?? "")}>{row?.kind ?? ""}</div>}
                  {columns.map((_c, i) => (
                    <CellView
                      key={i}
                      cell={row?.cells[i]}
                      width={widths[i] ?? 120}
                      onExpand={() => setExpanded({ row: item.index, col: i })}
                    />
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {expanded && (
        <NestedView
          title={`${columns[expanded.col]?.name ?? ""} · row ${expanded.row + 1}`}
          cell={rowAt(expanded.row)?.cells[expanded.col]}
          onClose={() => setExpanded(null)}
        />
      )}
    </div>
  );
}

function initialWidth(c: ResultColumn): number {
  const base = Math.max(c.name.length, c.type.length * 0.8) * 7.5 + 28;
  const byClass = c.class === "text" || c.class === "nested" ? 180 : c.class === "bool" ? 80 : 110;
  return Math.round(Math.min(360, Math.max(base, byClass)));
}

function CellView({ cell, width, onExpand }: { cell: Cell | undefined; width: number; onExpand: () => void }) {
  if (!cell) return <div className="grid-td loading" style={{ width }} />;
  switch (cell.t) {
    case "null":
      return (
        <div className="grid-td null" style={{ width }}>
          NULL
        </div>
      );
    case "int":
    case "float":
    case "decimal":
      return (
        <div className="grid-td num" style={{ width }}>
          {cellText(cell)}
        </div>
      );
    case "bool":
      return (
        <div className="grid-td bool" style={{ width }}>
          {cell.v ? "true" : "false"}
        </div>
      );
    case "nested":
      return (
        <div className="grid-td nested" style={{ width }} onDoubleClick={onExpand} title="Double-click to expand">
          <button className="expand" onMouseDown={(e) => e.stopPropagation()} onClick={onExpand} aria-label="Expand">
            ▸
          </button>
          {cellText(cell)}
        </div>
      );
    default:
      return (
        <div className="grid-td" style={{ width }} title={cellText(cell).length > 40 ? cellText(cell) : undefined}>
          {cellText(cell)}
        </div>
      );
  }
}

function NestedView({ title, cell, onClose }: { title: string; cell: Cell | undefined; onClose: () => void }) {
  const value = cell && cell.t === "nested" ? cell.v : cell ? cellText(cell) : null;
  return (
    <div className="nested-view" data-testid="nested-view">
      <div className="nested-head">
        <span>{title}</span>
        <span className="spacer" />
        <button onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
