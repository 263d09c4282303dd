// Pure helpers of the result grid: cell text, the filter mini-language, sort cycling. (Copied
// rows are written by Rust, which holds them all.)
import type { Cell, Filter, FilterOp, SortKey } from "../ipc/bindings";

/** The text a person sees for a cell ("" for NULL). */
export function cellText(cell: Cell): string {
  switch (cell.t) {
    case "null":
      return "";
    case "bool":
      return cell.v ? "true" : "false";
    case "int":
    case "float":
      return String(cell.v);
    case "decimal":
    case "text":
      return cell.v;
    case "nested":
      return JSON.stringify(cell.v);
  }
}

const OPS: [string, FilterOp][] = [
  [">=", "ge"],
  ["<=", "le"],
  ["!=", "notEquals"],
  ["<>", "notEquals"],
  ["=", "equals"],
  [">", "gt"],
  ["<", "lt"],
];

/**
 * A column filter from what was typed: `text` (contains, case-insensitive), `=x`, `!=x`, `>x`,
 * `>=x`, `<x`, `<=x`, `null`, `!null`; empty means no filter.
 */
export function parseFilter(text: string, column: number): Filter | null {
  const t = text.trim();
  if (!t) return null;
  const lower = t.toLowerCase();
  if (lower === "null" || lower === "is null") return { column, op: "isNull", value: "" };
  if (lower === "!null" || lower === "not null" || lower === "is not null") return { column, op: "isNotNull", value: "" };
  for (const [prefix, op] of OPS) {
    if (t.startsWith(prefix)) return { column, op, value: t.slice(prefix.length).trim() };
  }
  return { column, op: "contains", value: t };
}

/**
 * The sort after a header click: a plain click sorts by that column alone (ascending, then
 * descending, then unsorted); Shift+click cycles the column inside a multi-column sort.
 */
export function nextSort(prev: readonly SortKey[], column: number, add: boolean): SortKey[] {
  const current = prev.find((k) => k.column === column);
  const next: SortKey | null = !current ? { column, descending: false } : !current.descending ? { column, descending: true } : null;
  if (!add) return next ? [next] : [];
  if (!current) return [...prev, next!];
  return next ? prev.map((k) => (k.column === column ? next : k)) : prev.filter((k) => k.column !== column);
}
