import { describe, expect, it } from "vitest";
import { backoff, Poller, type Clock, type PollState } from "./poller";

/** A hand-driven clock: timers fire only when the test advances time. */
function manualClock() {
  let now = 1_000_000;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  return {
    clock,
    pending: () => [...timers.values()].map((t) => t.at - now),
    /** Advances to the next timer and fires it. */
    async tick() {
      const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) throw new Error("no timer pending");
      timers.delete(next[0]);
      now = next[1].at;
      next[1].fn();
      await flush();
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A fetch whose answers the test settles one by one. */
function controlledFetch<T>() {
  const calls: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const fetch = () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject }));
  return { fetch, calls };
}

describe("backoff", () => {
  it("doubles from the interval while failing, capped", () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((f) => backoff(2000, 30000, f))).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe("Poller", () => {
  it("never overlaps: the next request is scheduled only after the answer", async () => {
    const c = manualClock();
    const f = controlledFetch<number>();
    const states: PollState<number>[] = [];
    const p = new Poller({ fetch: f.fetch, onChange: (s) => states.push(s), clock: c.clock });
    p.start();
    expect(f.calls).toHaveLength(1);
    expect(c.pending()).toEqual([]); // nothing scheduled while the request is in flight
    p.refresh(); // ignored while in flight
    expect(f.calls).toHaveLength(1);
    f.calls[0]!.resolve(1);
    await flush();
    expect(c.pending()).toEqual([2000]);
    expect(p.current).toMatchObject({ data: 1, error: null, failures: 0, loading: false, okAt: 1_000_000 });
    await c.tick();
    expect(f.calls).toHaveLength(2);
    p.stop();
  });

  it("backs off while failing, keeps the last answer, and recovers", async () => {
    const c = manualClock();
    const f = controlledFetch<string>();
    const p = new Poller({ fetch: f.fetch, onChange: () => undefined, clock: c.clock });
    p.start();
    f.calls[0]!.resolve("jobs");
    await flush();
    const delays: number[] = [];
    for (let i = 1; i <= 5; i++) {
      await c.tick();
      f.calls[i]!.reject({ kind: "connection", message: "connection refused: http://jm:8081" });
      await flush();
      delays.push(c.pending()[0]!);
      expect(p.current.data).toBe("jobs");
      expect(p.current.okAt).toBe(1_000_000);
      expect(p.current.error).toBe("connection refused: http://jm:8081");
    }
    expect(delays).toEqual([4000, 8000, 16000, 30000, 30000]);
    await c.tick();
    f.calls[6]!.resolve("jobs again");
    await flush();
    expect(p.current).toMatchObject({ data: "jobs again", error: null, failures: 0 });
    expect(c.pending()).toEqual([2000]);
    p.stop();
  });

  it("ignores an answer that arrives after stop and schedules nothing", async () => {
    const c = manualClock();
    const f = controlledFetch<number>();
    const states: PollState<number>[] = [];
    const p = new Poller({ fetch: f.fetch, onChange: (s) => states.push(s), clock: c.clock });
    p.start();
    p.stop();
    f.calls[0]!.resolve(7);
    await flush();
    expect(p.current.data).toBeNull();
    expect(c.pending()).toEqual([]);
  });
});
