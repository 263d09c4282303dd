// The main window of an open workspace: sidebar, editor area, bottom panel and status bar.
import { useEffect, useMemo, useState } from "react";
import type { Layout, WorkspaceInfo } from "../ipc/bindings";
import { useStore } from "./store";
import { DEFAULT_LAYOUT, type Services } from "./services";
import { isMod, modKey } from "./keys";
import { Resizer } from "./Resizer";
import { Toasts } from "./Toasts";
import { TreeView } from "../workspace/TreeView";
import { EditorArea } from "../editor/EditorArea";
import { BottomPanel, type PanelTab } from "../panel/BottomPanel";
import { LogPanel } from "../panel/LogPanel";
import { LogFeed } from "../panel/logFeed";
import { StatusBar } from "../status/StatusBar";
import { RunPanel } from "../results/RunPanel";
import { HistoryPanel } from "../results/HistoryPanel";
import { LineagePanel } from "../lineage/LineagePanel";
import { QuickOpen } from "../palette/QuickOpen";
import { SearchView } from "../palette/SearchView";
import { DatabasesView } from "../databases/DatabasesView";
import { dbApi } from "../databases/ipc";
import { JobsView } from "../jobs/JobsView";
import { JobsConnections } from "../jobs/JobsConnections";
import { jobsApi } from "../jobs/ipc";
import { closeWindow, logUiError, onClosing } from "../ipc/api";

const MIN_SIDEBAR = 160;
const MIN_BOTTOM = 80;

