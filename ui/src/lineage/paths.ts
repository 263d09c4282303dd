// Pure graph work behind the lineage view: column keys, normalisation, upstream/downstream paths,
// the table filter and the dagre layout. No React here, so all of it is unit-tested directly.
import type { ColumnEdge, LineageColumn, LineageGraph, TableRole } from "./types";

/** A column with its name and (when sent) its SQL type. */
export interface NormalColumn {
  name: string;
  type?: string;
}

/** A table whose columns are objects and which lists every column its edges mention. */
export interface NormalTable {
  name: string;
  role: TableRole;
  columns: NormalColumn[];
}

/** A graph the view can draw: every edge end names a listed table and column. Edge order is kept. */
export interface NormalGraph {
  tables: NormalTable[];
  edges: ColumnEdge[];
  dependencies: ColumnEdge[];
}

/** The shape `filterGraph` and `layout` work on (a `LineageGraph` or a `NormalGraph`). */
export interface GraphLike {
  tables: { name: string }[];
  edges: ColumnEdge[];
  dependencies?: ColumnEdge[];
}

/** Columns (as `columnKey`s) and edge indexes (into `edges` and `dependencies`) on a path. */
export interface LineagePath {
  columns: Set<string>;
  edges: Set<number>;
  dependencies: Set<number>;
}

/** Whether dependency (filter/join) edges are followed as well as value edges. */
export interface PathOptions {
  dependencies?: boolean;
}

/** The key of one column in path sets: `table \u0000 column`. */
export function columnKey(table: string, column: string): string {
  return `${table}\u0000${column}`;
}

/** A column's name, whichever form it arrived in. */
export function columnName(column: LineageColumn): string {
  return typeof column === "string" ? column : column.name;
}

/** The last part of `catalog.db.table` (backticks dropped). */
export function shortName(table: string): string {
  const parts = splitName(table);
  return parts[parts.length - 1] ?? table;
}

function splitName(name: string): string[] {
  // Flink quotes identifiers with backticks; a dot inside them is part of the name.
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of name) {
    if (ch === "`") quoted = !quoted;
    else if (ch === "." && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Columns as objects, and tables or columns that edges mention but the table list lacks added
 * (a table read from a catalog the script never declares, say), so every edge has both ends to draw.
 */
export function normalizeGraph(graph: LineageGraph): NormalGraph {
  const tables: NormalTable[] = [];
  const byName = new Map<string, { table: NormalTable; columns: Set<string> }>();
  for (const t of graph.tables ?? []) {
    const seen = new Set<string>();
    const columns: NormalColumn[] = [];
    for (const c of t.columns ?? []) {
      const name = columnName(c);
      if (seen.has(name)) continue;
      seen.add(name);
      const type = typeof c === "string" ? undefined : (c.type ?? undefined);
      columns.push(type ? { name, type } : { name });
    }
    const table: NormalTable = { name: t.name, role: t.role, columns };
    if (byName.has(t.name)) continue;
    byName.set(t.name, { table, columns: seen });
    tables.push(table);
  }
  const edges = graph.edges ?? [];
  const dependencies = graph.dependencies ?? [];
  const isFrom = new Set<string>();
  const isTo = new Set<string>();
  for (const e of [...edges, ...dependencies]) {
    isFrom.add(e.from.table);
    isTo.add(e.to.table);
  }
  const ensure = (ref: { table: string; column: string }) => {
    let entry = byName.get(ref.table);
    if (!entry) {
      const role: TableRole = !isTo.has(ref.table) ? "source" : !isFrom.has(ref.table) ? "sink" : "view";
      entry = { table: { name: ref.table, role, columns: [] }, columns: new Set() };
      byName.set(ref.table, entry);
      tables.push(entry.table);
    }
    if (!entry.columns.has(ref.column)) {
      entry.columns.add(ref.column);
      entry.table.columns.push({ name: ref.column });
    }
  };
  for (const e of [...edges, ...dependencies]) {
    ensure(e.from);
    ensure(e.to);
  }
  return { tables, edges, dependencies };
}

type Side = "from" | "to";

function walk(graph: GraphLike, table: string, column: string, dir: "up" | "down", opts: PathOptions): LineagePath {
  const start = columnKey(table, column);
  const result: LineagePath = { columns: new Set([start]), edges: new Set(), dependencies: new Set() };
  // Index the edges by the end we arrive at: for upstream that is `to`, for downstream `from`.
  const near: Side = dir === "up" ? "to" : "from";
  const far: Side = dir === "up" ? "from" : "to";
  const index = new Map<string, { list: "edges" | "dependencies"; i: number }[]>();
  const add = (list: "edges" | "dependencies", edges: ColumnEdge[]) =>
    edges.forEach((e, i) => {
      const key = columnKey(e[near].table, e[near].column);
      const bucket = index.get(key);
      if (bucket) bucket.push({ list, i });
      else index.set(key, [{ list, i }]);
    });
  add("edges", graph.edges);
  if (opts.dependencies) add("dependencies", graph.dependencies ?? []);

  const queue = [start];
  while (queue.length > 0) {
    const key = queue.pop() as string;
    for (const { list, i } of index.get(key) ?? []) {
      const edge = (list === "edges" ? graph.edges : (graph.dependencies ?? []))[i] as ColumnEdge;
      result[list].add(i);
      const next = columnKey(edge[far].table, edge[far].column);
      if (!result.columns.has(next)) {
        result.columns.add(next);
        queue.push(next);
      }
    }
  }
  return result;
}

/** Every column this column's value comes from, transitively, with the edges between them. */
export function upstream(graph: GraphLike, table: string, column: string, opts: PathOptions = {}): LineagePath {
  return walk(graph, table, column, "up", opts);
}

/** Every column this column's value flows into, transitively (its impact), with the edges. */
export function downstream(graph: GraphLike, table: string, column: string, opts: PathOptions = {}): LineagePath {
  return walk(graph, table, column, "down", opts);
}

/** The column's whole path: upstream and downstream together (the column itself included). */
export function pathOf(graph: GraphLike, table: string, column: string, opts: PathOptions = {}): LineagePath {
  const up = upstream(graph, table, column, opts);
  const down = downstream(graph, table, column, opts);
  return {
    columns: new Set([...up.columns, ...down.columns]),
    edges: new Set([...up.edges, ...down.edges]),
    dependencies: new Set([...up.dependencies, ...down.dependencies]),
  };
}

/** Names of the tables whose full name contains `text` (case-insensitive); all when `text` is blank. */
export function visibleTables(graph: GraphLike, text: string): Set<string> {
  const needle = text.trim().toLowerCase();
  return new Set(graph.tables.filter((t) => needle === "" || t.name.toLowerCase().includes(needle)).map((t) => t.name));
}

/** Whether both ends of an edge are among `tables`. */
export function edgeVisible(edge: ColumnEdge, tables: Set<string>): boolean {
  return tables.has(edge.from.table) && tables.has(edge.to.table);
}

/** The graph with only the tables matching `text`, and only the edges between those tables. */
export function filterGraph<G extends GraphLike>(graph: G, text: string): G {
  const keep = visibleTables(graph, text);
  return {
    ...graph,
    tables: graph.tables.filter((t) => keep.has(t.name)),
    edges: graph.edges.filter((e) => edgeVisible(e, keep)),
    ...(graph.dependencies ? { dependencies: graph.dependencies.filter((e) => edgeVisible(e, keep)) } : {}),
  };
}

/** Geometry of a table node, shared by the layout and lineage.css (keep them in step). */
