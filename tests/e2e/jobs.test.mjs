// End-to-end: the Jobs view in the real window against a real standalone Flink cluster
// (scripts/flink-cluster.sh, its own state directory). A streaming job is submitted from the
// window (a script run on a connection whose local engine targets the cluster, as in
// crates/weir-cli/tests/jobs_live.rs); the Jobs view on that connection shows it RUNNING, its plan
// shows the two vertices with live figures, a savepoint taken from the window shows the path Flink
// wrote, the checkpoints are charted and the configuration listed; the job is stopped with a
// savepoint and restarted from it from the window (Flink's restore statistics name the path); a
// job that fails at runtime shows FAILED with its root cause within 3 s of the cluster's end time.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, ARTIFACTS, ROOT, assert, sleep, sqlite, waitGone, withDriver } from './harness.mjs';

const FLINK = process.env.WEIR_FLINK_VERSION || '2.3.0';
const CACHE = process.env.WEIR_CACHE || path.join(os.homedir(), '.cache/weir');
const JOB = 'weir-e2e-jobs';

const FAILING = 'weir-e2e-failing';
const FAIL_SCRIPT = [
  `SET 'pipeline.name' = '${FAILING}';`,
  "SET 'restart-strategy.type' = 'none';",
  "CREATE TEMPORARY TABLE words (s STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5', 'fields.s.length' = '4');",
  "CREATE TEMPORARY TABLE ints (i INT) WITH ('connector' = 'blackhole');",
  // a random 4-character string is not an INT: the cast throws at runtime
  'INSERT INTO ints SELECT CAST(s AS INT) FROM words;',
  '',
].join('\n');

const SCRIPT = [
  `SET 'pipeline.name' = '${JOB}';`,
  "SET 'execution.checkpointing.interval' = '1s';",
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

async function until(what, fn, timeout = 120000, every = 300) {
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
    await sleep(every);
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

  // Live figures of the running vertices.
  await wd.waitFor('[data-testid="job-plan-node-live"]', { timeout: 20000 });

  // Checkpoints: counts, history and the charts drawn by weir-chart.
  await wd.click(await wd.find('[data-testid="job-tab-checkpoints"]'));
  await wd.waitFor('[data-testid="job-cp-chart-duration"] svg', { timeout: 30000 });
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-5-checkpoints.png'));

  // Configuration.
  await wd.click(await wd.find('[data-testid="job-tab-config"]'));
  const cpConfig = await wd.waitFor('[data-testid="job-config-checkpointing"]', { timeout: 20000 });
  const cpText = await wd.text(cpConfig);
  assert(cpText.includes('exactly_once') && cpText.includes('1000 ms'), `checkpointing config: ${cpText}`);
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-6-config.png'));

  // Stop with a savepoint, then restart from it.
  await wd.click(await wd.find('[data-testid="job-action-stop"]'));
  await wd.type(await wd.waitFor('[data-testid="job-action-dir"]'), `file://${savepoints}`);
  await wd.click(await wd.find('[data-testid="job-action-confirm"]'));
  const stopPath = await wd.text(await wd.waitFor('[data-testid="job-savepoint-path"]', { timeout: 90000 }));
  await wd.click(await wd.find('[data-testid="job-action-close"]'));
  await until('the job FINISHED after stop with savepoint', async () => (await (await fetch(`${cluster.url}/jobs/${job.jid}`)).json()).state === 'FINISHED');
  const restore = await wd.waitFor('[data-testid="job-action-restore"]', {
    timeout: 20000,
    pred: async (e) => (await wd.attr(e, 'disabled')) === null,
  });
  await wd.click(restore);
  const chosen = await wd.waitFor('[data-testid="job-restore-path"]');
  assert((await wd.exec(`return document.querySelector('[data-testid="job-restore-path"]').value;`)) === stopPath, 'the savepoint just taken is offered');
  assert(chosen, 'the path field');
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-7-restore-dialog.png'));
  await wd.click(await wd.find('[data-testid="job-restore-confirm"]'));
  const done = await wd.waitFor('[data-testid="job-restore-done"]', { timeout: 90000 });
  const restarted = (await wd.text(done)).split(' ').pop();
  assert(/^[0-9a-f]{32}$/.test(restarted) && restarted !== job.jid, `a new job: ${restarted}`);
  await wd.click(await wd.find('[data-testid="job-restore-open"]'));
  await wd.waitFor(`[data-testid="job-detail"][data-job-id="${restarted}"]`, { timeout: 20000 });
  await wd.click(await wd.waitFor('[data-testid="job-tab-checkpoints"]', { timeout: 20000 }));
  const restoredLine = await wd.waitFor('[data-testid="job-cp-restored"]', {
    timeout: 60000,
    pred: async (e) => (await wd.text(e)).includes('savepoint'),
  });
  const restoredText = await wd.text(restoredLine);
  assert(restoredText.includes(stopPath.replace(/\/$/, '')), `restored from the savepoint: ${restoredText} (want ${stopPath})`);
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-8-restored.png'));
  const restoredRest = await (await fetch(`${cluster.url}/jobs/${restarted}/checkpoints`)).json();
  assert(restoredRest.latest?.restored?.external_path?.replace(/\/$/, '') === stopPath.replace(/\/$/, ''), `Flink's restore statistics: ${JSON.stringify(restoredRest.latest?.restored)}`);
  await fetch(`${cluster.url}/jobs/${restarted}?mode=cancel`, { method: 'PATCH' });
  await wd.click(await wd.find('.job-detail-close'));

  // A job that fails at runtime: FAILED in the list within 3 s of the cluster's end time, its
  // root cause in the detail.
  await wd.click(await wd.find('[data-testid="view-explorer"]'));
  await wd.click(await wd.waitFor('[data-testid="tree-script"][title="fail.sql"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"][title$="fail.sql"]');
  await wd.exec(`
    const s = document.querySelector('[data-testid="run-connection"]');
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, 'cluster');
    s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await wd.click(await wd.waitFor('[data-testid="run-script"]'));
  const failing = await until('the failing job on the cluster', async () => (await jobsOn(cluster.url)).find((j) => j.name === FAILING));
  await wd.click(await wd.find('[data-testid="view-jobs"]'));
  const seenAt = await until(
    'FAILED in the window',
    async () => {
      const text = await wd.exec(
        `const e = document.querySelector('[data-testid="jobs-row"][data-job-id="${failing.jid}"] [data-testid="job-state"]'); return e ? e.textContent : null;`,
      );
      return text === 'FAILED' ? Date.now() : null;
    },
    120000,
    50,
  );
  const failed = await (await fetch(`${cluster.url}/jobs/${failing.jid}`)).json();
  const latency = seenAt - failed['end-time'];
  console.log(`FAILED visible in the window ${latency} ms after the cluster's end time`);
  assert(latency <= 3000, `FAILED shown ${latency} ms after the cluster reported it`);
  await wd.click(await wd.find(`[data-testid="jobs-row"][data-job-id="${failing.jid}"] td`));
  await wd.click(await wd.waitFor('[data-testid="job-tab-exceptions"]', { timeout: 20000 }));
  const root = await wd.text(await wd.waitFor('[data-testid="job-root-cause"]', { timeout: 20000 }));
  assert(root.length > 0 && !root.startsWith('org.apache.flink.runtime.JobException'), `the root cause, not the wrapper: ${root}`);
  await wd.screenshot(path.join(ARTIFACTS, 'jobs-9-failed.png'));
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
    writeFileSync(path.join(src, 'fail.sql'), FAIL_SCRIPT);
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
