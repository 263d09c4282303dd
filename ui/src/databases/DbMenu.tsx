// The Databases view's context menu (a table's "Generate Flink DDL ▸ …", "Generate sync job",
// "Query first 100 rows", "Copy name"; a profile's Edit / Refresh / Delete) and the delete
// confirmation.
import { useEffect, useRef } from "react";
import { ContextMenu, type MenuEntry } from "../app/ContextMenu";
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

export function DbMenu({
  menu,
  close,
  onDdl,
  onPipeline,
  onQuery,
  onCopy,
  onEdit,
  onRefresh,
  onDelete,
}: {
  menu: MenuState;
  close: (refocus: boolean) => void;
  onDdl: (p: DbProfile, schema: string, t: TableInfo, c: Connector) => void;
  onPipeline: (p: DbProfile, schema: string, t: TableInfo) => void;
  onQuery: (p: DbProfile, schema: string, t: TableInfo) => void;
  onCopy: (name: string) => void;
  onEdit: (p: DbProfile) => void;
  onRefresh: (p: DbProfile) => void;
  onDelete: (p: DbProfile) => void;
}) {
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
      {
        label: "Generate sync job (source, sink, INSERT)",
        testId: "db-pipeline",
        disabled: t.kind === "table" ? null : "Only tables have a change stream to read",
        run: () => onPipeline(p, schema, t),
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

  return <ContextMenu x={menu.x} y={menu.y} keyboard={menu.keyboard} entries={entries} close={close} className="db-menu" />;
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
