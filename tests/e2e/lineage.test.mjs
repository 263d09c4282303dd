// End-to-end: the Lineage tab in the real window. A 10-table job script shows its tables and
// column edges; focusing a column lights its whole path; clicking an edge selects the statement
// that makes it; exports (JSON, SVG, PNG) land in the export folder; an edit updates the graph;
// the workspace view joins a second script through a shared table and lists what a source
// column impacts downstream, script by script.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, ARTIFACTS, assert, sleep, waitGone, withDriver } from './harness.mjs';

const EL = 'element-6066-11e4-a52e-4f735466cecf';

const PIPELINE = `-- a day of orders, ten tables
CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, product_id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE customers (customer_id BIGINT, name STRING, country STRING) WITH ('connector' = 'datagen');
CREATE TABLE products (product_id BIGINT, title STRING, category STRING, price DECIMAL(10, 2)) WITH ('connector' = 'datagen');
CREATE TABLE payments (order_id BIGINT, pay_method STRING, paid DECIMAL(10, 2)) WITH ('connector' = 'datagen');
CREATE TEMPORARY VIEW enriched AS
  SELECT o.order_id, o.amount, o.ts, c.name AS customer, c.country, p.category
  FROM orders o JOIN customers c ON o.customer_id = c.customer_id JOIN products p ON o.product_id = p.product_id;
CREATE TABLE country_revenue (country STRING, revenue DECIMAL(20, 2), orders BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE category_daily (category STRING, window_start TIMESTAMP(3), total DECIMAL(20, 2)) WITH ('connector' = 'blackhole');
CREATE TABLE big_orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2)) WITH ('connector' = 'blackhole');
CREATE TABLE payment_mix (pay_method STRING, share DECIMAL(20, 2)) WITH ('connector' = 'blackhole');
CREATE TABLE order_audit (order_id BIGINT, note STRING) WITH ('connector' = 'blackhole');
INSERT INTO country_revenue SELECT country, SUM(amount), COUNT(*) FROM enriched GROUP BY country;
INSERT INTO category_daily
SELECT category, window_start, SUM(amount) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' DAY)) o
  JOIN products p ON o.product_id = p.product_id GROUP BY category, window_start;
INSERT INTO big_orders SELECT order_id, customer, amount FROM enriched WHERE amount > 100;
INSERT INTO payment_mix SELECT pay_method, SUM(paid) FROM payments GROUP BY pay_method;
INSERT INTO order_audit SELECT order_id, CASE WHEN amount > 100 THEN 'big' ELSE 'small' END FROM orders;
`;

const REPORT = `CREATE TABLE country_report (country STRING, revenue DECIMAL(20, 2)) WITH ('connector' = 'blackhole');
INSERT INTO country_report SELECT country, revenue FROM country_revenue;
`;

async function openScript(wd, name) {
  await wd.click(await wd.waitFor(`[data-testid="tree-script"][title="${name}"]`));
  await wd.waitFor(`[data-testid="tab"][aria-selected="true"][title$="${name}"]`);
  return wd.waitFor('[data-testid="editor"] .cm-content');
}

async function count(wd, css) {
  return wd.exec(`return document.querySelectorAll(${JSON.stringify(css)}).length;`);
}

async function waitCount(wd, css, want, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let n = -1;
  while (Date.now() < deadline) {
    n = await count(wd, css);
    if (want(n)) return n;
    await sleep(150);
  }
  throw new Error(`${css}: ${n} elements`);
}

async function column(wd, table, col) {
  return wd.find(`[data-testid="lineage-column"][data-table$=".${table}"][data-column="${col}"]`);
}

async function exported(wd, button, ext) {
  await wd.exec(`document.querySelectorAll('[data-testid="toast"] .toast-close').forEach((b) => b.click()); return true;`);
  await wd.click(await wd.find(`[data-testid="${button}"]`));
  const toast = await wd.waitFor('[data-testid="toast"]', {
    timeout: 30000,
    pred: async (e) => /Lineage exported to/.test(await wd.text(e)),
  });
  const file = (await wd.text(toast)).replace(/^.*Lineage exported to /, '').replace(/\s*×?\s*$/, '').trim();
  assert(file.endsWith(`.${ext}`) && existsSync(file), `the ${ext} export was written: ${file}`);
  return file;
}

