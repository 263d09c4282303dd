// The Databases view's context menu (a table's "Generate Flink DDL ▸ …", "Query first 100 rows",
// "Copy name"; a profile's Edit / Refresh / Delete) and the delete confirmation.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Connector, DbProfile, TableInfo } from "./types";
import { CONNECTOR_LABEL, connectorMismatch } from "./dbModel";

/** What a menu acts on. */
export type MenuTarget =
  | { type: "profile"; profile: DbProfile }
  | { type: "table"; profile: DbProfile; schema: string; table: TableInfo };

/** An open menu: where, on what, and whether the keyboard opened it. */
export interface MenuState {
  x: number;
  y: number;
  target: MenuTarget;
  /** Focus the first item (opened from the keyboard). */
  keyboard: boolean;
}

interface MenuEntry {
  label: string;
  testId: string;
  run?: () => void;
  disabled?: string | null;
  sub?: MenuEntry[];
}

export function DbMenu({
  menu,
  close,
  onDdl,
  onQuery,
  onCopy,
  onEdit,
  onRefresh,
  onDelete,
}: {
  menu: MenuState;
  close: (refocus: boolean) => void;
  onDdl: (p: DbProfile, schema: string, t: TableInfo, c: Connector) => void;
  onQuery: (p: DbProfile, schema: string, t: TableInfo) => void;
  onCopy: (name: string) => void;
  onEdit: (p: DbProfile) => void;
  onRefresh: (p: DbProfile) => void;
  onDelete: (p: DbProfile) => void;
}) {
  const [subOpen, setSubOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const subRef = useRef<HTMLDivElement>(null);
  const target = menu.target;

  let entries: MenuEntry[];
  if (target.type === "table") {
    const { profile: p, schema, table: t } = target;
    const connectors: Connector[] = ["jdbc", "mysql-cdc", "postgres-cdc"];
    entries = [
      {
        label: "Generate Flink DDL",
        testId: "db-ddl",
        sub: connectors.map((c) => ({
          label: CONNECTOR_LABEL[c],
          testId: `db-ddl-${c}`,
          disabled: connectorMismatch(p.kind, c),
          run: () => onDdl(p, schema, t, c),
        })),
      },
      { label: "Query first 100 rows", testId: "db-query-top", run: () => onQuery(p, schema, t) },
      { label: "Copy name", testId: "db-copy-name", run: () => onCopy(t.name) },
    ];
  } else {
    const p = target.profile;
    entries = [
      { label: "Edit connection…", testId: "db-profile-edit", run: () => onEdit(p) },
      { label: "Refresh", testId: "db-profile-refresh", run: () => onRefresh(p) },
      { label: "Delete…", testId: "db-profile-delete", run: () => onDelete(p) },
    ];
  }

  useLayoutEffect(() => {
    // Keep the menu inside the window (a row near the bottom or right edge).
    const el = ref.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth) el.style.left = `${Math.max(0, window.innerWidth - box.width - 4)}px`;
    if (box.bottom > window.innerHeight) el.style.top = `${Math.max(0, window.innerHeight - box.height - 4)}px`;
  }, [menu]);

  useEffect(() => {
    if (menu.keyboard) ref.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [menu]);

  const focusIn = (el: HTMLElement | null, step: number) => {
    if (!el) return;
    const items = [...el.querySelectorAll<HTMLButtonElement>(":scope > button:not(:disabled)")];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[(at + step + items.length) % items.length];
    next?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const inSub = subRef.current?.contains(document.activeElement) ?? false;
    switch (e.key) {
      case "Escape":
        if (inSub) {
          setSubOpen(false);
          ref.current?.querySelector<HTMLButtonElement>('[data-testid="db-ddl"]')?.focus();
        } else close(true);
        break;
      case "ArrowDown":
        focusIn(inSub ? subRef.current : ref.current, 1);
        break;
      case "ArrowUp":
        focusIn(inSub ? subRef.current : ref.current, -1);
        break;
      case "ArrowLeft":
        if (inSub) {
          setSubOpen(false);
          ref.current?.querySelector<HTMLButtonElement>('[data-testid="db-ddl"]')?.focus();
        }
        break;
      case "Tab":
        close(true);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const renderItem = (en: MenuEntry, onMouseEnter?: () => void) => (
    <button
      key={en.testId}
      onMouseEnter={onMouseEnter}
      role="menuitem"
      className="context-item db-menu-item"
      data-testid={en.testId}
      disabled={!!en.disabled}
      title={en.disabled ?? undefined}
      onClick={() => {
        close(true);
        en.run?.();
      }}
    >
      {en.label}
    </button>
  );

  return (
    <div
      ref={ref}
      className="context-menu db-menu"
      role="menu"
      style={{ left: menu.x, top: menu.y }}
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={onKeyDown}
    >
      {entries.map((en) =>
        en.sub ? (
          <button
            key={en.testId}
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={subOpen}
            className={"context-item db-menu-item db-submenu-parent" + (subOpen ? " open" : "")}
            data-testid={en.testId}
            onMouseEnter={() => setSubOpen(true)}
            // the pointer already opened it on the way in: a click keeps it open
            onClick={() => setSubOpen(true)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                e.stopPropagation();
                setSubOpen(true);
                requestAnimationFrame(() => subRef.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus());
              }
            }}
          >
            <span>{en.label}</span>
            <span className="db-submenu-arrow" aria-hidden>
              ▸
            </span>
          </button>
        ) : (
          renderItem(en, () => setSubOpen(false))
        ),
      )}
      {subOpen && (
        <div ref={subRef} className="context-menu db-submenu" role="menu" data-testid="db-ddl-submenu">
          {entries.flatMap((en) => en.sub ?? []).map((en) => renderItem(en))}
        </div>
      )}
    </div>
  );
}

export function ConfirmDelete({ profile, onCancel, onConfirm }: { profile: DbProfile; onCancel: () => void; onConfirm: () => void }) {
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="db-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        className="db-confirm"
        role="alertdialog"
        aria-label="Delete connection"
        data-testid="db-confirm-delete"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <p>
          Delete the connection <b>{profile.name}</b>? Its password is removed from the keychain. Scripts that use it
          keep their text.
        </p>
        <div className="db-buttons">
          <span className="spacer" />
          <button className="db-button" data-testid="db-confirm-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button ref={ok} className="db-button danger" data-testid="db-confirm-ok" onClick={onConfirm}>
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}
