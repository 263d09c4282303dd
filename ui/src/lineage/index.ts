// The lineage feature's entry: the view is lazy (xyflow, dagre and html-to-image stay out of the main
// chunk until the view is first shown), the types and pure path functions are not.
import { lazy } from "react";

export type { LineageViewProps, Focus } from "./LineageView";
export type { ColumnEdge, ColumnRef, LineageColumn, LineageGraph, LineageTable, StatementRef, TableRole, Transform } from "./types";

/** `LineageView`, loaded on first render; wrap it in `<Suspense>`. */
export const LazyLineageView = lazy(() => import("./LineageView"));
