// The lineage view: tables as nodes with their columns, column edges between them, laid out left to
// right by dagre. Focus a column to light its whole path; click an edge to jump to its statement.
import { createContext, memo, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { KeyboardEvent as ReactKeyboardEvent } from "react";
import {
  Background,
  BaseEdge,
  Handle,
  MarkerType,
  MiniMap,
  Panel,
  Position,
  ReactFlow,
  ReactFlowProvider,
  getBezierPath,
  getNodesBounds,
  useNodesInitialized,
  useNodesState,
  useReactFlow,
} from "@xyflow/react";
import type { Edge, EdgeProps, Node, NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./lineage.css";
import { columnKey, edgeVisible, normalizeGraph, pathOf, shortName, visibleTables } from "./paths";
import { layout } from "./layout";
import type { LineagePath, NormalGraph, NormalTable } from "./paths";
import type { ColumnEdge, ColumnRef, LineageGraph, StatementRef, Transform } from "./types";

/** What the view shows and where its actions go. */
export interface LineageViewProps {
  /** The script's lineage; null before the first answer. */
  graph: LineageGraph | null;
  /** A lineage request is in flight (the last graph stays visible meanwhile). */
  loading?: boolean;
  /** Why the last request failed, as a person should read it. */
  error?: string | null;
  /** Show the statement that creates an edge. */
  onJump(statement: StatementRef): void;
  /** Save an export: a data URL for PNG, the SVG text, or the JSON text. */
  onExport(kind: "png" | "svg" | "json", data: string): void;
  /** The focused column changed (null: no focus), e.g. to list what it impacts. */
  onFocus?(column: ColumnRef | null): void;
}

/** A column's state while a column is focused: the focused one, one on its path, or one off it. */
export type Focus = "on" | "path" | "dim" | "";

type EdgeKind = Transform | "dependency";
type TableNodeType = Node<{ table: NormalTable }, "table">;
type ColumnEdgeType = Edge<{ kind: EdgeKind; statement: StatementRef; title: string }, "column">;

interface FocusState {
  focusOf(table: string, column: string): Focus;
  tableDimmed(table: string): boolean;
  toggle(table: string, column: string): void;
}

const FocusContext = createContext<FocusState>({
  focusOf: () => "",
  tableDimmed: () => false,
  toggle: () => {},
});

const EMPTY_TEXT = "No tables yet: CREATE TABLE / INSERT statements appear here";

// Marker colours match lineage.css (markers are SVG defs and cannot take a class per edge).
const MARKER_COLOUR: Record<EdgeKind, string> = {
  copy: "var(--lineage-copy)",
  expression: "var(--lineage-expression)",
  aggregate: "var(--lineage-aggregate)",
  dependency: "var(--lineage-dependency)",
};

const MARKER = { width: 14, height: 14 };
const MARKER_SMALL = { width: 8, height: 8 };
// Fitting a small graph should not blow it up to the maximum zoom.
const FIT = { padding: 0.12, maxZoom: 1.25 };

const nodeTypes = { table: memo(TableNode) };
const edgeTypes = { column: memo(ColumnEdgeView) };

/** The lineage view with its own toolbar; renders loading, error and empty states too. */
export function LineageView(props: LineageViewProps) {
  const { graph, loading = false, error = null } = props;
  const hasTables = (graph?.tables.length ?? 0) > 0 || (graph?.edges.length ?? 0) > 0;
  return (
    <div className="lineage-view" data-testid="lineage-view">
      {error ? (
        <div className="lineage-error" role="alert" data-testid="lineage-error">
          {error}
        </div>
      ) : null}
      {graph && hasTables ? (
        <ReactFlowProvider>
          <LineageCanvas {...props} graph={graph} loading={loading} />
        </ReactFlowProvider>
      ) : loading ? (
        <div className="lineage-state" data-testid="lineage-loading">
          <span className="spinner" /> Computing lineage…
        </div>
      ) : error ? null : (
        <div className="lineage-state" data-testid="lineage-empty">
          {EMPTY_TEXT}
        </div>
      )}
    </div>
  );
}

export default LineageView;

function LineageCanvas({ graph, loading, onJump, onExport, onFocus }: LineageViewProps & { graph: LineageGraph }) {
  const [filter, setFilter] = useState("");
  const [showDeps, setShowDeps] = useState(false);
  const [focus, setFocus] = useState<ColumnRef | null>(null);
  const [exporting, setExporting] = useState<"png" | "svg" | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const flow = useReactFlow<TableNodeType, ColumnEdgeType>();
  const measured = useNodesInitialized();

  const full: NormalGraph = useMemo(() => normalizeGraph(graph), [graph]);
  const visible = useMemo(() => visibleTables(full, filter), [full, filter]);
  const shownTables = useMemo(() => full.tables.filter((t) => visible.has(t.name)), [full, visible]);
  const boxes = useMemo(
    () => layout({ tables: shownTables, edges: full.edges, dependencies: full.dependencies }),
    [shownTables, full],
  );

  // A focus on a column that an edit removed is no focus.
  const focused = useMemo(() => {
    if (!focus) return null;
    const t = full.tables.find((x) => x.name === focus.table);
    return t?.columns.some((c) => c.name === focus.column) ? focus : null;
  }, [focus, full]);
  useEffect(() => onFocus?.(focused), [focused, onFocus]);
  // The path is computed on the whole graph, so it runs through tables the filter hides.
  const path: LineagePath | null = useMemo(
    () => (focused ? pathOf(full, focused.table, focused.column, { dependencies: showDeps }) : null),
    [focused, full, showDeps],
  );

  const focusState = useMemo<FocusState>(
    () => ({
      focusOf: (table, column) => {
        if (!focused || !path) return "";
        if (focused.table === table && focused.column === column) return "on";
        return path.columns.has(columnKey(table, column)) ? "path" : "dim";
      },
      tableDimmed: (table) => {
        if (!path) return false;
        const prefix = columnKey(table, "");
        for (const key of path.columns) if (key.startsWith(prefix)) return false;
        return true;
      },
      toggle: (table, column) =>
        setFocus((cur) => (cur && cur.table === table && cur.column === column ? null : { table, column })),
    }),
    [focused, path],
  );

  const laidOut = useMemo<TableNodeType[]>(
    () =>
      shownTables.map((t) => {
        const box = boxes.get(t.name) ?? { x: 0, y: 0, width: 200, height: 60 };
        return { id: t.name, type: "table", position: { x: box.x, y: box.y }, width: box.width, data: { table: t } };
      }),
    [shownTables, boxes],
  );
  // Nodes can be dragged; a new graph or filter lays them out again.
  const [nodes, setNodes, onNodesChange] = useNodesState<TableNodeType>(laidOut);
  useEffect(() => setNodes(laidOut), [laidOut, setNodes]);

  const edges = useMemo<ColumnEdgeType[]>(() => {
    const out: ColumnEdgeType[] = [];
    const push = (e: ColumnEdge, i: number, kind: EdgeKind, onPath: boolean) => {
      if (!edgeVisible(e, visible)) return;
      const state = path ? (onPath ? "path" : "dim") : "";
      const how = kind === "dependency" ? "filter/join" : kind;
      out.push({
        id: `${kind === "dependency" ? "d" : "e"}${i}`,
        type: "column",
        source: e.from.table,
        target: e.to.table,
        sourceHandle: `s:${e.from.column}`,
        targetHandle: `t:${e.to.column}`,
        className: `lineage-edge lineage-edge-${kind}${state ? ` lineage-edge-${state}` : ""}`,
        zIndex: state === "path" ? 1 : 0,
        // Markers scale with the stroke width: the thick aggregate line gets a smaller one.
        markerEnd: { type: MarkerType.ArrowClosed, color: MARKER_COLOUR[kind], ...(kind === "aggregate" ? MARKER_SMALL : MARKER) },
        ariaLabel: `${e.from.column} → ${e.to.column}`,
        data: {
          kind,
          statement: e.statement,
          title:
            `${shortName(e.from.table)}.${e.from.column} → ${shortName(e.to.table)}.${e.to.column} (${how})\n` +
            `statement ${e.statement.index + 1}, line ${e.statement.line}: click to show`,
        },
      });
    };
    full.edges.forEach((e, i) => push(e, i, e.transform, path?.edges.has(i) ?? false));
    if (showDeps) full.dependencies.forEach((e, i) => push(e, i, "dependency", path?.dependencies.has(i) ?? false));
    return out;
  }, [full, visible, showDeps, path]);

  // Fit when the set of tables shown changes (a filter, a new table), not on every edit of the script.
  const tableSet = shownTables.map((t) => t.name).join("\n");
  useEffect(() => {
    if (tableSet) void flow.fitView(FIT);
  }, [tableSet, flow]);

  const exportImage = useCallback(
    async (kind: "png" | "svg") => {
      const viewport = rootRef.current?.querySelector<HTMLElement>(".react-flow__viewport");
      if (!viewport) return;
      setExporting(kind);
      setExportError(null);
      try {
        const { toPng, toSvg } = await import("html-to-image");
        const bounds = getNodesBounds(flow.getNodes());
        const pad = 24;
        const width = Math.ceil(bounds.width + pad * 2);
        const height = Math.ceil(bounds.height + pad * 2);
        const bg = getComputedStyle(rootRef.current as HTMLElement).getPropertyValue("--bg").trim() || "#1e1f22";
        const options = {
          backgroundColor: bg,
          width,
          height,
          // Canvases above ~16k px a side fail; large graphs get fewer pixels per point instead.
          pixelRatio: Math.max(0.25, Math.min(2, 12000 / Math.max(width, height))),
          style: {
            width: `${width}px`,
            height: `${height}px`,
            transform: `translate(${pad - bounds.x}px, ${pad - bounds.y}px) scale(1)`,
          },
        };
        if (kind === "png") onExport("png", await toPng(viewport, options));
        else {
          const url = await toSvg(viewport, options);
          onExport("svg", decodeURIComponent(url.slice(url.indexOf(",") + 1)));
        }
      } catch (e) {
        setExportError(`Export as ${kind.toUpperCase()} failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        setExporting(null);
      }
    },
    [flow, onExport],
  );

  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === "Escape" && focus) {
      e.stopPropagation();
      setFocus(null);
    }
  };

  return (
    <FocusContext.Provider value={focusState}>
      <div className="lineage-toolbar">
        <input
          className="lineage-filter"
          data-testid="lineage-filter"
          type="search"
          placeholder="Filter tables"
          aria-label="Filter tables by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="lineage-toggle" title="Columns used only in WHERE, ON or GROUP BY conditions">
          <input
            type="checkbox"
            data-testid="lineage-deps-toggle"
            checked={showDeps}
            onChange={(e) => setShowDeps(e.target.checked)}
          />
          Show filter/join dependencies
        </label>
        <span className="lineage-count">
          {shownTables.length} {shownTables.length === 1 ? "table" : "tables"} ·{" "}
          <span data-testid="lineage-edge-count">{edges.length}</span> {edges.length === 1 ? "edge" : "edges"}
        </span>
        {loading ? (
          <span className="lineage-updating" data-testid="lineage-updating">
            <span className="spinner small" /> Updating…
          </span>
        ) : null}
        <span className="spacer" />
        <button type="button" data-testid="lineage-fit" onClick={() => void flow.fitView({ ...FIT, duration: 200 })}>
          Fit
        </button>
        <button
          type="button"
          data-testid="lineage-export-png"
          disabled={exporting !== null || shownTables.length === 0}
          onClick={() => void exportImage("png")}
        >
          {exporting === "png" ? "Exporting…" : "Export PNG"}
        </button>
        <button
          type="button"
          data-testid="lineage-export-svg"
          disabled={exporting !== null || shownTables.length === 0}
          onClick={() => void exportImage("svg")}
        >
          {exporting === "svg" ? "Exporting…" : "Export SVG"}
        </button>
        <button type="button" data-testid="lineage-export-json" onClick={() => onExport("json", JSON.stringify(graph, null, 2))}>
          Export JSON
        </button>
      </div>
      {exportError ? (
        <div className="lineage-error" role="alert" data-testid="lineage-export-error">
          {exportError}
        </div>
      ) : null}
      <div className={`lineage-canvas${path ? " lineage-focusing" : ""}`} ref={rootRef} onKeyDown={onKeyDown}>
        <ReactFlow<TableNodeType, ColumnEdgeType>
          className="lineage-flow"
          colorMode="dark"
          nodes={nodes}
          edges={edges}
          onNodesChange={onNodesChange}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          onEdgeClick={(_, edge) => {
            if (edge.data) onJump(edge.data.statement);
          }}
          onPaneClick={() => setFocus(null)}
          minZoom={0.1}
          maxZoom={2.5}
          fitView
          fitViewOptions={FIT}
        >
          <Background gap={20} size={1} color="var(--lineage-grid)" />
          {measured ? (
            <MiniMap pannable zoomable className="lineage-minimap" nodeColor={miniMapColour} maskColor="rgba(0,0,0,0.45)" />
          ) : null}
          <Panel position="bottom-left" className="lineage-legend">
            <Legend kind="copy" label="copy" />
            <Legend kind="expression" label="expression" />
            <Legend kind="aggregate" label="aggregate" />
            {showDeps ? <Legend kind="dependency" label="filter/join" /> : null}
          </Panel>
          {shownTables.length === 0 ? (
            <Panel position="top-center" className="lineage-nomatch" data-testid="lineage-nomatch">
              No table matches “{filter.trim()}”
            </Panel>
          ) : null}
        </ReactFlow>
      </div>
    </FocusContext.Provider>
  );
}

function miniMapColour(node: Node): string {
  const role = (node as TableNodeType).data?.table?.role;
  return role === "source" ? "#4d8a55" : role === "sink" ? "#a57a2e" : "#7d6a9a";
}

function Legend({ kind, label }: { kind: EdgeKind; label: string }) {
  return (
    <span className="lineage-legend-item">
      <svg width="26" height="8" aria-hidden="true">
        <line x1="1" y1="4" x2="25" y2="4" className={`lineage-legend-line lineage-edge-${kind}`} />
      </svg>
      {label}
    </span>
  );
}

function TableNode({ data }: NodeProps<TableNodeType>) {
  const { table } = data;
  const focus = useContext(FocusContext);
  const dimmed = focus.tableDimmed(table.name);
  return (
    <div
      className={`lineage-node lineage-role-${table.role}${dimmed ? " lineage-node-dim" : ""}`}
      data-testid="lineage-node"
      data-table={table.name}
    >
      <div className="lineage-node-head" title={table.name}>
        <span className="lineage-node-name">{shortName(table.name)}</span>
        <span className={`lineage-badge lineage-badge-${table.role}`}>{table.role}</span>
      </div>
      <div className="lineage-cols">
        {table.columns.length === 0 ? <div className="lineage-col lineage-col-none">no columns</div> : null}
        {table.columns.map((c) => {
          const state = focus.focusOf(table.name, c.name);
          return (
            <div
              key={c.name}
              className={`lineage-col${state ? ` lineage-col-${state}` : ""}`}
              data-testid="lineage-column"
              data-table={table.name}
              data-column={c.name}
              data-focus={state}
              role="button"
              tabIndex={0}
              title={c.type ? `${c.name} ${c.type}` : c.name}
              onClick={(e) => {
                e.stopPropagation();
                focus.toggle(table.name, c.name);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  focus.toggle(table.name, c.name);
                }
              }}
            >
              <Handle type="target" position={Position.Left} id={`t:${c.name}`} className="lineage-handle" isConnectable={false} />
              <span className="lineage-col-name">{c.name}</span>
              {c.type ? <span className="lineage-col-type">{c.type}</span> : null}
              <Handle type="source" position={Position.Right} id={`s:${c.name}`} className="lineage-handle" isConnectable={false} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function ColumnEdgeView(props: EdgeProps<ColumnEdgeType>) {
  const [d] = getBezierPath(props);
  const kind = props.data?.kind ?? "copy";
  return (
    <g data-testid="lineage-edge" data-kind={kind}>
      <title>{props.data?.title}</title>
      <BaseEdge path={d} markerEnd={props.markerEnd} interactionWidth={12} />
    </g>
  );
}
