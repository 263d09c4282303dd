// Automatic left-to-right layout of the lineage graph with dagre; apart from paths.ts so that
// the pure path functions do not pull dagre into the main chunk.
import dagre from "@dagrejs/dagre";
import { columnName, shortName, type GraphLike, type NormalTable } from "./paths";
import type { LineageColumn } from "./types";

export const NODE = {
  /** Title bar height, border included. */
  header: 31,
  /** Height of one column row. */
  row: 22,
  /** Padding above and below the column rows, bottom border included. */
  padding: 7,
  minWidth: 170,
  maxWidth: 340,
} as const;

/** Where one node goes: its top-left corner and size (xyflow's convention, not dagre's centre). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Layout settings; every field has a default. */
export interface LayoutOptions {
  /** Width of a table's node; the default estimates it from the longest name. */
  width?: (table: GraphLike["tables"][number]) => number;
  /** Space between columns of tables (ranks) and between tables in a column. */
  rankSep?: number;
  nodeSep?: number;
  /** Whether dependency edges pull tables together too (default: yes, so toggling them keeps the layout). */
  dependencies?: boolean;
}

/** Height of a table node with `columns` columns (an empty table still shows one row). */
export function nodeHeight(columns: number): number {
  return NODE.header + NODE.padding + NODE.row * Math.max(1, columns);
}

/** A width that fits the title and the longest column name and type (monospace: 12px ≈ 7.2px a char, 11px ≈ 6.6px). */
export function estimateWidth(table: GraphLike["tables"][number]): number {
  const t = table as Partial<NormalTable> & { name: string; columns?: LineageColumn[] };
  const title = shortName(t.name).length * 7.8 + 96; // bold name, role badge, gaps
  let widest = 0;
  for (const c of t.columns ?? []) {
    const type = typeof c === "string" ? "" : (c.type ?? "");
    widest = Math.max(widest, columnName(c).length * 7.4 + (type ? type.length * 6.8 + 12 : 0) + 32);
  }
  return Math.round(Math.min(NODE.maxWidth, Math.max(NODE.minWidth, title, widest)));
}

/** Left-to-right positions for every table, from dagre over the table-level edges. */
export function layout(graph: GraphLike, opts: LayoutOptions = {}): Map<string, Box> {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "LR", ranksep: opts.rankSep ?? 90, nodesep: opts.nodeSep ?? 28, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const width = opts.width ?? estimateWidth;
  const names = new Set<string>();
  for (const t of graph.tables) {
    if (names.has(t.name)) continue;
    names.add(t.name);
    const cols = (t as { columns?: unknown[] }).columns?.length ?? 0;
    g.setNode(t.name, { width: width(t), height: nodeHeight(cols) });
  }
  const all = opts.dependencies === false ? graph.edges : [...graph.edges, ...(graph.dependencies ?? [])];
  for (const e of all) {
    const a = e.from.table;
    const b = e.to.table;
    if (a === b || !names.has(a) || !names.has(b)) continue;
    // Several column edges between two tables pull them closer than one does.
    const label = g.edge(a, b) as { weight?: number } | undefined;
    g.setEdge(a, b, { weight: (label?.weight ?? 0) + 1 });
  }
  dagre.layout(g);
  const boxes = new Map<string, Box>();
  for (const name of names) {
    const n = g.node(name) as { x: number; y: number; width: number; height: number };
    boxes.set(name, { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2), width: n.width, height: n.height });
  }
  return boxes;
}
