// Everything the workbench shares, created once per open workspace and wired together.
import type { Layout } from "../ipc/bindings";
import { api as realApi, type Api } from "../ipc/api";
import { Editors, type CursorInfo } from "../editor/editors";
import { Tabs } from "../editor/tabs";
import { Workspace } from "../workspace/workspace";
import { Notifier } from "./notify";
import { EngineModel } from "../engine/engine";
import { RunsModel } from "../results/runs";
import { MysqlTranslate } from "../editor/mysqlTranslate";
import { Store } from "./store";

export type SidebarView = "explorer" | "search" | "databases" | "jobs";

export interface Services {
  api: Api;
  notify: Notifier;
  editors: Editors;
  tabs: Tabs;
  workspace: Workspace;
  engine: EngineModel;
  runs: RunsModel;
  mysqlTranslate: MysqlTranslate;
  layout: Store<Layout | null>;
  cursor: Store<CursorInfo | null>;
  sidebarView: Store<SidebarView>;
  quickOpen: Store<boolean>;
  /** Bumped to ask the search view to focus its input. */
  searchFocus: Store<number>;
  saveLayout(next: Layout): void;
}

export const DEFAULT_LAYOUT: Layout = {
  sidebarWidth: 260,
  sidebarOpen: true,
  bottomHeight: 300,
  bottomOpen: true,
  window: null,
};

export function createServices(api: Api = realApi): Services {
  const notify = new Notifier();
  const cursor = new Store<CursorInfo | null>(null);
  let tabs: Tabs | null = null;
  let runs: RunsModel | null = null;
  // The language services know where the tab runs: a database tab completes that database's
  // names and is checked in its SQL dialect.
  const connectionOf = (id: number) => runs?.choice(id).connection ?? null;
  const editorApi: Api = {
    ...api,
    complete: (id, pos) => api.complete(id, pos, connectionOf(id)),
    diagnostics: (id) => api.diagnostics(id, connectionOf(id)),
  };
  const editors = new Editors(editorApi, {
    onCursor: (id, info) => {
      if (tabs?.view.active === id) cursor.set(info);
    },
    onViewChange: () => tabs?.persistSoon(),
    onDirty: (id, dirty) => tabs?.setDirty(id, dirty),
    onError: (what, e) => notify.error(what, e),
    onPaste: (id, from, text) => void translate.onPaste(id, from, text),
  });
  const translate = new MysqlTranslate(api, editors, connectionOf, notify);
  tabs = new Tabs(editors, {
    setTabs: (t) => api.setTabs(t),
    onError: (what, e) => notify.error(what, e),
    track: (label, work) => notify.track(label, work),
  });
  const workspace = new Workspace(api, tabs, notify);
  const runsModel = new RunsModel(api, notify, (id, job) => editors.sync.run(id, job));
  runs = runsModel;
  // Another connection for the shown tab: check it again the new way.
  let shownConnection: string | null = null;
  runsModel.choices.subscribe(() => {
    const id = editors.active;
    const now = id === null ? null : connectionOf(id);
    if (now !== shownConnection) {
      shownConnection = now;
      if (id !== null) editors.relint();
    }
  });
  const layout = new Store<Layout | null>(null);
  const saveLayout = (next: Layout) => {
    layout.set(next);
    api.setLayout(next).catch((e) => notify.error("Could not remember the layout", e));
  };
  return {
    api,
    notify,
    editors,
    tabs,
    workspace,
    engine: new EngineModel(api, notify),
    runs: runsModel,
    mysqlTranslate: translate,
    layout,
    cursor,
    sidebarView: new Store<SidebarView>("explorer"),
    quickOpen: new Store(false),
    searchFocus: new Store(0),
    saveLayout,
  };
}
