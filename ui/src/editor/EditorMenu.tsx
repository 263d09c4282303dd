// The editor's context menu (right click, the Menu key or Shift+F10): run, clipboard through
// Rust (WebKitGTK's own clipboard API never settles), select all, and MySQL DDL → Flink DDL.
import type { Services } from "../app/services";
import { ContextMenu, type MenuEntry } from "../app/ContextMenu";
import { modKey } from "../app/keys";

export interface EditorMenuState {
  x: number;
  y: number;
  keyboard: boolean;
}

export function EditorMenu({
  services,
  scriptId,
  menu,
  close,
}: {
  services: Services;
  scriptId: number;
  menu: EditorMenuState;
  close: () => void;
}) {
  const { editors, runs, api, notify, mysqlTranslate } = services;
  const view = editors.view;
  const sel = view.state.selection.main;
  const selected = view.state.sliceDoc(sel.from, sel.to);
  const running = runs.runs.get().get(scriptId)?.finished === false;
  const run = (whole: boolean) => {
    const scope = editors.runScope(scriptId, whole);
    if (scope) void runs.run(scriptId, scope);
  };
  const copy = async (cut: boolean) => {
    try {
      await api.copyText(selected);
      if (cut) editors.replaceRange(scriptId, sel.from, sel.to, "", "delete.cut");
    } catch (e) {
      notify.error(cut ? "Could not cut" : "Could not copy", e);
    }
  };
  const paste = async () => {
    try {
      const text = await api.readClipboard();
      if (!text || editors.active !== scriptId) return;
      const { from, to } = view.state.selection.main;
      view.dispatch({
        changes: { from, to, insert: text },
        selection: { anchor: from + text.length },
        scrollIntoView: true,
        userEvent: "input.paste",
      });
      view.focus();
    } catch (e) {
      notify.error("Could not paste", e);
    }
  };
  const translate = (connector: "jdbc" | "mysql-cdc") =>
    void mysqlTranslate.translate(scriptId, connector, { from: sel.from, to: sel.to });
  const noSelection = selected ? null : "Select text first";
  const entries: MenuEntry[] = [
    {
      label: sel.empty ? `Run statement (${modKey}+Enter)` : `Run selection (${modKey}+Enter)`,
      testId: "editor-menu-run",
      disabled: running ? "A run is under way" : null,
      run: () => run(false),
    },
    {
      label: "Run script",
      testId: "editor-menu-run-script",
      disabled: running ? "A run is under way" : null,
      run: () => run(true),
    },
    { label: "Cut", testId: "editor-menu-cut", separator: true, disabled: noSelection, run: () => void copy(true) },
    { label: "Copy", testId: "editor-menu-copy", disabled: noSelection, run: () => void copy(false) },
    { label: "Paste", testId: "editor-menu-paste", run: () => void paste() },
    {
      label: "Select all",
      testId: "editor-menu-select-all",
      run: () => {
        view.dispatch({ selection: { anchor: 0, head: view.state.doc.length } });
        view.focus();
      },
    },
    {
      label: "Translate MySQL CREATE TABLE",
      testId: "editor-menu-translate",
      separator: true,
      sub: [
        { label: "to Flink DDL (jdbc)", testId: "editor-translate-jdbc", run: () => translate("jdbc") },
        { label: "to Flink DDL (mysql-cdc)", testId: "editor-translate-mysql-cdc", run: () => translate("mysql-cdc") },
      ],
    },
  ];
  return (
    <ContextMenu
      x={menu.x}
      y={menu.y}
      keyboard={menu.keyboard}
      entries={entries}
      testId="editor-menu"
      close={(refocus) => {
        close();
        if (refocus) view.focus();
      }}
    />
  );
}
