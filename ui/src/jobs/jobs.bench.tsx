// The Jobs list's render of a 1,000-job cluster (the window's share of "parse + diff + render of
// a 1,000-job overview ≤ 50 ms"; the Rust share is crates/weir/benches/jobs.rs), and of a
// 100-job poll (the polling overhead with the view open). Rows are the recorded 2.3.0 jobs
// repeated under new ids; one poll later 1 in 10 jobs changed state.
import { bench, describe } from "vitest";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import type { JobList, JobRow } from "../ipc/bindings";
import listJson from "./fixtures/job-list.json";
import { JobsTable } from "./JobsView";

const RECORDED = (listJson as JobList).jobs;

function list(n: number, failedEvery: number, observedAtMs: number): JobList {
  const jobs: JobRow[] = Array.from({ length: n }, (_, i) => ({
    ...RECORDED[i % RECORDED.length]!,
    id: i.toString(16).padStart(32, "0"),
    name: `job-${i}`,
    state: i % failedEvery === 0 ? "FAILED" : "RUNNING",
  }));
  return { url: "http://jm:8081", observedAtMs, jobs };
}

/** Renders `lists` one after another into a fresh root, each committed to the DOM before the next. */
function renderAll(lists: JobList[]) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = createRoot(host);
  for (const l of lists) flushSync(() => root.render(<JobsTable list={l} selected={null} stale={false} onSelect={() => undefined} />));
  root.unmount();
  host.remove();
}

// Run with `npm run bench` (React's production build, as the app ships; React's development
// build with its checks is several times slower).
for (const n of [1000, 100]) {
  describe(`jobs table, ${n} jobs`, () => {
    const before = list(n, n, 1);
    const after = list(n, 10, 2);
    bench(`first render of ${n} jobs`, () => renderAll([before]));
    bench(`first render and a poll later (1 in 10 changed) of ${n} jobs`, () => renderAll([before, after]));
  });
}
