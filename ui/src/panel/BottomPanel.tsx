// The bottom panel: a strip of tabs (Run, Log) over the chosen tab's content.
import { useState, type ReactNode } from "react";
import { modKey } from "../app/keys";
import "./panel.css";

/** One tab of the bottom panel. */
export interface PanelTab {
  id: string;
  title: string;
  render: () => ReactNode;
}

export function BottomPanel({
  tabs,
  open,
  height,
  onToggle,
  current: controlled,
  onSelect,
}: {
  tabs: PanelTab[];
  open: boolean;
  height: number;
  onToggle: (open: boolean) => void;
  /** The shown tab, when the caller decides (e.g. a run switches to its results). */
  current?: string;
  onSelect?: (id: string) => void;
}) {
  const [own, setOwn] = useState(tabs[0]?.id ?? "");
  const current = controlled ?? own;
  const setCurrent = (id: string) => {
    setOwn(id);
    onSelect?.(id);
  };
  const tab = tabs.find((t) => t.id === current) ?? tabs[0];
  return (
    <section
      className={"bottom-panel" + (open ? "" : " collapsed")}
      data-testid="bottom-panel"
      style={open ? { height } : undefined}
    >
      <div className="panel-tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={open && t.id === tab?.id}
            className={"panel-tab" + (open && t.id === tab?.id ? " active" : "")}
            onClick={() => {
              setCurrent(t.id);
              if (!open) onToggle(true);
            }}
          >
            {t.title}
          </button>
        ))}
        <span className="spacer" />
        <button
          className="icon-button"
          title={`${open ? "Hide" : "Show"} panel (${modKey}+J)`}
          aria-label={open ? "Hide panel" : "Show panel"}
          data-testid="toggle-panel"
          onClick={() => onToggle(!open)}
        >
          {open ? "▾" : "▴"}
        </button>
      </div>
      {open && tab && <div className="panel-body">{tab.render()}</div>}
    </section>
  );
}
