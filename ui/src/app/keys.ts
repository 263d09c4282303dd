// Platform keys: Cmd on macOS, Ctrl elsewhere.
export const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The label of the primary modifier. */
export const modKey = isMac ? "Cmd" : "Ctrl";

/** Whether the primary modifier (Cmd on macOS, Ctrl elsewhere) is held, and not the other one. */
export function isMod(e: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return isMac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}