export function Workbench({ services, info }: { services: Services; info: WorkspaceInfo }) {
  const layout = useStore(services.layout) ?? DEFAULT_LAYOUT;
  const sidebarView = useStore(services.sidebarView);
  const [ready, setReady] = useState(false);
  // Live sizes while dragging a handle; persisted when the drag ends.
  const [liveSidebar, setLiveSidebar] = useState<number | null>(null);
  const [liveBottom, setLiveBottom] = useState<number | null>(null);
  const feed = useMemo(() => new LogFeed(), []);

  useEffect(() => {
    let cancelled = false;
    const { api, notify, tabs, workspace } = services;
    const load = async () => {
      const [layoutRes, tabsRes] = await Promise.allSettled([
        api.layout(),
        api.tabs(),
        notify.track("Loading workspace", workspace.reload()),
      ]);
      if (cancelled) return;
      if (layoutRes.status === "fulfilled") services.layout.set(layoutRes.value);
      else {
        services.layout.set(DEFAULT_LAYOUT);
        notify.error("Could not read the window layout", layoutRes.reason);
      }
      setReady(true);
      if (tabsRes.status === "fulfilled") {
        const model = workspace.model.get();
        await tabs.restore(tabsRes.value, (id) => model.scripts.has(id));
        const active = tabs.view.active;
        if (active !== null) workspace.reveal({ kind: "script", id: active });
      } else {
        notify.error("Could not restore the open tabs", tabsRes.reason);
      }
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [services]);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let dead = false;
    void feed.start((e) => services.notify.error("Could not read the app log", e)).then((s) => {
      if (dead) s();
      else stop = s;
    });
    return () => {
      dead = true;
      stop?.();
    };
  }, [feed, services]);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let dead = false;
    void Promise.all([services.engine.attach(), services.runs.attach()]).then((fns) => {
      const s = () => fns.forEach((f) => f());
      if (dead) s();
      else stop = s;
    });
    return () => {
      dead = true;
      stop?.();
    };
  }, [services]);

  useEffect(() => {
    const setLayout = (patch: Partial<Layout>) =>
      services.saveLayout({ ...(services.layout.get() ?? DEFAULT_LAYOUT), ...patch });
    const onKey = (e: KeyboardEvent) => {
      const key = e.key.toLowerCase();
      const { tabs, editors } = services;
      const active = tabs.view.active;
      const exists = (id: number) => services.workspace.model.get().scripts.has(id);
      if (e.ctrlKey && !e.metaKey && !e.altKey && (key === "tab" || key === "pagedown" || key === "pageup")) {
        tabs.cycle(key === "pageup" || (key === "tab" && e.shiftKey) ? -1 : 1);
      } else if (!isMod(e) || e.altKey) {
        return;
      } else if (key === "enter") {
        // Ctrl/Cmd+Enter: the statement at the cursor (or the selection); +Shift: the script.
        const scope = active !== null ? editors.runScope(active, e.shiftKey) : null;
        if (active === null || !scope || services.runs.running(active)) return;
        void services.runs.run(active, scope);
      } else if (key === "p" && !e.shiftKey) {
        services.quickOpen.set(true);
      } else if (key === "f" && e.shiftKey) {
        services.sidebarView.set("search");
        if (!(services.layout.get() ?? DEFAULT_LAYOUT).sidebarOpen) setLayout({ sidebarOpen: true });
        services.searchFocus.set((n) => n + 1);
      } else if (key === "e" && e.shiftKey) {
        services.sidebarView.set("explorer");
        if (!(services.layout.get() ?? DEFAULT_LAYOUT).sidebarOpen) setLayout({ sidebarOpen: true });
      } else if (key === "b" && !e.shiftKey) {
        setLayout({ sidebarOpen: !(services.layout.get() ?? DEFAULT_LAYOUT).sidebarOpen });
      } else if (key === "j" && !e.shiftKey) {
        setLayout({ bottomOpen: !(services.layout.get() ?? DEFAULT_LAYOUT).bottomOpen });
      } else if (key === "s" && !e.shiftKey) {
        if (active !== null && editors.isOpen(active)) {
          void services.notify
            .track("Saving version", editors.save(active))
            .catch((err) => services.notify.error("Could not save a version", err));
        }
      } else if (key === "w" && !e.shiftKey) {
        if (active !== null) void tabs.close(active);
      } else if (key === "t" && e.shiftKey) {
        void tabs.reopenClosed(exists);
      } else {
        return;
      }
      e.preventDefault();
      e.stopPropagation();
    };
    // Selection and scroll are persisted throttled; send the latest before the window goes away.
    const onHide = () => void services.tabs.persistNow();
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("pagehide", onHide);
    // Closing the window: send the last edits and cursor positions, then let Rust close it.
    const closing = onClosing(() => {
      void Promise.all([services.editors.sync.idleAll(), services.tabs.persistNow()])
        .catch((err) => logUiError("Saving the session before closing", err))
        .finally(() => void closeWindow().catch(() => undefined));
    });
    return () => {
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("pagehide", onHide);
      void closing.then((stop) => stop()).catch(() => undefined);
    };
  }, [services]);

  const sidebarWidth = liveSidebar ?? layout.sidebarWidth;
  const bottomHeight = liveBottom ?? layout.bottomHeight;
  const saveLayout = (patch: Partial<Layout>) => services.saveLayout({ ...layout, ...patch });

  const [panelTab, setPanelTab] = useState("run");
  // The Jobs view takes the editor's place while its side view is shown (the editor stays mounted).
  const [jobsConnection, setJobsConnection] = useState<string | null>(null);
  const jobsShown = layout.sidebarOpen && sidebarView === "jobs";
  useEffect(() => {
    services.runs.onStarted = () => {
      setPanelTab("run");
      const l = services.layout.get();
      if (l && !l.bottomOpen) services.saveLayout({ ...l, bottomOpen: true });
    };
    return () => {
      services.runs.onStarted = null;
    };
  }, [services]);
  const panelTabs: PanelTab[] = useMemo(
    () => [
      { id: "run", title: "Run", render: () => <RunPanel services={services} /> },
      { id: "history", title: "History", render: () => <HistoryPanel services={services} /> },
      { id: "lineage", title: "Lineage", render: () => <LineagePanel services={services} /> },
      { id: "log", title: "Log", render: () => <LogPanel feed={feed} /> },
    ],
    [feed, services],
  );

  return (
    <div className="workbench" data-ready={ready ? "true" : "false"}>
      <div className="workbench-main">
        {layout.sidebarOpen && (
          <>
            <aside className="sidebar" style={{ width: sidebarWidth }} data-testid="sidebar">
              <div className="sidebar-views" role="tablist">
                <button
                  role="tab"
                  aria-selected={sidebarView === "explorer"}
                  className={"view-tab" + (sidebarView === "explorer" ? " active" : "")}
                  title={`Workspace (${modKey}+Shift+E)`}
                  data-testid="view-explorer"
                  onClick={() => services.sidebarView.set("explorer")}
                >
                  Explorer
                </button>
                <button
                  role="tab"
                  aria-selected={sidebarView === "search"}
                  className={"view-tab" + (sidebarView === "search" ? " active" : "")}
                  title={`Search all scripts (${modKey}+Shift+F)`}
                  onClick={() => {
                    services.sidebarView.set("search");
                    services.searchFocus.set((n) => n + 1);
                  }}
                >
                  Search
                </button>
                <button
                  role="tab"
                  aria-selected={sidebarView === "databases"}
                  className={"view-tab" + (sidebarView === "databases" ? " active" : "")}
                  title="Databases around Flink: MySQL, PostgreSQL, SQLite"
                  data-testid="view-databases"
                  onClick={() => services.sidebarView.set("databases")}
                >
                  Databases
                </button>
                <button
                  role="tab"
                  aria-selected={sidebarView === "jobs"}
                  className={"view-tab" + (sidebarView === "jobs" ? " active" : "")}
                  title="Jobs of a Flink cluster: state, plan, failures, checkpoints, savepoints"
                  data-testid="view-jobs"
                  onClick={() => services.sidebarView.set("jobs")}
                >
                  Jobs
                </button>
              </div>
              {sidebarView === "explorer" ? (
                <TreeView services={services} />
              ) : sidebarView === "search" ? (
                <SearchView services={services} />
              ) : sidebarView === "jobs" ? (
                <JobsConnections api={jobsApi} current={jobsConnection} onChoose={setJobsConnection} />
              ) : (
                <DatabasesView
                  api={dbApi}
                  onOpenSql={(title, sql, connection) =>
                    void services.workspace.newScriptWith(title, sql).then((id) => {
                      if (id !== null && connection !== null) services.runs.choose(id, { connection });
                    })
                  }
                  onError={(what, e) => services.notify.error(what, e)}
                />
              )}
            </aside>
            <Resizer
              direction="vertical"
              testId="sidebar-resizer"
              size={sidebarWidth}
              min={MIN_SIDEBAR}
              max={() => Math.max(MIN_SIDEBAR, window.innerWidth - 300)}
              onResize={setLiveSidebar}
              onCommit={(w) => {
                setLiveSidebar(null);
                saveLayout({ sidebarWidth: w });
              }}
            />
          </>
        )}
        <main className="center">
          {jobsShown && <JobsView api={jobsApi} connection={jobsConnection} visible={jobsShown} />}
          <div className="center-editor" style={{ display: jobsShown ? "none" : "contents" }}>
            <EditorArea services={services} />
          </div>
          {layout.bottomOpen && (
            <Resizer
              direction="horizontal"
              testId="panel-resizer"
              size={bottomHeight}
              min={MIN_BOTTOM}
              invert
              max={() => Math.max(MIN_BOTTOM, window.innerHeight - 160)}
              onResize={setLiveBottom}
              onCommit={(h) => {
                setLiveBottom(null);
                saveLayout({ bottomHeight: h });
              }}
            />
          )}
          <BottomPanel
            tabs={panelTabs}
            current={panelTab}
            onSelect={setPanelTab}
            open={layout.bottomOpen}
            height={bottomHeight}
            onToggle={(open) => saveLayout({ bottomOpen: open })}
          />
        </main>
      </div>
      <StatusBar services={services} workspaceName={info.name} />
      <QuickOpen services={services} />
      <Toasts notify={services.notify} />
    </div>
  );
}
