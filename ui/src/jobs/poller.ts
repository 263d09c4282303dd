// Live polling for the Jobs view: one request at a time (the next is scheduled only after the
// previous answer), every `interval` ms while it succeeds, backing off ×2 up to `maxDelay` while
// it fails. The last good answer is kept through failures, so an unreachable cluster shows the
// last known jobs with when they were seen and the error — never a made-up state.

/** What a poller knows: the last good answer (kept through failures) and the last error. */
export interface PollState<T> {
  /** The last successful answer, or null before the first one. */
  data: T | null;
  /** When it arrived (this machine's clock, ms since the epoch). */
  okAt: number | null;
  /** The message of the last failure, null once a request succeeds again. */
  error: string | null;
  /** Failures in a row. */
  failures: number;
  /** Delay before the next request, in ms. */
  nextDelay: number;
  /** Whether a request is in flight. */
  loading: boolean;
}

/** Timers and clock, injectable for tests. */
export interface Clock {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface PollerOptions<T> {
  /** One request. */
  fetch: () => Promise<T>;
  /** Called with every new state. */
  onChange: (state: PollState<T>) => void;
  /** Pause between successful polls (ms, default 2000). */
  interval?: number;
  /** Longest pause while failing (ms, default 30000). */
  maxDelay?: number;
  clock?: Clock;
  /** A rejection's message for a person. */
  message?: (e: unknown) => string;
}

/** The pause after `failures` failures in a row: interval, then ×2 each failure, capped. */
export function backoff(interval: number, maxDelay: number, failures: number): number {
  if (failures <= 0) return interval;
  return Math.min(maxDelay, interval * 2 ** Math.min(failures, 20));
}

function defaultMessage(e: unknown): string {
  if (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string") {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** Polls `fetch` until stopped; see the file comment. */
export class Poller<T> {
  private state: PollState<T>;
  private timer: unknown = null;
  private running = false;
  private generation = 0;
  private readonly interval: number;
  private readonly maxDelay: number;
  private readonly clock: Clock;

  constructor(private readonly opts: PollerOptions<T>) {
    this.interval = opts.interval ?? 2000;
    this.maxDelay = opts.maxDelay ?? 30000;
    this.clock = opts.clock ?? realClock;
    this.state = { data: null, okAt: null, error: null, failures: 0, nextDelay: this.interval, loading: false };
  }

  get current(): PollState<T> {
    return this.state;
  }

  /** Starts polling now (no-op when running). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
  }

  /** Stops polling; an answer still in flight is ignored. */
  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.state.loading) this.set({ loading: false });
  }

  /** Asks again now, unless a request is in flight (its answer schedules the next one). */
  refresh(): void {
    if (!this.running || this.state.loading) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    void this.poll();
  }

  private set(patch: Partial<PollState<T>>) {
    this.state = { ...this.state, ...patch };
    this.opts.onChange(this.state);
  }

  private async poll(): Promise<void> {
    const gen = this.generation;
    this.timer = null;
    this.set({ loading: true });
    let next: Partial<PollState<T>>;
    try {
      const data = await this.opts.fetch();
      next = { data, okAt: this.clock.now(), error: null, failures: 0, nextDelay: this.interval };
    } catch (e) {
      const failures = this.state.failures + 1;
      next = {
        error: (this.opts.message ?? defaultMessage)(e),
        failures,
        nextDelay: backoff(this.interval, this.maxDelay, failures),
      };
    }
    if (gen !== this.generation || !this.running) return;
    this.set({ ...next, loading: false });
    this.timer = this.clock.setTimeout(() => void this.poll(), this.state.nextDelay);
  }
}
