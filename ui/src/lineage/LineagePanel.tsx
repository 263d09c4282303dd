// The bottom panel's Lineage tab: the column lineage of the active script (recomputed by Rust a
// moment after each edit), or of the whole workspace, where a focused column lists the scripts
// and columns it impacts downstream and comes from upstream. Clicking an edge shows the statement
// that makes it; exports go to the export folder.
import { Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { useStore } from "../app/store";
import { toIpcError } from "../ipc/api";
import type { Services } from "../app/services";
import type { LineageDoc, WorkspaceLineage } from "../ipc/bindings";
import { LazyLineageView } from "./index";
import { downstream, upstream } from "./paths";
import type { ColumnRef, LineageGraph, StatementRef } from "./types";
import "./lineage.css";

/** How long after the last edit the lineage is asked for again. */
const EDIT_DELAY_MS = 400;

type Scope = "script" | "workspace";

/** Scripts and columns a focused column reaches, one way. */
interface Reach {
  columns: ColumnRef[];
  scripts: string[];
  /** Flink jobs the statements on the way last submitted: id and where. */
  jobs: { id: string; script: string; connection: string }[];
}

export function LineagePanel({ services }: { services: Services }) {
  const tabs = useStore(services.tabs.store);
  const edited = useStore(services.editors.edited);
  const active = tabs.active;
  const [scope, setScope] = useState<Scope>("script");
  const [doc, setDoc] = useState<LineageDoc | null>(null);
  const [ws, setWs] = useState<WorkspaceLineage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState<ColumnRef | null>(null);
  // edits of the active script re-read its lineage; in the workspace, any edit does
  const trigger = scope === "script" ? (edited.id === active ? edited.n : 0) : edited.n;

  useEffect(() => {
    let dead = false;
    const timer = setTimeout(
      async () => {
        if (scope === "script" && active === null) return setDoc(null);
        setLoading(true);
        try {
          await services.editors.sync.idleAll();
          if (scope === "script" && active !== null) {
            const d = await services.api.lineage(active);
            if (!dead) setDoc(d);
          } else {
            const w = await services.api.workspaceLineage();
            if (!dead) setWs(w);
          }
          if (!dead) setError(null);
        } catch (e) {
          if (!dead) setError(toIpcError(e).message);
        } finally {
          if (!dead) setLoading(false);
        }
      },
      trigger === 0 ? 0 : EDIT_DELAY_MS,
    );
    return () => {
      dead = true;
      clearTimeout(timer);
    };
  }, [services, scope, active, trigger]);

  const graph: LineageGraph | null = scope === "script" ? (doc?.graph ?? null) : (ws?.graph ?? null);

  const onJump = useCallback(
    (st: StatementRef) => {
      if (scope === "script") {
        if (active !== null) void services.tabs.open(active, { anchor: st.start ?? 0, head: st.end, focus: true });
        return;
      }
      const where = ws?.statements[st.index];
      if (where) void services.tabs.open(where.scriptId, { anchor: where.start, head: where.end, focus: true });
    },
    [services, scope, active, ws],
  );

  const onExport = useCallback(
    (kind: "png" | "svg" | "json", data: string) => {
      const base = scope === "script" ? (doc?.name ?? "script").replace(/\.sql$/i, "") : "workspace";
      const png = kind === "png";
      const body = png ? data.slice(data.indexOf(",") + 1) : data;
      services.api
        .saveExport(`${base}-lineage.${kind}`, body, png)
        .then((path) => services.notify.show("info", `Lineage exported to ${path}`))
        .catch((e) => services.notify.error("Could not export the lineage", e));
    },
    [services, scope, doc],
  );

  // in the workspace: what the focused column reaches, and in which scripts
  const reach = useMemo(() => {
    if (scope !== "workspace" || !ws || !focus) return null;
    const of = (walk: typeof downstream): Reach => {
      const r = walk(ws.graph, focus.table, focus.column);
      const columns = [...r.columns]
        .map((k) => {
          const [table = "", column = ""] = k.split("\u0000");
          return { table, column };
        })
        .filter((c) => !(c.table === focus.table && c.column === focus.column));
      const scripts = new Set<string>();
      const jobs = new Map<string, Reach["jobs"][number]>();
      for (const i of r.edges) {
        const edge = ws.graph.edges[i];
        const st = edge ? ws.statements[edge.statement.index] : undefined;
        if (!st) continue;
        scripts.add(st.script);
        if (st.job) jobs.set(st.job.id, { id: st.job.id, script: st.script, connection: st.job.connection });
      }
      return { columns, scripts: [...scripts].sort(), jobs: [...jobs.values()] };
    };
    return { down: of(downstream), up: of(upstream) };
  }, [scope, ws, focus]);

  return (
    <div className="lineage-panel" data-testid="lineage-panel">
      <div className="grid-bar">
        <div className="segmented" role="group" aria-label="Lineage of">
          <button className={scope === "script" ? "active" : ""} data-testid="lineage-scope-script" onClick={() => setScope("script")}>
            This script
          </button>
          <button
            className={scope === "workspace" ? "active" : ""}
            data-testid="lineage-scope-workspace"
            onClick={() => setScope("workspace")}
          >
            Workspace
          </button>
        </div>
        <span className="grid-count" data-testid="lineage-summary">
          {scope === "script"
            ? doc
              ? `${doc.name} · ${doc.graph.tables.length} tables · ${doc.graph.edges.length} column edges${
                  doc.graph.skipped?.length ? ` · ${doc.graph.skipped.length} statements not analysed` : ""
                }`
              : ""
            : ws
              ? `${ws.scripts} scripts · ${ws.graph.tables.length} tables · ${ws.graph.edges.length} column edges`
              : ""}
        </span>
      </div>
      <div className="lineage-panel-body">
        {scope === "script" && active === null ? (
          <div className="run-empty">Open a script to see its lineage.</div>
        ) : (
          <Suspense fallback={<div className="run-empty">Loading the lineage view…</div>}>
            <LazyLineageView
              graph={graph}
              loading={loading}
              error={error}
              onJump={onJump}
              onExport={onExport}
              onFocus={setFocus}
            />
          </Suspense>
        )}
        {reach && focus && (
          <aside className="lineage-impact" data-testid="lineage-impact">
            <h4>
              {focus.table.split(".").pop()}.{focus.column}
            </h4>
            <ImpactList title="Downstream (impact)" reach={reach.down} testId="lineage-downstream" />
            <ImpactList title="Upstream (origins)" reach={reach.up} testId="lineage-upstream" />
          </aside>
        )}
      </div>
    </div>
  );
}

function ImpactList({ title, reach, testId }: { title: string; reach: Reach; testId: string }) {
  return (
    <section data-testid={testId}>
      <h5>
        {title}: {reach.columns.length} columns in {reach.scripts.length} scripts
        {reach.jobs.length > 0 ? `, ${reach.jobs.length} jobs` : ""}
      </h5>
      <ul className="lineage-impact-scripts">
        {reach.scripts.map((s) => (
          <li key={s} data-testid={`${testId}-script`}>
            {s}
          </li>
        ))}
      </ul>
      {reach.jobs.length > 0 && (
        <ul className="lineage-impact-jobs" data-testid={`${testId}-jobs`}>
          {reach.jobs.map((j) => (
            <li key={j.id} title={`last submitted by ${j.script} on ${j.connection}`}>
              job {j.id.slice(0, 8)}… · {j.script}
            </li>
          ))}
        </ul>
      )}
      <ul className="lineage-impact-columns">
        {reach.columns.map((c) => (
          <li key={`${c.table}\u0000${c.column}`} title={c.table}>
            {c.table.split(".").pop()}.{c.column}
          </li>
        ))}
      </ul>
    </section>
  );
}
