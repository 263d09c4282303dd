// The chart of a result: kind, x, y and series picked from the columns (a suggestion from their
// types to start with), drawn by Rust (plotters) as SVG at the panel's size, redrawn as a streaming
// result changes (at most twice a second), and exported as PNG or SVG.
import { useEffect, useRef, useState } from "react";
import type { ChartImage, ChartKind, ChartSpec, ResultColumn } from "../ipc/bindings";
import type { Services } from "../app/services";

const KINDS: ChartKind[] = ["line", "bar", "area", "scatter", "pie"];
const REDRAW_MS = 500;

const numeric = (c: ResultColumn) => c.class === "int" || c.class === "float" || c.class === "decimal";

export function ChartView({
  services,
  runId,
  statement,
  columns,
  version,
  exportName,
}: {
  services: Services;
  runId: number;
  statement: number;
  columns: ResultColumn[];
  version: number;
  exportName: string;
}) {
  const { api, notify } = services;
  const [spec, setSpec] = useState<ChartSpec | null>(null);
  const [image, setImage] = useState<ChartImage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState({ width: 800, height: 300 });
  const [exportPath, setExportPath] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const lastDraw = useRef(0);

  // A suggestion from the column types whenever the result changes.
  useEffect(() => {
    let dead = false;
    setSpec(null);
    setImage(null);
    api
      .suggestChart(columns.map((c) => ({ name: c.name, typeName: c.type })))
      .then((s) => {
        if (dead) return;
        const firstNumber = columns.findIndex(numeric);
        setSpec(
          s ?? {
            kind: "line",
            x: null,
            y: firstNumber >= 0 ? [firstNumber] : [],
            series: null,
            title: null,
            width: 800,
            height: 300,
            theme: "dark",
          },
        );
      })
      .catch((e) => notify.error("Could not suggest a chart", e));
    return () => {
      dead = true;
    };
  }, [api, notify, runId, statement, columns]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setSize({ width: Math.max(200, Math.floor(r.width)), height: Math.max(120, Math.floor(r.height)) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (!spec) return;
    let dead = false;
    const draw = () => {
      lastDraw.current = Date.now();
      api
        .chart({
          runId,
          statement,
          selection: { view: "materialized", sort: [], filters: [] },
          spec: { ...spec, width: size.width, height: size.height, theme: "dark" },
        })
        .then((img) => {
          if (dead) return;
          setImage(img);
          setError(null);
        })
        .catch((e) => {
          if (!dead) setError((e as { message?: string }).message ?? String(e));
        });
    };
    const wait = Math.max(0, REDRAW_MS - (Date.now() - lastDraw.current));
    const timer = setTimeout(draw, wait);
    return () => {
      dead = true;
      clearTimeout(timer);
    };
  }, [api, runId, statement, spec, size, version]);

  const patch = (p: Partial<ChartSpec>) => setSpec((s) => (s ? { ...s, ...p } : s));
  const toggleY = (i: number) =>
    setSpec((s) => (s ? { ...s, y: s.y.includes(i) ? s.y.filter((y) => y !== i) : [...s.y, i].sort((a, b) => a - b) } : s));

  const openExport = async () => {
    const dir = await api.exportDir().catch(() => "");
    setExportPath(`${dir ? dir.replace(/[\\/]$/, "") + "/" : ""}${exportName}.png`);
  };
  const runExport = async () => {
    if (!spec || !exportPath) return;
    try {
      const r = await api.exportChart(
        {
          runId,
          statement,
          selection: { view: "materialized", sort: [], filters: [] },
          spec: { ...spec, width: Math.max(960, size.width), height: Math.max(480, size.height), theme: "light" },
        },
        exportPath,
      );
      notify.show("info", `Wrote the chart to ${r.path}`);
      setExportPath(null);
    } catch (e) {
      notify.error("Could not export the chart", e);
    }
  };

  return (
    <div className="chart-view" data-testid="chart-view">
      <div className="grid-bar chart-bar">
        {spec && (
          <>
            <select value={spec.kind} onChange={(e) => patch({ kind: e.target.value as ChartKind })} data-testid="chart-kind">
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {k[0]!.toUpperCase() + k.slice(1)}
                </option>
              ))}
            </select>
            <label>
              x{" "}
              <select
                value={spec.x === null ? "" : String(spec.x)}
                onChange={(e) => patch({ x: e.target.value === "" ? null : Number(e.target.value) })}
                data-testid="chart-x"
              >
                <option value="">(row number)</option>
                {columns.map((c, i) => (
                  <option key={i} value={i}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <span className="chart-y" data-testid="chart-y">
              y
              {columns.map((c, i) =>
                numeric(c) ? (
                  <label key={i}>
                    <input type="checkbox" checked={spec.y.includes(i)} onChange={() => toggleY(i)} /> {c.name}
                  </label>
                ) : null,
              )}
            </span>
            <label>
              series{" "}
              <select
                value={spec.series === null ? "" : String(spec.series)}
                onChange={(e) => patch({ series: e.target.value === "" ? null : Number(e.target.value) })}
                data-testid="chart-series"
              >
                <option value="">(none)</option>
                {columns.map((c, i) => (
                  <option key={i} value={i}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <span className="spacer" />
        {image && (image.skippedRows > 0 || image.omittedCategories > 0 || image.omittedSeries > 0) && (
          <span className="chart-note">
            {image.skippedRows > 0 && `${image.skippedRows} rows without x · `}
            {image.omittedCategories > 0 && `${image.omittedCategories} categories in “Other” · `}
            {image.omittedSeries > 0 && `${image.omittedSeries} series not drawn`}
          </span>
        )}
        <button onClick={() => void openExport()} disabled={!image} data-testid="chart-export-open">
          Export…
        </button>
      </div>
      {exportPath !== null && (
        <div className="export-dialog" data-testid="chart-export">
          <div className="export-row">
            <input
              className="export-path"
              value={exportPath}
              onChange={(e) => setExportPath(e.target.value)}
              spellCheck={false}
              data-testid="chart-export-path"
              onKeyDown={(e) => {
                if (e.key === "Enter") void runExport();
                if (e.key === "Escape") setExportPath(null);
              }}
            />
          </div>
          <div className="export-row export-buttons">
            <span className="chart-note">.png or .svg</span>
            <span className="spacer" />
            <button onClick={() => setExportPath(null)}>Close</button>
            <button className="primary" onClick={() => void runExport()} data-testid="chart-export-start">
              Export
            </button>
          </div>
        </div>
      )}
      <div className="chart-box" ref={box}>
        {error ? (
          <div className="run-empty" data-testid="chart-error">
            {error}
          </div>
        ) : image ? (
          <div className="chart-svg" data-testid="chart-svg" dangerouslySetInnerHTML={{ __html: image.svg }} />
        ) : (
          <div className="run-empty">Drawing…</div>
        )}
      </div>
    </div>
  );
}
