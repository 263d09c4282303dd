// The workspace tree in the sidebar: folders first, then scripts, each sorted by name.
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { ContextMenu, type MenuEntry } from "../app/ContextMenu";
import { useStore } from "../app/store";
import type { Services } from "../app/services";
import { sameItem, visibleItems, type ItemRef } from "./treeModel";
import "./tree.css";

const DRAG_TYPE = "application/x-weir-item";

interface MenuState {
  x: number;
  y: number;
  item: ItemRef | null;
}

export function TreeView({ services }: { services: Services }) {
  const ws = services.workspace;
  const model = useStore(ws.model);
  const expanded = useStore(ws.expanded);
  const selected = useStore(ws.selected);
  const renaming = useStore(ws.renaming);
  const active = useStore(services.tabs.store).active;
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [dropTarget, setDropTarget] = useState<number | "root" | null>(null);
  const dragItem = useRef<ItemRef | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  // The active tab's script is shown and selected in the tree (also the one restored at start),
  // once per activation: the user's own selection afterwards stays.
  const revealed = useRef<number | null>(null);
  useEffect(() => {
    if (active === null || active === revealed.current || !model.scripts.has(active)) return;
    revealed.current = active;
    const item: ItemRef = { kind: "script", id: active };
    ws.reveal(item);
    ws.selected.set(item);
  }, [active, model, ws]);

  // After an inline rename ends, keyboard focus returns to the tree.
  const wasRenaming = useRef(false);
  useEffect(() => {
    if (wasRenaming.current && renaming === null) treeRef.current?.focus();
    wasRenaming.current = renaming !== null;
  }, [renaming]);

  const select = (item: ItemRef) => ws.selected.set(item);

  const openScript = (id: number, focus: boolean) => {
    void services.tabs.open(id, { focus });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (renaming) return;
    const items = visibleItems(model, expanded);
    const idx = items.findIndex((it) => sameItem(it, selected));
    const sel = idx >= 0 ? items[idx] : undefined;
    const go = (i: number) => {
      const it = items[Math.max(0, Math.min(items.length - 1, i))];
      if (it) select(it);
    };
    switch (e.key) {
      case "ArrowDown":
        go(idx + 1);
        break;
      case "ArrowUp":
        go(idx <= 0 ? 0 : idx - 1);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(items.length - 1);
        break;
      case "ArrowRight":
        if (sel?.kind === "folder") {
          if (!expanded.has(sel.id)) ws.toggle(sel.id, true);
          else go(idx + 1);
        }
        break;
      case "ArrowLeft":
        if (sel?.kind === "folder" && expanded.has(sel.id)) ws.toggle(sel.id, false);
        else if (sel) {
          const parent =
            sel.kind === "folder" ? model.folders.get(sel.id)?.parentId : model.scripts.get(sel.id)?.folderId;
          if (parent !== undefined && parent !== null) select({ kind: "folder", id: parent });
        }
        break;
      case "Enter":
        if (sel?.kind === "script") openScript(sel.id, true);
        else if (sel?.kind === "folder") ws.toggle(sel.id);
        break;
      case "F2":
        if (sel) ws.renaming.set(sel);
        break;
      case "Delete":
        if (sel) void ws.delete(sel);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const onContextMenu = (e: MouseEvent, item: ItemRef | null) => {
    e.preventDefault();
    e.stopPropagation();
    ws.selected.set(item);
    setMenu({ x: e.clientX, y: e.clientY, item });
  };

  const onDragStart = (e: DragEvent, item: ItemRef) => {
    dragItem.current = item;
    e.dataTransfer.effectAllowed = "move";
    try {
      e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(item));
      e.dataTransfer.setData("text/plain", item.kind === "script" ? (model.scripts.get(item.id)?.name ?? "") : "");
    } catch {
      /* some engines refuse custom types; the ref is enough within the window */
    }
  };

  const draggedItem = (e: DragEvent): ItemRef | null => {
    if (dragItem.current) return dragItem.current;
    try {
      const raw = e.dataTransfer.getData(DRAG_TYPE);
      return raw ? (JSON.parse(raw) as ItemRef) : null;
    } catch {
      return null;
    }
  };

  const onDragOver = (e: DragEvent, folderId: number | null) => {
    const item = draggedItem(e);
    if (!item || !ws.canMove(item, folderId)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = "move";
    setDropTarget(folderId ?? "root");
  };

  const onDrop = (e: DragEvent, folderId: number | null) => {
    const item = draggedItem(e);
    e.preventDefault();
    e.stopPropagation();
    dragItem.current = null;
    setDropTarget(null);
    if (item) void ws.move(item, folderId);
  };

  const rows: ReactNode[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const f of model.childFolders.get(parent) ?? []) {
      const item: ItemRef = { kind: "folder", id: f.id };
      const open = expanded.has(f.id);
      rows.push(
        <div
          key={`f${f.id}`}
          className={
            "tree-row tree-folder" +
            (sameItem(item, selected) ? " selected" : "") +
            (dropTarget === f.id ? " drop-target" : "")
          }
          style={{ paddingLeft: 8 + depth * 14 }}
          data-testid="tree-folder"
          data-folder-id={f.id}
          role="treeitem"
          aria-expanded={open}
          aria-selected={sameItem(item, selected)}
          draggable={!sameItem(item, renaming)}
          onClick={() => {
            select(item);
            ws.toggle(f.id);
          }}
          onContextMenu={(e) => onContextMenu(e, item)}
          onDragStart={(e) => onDragStart(e, item)}
          onDragEnd={() => {
            dragItem.current = null;
            setDropTarget(null);
          }}
          onDragOver={(e) => onDragOver(e, f.id)}
          onDragLeave={() => setDropTarget((t) => (t === f.id ? null : t))}
          onDrop={(e) => onDrop(e, f.id)}
        >
          <span className={"twisty" + (open ? " open" : "")} aria-hidden>
            ▸
          </span>
          <span className="icon icon-folder" aria-hidden />
          {sameItem(item, renaming) ? (
            <RenameInput services={services} item={item} initial={f.name} />
          ) : (
            <span
              className="tree-label"
              onDoubleClick={(e) => {
                e.stopPropagation();
                ws.renaming.set(item);
              }}
            >
              {f.name}
            </span>
          )}
        </div>,
      );
      if (open) walk(f.id, depth + 1);
    }
    for (const s of model.childScripts.get(parent) ?? []) {
      const item: ItemRef = { kind: "script", id: s.id };
      rows.push(
        <div
          key={`s${s.id}`}
          className={
            "tree-row tree-script" +
            (sameItem(item, selected) ? " selected" : "") +
            (active === s.id ? " active" : "")
          }
          style={{ paddingLeft: 8 + depth * 14 + 14 }}
          data-testid="tree-script"
          data-script-id={s.id}
          role="treeitem"
          aria-selected={sameItem(item, selected)}
          draggable={!sameItem(item, renaming)}
          title={s.name}
          onClick={() => {
            select(item);
            openScript(s.id, false);
          }}
          onDoubleClick={() => services.editors.focus()}
          onContextMenu={(e) => onContextMenu(e, item)}
          onDragStart={(e) => onDragStart(e, item)}
          onDragEnd={() => {
            dragItem.current = null;
            setDropTarget(null);
          }}
          onDragOver={(e) => onDragOver(e, s.folderId)}
          onDrop={(e) => onDrop(e, s.folderId)}
        >
          <span className="icon icon-script" aria-hidden />
          {sameItem(item, renaming) ? (
            <RenameInput services={services} item={item} initial={s.name} />
          ) : (
            <span className="tree-label">{s.name}</span>
          )}
        </div>,
      );
    }
  };
  walk(null, 0);

  return (
    <div className="tree-wrap">
      <div className="sidebar-toolbar">
        <span className="sidebar-title">Workspace</span>
        <button
          className="icon-button"
          data-testid="new-script"
          title="New script"
          aria-label="New script"
          onClick={() => void ws.newScript()}
        >
          <span className="icon icon-new-script" aria-hidden />
        </button>
        <button
          className="icon-button"
          data-testid="new-folder"
          title="New folder"
          aria-label="New folder"
          onClick={() => void ws.newFolder()}
        >
          <span className="icon icon-new-folder" aria-hidden />
        </button>
      </div>
      <div
        ref={treeRef}
        className={"tree" + (dropTarget === "root" ? " drop-target" : "")}
        data-testid="tree"
        role="tree"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onContextMenu={(e) => onContextMenu(e, null)}
        onDragOver={(e) => onDragOver(e, null)}
        onDragLeave={(e) => {
          if (e.target === e.currentTarget) setDropTarget((t) => (t === "root" ? null : t));
        }}
        onDrop={(e) => onDrop(e, null)}
        onClick={(e) => {
          if (e.target === e.currentTarget) ws.selected.set(null);
        }}
      >
        {rows}
        {rows.length === 0 && (
          <div className="tree-empty">
            No scripts yet.
            <button className="link-button" onClick={() => void ws.newScript()}>
              Create a script
            </button>
          </div>
        )}
      </div>
      {menu && <TreeMenu services={services} menu={menu} close={() => setMenu(null)} />}
    </div>
  );
}

function RenameInput({ services, item, initial }: { services: Services; item: ItemRef; initial: string }) {
  const ws = services.workspace;
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    input.focus();
    const dot = item.kind === "script" ? initial.lastIndexOf(".") : -1;
    input.setSelectionRange(0, dot > 0 ? dot : initial.length);
  }, [initial, item.kind]);

  const commit = async () => {
    if (busy) return;
    setBusy(true);
    const err = await ws.rename(item, value);
    setBusy(false);
    if (err) {
      setError(err);
      ref.current?.focus();
    }
  };

  return (
    <span className="rename" onClick={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>
      <input
        ref={ref}
        className={"rename-input" + (error ? " invalid" : "")}
        data-testid="rename-input"
        value={value}
        spellCheck={false}
        aria-invalid={error !== null}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") {
            e.preventDefault();
            void commit();
          } else if (e.key === "Escape") {
            e.preventDefault();
            ws.renaming.set(null);
          }
        }}
        onBlur={() => {
          if (busy) return;
          if (value.trim() === initial || error) ws.renaming.set(null);
          else void commit();
        }}
      />
      {error && (
        <span className="rename-error" role="alert" data-testid="rename-error">
          {error}
        </span>
      )}
    </span>
  );
}

function TreeMenu({ services, menu, close }: { services: Services; menu: MenuState; close: () => void }) {
  const ws = services.workspace;
  const item = menu.item;
  const entries: MenuEntry[] = [];
  if (item?.kind === "script") {
    entries.push({ label: "Open", testId: "menu-open", run: () => void services.tabs.open(item.id) });
  }
  entries.push({ label: "New script", testId: "menu-new-script", run: () => void ws.newScript() });
  entries.push({ label: "New folder", testId: "menu-new-folder", run: () => void ws.newFolder() });
  if (item) {
    entries.push({ label: "Rename…", testId: "menu-rename", run: () => ws.renaming.set(item) });
    entries.push({ label: "Delete", testId: "menu-delete", run: () => void ws.delete(item) });
  }
  return <ContextMenu x={menu.x} y={menu.y} keyboard={false} entries={entries} close={close} />;
}
