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

/** Opens the context menu of a table in the Databases view. */
async function tableMenu(wd, name) {
  await wd.exec(
    `const t = document.querySelector('[data-testid="db-table"][data-name="' + arguments[0] + '"]');
     t.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 120, clientY: 200 }));
     return true;`,
    [name],
  );
}

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
  await tableMenu(wd, 'order_items');
  await wd.waitFor('[data-testid="db-ddl"]');
  await wd.exec(`document.querySelector('[data-testid="db-ddl"]').dispatchEvent(new MouseEvent('click', { bubbles: true })); return true;`);
  await wd.click(await wd.waitFor('[data-testid="db-ddl-jdbc"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"]', { pred: async (e) => /order_items/.test(await wd.attr(e, 'title')) });
  const ddl = await wd.exec(`return document.querySelector('[data-testid="editor"] .cm-content').innerText;`);
  assert(/CREATE TABLE/.test(ddl) && /'connector' = 'jdbc'/.test(ddl) && /PRIMARY KEY \(`order_id`, `line_no`\) NOT ENFORCED/.test(ddl) && /\$\{secret:/.test(ddl), `the DDL: ${ddl.slice(0, 300)}`);
  await sleep(800);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-3-ddl.png'));

  // its first rows, from a tab bound to the connection
  await tableMenu(wd, 'order_items');
  await wd.click(await wd.waitFor('[data-testid="db-query-top"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"]', { pred: async (e) => /first 100/.test(await wd.attr(e, 'title')) });
  await wd.click(await wd.waitFor('[data-testid="editor"] .cm-content'));
  await wd.chord(['Control', 'Shift', 'Enter']);
  const count = await wd.text(await wd.waitFor('[data-testid="grid-count"]', { timeout: 30000, pred: async (e) => /rows/.test(await wd.text(e)) }));
  assert(/^\d+ rows?/.test(count), `the grid shows the table's rows: ${count}`);
  await sleep(500);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-4-query.png'));

  // Completion in the tab bound to the database: its tables, then the columns of the one named.
  const content = await wd.find('[data-testid="editor"] .cm-content');
  await wd.click(content);
  await wd.chord(['Control', 'a']);
  await wd.type(content, 'SELECT * FROM order_items WHERE li');
  await wd.chord(['Control', ' ']);
  let popup = await wd.waitFor('.cm-tooltip-autocomplete', { pred: async (el) => (await wd.text(el)).includes('line_no') });
  assert(/line_no/.test(await wd.text(popup)), 'the column of the database table is offered');
  await wd.chord(['Escape']);
  await wd.chord(['Control', 'a']);
  await wd.type(content, 'SELECT * FROM ord');
  await wd.chord(['Control', ' ']);
  popup = await wd.waitFor('.cm-tooltip-autocomplete', { pred: async (el) => (await wd.text(el)).includes('order_items') });
  const offered = await wd.text(popup);
  assert(/order_items/.test(offered) && /weir_test/.test(offered), `the database's tables, with their schema: ${offered.slice(0, 200)}`);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-5-completion.png'));
  await wd.chord(['Escape']);

  // The tab is checked as MySQL, not as Flink SQL: MySQL's own syntax is clean, a typo is marked.
  await wd.chord(['Control', 'a']);
  await wd.type(content, 'INSERT INTO order_items (sku) VALUES (1) ON DUPLICATE KEY UPDATE sku = VALUES(sku)');
  await sleep(1200);
  const marks = await wd.exec(`return document.querySelectorAll('.cm-lintRange-error, .cm-lintRange-warning').length;`);
  assert(marks === 0, `MySQL's ON DUPLICATE KEY UPDATE is not marked in a MySQL tab (${marks} marks)`);
  await wd.chord(['Control', 'a']);
  await wd.type(content, 'SELECT sku FROM order_items WHERE ) 1');
  await wd.waitFor('.cm-lintRange-warning', { timeout: 10000 });
  await wd.screenshot(path.join(ARTIFACTS, 'databases-5b-dialect-check.png'));

  // A MySQL CREATE TABLE pasted (the editor menu's Paste reads the system clipboard) is offered
  // for translation; the Flink DDL reads from the tab's MySQL connection.
  await wd.chord(['Control', 'a']);
  await wd.chord(['Delete']);
  // xclip stays in the background serving the selection: detached from our pipes.
  execFileSync('sh', ['-c', 'printf %s "$PASTED" | xclip -selection clipboard -i >/dev/null 2>&1 &'], {
    env: { ...process.env, PASTED },
    timeout: 5000,
  });
  const box = await wd.exec(`const r = document.querySelector('[data-testid="editor"] .cm-content').getBoundingClientRect(); return [Math.round(r.left + 60), Math.round(r.top + 8)];`);
  await wd.pointer([
    { type: 'pointerMove', duration: 0, origin: 'viewport', x: box[0], y: box[1] },
    { type: 'pointerDown', button: 2 },
    { type: 'pointerUp', button: 2 },
  ]);
  await wd.cmd('DELETE', wd.s('/actions')).catch(() => {});
  await wd.waitFor('[data-testid="editor-menu"]');
  await wd.screenshot(path.join(ARTIFACTS, 'databases-6-editor-menu.png'));
  await wd.click(await wd.find('[data-testid="editor-menu-paste"]'));
  const offer = await wd.waitFor('[data-testid="translate-pasted"]', { timeout: 10000 });
  await wd.waitFor('[data-testid="editor"] .cm-content', { pred: async (el) => (await wd.text(el)).includes('ENGINE=InnoDB') });
  await wd.screenshot(path.join(ARTIFACTS, 'databases-7-paste-offer.png'));
  await wd.click(offer);
  const translated = await wd.text(
    await wd.waitFor('[data-testid="editor"] .cm-content', { pred: async (el) => (await wd.text(el)).includes("'connector' = 'jdbc'") }),
  );
  assert(
    /CREATE TABLE `customer accounts`/.test(translated) &&
      /`balance` DECIMAL\(14, 2\)/.test(translated) &&
      /jdbc:mysql:\/\/127\.0\.0\.1:\d+\/crm/.test(translated) &&
      /PRIMARY KEY \(`id`\) NOT ENFORCED/.test(translated) &&
      !/ENGINE=/.test(translated),
    `the pasted MySQL became Flink DDL on the tab's server: ${translated}`,
  );
  await sleep(300);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-8-translated.png'));

  // A sync job for the table: CDC source, JDBC sink, aligned INSERT.
  await tableMenu(wd, 'order_items');
  await wd.click(await wd.waitFor('[data-testid="db-pipeline"]'));
  await wd.waitFor('[data-testid="tab"][aria-selected="true"]', { pred: async (e) => /sync/.test(await wd.attr(e, 'title')) });
  const top = await wd.exec(`return document.querySelector('[data-testid="editor"] .cm-content').innerText;`);
  assert(/CREATE TABLE `order_items_source`/.test(top) && /'connector' = 'mysql-cdc'/.test(top), `the sync job's source: ${top}`);
  // CodeMirror renders the lines in view: go to the end for the INSERT.
  await wd.click(await wd.find('[data-testid="editor"] .cm-content'));
  await wd.chord(['Control', '\uE010']);
  await wd.waitFor('[data-testid="editor"] .cm-content', { pred: async (el) => (await wd.text(el)).includes('FROM `order_items_source`') });
  const end = await wd.exec(`return document.querySelector('[data-testid="editor"] .cm-content').innerText;`);
  assert(/INSERT INTO `order_items_sink` \(\s*`order_id`,/.test(end) && /FROM `order_items_source`;/.test(end), `the sync job's INSERT: ${end}`);
  await sleep(300);
  await wd.screenshot(path.join(ARTIFACTS, 'databases-9-sync-job.png'));
}

const PASTED = `CREATE TABLE \`crm\`.\`customer accounts\` (
  \`id\` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  \`balance\` decimal(14,2) NOT NULL DEFAULT '0.00',
  \`active\` tinyint(1) NOT NULL DEFAULT 1,
  \`opened\` datetime(3) DEFAULT NULL,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`;

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
