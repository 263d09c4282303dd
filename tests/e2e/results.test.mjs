// End-to-end: running Flink SQL in the real window on the real local engine. A script runs in
// batch mode and fills the grid; the grid sorts and filters; the statement at the cursor runs a
// streaming GROUP BY whose changelog is shown; a bad statement shows Flink's root cause at its
// line; Stop ends an endless streaming SELECT; closing the window stops the engine.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, ARTIFACTS, assert, waitGone, withDriver } from './harness.mjs';

const SCRIPTS = {
  'results.sql': [
    "CREATE TEMPORARY TABLE gen (id INT, name STRING, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen', 'number-of-rows' = '300', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '300', 'fields.name.length' = '6', 'fields.amount.min' = '1', 'fields.amount.max' = '99');",
    'SELECT id, name, amount, id % 3 = 0 AS fizz, CAST(NULL AS STRING) AS nothing, ARRAY[id, id * 2] AS pair FROM gen;',
    'SELECT id % 4 AS bucket, COUNT(*) AS cnt, SUM(amount) AS total FROM gen GROUP BY id % 4;',
    '',
  ].join('\n'),
  'bad.sql': 'SELECT 1;\nSELECT nope FROM (VALUES (1)) AS t(x);\nSELECT 2;\n',
  'endless.sql':
    "CREATE TEMPORARY TABLE unb (id BIGINT, v STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '20');\nSELECT * FROM unb;\n",
};

