// The Log tab: the app log with time, level, target and message.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useStore } from "../app/store";
import { LEVELS, levelRank, type Level, type LogFeed } from "./logFeed";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
export function formatTime(tsMs: number): string {
  const d = new Date(tsMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function LogPanel({ feed }: { feed: LogFeed }) {
  const entries = useStore(feed.entries);
  const [minLevel, setMinLevel] = useState<Level>("trace");
  const [clearedAt, setClearedAt] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const shown = useMemo(() => {
    const max = levelRank(minLevel);
    return entries.filter((e) => e.seq > clearedAt && levelRank(e.level) <= max);
  }, [entries, minLevel, clearedAt]);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  useEffect(() => {
    stick.current = true;
  }, [minLevel, clearedAt]);

  return (
    <div className="log-panel" data-testid="log-panel">
      <div className="panel-toolbar">
        <label className="toolbar-label">
          Level
          <select
            data-testid="log-level"
            value={minLevel}
            onChange={(e) => setMinLevel(e.target.value as Level)}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === "trace" ? "all" : `${l} and above`.replace("error and above", "error")}
              </option>
            ))}
          </select>
        </label>
        <button
          className="small-button"
          data-testid="log-clear"
          onClick={() => setClearedAt(entries[entries.length - 1]?.seq ?? clearedAt)}
          title="Clear the view (the app log keeps its entries)"
        >
          Clear
        </button>
        <span className="toolbar-note">{shown.length} entries</span>
      </div>
      <div
        className="log-list"
        ref={listRef}
        role="log"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
        }}
      >
        {shown.map((e) => (
          <div key={e.seq} className={`log-row level-${e.level.toLowerCase()}`} data-testid="log-row">
            <span className="log-time">{formatTime(e.tsMs)}</span>
            <span className="log-level">{e.level.toUpperCase()}</span>
            <span className="log-target">{e.target}</span>
            <span className="log-message">{e.message}</span>
          </div>
        ))}
        {shown.length === 0 && <div className="panel-empty">No log entries.</div>}
      </div>
    </div>
  );
}
