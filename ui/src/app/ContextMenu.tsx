// A context menu: items, one level of submenu, keyboard navigation (arrows, Enter, Escape, Tab),
// kept inside the window. The Databases view and the editor build their entries and show it.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import "./menu.css";

export interface MenuEntry {
  label: string;
  testId: string;
  run?: () => void;
  /** Why the entry is disabled (its tooltip), or null/undefined when enabled. */
  disabled?: string | null;
  sub?: MenuEntry[];
  /** A line above the entry. */
  separator?: boolean;
}

export interface ContextMenuProps {
  x: number;
  y: number;
  entries: MenuEntry[];
  /** Focus the first item (opened from the keyboard). */
  keyboard: boolean;
  /** Close; `refocus` = give focus back to what opened the menu. */
  close: (refocus: boolean) => void;
  className?: string;
  testId?: string;
}

export function ContextMenu({ x, y, entries, keyboard, close, className, testId }: ContextMenuProps) {
  const [subOpen, setSubOpen] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const subRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    // Keep the menu inside the window (opened near the bottom or right edge).
    const el = ref.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth) el.style.left = `${Math.max(0, window.innerWidth - box.width - 4)}px`;
    if (box.bottom > window.innerHeight) el.style.top = `${Math.max(0, window.innerHeight - box.height - 4)}px`;
  }, [x, y]);

  // A click elsewhere or leaving the window closes it.
  useEffect(() => {
    const away = () => close(false);
    window.addEventListener("mousedown", away);
    window.addEventListener("blur", away);
    return () => {
      window.removeEventListener("mousedown", away);
      window.removeEventListener("blur", away);
    };
  }, [close]);

  useEffect(() => {
    if (keyboard) ref.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [x, y, keyboard]);

  const focusIn = (el: HTMLElement | null, step: number) => {
    if (!el) return;
    const items = [...el.querySelectorAll<HTMLButtonElement>(":scope > button:not(:disabled)")];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + step + items.length) % items.length]?.focus();
  };
  const backToParent = () => {
    const parent = subOpen;
    setSubOpen(null);
    if (parent) ref.current?.querySelector<HTMLButtonElement>(`[data-testid="${parent}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const inSub = subRef.current?.contains(document.activeElement) ?? false;
    switch (e.key) {
      case "Escape":
        if (inSub) backToParent();
        else close(true);
        break;
      case "ArrowDown":
        focusIn(inSub ? subRef.current : ref.current, 1);
        break;
      case "ArrowUp":
        focusIn(inSub ? subRef.current : ref.current, -1);
        break;
      case "ArrowLeft":
        if (inSub) backToParent();
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

  const item = (en: MenuEntry, onMouseEnter?: () => void) => (
    <button
      key={en.testId}
      onMouseEnter={onMouseEnter}
      role="menuitem"
      className={"context-item menu-item" + (en.separator ? " menu-separated" : "")}
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

  const open = entries.find((en) => en.sub && en.testId === subOpen);
  return (
    <div
      ref={ref}
      className={"context-menu menu" + (className ? ` ${className}` : "")}
      role="menu"
      data-testid={testId}
      style={{ left: x, top: y }}
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={onKeyDown}
    >
      {entries.map((en) =>
        en.sub ? (
          <button
            key={en.testId}
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={subOpen === en.testId}
            className={
              "context-item menu-item submenu-parent" +
              (subOpen === en.testId ? " open" : "") +
              (en.separator ? " menu-separated" : "")
            }
            data-testid={en.testId}
            onMouseEnter={() => setSubOpen(en.testId)}
            // the pointer already opened it on the way in: a click keeps it open
            onClick={() => setSubOpen(en.testId)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                e.stopPropagation();
                setSubOpen(en.testId);
                requestAnimationFrame(() => subRef.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus());
              }
            }}
          >
            <span>{en.label}</span>
            <span className="submenu-arrow" aria-hidden>
              ▸
            </span>
          </button>
        ) : (
          item(en, () => setSubOpen(null))
        ),
      )}
      {open?.sub && (
        <div ref={subRef} className="context-menu submenu" role="menu" data-testid={`${open.testId}-submenu`}>
          {open.sub.map((en) => item(en))}
        </div>
      )}
    </div>
  );
}