function enginePids() {
  try {
    return execFileSync('pgrep', ['-f', 'dev.weir.engine.Main'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

async function openScript(wd, name) {
  const base = name;
  const item = await wd.waitFor(`[data-testid="tree-script"][title="${base}"]`);
  await wd.click(item);
  await wd.waitFor(`[data-testid="tab"][aria-selected="true"][title$="${base}"]`);
  const content = await wd.waitFor('[data-testid="editor"] .cm-content');
  await wd.click(content);
  return content;
}

async function statuses(wd) {
  return wd.exec(`return [...document.querySelectorAll('[data-testid="run-item"]')].map((e) => e.dataset.status);`);
}

async function waitStatuses(wd, want, timeout = 120000) {
  const deadline = Date.now() + timeout;
  let got = [];
  while (Date.now() < deadline) {
    got = await statuses(wd);
    if (JSON.stringify(got) === JSON.stringify(want)) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run statuses ${JSON.stringify(got)}, wanted ${JSON.stringify(want)}`);
}

async function gridCount(wd, pred, timeout = 30000) {
  const el = await wd.waitFor('[data-testid="grid-count"]', {
    timeout,
    pred: async (e) => pred(await wd.text(e)),
  });
  return wd.text(el);
}

async function firstCells(wd) {
  return wd.exec(`
    const rows = [...document.querySelectorAll('[data-testid="grid-row"]')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return rows.slice(0, 3).map((r) => [...r.querySelectorAll('.grid-td')].map((c) => c.textContent));`);
}

async function scenario(wd, src) {
  // 1. The whole script in batch mode (the engine starts on this first run).
  await openScript(wd, 'results.sql');
  await wd.click(await wd.waitFor('[data-testid="mode-batch"]'));
  const started = Date.now();
  await wd.chord(['Control', 'Shift', 'Enter']);
  await waitStatuses(wd, ['ok', 'ok', 'ok']);
  console.log(`results: engine start + 3 statements in ${Date.now() - started} ms`);
  const engine = await wd.text(await wd.waitFor('[data-testid="status-engine"]'));
  assert(/ready/.test(engine), `the status bar shows the engine ready: ${engine}`);
  // the last query is shown first: 4 buckets
  await gridCount(wd, (t) => t.startsWith('4 rows'));
  const items = await wd.findAll('[data-testid="run-item"]');
  await wd.click(items[1]);
  await gridCount(wd, (t) => t.startsWith('300 rows'));
  const head = await wd.exec(
    `return [...document.querySelectorAll('.grid-th .th-name')].map((e) => e.textContent);`,
  );
  assert(JSON.stringify(head) === JSON.stringify(['id', 'name', 'amount', 'fizz', 'nothing', 'pair']), `columns ${head}`);
  let cells = await firstCells(wd);
  assert(cells[0][0] !== '' && cells[0][4] === 'NULL', `typed cells with a distinct NULL: ${JSON.stringify(cells[0])}`);
  const aligned = await wd.exec(
    `const c = document.querySelector('[data-testid="grid-row"] .grid-td.num'); return c ? getComputedStyle(c).textAlign : null;`,
  );
  assert(aligned === 'right', `numbers are right-aligned: ${aligned}`);
  await wd.screenshot(path.join(ARTIFACTS, 'results-1-grid.png'));

  // 2. Sort by id, descending (two clicks on the header).
  const idHead = await wd.find('[data-testid="col-id"]');
  await wd.click(idHead);
  await wd.click(idHead);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    cells = await firstCells(wd);
    if (cells[0]?.[0] === '300') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert(cells[0][0] === '300' && cells[1][0] === '299', `sorted descending: ${JSON.stringify(cells)}`);
  await wd.screenshot(path.join(ARTIFACTS, 'results-2-sorted.png'));

  // Export what the grid shows (sorted) to CSV.
  const outFile = path.join(src, 'export.csv');
  await wd.click(await wd.find('[data-testid="export-open"]'));
  const pathEl = await wd.waitFor('[data-testid="export-path"]', {
    pred: async (el) => ((await wd.exec('return arguments[0].value;', [{ 'element-6066-11e4-a52e-4f735466cecf': el }])) || '').endsWith('.csv'),
  });
  await wd.screenshot(path.join(ARTIFACTS, 'results-2b-export.png'));
  await wd.clear(pathEl);
  await wd.type(pathEl, outFile);
  await wd.click(await wd.find('[data-testid="export-start"]'));
  const exportDeadline = Date.now() + 20000;
  while (Date.now() < exportDeadline && !existsSync(outFile)) await new Promise((r) => setTimeout(r, 100));
  const csv = readFileSync(outFile, 'utf8').split('\r\n');
  assert(csv[0] === 'id,name,amount,fizz,nothing,pair', `CSV header: ${csv[0]}`);
  assert(csv[1].startsWith('300,') && csv[300].startsWith('1,') && csv.length === 302, `CSV rows in grid order: ${csv.length} lines, ${csv[1]} … ${csv[300]}`);

  // 3. Filter: id >= 291.
  const filter = await wd.find('[data-testid="filter-id"]');
  await wd.type(filter, '>= 291');
  const filtered = await gridCount(wd, (t) => t.includes('filtered'));
  assert(filtered.startsWith('10 rows'), `filtered count: ${filtered}`);
  await wd.screenshot(path.join(ARTIFACTS, 'results-3-filtered.png'));
  await wd.clear(filter);

  // Column resize: drag the id header's right edge 90 px to the right.
  const EL = 'element-6066-11e4-a52e-4f735466cecf';
  const idWidth = () => wd.exec(`return document.querySelector('[data-testid="col-id"]').getBoundingClientRect().width;`);
  const before = await idWidth();
  const handle = await wd.find('[data-testid="col-id"] .th-resize');
  await wd.pointer([
    { type: 'pointerMove', duration: 0, origin: { [EL]: handle }, x: 0, y: 0 },
    { type: 'pointerDown', button: 0 },
    { type: 'pointerMove', duration: 150, origin: 'pointer', x: 90, y: 0 },
    { type: 'pointerUp', button: 0 },
  ]);
  await wd.cmd('DELETE', wd.s('/actions')).catch(() => {});
  const after = await idWidth();
  assert(Math.abs(after - before - 90) <= 4, `the id column is 90 px wider: ${before} -> ${after}`);

  // Copy: select the first two rows (click, shift+click), Copy as TSV.
  const rows = await wd.exec(`
    return [...document.querySelectorAll('[data-testid="grid-row"]')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).slice(0, 2);`);
  await wd.click(Object.values(rows[0])[0]);
  await wd.cmd('POST', wd.s('/actions'), {
    actions: [
      {
        type: 'key',
        id: 'kbd',
        actions: [
          { type: 'keyDown', value: '\uE008' },
          { type: 'pause', duration: 0 },
          { type: 'pause', duration: 0 },
          { type: 'pause', duration: 0 },
          { type: 'keyUp', value: '\uE008' },
        ],
      },
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pause', duration: 0 },
          { type: 'pointerMove', duration: 0, origin: rows[1], x: 0, y: 0 },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
          { type: 'pause', duration: 0 },
        ],
      },
    ],
  });
  await wd.cmd('DELETE', wd.s('/actions')).catch(() => {});
  const selectedRows = await wd.exec(`return document.querySelectorAll('[data-testid="grid-row"].selected').length;`);
  assert(selectedRows === 2, `two rows selected: ${selectedRows}`);
  await wd.click(await wd.find('[data-testid="copy-tsv"]'));
  const toast = await wd.waitFor('[data-testid="toast"]', { pred: async (e) => /copied/.test(await wd.text(e)) });
  const copied = await wd.text(toast);
  assert(/2 rows copied as TSV/.test(copied), `the copy is confirmed: ${copied}`);
  // what the system clipboard holds (xclip reads this X display's CLIPBOARD selection)
  const clip = execFileSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5000 }).split('\n');
  assert(
    clip[0] === 'id\tname\tamount\tfizz\tnothing\tpair' && clip[1].startsWith('300\t') && clip[2].startsWith('299\t'),
    `the clipboard holds the two sorted rows as TSV: ${JSON.stringify(clip.slice(0, 3))}`,
  );
  await wd.screenshot(path.join(ARTIFACTS, 'results-3a-resized-copied.png'));

  // A chart of the same result: amount over id as a line, drawn by Rust, exported as PNG.
  await wd.click(await wd.find('[data-testid="show-chart"]'));
  await wd.waitFor('[data-testid="chart-svg"] svg');
  await wd.click(await wd.find('[data-testid="chart-kind"] option[value="line"]'));
  await wd.click(await wd.find('[data-testid="chart-x"] option[value="0"]'));
  const line = await wd.waitFor('[data-testid="chart-svg"] svg', {
    // the data line: a polyline through (nearly) all 300 points
    pred: async () =>
      wd.exec(`return [...document.querySelectorAll('[data-testid="chart-svg"] svg polyline')].some((p) => (p.getAttribute('points') || '').trim().split(/\\s+/).length > 100);`),
  });
  assert(line, 'a line chart is drawn');
  const svgText = await wd.exec(`return document.querySelector('[data-testid="chart-svg"] svg').outerHTML;`);
  assert(svgText.includes('amount') || svgText.includes('id'), 'the axes are titled');
  await wd.screenshot(path.join(ARTIFACTS, 'results-3b-chart.png'));
  await wd.click(await wd.find('[data-testid="chart-export-open"]'));
  const chartPath = await wd.waitFor('[data-testid="chart-export-path"]');
  const pngFile = path.join(src, 'chart.png');
  await wd.clear(chartPath);
  await wd.type(chartPath, pngFile + '\uE007'); // Enter exports
  const pngDeadline = Date.now() + 20000;
  while (Date.now() < pngDeadline && !existsSync(pngFile)) await new Promise((r) => setTimeout(r, 100));
  const png = readFileSync(pngFile);
  assert(png.subarray(1, 4).toString() === 'PNG' && png.length > 2000, `a PNG was written (${png.length} bytes)`);
  await wd.click(await wd.find('[data-testid="show-grid"]'));

  // 4. The statement at the cursor, streaming: the GROUP BY's changelog.
  await wd.click(await wd.find('[data-testid="mode-streaming"]'));
  const groupBy = (await wd.findAll('[data-testid="run-item"]'))[2];
  await wd.pointer([
    { type: 'pointerMove', duration: 0, origin: { 'element-6066-11e4-a52e-4f735466cecf': groupBy }, x: 0, y: 0 },
    { type: 'pointerDown', button: 0 },
    { type: 'pointerUp', button: 0 },
    { type: 'pointerDown', button: 0 },
    { type: 'pointerUp', button: 0 },
  ]);
  await wd.cmd('DELETE', wd.s('/actions')).catch(() => {});
  await wd.chord(['Control', 'Enter']);
  await waitStatuses(wd, ['ok']);
  const sql = await wd.exec(`return document.querySelector('[data-testid="run-item"] .run-sql').textContent;`);
  assert(sql.includes('GROUP BY'), `only the statement at the cursor ran: ${sql}`);
  await gridCount(wd, (t) => t.startsWith('4 rows'));
  await wd.click(await wd.find('[data-testid="view-changelog"]'));
  const changes = await gridCount(wd, (t) => !t.startsWith('4 rows'));
  const kinds = await wd.exec(
    `return [...new Set([...document.querySelectorAll('[data-testid="grid-row"] .grid-kind')].map((e) => e.textContent))];`,
  );
  assert(kinds.includes('-U') && kinds.includes('+U'), `the changelog shows updates (${changes}): ${kinds}`);
  await wd.screenshot(path.join(ARTIFACTS, 'results-4-changelog.png'));
  await wd.click(await wd.find('[data-testid="view-materialized"]'));

  // 5. A bad statement: Flink's root cause at its line; the next statement is skipped.
  await openScript(wd, 'bad.sql');
  await wd.chord(['Control', 'Shift', 'Enter']);
  await waitStatuses(wd, ['ok', 'error', 'skipped'], 60000);
  const err = await wd.text(await wd.waitFor('[data-testid="run-error"]'));
  assert(/nope/.test(err) && /line 2:8/.test(err), `the error names the column and its place: ${err}`);
  await wd.click(await wd.find('[data-testid="show-trace"]'));
  await wd.waitFor('.run-trace');
  await wd.screenshot(path.join(ARTIFACTS, 'results-5-error.png'));

  // The run history of bad.sql: the three statements' runs, searchable.
  const historyTab = await wd.exec(`return [...document.querySelectorAll('.panel-tab')].find((t) => t.textContent === 'History') ? true : false;`);
  assert(historyTab, 'a History tab');
  await wd.exec(`[...document.querySelectorAll('.panel-tab')].find((t) => t.textContent === 'History').click(); return true;`);
  await wd.waitFor('[data-testid="history-row"]');
  const history = await wd.exec(`return [...document.querySelectorAll('[data-testid="history-row"]')].map((r) => r.lastChild.textContent);`);
  assert(JSON.stringify(history) === JSON.stringify(['error', 'ok']), `history of bad.sql (the skipped statement is not recorded): ${history}`);
  await wd.screenshot(path.join(ARTIFACTS, 'results-5b-history.png'));
  await wd.exec(`[...document.querySelectorAll('.panel-tab')].find((t) => t.textContent === 'Run').click(); return true;`);

  // 6. Stop an endless streaming SELECT.
  await openScript(wd, 'endless.sql');
  await wd.chord(['Control', 'Shift', 'Enter']);
  await gridCount(wd, (t) => /^[1-9]/.test(t), 60000);
  await wd.click(await wd.find('[data-testid="run-stop"]'));
  await waitStatuses(wd, ['ok', 'cancelled'], 30000);
  await wd.screenshot(path.join(ARTIFACTS, 'results-6-stopped.png'));

}

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-results-'));
  const src = mkdtempSync(path.join(os.tmpdir(), 'weir-results-src-'));
  mkdirSync(src, { recursive: true });
  for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(path.join(src, name), text);
  const cli = path.join(path.dirname(APP), 'weir');
  execFileSync(cli, ['--workspace', workspace, 'workspace', 'import', src], { stdio: 'inherit' });
  const before = enginePids();

  await withDriver(async (open) => {
    const wd = await open(workspace);
    try {
      await scenario(wd, src);
    } catch (e) {
      await wd.screenshot(path.join(ARTIFACTS, 'results-FAILED.png')).catch(() => {});
      const toasts = await wd.exec(`return [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent);`).catch(() => []);
      console.error(`results: toasts at the failure: ${JSON.stringify(toasts)}`);
      throw e;
    }
    await wd.requestClose();
    await waitGone(workspace, 20000);
    await wd.end();
  });


  // Closing the window stopped the engine it started.
  const deadline = Date.now() + 15000;
  let after = enginePids();
  while (Date.now() < deadline && after.length > before.length) {
    await new Promise((r) => setTimeout(r, 200));
    after = enginePids();
  }
  assert(after.length <= before.length, `engine processes left: ${after.filter((p) => !before.includes(p))}`);
  return { workspace };
}