async function scenario(wd, exportDir) {
  await openScript(wd, 'pipeline.sql');
  // a taller bottom panel: drag its top edge up
  const resizer = await wd.find('[data-testid="panel-resizer"]');
  await wd.pointer([
    { type: 'pointerMove', duration: 0, origin: { [EL]: resizer }, x: 0, y: 0 },
    { type: 'pointerDown', button: 0 },
    { type: 'pointerMove', duration: 200, origin: 'pointer', x: 0, y: -260 },
    { type: 'pointerUp', button: 0 },
  ]);
  await wd.cmd('DELETE', wd.s('/actions')).catch(() => {});
  await wd.exec(`[...document.querySelectorAll('.panel-tab')].find((t) => t.textContent === 'Lineage').click(); return true;`);
  await wd.waitFor('[data-testid="lineage-panel"]');

  // 1. The script's ten tables and their column edges.
  const nodes = await waitCount(wd, '[data-testid="lineage-node"]', (n) => n >= 10, 30000);
  assert(nodes === 10, `ten tables (the view included): ${nodes}`);
  const tables = await wd.exec(`return [...document.querySelectorAll('[data-testid="lineage-node"]')].map((n) => n.dataset.table).sort();`);
  assert(tables.every((t) => t.startsWith('default_catalog.default_database.')), `names resolved as Flink does: ${tables}`);
  const summary = await wd.text(await wd.find('[data-testid="lineage-summary"]'));
  assert(/10 tables/.test(summary) && !/not analysed/.test(summary), `every statement analysed: ${summary}`);
  const edges = Number(await wd.text(await wd.find('[data-testid="lineage-edge-count"]')));
  assert(edges >= 15, `column edges drawn: ${edges}`);
  await sleep(500);
  await wd.screenshot(path.join(ARTIFACTS, 'lineage-1-script.png'));

  // 2. Focus orders.amount: its path reaches big_orders.amount through the view; others dim.
  await wd.click(await column(wd, 'orders', 'amount'));
  await wd.waitFor('[data-testid="lineage-column"][data-focus="on"]');
  const focus = (t, c) =>
    wd.exec(
      `const e = document.querySelector('[data-testid="lineage-column"][data-table$=".${t}"][data-column="${c}"]'); return e ? e.dataset.focus : null;`,
    );
  assert((await focus('big_orders', 'amount')) === 'path', 'orders.amount reaches big_orders.amount');
  assert((await focus('country_revenue', 'revenue')) === 'path', 'and country_revenue.revenue (through the view)');
  assert((await focus('payment_mix', 'pay_method')) === 'dim', 'payment_mix.method is not on the path');
  await wd.screenshot(path.join(ARTIFACTS, 'lineage-2-focus.png'));

  // 3. Clicking an edge selects the statement that makes it.
  const edgeKinds = await wd.exec(`return [...document.querySelectorAll('[data-testid="lineage-edge"]')].map((e) => e.dataset.kind);`);
  assert(edgeKinds.includes('aggregate') && edgeKinds.includes('copy'), `edges show how values derive: ${[...new Set(edgeKinds)]}`);
  await wd.exec(`
    const edge = [...document.querySelectorAll('[data-testid="lineage-edge"]')]
      .find((e) => (e.querySelector('title')?.textContent || '').includes('payment_mix'));
    edge.closest('.react-flow__edge').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return true;`);
  const selection = await wd.text(await wd.waitFor('[data-testid="status-selection"]'));
  const cursor = await wd.text(await wd.find('[data-testid="status-cursor"]'));
  const statement = PIPELINE.split('\n').find((l) => l.startsWith('INSERT INTO payment_mix')).replace(/;$/, '');
  const insertLine = PIPELINE.split('\n').indexOf(statement + ';') + 1;
  assert(
    cursor.startsWith(`Ln ${insertLine},`) && selection === `(${statement.length} selected)`,
    `the edge selects its statement (line ${insertLine}, ${statement.length} characters): ${cursor} ${selection}`,
  );

  // 4. Exports: JSON (the graph), SVG and PNG.
  const json = JSON.parse(readFileSync(await exported(wd, 'lineage-export-json', 'json'), 'utf8'));
  assert(json.tables.length === 10 && json.edges.length === edges, `the JSON export holds the graph: ${json.tables.length} tables`);
  const svg = readFileSync(await exported(wd, 'lineage-export-svg', 'svg'), 'utf8');
  assert(svg.startsWith('<svg') && svg.includes('country_revenue'), 'the SVG export shows the tables');
  const png = readFileSync(await exported(wd, 'lineage-export-png', 'png'));
  assert(png.subarray(1, 4).toString() === 'PNG' && png.length > 5000, `a PNG (${png.length} bytes)`);
  assert(path.dirname(await exported(wd, 'lineage-export-json', 'json')) === exportDir, 'exports go to the export folder');

  // 5. An edit updates the graph: one more sink.
  const content = await wd.find('[data-testid="editor"] .cm-content');
  await wd.click(content);
  await wd.chord(['Control', '\uE010']); // Ctrl+End
  await wd.type(content, "\nCREATE TABLE extra_sink (n BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO extra_sink SELECT order_id FROM orders;\n");
  await waitCount(wd, '[data-testid="lineage-node"]', (n) => n === 11, 20000);
  await wd.screenshot(path.join(ARTIFACTS, 'lineage-3-edited.png'));

  // 6. The workspace: report.sql reads country_revenue; orders.amount impacts both scripts.
  await wd.click(await wd.find('[data-testid="lineage-scope-workspace"]'));
  await wd.waitFor('[data-testid="lineage-node"][data-table$=".country_report"]', { timeout: 20000 });
  await wd.click(await column(wd, 'orders', 'amount'));
  const down = await wd.waitFor('[data-testid="lineage-downstream"]');
  const scripts = await wd.exec(`return [...document.querySelectorAll('[data-testid="lineage-downstream-script"]')].map((e) => e.textContent);`);
  assert(
    JSON.stringify(scripts) === JSON.stringify(['pipeline.sql', 'report.sql']),
    `orders.amount impacts both scripts: ${JSON.stringify(scripts)} (${await wd.text(down)})`,
  );
  assert((await focus('country_report', 'revenue')) === 'path', 'down to country_report.revenue');
  await wd.screenshot(path.join(ARTIFACTS, 'lineage-4-workspace-impact.png'));
}

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-lineage-'));
  const src = mkdtempSync(path.join(os.tmpdir(), 'weir-lineage-src-'));
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(src, 'pipeline.sql'), PIPELINE);
  writeFileSync(path.join(src, 'report.sql'), REPORT);
  const cli = path.join(path.dirname(APP), 'weir');
  execFileSync(cli, ['--workspace', workspace, 'workspace', 'import', src], { stdio: 'inherit' });
  // exports go to the Downloads folder, which run.sh points at a private directory
  const downloads = process.env.WEIR_E2E_DOWNLOADS;
  assert(downloads && existsSync(downloads), 'run.sh sets WEIR_E2E_DOWNLOADS');

  await withDriver(async (open) => {
    const wd = await open(workspace);
    try {
      await scenario(wd, downloads);
    } catch (e) {
      await wd.screenshot(path.join(ARTIFACTS, 'lineage-FAILED.png')).catch(() => {});
      const toasts = await wd.exec(`return [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent);`).catch(() => []);
      console.error(`lineage: toasts at the failure: ${JSON.stringify(toasts)}`);
      throw e;
    }
    await wd.requestClose();
    await waitGone(workspace, 20000);
    await wd.end();
  });
}
