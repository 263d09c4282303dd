// End-to-end: the Databases view in the real window against a real MariaDB (scripts/db-servers.sh;
// WEIR_TEST_MYSQL_URL and WEIR_TEST_DB_PASSWORD from `scripts/db-servers.sh env`). The window's
// D-Bus session has no Secret Service, so the dialog says so and the password is used for this
// session only. Add a connection from a pasted JDBC URL, test it, browse to a table's columns,
// generate its Flink DDL, and query its first rows into the grid.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, ARTIFACTS, assert, sleep, waitGone, withDriver } from './harness.mjs';

async function scenario(wd, url, password) {
  await wd.click(await wd.waitFor('[data-testid="view-databases"]'));
  await wd.click(await wd.waitFor('[data-testid="db-add"]'));
  await wd.waitFor('[data-testid="db-dialog"]');
  await wd.type(await wd.find('[data-testid="db-url"]'), url);
  await wd.click(await wd.find('[data-testid="db-url-apply"]'));
  await wd.waitFor('[data-testid="db-host"]', { pred: async (e) => (await wd.exec('return arguments[0].value;', [{ 'element-6066-11e4-a52e-4f735466cecf': e }])) === '127.0.0.1' });
  const name = await wd.find('[data-testid="db-name"]');
  await wd.clear(name);
  await wd.type(name, 'shop');
  await wd.type(await wd.find('[data-testid="db-password"]'), password);
  const warning = await wd.text(await wd.waitFor('[data-testid="db-keychain-warning"]'));
  assert(/Secret Service|keychain/i.test(warning), `the dialog says the keychain is unavailable: ${warning}`);
  await wd.click(await wd.find('[data-testid="db-session-only"]'));
  await wd.click(await wd.find('[data-testid="db-test"]'));
  const tested = await wd.text(await wd.waitFor('[data-testid="db-test-result"]', { timeout: 20000, pred: async (e) => /\d/.test(await wd.text(e)) }));
  assert(/MariaDB|10\./.test(tested), `Test connection reports the server: ${tested}`);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-1-dialog.png'));
  await wd.click(await wd.find('[data-testid="db-save"]'));
  await wd.click(await wd.waitFor('[data-testid="db-profile"][data-name="shop"]'));
  // a single schema opens by itself; else open weir_test
  const schema = await wd.waitFor('[data-testid="db-schema"][data-name="weir_test"]', { timeout: 20000 });
  await sleep(500);
  if ((await wd.attr(schema, 'aria-expanded')) !== 'true') await wd.click(schema);
  await wd.click(await wd.waitFor('[data-testid="db-table"][data-name="order_items"]', { timeout: 20000 }));
  await wd.waitFor('[data-testid="db-column"]', { timeout: 20000 });
  const columns = await wd.exec(`return [...document.querySelectorAll('[data-testid="db-column"]')].map((c) => c.dataset.name);`);
  assert(columns.includes('order_id') && columns.includes('line_no'), `order_items' columns: ${columns}`);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-2-tree.png'));

  // Flink DDL for the jdbc connector, in a new tab
  await wd.exec(`
    const t = document.querySelector('[data-testid="db-table"][data-name="order_items"]');
    t.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 120, clientY: 200 }));
    return true;`);
  await wd.waitFor('[data-testid="db-ddl"]');
  await wd.exec(`document.querySelector('[data-testid="db-ddl"]').dispatchEvent(new MouseEvent('click', { bubbles: true })); return true;`);
  await wd.click(await wd.waitFor('[data-testid="db-ddl-jdbc"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"]', { pred: async (e) => /order_items/.test(await wd.attr(e, 'title')) });
  const ddl = await wd.exec(`return document.querySelector('[data-testid="editor"] .cm-content').innerText;`);
  assert(/CREATE TABLE/.test(ddl) && /'connector' = 'jdbc'/.test(ddl) && /PRIMARY KEY \(`order_id`, `line_no`\) NOT ENFORCED/.test(ddl) && /\$\{secret:/.test(ddl), `the DDL: ${ddl.slice(0, 300)}`);
  await sleep(800);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-3-ddl.png'));

  // its first rows, from a tab bound to the connection
  await wd.exec(`
    const t = document.querySelector('[data-testid="db-table"][data-name="order_items"]');
    t.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 120, clientY: 200 }));
    return true;`);
  await wd.click(await wd.waitFor('[data-testid="db-query-top"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"]', { pred: async (e) => /first 100/.test(await wd.attr(e, 'title')) });
  await wd.click(await wd.waitFor('[data-testid="editor"] .cm-content'));
  await wd.chord(['Control', 'Shift', 'Enter']);
  const count = await wd.text(await wd.waitFor('[data-testid="grid-count"]', { timeout: 30000, pred: async (e) => /rows/.test(await wd.text(e)) }));
  assert(/^\d+ rows?/.test(count), `the grid shows the table's rows: ${count}`);
  await sleep(500);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-4-query.png'));
}

export async function run() {
  const url = process.env.WEIR_TEST_MYSQL_URL;
  const password = process.env.WEIR_TEST_DB_PASSWORD;
  assert(url && password, 'run `eval "$(scripts/db-servers.sh env)"` first');
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-databases-'));
  const src = mkdtempSync(path.join(os.tmpdir(), 'weir-databases-src-'));
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(src, 'notes.sql'), '-- databases around Flink\n');
  execFileSync(path.join(path.dirname(APP), 'weir'), ['--workspace', workspace, 'workspace', 'import', src], { stdio: 'inherit' });
  await withDriver(async (open) => {
    const wd = await open(workspace);
    try {
      await scenario(wd, url, password);
    } catch (e) {
      await wd.screenshot(path.join(ARTIFACTS, 'databases-FAILED.png')).catch(() => {});
      const toasts = await wd.exec(`return [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent);`).catch(() => []);
      console.error(`databases: toasts at the failure: ${JSON.stringify(toasts)}`);
      const logs = await wd.exec(`return [...document.querySelectorAll('[data-testid="run-item"]')].map((t) => t.textContent);`).catch(() => []);
      console.error(`databases: run items: ${JSON.stringify(logs)}`);
      try {
        execFileSync('sh', ['-c', `find "${process.env.WEIR_HOME}" "${workspace}" -name '*.log' -exec tail -n 40 {} +`], { stdio: 'inherit' });
      } catch {}
      throw e;
    }
    await wd.requestClose();
    await waitGone(workspace, 20000);
    await wd.end();
  });
}
