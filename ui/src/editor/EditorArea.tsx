// The editor area: the tab strip and the CodeMirror view of the active tab.
import { RunToolbar } from "../results/RunToolbar";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import { modKey } from "../app/keys";
import { scriptPath } from "../workspace/treeModel";
import { EditorMenu, type EditorMenuState } from "./EditorMenu";
import "./editor.css";

export function EditorArea({ services }: { services: Services }) {
  const tabs = useStore(services.tabs.store);
  const model = useStore(services.workspace.model);
  const hostRef = useRef<HTMLDivElement>(null);
  const [dragId, setDragId] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<{ id: number; after: boolean } | null>(null);
  const [menu, setMenu] = useState<EditorMenuState | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    host.appendChild(services.editors.view.dom);
    services.editors.view.requestMeasure();
  }, [services]);

  // Keep the active tab visible in an overflowing strip.
  useEffect(() => {
    document.querySelector(".tab-strip .tab.active")?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [tabs.active, tabs.order]);

  const showEditor = tabs.active !== null && services.editors.isOpen(tabs.active);

  const onDragOver = (e: DragEvent<HTMLDivElement>, id: number) => {
    if (dragId === null) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    const rect = e.currentTarget.getBoundingClientRect();
    const after = rect.width > 0 && e.clientX > rect.left + rect.width / 2;
    setDropAt({ id, after });
  };

  const onDrop = (e: DragEvent<HTMLDivElement>, id: number) => {
    e.preventDefault();
    const moving = dragId;
    const after = dropAt?.id === id ? dropAt.after : false;
    setDragId(null);
    setDropAt(null);
    if (moving === null || moving === id) return;
    const order = tabs.order.filter((x) => x !== moving);
    const at = order.indexOf(id) + (after ? 1 : 0);
    services.tabs.move(moving, at);
  };

  return (
    <div className="editor-area">
      {tabs.order.length > 0 && (
        <div className="tab-strip" role="tablist" data-testid="tab-strip">
          {tabs.order.map((id) => {
            const meta = model.scripts.get(id);
            const dirty = tabs.dirty[id] === true;
            const isActive = tabs.active === id;
            const drop = dropAt?.id === id ? (dropAt.after ? " drop-after" : " drop-before") : "";
            return (
              <div
                key={id}
                role="tab"
                aria-selected={isActive}
                className={"tab" + (isActive ? " active" : "") + (dirty ? " dirty" : "") + drop}
                data-testid="tab"
                data-script-id={id}
                data-dirty={dirty ? "true" : "false"}
                title={meta ? scriptPath(model, id) : "This script no longer exists"}
                draggable
                onMouseDown={(e) => {
                  if (e.button === 1) e.preventDefault(); // no autoscroll on middle-click
                }}
                onClick={() => services.tabs.activate(id)}
                onAuxClick={(e) => {
                  if (e.button === 1) {
                    e.preventDefault();
                    void services.tabs.close(id);
                  }
                }}
                onDragStart={(e) => {
                  setDragId(id);
                  e.dataTransfer.effectAllowed = "move";
                  try {
                    e.dataTransfer.setData("text/plain", meta?.name ?? "");
                  } catch {
                    /* not needed within the window */
                  }
                }}
                onDragEnd={() => {
                  setDragId(null);
                  setDropAt(null);
                }}
                onDragOver={(e) => onDragOver(e, id)}
                onDrop={(e) => onDrop(e, id)}
              >
                <span className="tab-name">{meta?.name ?? `script ${id}`}</span>
                {tabs.loading.includes(id) && <span className="spinner small" aria-label="Loading" />}
                <button
                  className="tab-close"
                  aria-label="Close tab"
                  title={`Close (${modKey}+W)`}
                  onMouseDown={(e) => e.stopPropagation()}
                  onClick={(e) => {
                    e.stopPropagation();
                    void services.tabs.close(id);
                  }}
                >
                  <span className="tab-dot" aria-hidden />
                  <span className="tab-x" aria-hidden>
                    ×
                  </span>
                </button>
              </div>
            );
          })}
          <div
            className="tab-strip-rest"
            onDragOver={(e) => {
              if (dragId !== null) e.preventDefault();
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragId !== null) services.tabs.move(dragId, tabs.order.length);
              setDragId(null);
              setDropAt(null);
            }}
          />
        </div>
      )}
      {tabs.active !== null && showEditor && <RunToolbar services={services} scriptId={tabs.active} />}
      <div className="editor-body">
        {/* The view stays laid out even with no tab, so CodeMirror can always measure it. */}
        <div
          className="editor-host"
          data-testid="editor"
          ref={hostRef}
          aria-hidden={!showEditor}
          onContextMenu={(e) => {
            if (!showEditor) return;
            e.preventDefault();
            // A right click outside the selection moves the cursor there first.
            const view = services.editors.view;
            const at = e.button === 2 ? view.posAtCoords({ x: e.clientX, y: e.clientY }) : null;
            const sel = view.state.selection.main;
            if (at !== null && (at < sel.from || at > sel.to)) view.dispatch({ selection: { anchor: at } });
            setMenu({ x: e.clientX, y: e.clientY, keyboard: false });
          }}
          onKeyDown={(e) => {
            if (!showEditor || !(e.key === "ContextMenu" || (e.shiftKey && e.key === "F10"))) return;
            e.preventDefault();
            const view = services.editors.view;
            const c = view.coordsAtPos(view.state.selection.main.head);
            setMenu({ x: c?.left ?? 40, y: c?.bottom ?? 40, keyboard: true });
          }}
        />
        {menu && tabs.active !== null && showEditor && (
          <EditorMenu services={services} scriptId={tabs.active} menu={menu} close={() => setMenu(null)} />
        )}
        {!showEditor && (
          <div className="editor-empty" data-testid="editor-empty">
            {tabs.active !== null && tabs.loading.includes(tabs.active) ? (
              <div className="hint">
                <span className="spinner" /> Opening…
              </div>
            ) : (
              <div className="hints">
                <div className="hint-title">No script open</div>
                <button className="hint hint-button" onClick={() => services.quickOpen.set(true)}>
                  <kbd>{modKey}</kbd>+<kbd>P</kbd> Open a script
                </button>
                <button
                  className="hint hint-button"
                  onClick={() => {
                    services.sidebarView.set("search");
                    const layout = services.layout.get();
                    if (layout && !layout.sidebarOpen) services.saveLayout({ ...layout, sidebarOpen: true });
                    services.searchFocus.set((n) => n + 1);
                  }}
                >
                  <kbd>{modKey}</kbd>+<kbd>Shift</kbd>+<kbd>F</kbd> Search all scripts
                </button>
                <div className="hint">
                  <button className="link-button" onClick={() => void services.workspace.newScript()}>
                    New script
                  </button>
                </div>
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
