// React glue for the Jobs view: a poller bound to a component's life, a ticking clock, and
// whether the document is visible (polling pauses while the window is hidden).
import { useEffect, useState } from "react";
import { Poller, type PollState } from "./poller";

/** Polls `fetch` while `active`; `key` restarts it (another connection or job). */
export function usePoll<T>(
  key: string | null,
  active: boolean,
  fetch: () => Promise<T>,
  interval?: number,
): PollState<T> | null {
  const [state, setState] = useState<PollState<T> | null>(null);
  useEffect(() => {
    setState(null);
  }, [key]);
  useEffect(() => {
    if (key === null || !active) return;
    const poller = new Poller<T>({ fetch, onChange: setState, interval });
    poller.start();
    return () => poller.stop();
    // `fetch` is tied to `key`; a new closure with the same key must not restart the poller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, active, interval]);
  return state;
}

/** This machine's clock, re-read every `ms` while `on`. */
export function useNow(on: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [on, ms]);
  return now;
}

/** Whether the document is visible (not minimised or in a hidden tab). */
export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== "hidden");
  useEffect(() => {
    const on = () => setVisible(document.visibilityState !== "hidden");
    document.addEventListener("visibilitychange", on);
    return () => document.removeEventListener("visibilitychange", on);
  }, []);
  return visible;
}
