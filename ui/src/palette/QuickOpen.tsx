// Ctrl/Cmd+P: open any script by typing part of its path.
import { useEffect, useMemo, useRef, useState } from "react";
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import { scriptPath } from "../workspace/treeModel";
import { fuzzyFilter } from "./fuzzy";
import { Highlighted } from "./Highlighted";
import "./palette.css";

const MAX_RESULTS = 100;

export function QuickOpen({ services }: { services: Services }) {
  const open = useStore(services.quickOpen);
  if (!open) return null;
  return <QuickOpenDialog services={services} close={() => services.quickOpen.set(false)} />;
}

function QuickOpenDialog({ services, close }: { services: Services; close: () => void }) {
  const model = useStore(services.workspace.model);
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  const items = useMemo(
    () => [...model.scripts.values()].map((s) => ({ id: s.id, path: scriptPath(model, s.id) })),
    [model],
  );
  const results = useMemo(() => {
    if (query.trim() === "") {
      return [...items]
        .sort((a, b) => (model.scripts.get(b.id)?.updatedAt ?? 0) - (model.scripts.get(a.id)?.updatedAt ?? 0))
        .slice(0, MAX_RESULTS)
        .map((item) => ({ item, match: { score: 0, positions: [] as number[] } }));
    }
    return fuzzyFilter(query, items, (i) => i.path).slice(0, MAX_RESULTS);
  }, [items, query, model]);

  useEffect(() => setIndex(0), [query]);
  useEffect(() => {
    listRef.current?.querySelector(".palette-item.selected")?.scrollIntoView?.({ block: "nearest" });
  }, [index]);

  const choose = (i: number) => {
    const r = results[i];
    if (!r) return;
    close();
    services.workspace.reveal({ kind: "script", id: r.item.id });
    services.workspace.selected.set({ kind: "script", id: r.item.id });
    void services.tabs.open(r.item.id, { focus: true });
  };

  return (
    <div className="overlay" onMouseDown={close}>
      <div className="palette" role="dialog" aria-label="Open script" onMouseDown={(e) => e.stopPropagation()}>
        <input
          className="palette-input"
          data-testid="quick-open"
          autoFocus
          placeholder="Open a script by name or path"
          value={query}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
          onBlur={close}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setIndex((i) => Math.min(results.length - 1, i + 1));
            else if (e.key === "ArrowUp") setIndex((i) => Math.max(0, i - 1));
            else if (e.key === "PageDown") setIndex((i) => Math.min(results.length - 1, i + 10));
            else if (e.key === "PageUp") setIndex((i) => Math.max(0, i - 10));
            else if (e.key === "Enter") choose(index);
            else if (e.key === "Escape") close();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <div className="palette-list" ref={listRef} role="listbox">
          {results.map((r, i) => {
            const slash = r.item.path.lastIndexOf("/");
            const nameStart = slash + 1;
            return (
              <div
                key={r.item.id}
                role="option"
                aria-selected={i === index}
                className={"palette-item" + (i === index ? " selected" : "")}
                data-testid="quick-open-item"
                data-script-id={r.item.id}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => setIndex(i)}
                onClick={() => choose(i)}
              >
                <span className="palette-name">
                  <Highlighted text={r.item.path.slice(nameStart)} positions={r.match.positions} offset={nameStart} />
                </span>
                {slash > 0 && (
                  <span className="palette-path">
                    <Highlighted text={r.item.path.slice(0, slash)} positions={r.match.positions} offset={0} />
                  </span>
                )}
              </div>
            );
          })}
          {results.length === 0 && <div className="palette-empty">No script matches “{query}”</div>}
        </div>
      </div>
    </div>
  );
}
