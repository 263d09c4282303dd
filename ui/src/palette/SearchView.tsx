// Ctrl/Cmd+Shift+F: search the text of every script; results grouped by script.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { SearchHit } from "../ipc/bindings";
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import { groupHits, SEARCH_DEBOUNCE_MS } from "./search";
import "./palette.css";

/** Hits rendered at most (the summary counts them all). */
const MAX_SHOWN = 2000;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

type Status = { kind: "idle" } | { kind: "searching" } | { kind: "done"; hits: SearchHit[]; query: string } | { kind: "error"; message: string };

export function SearchView({ services }: { services: Services }) {
  const focusTick = useStore(services.searchFocus);
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [index, setIndex] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusTick]);

  useEffect(() => {
    const gen = ++generation.current;
    const q = query;
    if (q.trim() === "") {
      setStatus({ kind: "idle" });
      return;
    }
    setStatus({ kind: "searching" });
    const timer = setTimeout(() => {
      services.api.search(q).then(
        (hits) => {
          if (gen === generation.current) {
            setStatus({ kind: "done", hits, query: q });
            setIndex(-1);
          }
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          const err = services.notify.error("Search failed", e);
          setStatus({ kind: "error", message: err.message });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, services]);

  const hits = status.kind === "done" ? status.hits : [];
  // Rendering is capped; the summary still counts every hit.
  const groups = useMemo(() => groupHits(hits.slice(0, MAX_SHOWN)), [hits]);
  const scriptCount = useMemo(() => new Set(hits.map((h) => h.scriptId)).size, [hits]);
  const flat = useMemo(() => groups.flatMap((g) => g.hits), [groups]);

  useEffect(() => {
    listRef.current?.querySelector(".search-hit.selected")?.scrollIntoView?.({ block: "nearest" });
  }, [index]);

  const openHit = async (hit: SearchHit) => {
    const { tabs, editors } = services;
    await tabs.open(hit.scriptId, { focus: false });
    const from = editors.offsetAt(hit.scriptId, hit.line, hit.column);
    // The match is the query's length in characters (the preview may cut it short).
    const queryChars = status.kind === "done" ? [...status.query].length : 0;
    const to = editors.offsetAt(hit.scriptId, hit.line, hit.column + queryChars);
    if (from !== null && tabs.view.active === hit.scriptId) {
      editors.select(hit.scriptId, from, Math.max(to ?? from, from + hit.previewLen));
      editors.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") setIndex((i) => Math.min(flat.length - 1, i + 1));
    else if (e.key === "ArrowUp") setIndex((i) => Math.max(0, i - 1));
    else if (e.key === "Enter") {
      const hit = flat[index < 0 ? 0 : index];
      if (hit) void openHit(hit);
    } else if (e.key === "Escape") {
      if (query) setQuery("");
      else services.editors.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  let n = 0;
  return (
    <div className="search-panel" data-testid="search-panel" onKeyDown={onKeyDown}>
      <div className="sidebar-toolbar">
        <span className="sidebar-title">Search</span>
      </div>
      <div className="search-box">
        <input
          ref={inputRef}
          className="search-input"
          data-testid="search-input"
          placeholder="Search all scripts"
          value={query}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="search-summary" data-testid="search-summary">
        {status.kind === "searching" && (
          <>
            <span className="spinner small" /> Searching…
          </>
        )}
        {status.kind === "done" &&
          (hits.length === 0
            ? "No results"
            : `${plural(hits.length, "result")} in ${plural(scriptCount, "script")}` +
              (hits.length > MAX_SHOWN ? ` (showing the first ${MAX_SHOWN})` : ""))}
        {status.kind === "error" && <span className="error-text">{status.message}</span>}
      </div>
      <div className="search-results" ref={listRef} role="listbox">
        {groups.map((g) => (
          <div key={g.scriptId} className="search-group" data-testid="search-group" data-script-id={g.scriptId}>
            <div className="search-group-title" title={g.path}>
              <span className="icon icon-script" aria-hidden />
              <span className="search-path">{g.path}</span>
              <span className="badge">{g.hits.length}</span>
            </div>
            {g.hits.map((h) => {
              const i = n++;
              const before = h.preview.slice(0, h.previewStart);
              const match = h.preview.slice(h.previewStart, h.previewStart + h.previewLen);
              const after = h.preview.slice(h.previewStart + h.previewLen);
              return (
                <div
                  key={`${h.line}:${h.column}:${i}`}
                  role="option"
                  aria-selected={i === index}
                  className={"search-hit" + (i === index ? " selected" : "")}
                  data-testid="search-hit"
                  data-line={h.line}
                  onClick={() => {
                    setIndex(i);
                    void openHit(h);
                  }}
                >
                  <span className="search-line">{h.line}</span>
                  <span className="search-preview">
                    {before}
                    <mark>{match}</mark>
                    {after}
                  </span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
