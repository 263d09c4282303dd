// End-to-end: the language services in the real window. Rust's tree-sitter highlighting colours
// the text, a bad statement gets a red squiggle whose hover says what is wrong, and completion
// offers the tables and columns the script defined earlier.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, assert, waitGone, withDriver } from './harness.mjs';

const LINES = [
  "CREATE TABLE orders (order_id BIGINT, price DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'datagen');",
  '-- a statement Flink rejects: the column list is not closed',
  'CREATE TABLE broken (a INT WITH (\'connector\' = \'blackhole\');',
  "SELECT ${region} AS region, UPPER('x') FROM orders;",
  'SELECT order_id, pri FROM orders',
];
const AFTER_CURSOR = ' FROM orders';

/** Classes of the highlight spans on screen, counted. */
async function tokenClasses(wd) {
  return wd.exec(`
    const out = {};
    for (const el of document.querySelectorAll('[data-testid="editor"] .cm-content [class*="tok-"]')) {
      for (const c of el.classList) if (c.startsWith('tok-')) out[c] = (out[c] || 0) + 1;
    }
    return out;`);
}

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-lang-'));
  await withDriver(async (open) => {
    const wd = await open(workspace);
    await wd.click(await wd.waitFor('[data-testid="new-script"]'));
    await wd.waitFor('[data-testid="tab"]');
    const content = await wd.waitFor('[data-testid="editor"] .cm-content');
    await wd.click(content);
    // Typed as a person would, line by line, with Enter between lines.
    for (const [i, line] of LINES.entries()) await wd.type(content, (i ? '\uE007' : '') + line);
    await wd.waitFor('[data-testid="editor"] .cm-content', {
      pred: async (el) => (await wd.text(el)).includes('SELECT order_id, pri FROM orders'),
    });

    // Highlighting from Rust: keywords, types, strings, numbers, comments and the variable.
    const deadline = Date.now() + 15000;
    let classes = {};
    while (Date.now() < deadline) {
      classes = await tokenClasses(wd);
      if (['tok-keyword', 'tok-type', 'tok-string', 'tok-comment', 'tok-variable'].every((c) => classes[c])) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const c of ['tok-keyword', 'tok-type', 'tok-string', 'tok-number', 'tok-comment', 'tok-variable']) {
      assert(classes[c] > 0, `highlight class ${c} on screen: ${JSON.stringify(classes)}`);
    }
    const kw = await wd.exec(`
      const el = [...document.querySelectorAll('.cm-content .tok-keyword')].find((e) => e.textContent === 'CREATE');
      return el ? getComputedStyle(el).color : null;`);
    assert(kw && kw !== 'rgb(0, 0, 0)', `keywords are coloured: ${kw}`);

    // Diagnostics: exactly the broken statement is marked, on its line.
    await wd.waitFor('.cm-lintRange-error');
    const marked = await wd.exec(`
      return [...document.querySelectorAll('.cm-lintRange-error')].map((e) => {
        const line = e.closest('.cm-line');
        return line ? line.textContent : '';
      });`);
    assert(marked.length >= 1, 'at least one error squiggle');
    assert(marked.every((l) => l.startsWith('CREATE TABLE broken')), `only the broken statement is marked: ${marked}`);
    await wd.screenshot(path.join(ARTIFACTS, 'language-1-highlight-and-squiggle.png'));

    // Hovering the squiggle shows what is wrong and where.
    const at = await wd.exec(`
      const r = document.querySelector('.cm-lintRange-error').getBoundingClientRect();
      return [Math.round(r.left + Math.min(r.width / 2, 20)), Math.round(r.top + r.height / 2)];`);
    await wd.pointer([
      { type: 'pointerMove', duration: 0, origin: 'viewport', x: at[0] + 3, y: at[1] },
      { type: 'pointerMove', duration: 100, origin: 'viewport', x: at[0], y: at[1] },
    ]);
    const tip = await wd.waitFor('.cm-tooltip-lint');
    const tipText = await wd.text(tip);
    assert(/expected/i.test(tipText), `the hover says what was expected: ${tipText}`);
    await wd.screenshot(path.join(ARTIFACTS, 'language-2-diagnostic-hover.png'));
    await wd.cmd('DELETE', wd.s('/actions')).catch(() => {});

    // Completion after `SELECT order_id, pri`: the column `price` of `orders`.
    await wd.click(content);
    await wd.chord(['Control', '\uE010']); // Ctrl+End, then left to just after `pri`
    for (let i = 0; i < AFTER_CURSOR.length; i++) await wd.chord(['\uE012']);
    await wd.chord(['Control', ' ']);
    const popup = await wd.waitFor('.cm-tooltip-autocomplete', {
      pred: async (el) => (await wd.text(el)).includes('price'),
    });
    const items = await wd.text(popup);
    assert(items.split('\n')[0].startsWith('price'), `the column comes first: ${items.slice(0, 200)}`);
    await wd.screenshot(path.join(ARTIFACTS, 'language-3-completion.png'));
    await wd.chord(['Enter']);
    await wd.waitFor('[data-testid="editor"] .cm-content', {
      pred: async (el) => (await wd.text(el)).includes('SELECT order_id, price FROM orders'),
    });
    await wd.requestClose();
    await waitGone(workspace); // the app saves its session and exits by itself
    await wd.end();
  });
  return { workspace };
}
