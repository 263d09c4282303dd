// End-to-end: the Jobs view in the real window against a real standalone Flink cluster
// (scripts/flink-cluster.sh, its own state directory). A streaming job is submitted from the
// window (a script run on a connection whose local engine targets the cluster, as in
// crates/weir-cli/tests/jobs_live.rs); the Jobs view on that connection shows it RUNNING, its plan
// shows the two vertices, and a savepoint taken from the window shows the path Flink wrote.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, ARTIFACTS, ROOT, assert, sleep, sqlite, waitGone, withDriver } from './harness.mjs';

const FLINK = process.env.WEIR_FLINK_VERSION || '2.3.0';
const CACHE = process.env.WEIR_CACHE || path.join(os.homedir(), '.cache/weir');
const JOB = 'weir-e2e-jobs';

const SCRIPT = [
  `SET 'pipeline.name' = '${JOB}';`,
  "CREATE TEMPORARY TABLE gen (k INT, v BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50', 'fields.k.min' = '1', 'fields.k.max' = '10');",
  "CREATE TEMPORARY TABLE counts (k INT, n BIGINT) WITH ('connector' = 'blackhole');",
  'INSERT INTO counts SELECT k, COUNT(*) FROM gen GROUP BY k;',
  '',
].join('\n');

/** A cluster in its own state directory (the jars linked from the cache); stopped by `stop()`. */
function startCluster() {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'weir-e2e-cluster-'));
  symlinkSync(path.join(CACHE, 'flink'), path.join(cache, 'flink'));
  const env = { ...process.env, WEIR_CACHE: cache };
  const script = path.join(ROOT, 'scripts/flink-cluster.sh');
  const stop = () => {
    try {
      execFileSync(script, ['stop', '--flink', FLINK], { env, stdio: 'inherit' });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  };
  try {
    const out = execFileSync(script, ['start', '--flink', FLINK], { env, encoding: 'utf8' });
    const url = out.trim().split('\n').pop().trim();
    return { url, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

async function jobsOn(url) {
  const r = await fetch(`${url}/jobs/overview`);
  return (await r.json()).jobs ?? [];
}

async function until(what, fn, timeout = 120000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    await sleep(300);
  }
  throw new Error(`${what}: not within ${timeout} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

async function scenario(wd, cluster, savepoints) {
  // Submit the job from the window: the script on the "cluster" connection.
  await wd.click(await wd.waitFor('[data-testid="tree-script"][title="jobs.sql"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"][title$="jobs.sql"]');
  await wd.waitFor('[data-testid="run-connection"] option[value="cluster"]', { timeout: 30000 });
  await wd.exec(`
    const s = document.querySelector('[data-testid="run-connection"]');
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, 'cluster');
    s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await wd.click(await wd.waitFor('[data-testid="run-script"]'));
  const job = await until('the job RUNNING on the cluster', async () =>
    (await jobsOn(cluster.url)).find((j) => j.name === JOB && j.state === 'RUNNING'),
  );

  // The Jobs view on that connection.
  await wd.click(await wd.find('[data-testid="view-jobs"]'));
  await wd.click(await wd.waitFor('[data-testid="jobs-connection"][data-name="cluster"]'));
  await wd.waitFor(`[data-testid="jobs-row"][data-job-id="${job.jid}"]`, { timeout: 30000 });
  const state = await wd.waitFor(`[data-testid="jobs-row"][data-job-id="${job.jid}"] [data-testid="job-state"]`, {
    pred: async (e) => (await wd.text(e)) === 'RUNNING',
  });
  assert((await wd.attr(state, 'class')).includes('tone-running'), 'RUNNING is green');
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-1-list.png'));

  // Its plan: two vertices, records flowing. (WebKitWebDriver refuses clicks on a <tr> itself as
  // "not interactable": the click goes to its first cell.)
  await wd.click(await wd.find(`[data-testid="jobs-row"][data-job-id="${job.jid}"] td`));
  await wd.waitFor('[data-testid="job-plan"]', { timeout: 20000 });
  const nodes = await wd.waitFor('[data-testid="job-plan-node"]', { timeout: 20000 });
  assert(nodes, 'the plan graph shows its vertices');
  const count = await wd.exec(`return document.querySelectorAll('[data-testid="job-plan-node"]').length;`);
  assert(count === 2, `two vertices in the plan, got ${count}`);
  // xyflow draws an edge once it has measured both nodes: poll with a deadline
  let edges = 0;
  for (const deadline = Date.now() + 10000; Date.now() < deadline; await sleep(200)) {
    edges = await wd.exec(`return document.querySelectorAll('.react-flow__edge').length;`);
    if (edges === 1) break;
  }
  assert(edges === 1, `one edge between them, got ${edges}`);
  await sleep(800);
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-2-plan.png'));

  // A savepoint from the window.
  const sp = await wd.waitFor('[data-testid="job-action-savepoint"]', {
    pred: async (e) => (await wd.attr(e, 'disabled')) === null,
  });
  await wd.click(sp);
  await wd.type(await wd.waitFor('[data-testid="job-action-dir"]'), `file://${savepoints}`);
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-3-savepoint-dialog.png'));
  await wd.click(await wd.find('[data-testid="job-action-confirm"]'));
  const pathEl = await wd.waitFor('[data-testid="job-savepoint-path"]', { timeout: 90000 });
  const written = await wd.text(pathEl);
  await sleep(1500); // the window paints late under Xvfb
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-4-savepoint-path.png'));
  assert(written.includes(savepoints) && /savepoint-/.test(written), `the savepoint's path: ${written}`);
  const local = written.replace(/^file:(\/\/)?/, '');
  assert(existsSync(local) && readdirSync(local).includes('_metadata'), `Flink wrote ${local}`);
  await wd.click(await wd.find('[data-testid="job-action-close"]'));
}

export async function run() {
  const cluster = startCluster();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'weir-jobs-e2e-'));
  try {
    const workspace = path.join(tmp, 'ws');
    const src = path.join(tmp, 'src');
    const savepoints = path.join(tmp, 'savepoints');
    mkdirSync(src, { recursive: true });
    mkdirSync(savepoints, { recursive: true });
    writeFileSync(path.join(src, 'jobs.sql'), SCRIPT);
    execFileSync(path.join(path.dirname(APP), 'weir'), ['--workspace', workspace, 'workspace', 'import', src], { stdio: 'inherit' });
    const port = cluster.url.split(':').pop();
    const profile = {
      name: 'cluster',
      endpoint: { type: 'local' },
      jobmanagerUrl: cluster.url,
      properties: {
        'execution.target': 'remote',
        'rest.address': '127.0.0.1',
        'rest.port': port,
        'execution.runtime-mode': 'streaming',
      },
      caFile: null,
      requestTimeoutSecs: null,
      authHeaders: {},
    };
    const json = JSON.stringify([profile]).replaceAll("'", "''");
    sqlite(path.join(workspace, 'workspace.db'), `INSERT OR REPLACE INTO settings (key, value) VALUES ('connections', '${json}')`);
    await withDriver(async (open) => {
      const wd = await open(workspace);
      try {
        await scenario(wd, cluster, savepoints);
      } catch (e) {
        await wd.screenshot(path.join(ARTIFACTS, 'jobs-FAILED.png')).catch(() => {});
        throw e;
      }
      await wd.requestClose();
      await waitGone(workspace, 30000);
      await wd.end();
    });
  } finally {
    cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
