// What the lineage view draws: the shape of weir-lineage's JSON (`weir lineage --format json`),
// loose enough that the generated `Lineage` binding (columns as {name, kind}) and hand-made test
// graphs (columns as names) both fit.

/** How a table takes part in the script: read from, written to, or a view between them. */
export type TableRole = "source" | "sink" | "view";

/** A column as sent: a bare name, or a name with its SQL type. */
export type LineageColumn = string | { name: string; type?: string | null };

/** One table (or view), fully qualified as `catalog.database.table`. */
export interface LineageTable {
  name: string;
  role: TableRole;
  columns: LineageColumn[];
}

/** One column of one table. */
export interface ColumnRef {
  table: string;
  column: string;
}

/** How a column's value is derived from another. */
export type Transform = "copy" | "expression" | "aggregate";

/** The statement that creates an edge: its index in the script, 1-based line, optional byte span. */
export interface StatementRef {
  index: number;
  line: number;
  start?: number;
  end?: number;
}

/** An edge between two columns. */
export interface ColumnEdge {
  from: ColumnRef;
  to: ColumnRef;
  transform: Transform;
  statement: StatementRef;
}

/** The lineage of a script: value origins in `edges`, filter/join-only columns in `dependencies`. */
export interface LineageGraph {
  tables: LineageTable[];
  edges: ColumnEdge[];
  dependencies: ColumnEdge[];
}
