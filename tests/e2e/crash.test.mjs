// Crash test: kill -9 the real app while typing, reopen, and check that the database is intact
// and at most the last second of typing is missing.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, appPids, assert, sqlite, waitGone, withDriver } from './harness.mjs';

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-crash-'));
  const db = path.join(workspace, 'workspace.db');
  const typed = []; // [chunk, time the keys were delivered]
  let killedAt = 0;
  await withDriver(async (open) => {
    let wd = await open(workspace);
    await wd.click(await wd.waitFor('[data-testid="new-script"]'));
    const content = await wd.waitFor('[data-testid="editor"] .cm-content');
    await wd.click(content);
    const until = Date.now() + 4000;
    for (let i = 0; Date.now() < until; i++) {
      const chunk = `w${String(i).padStart(4, '0')} `;
      await wd.type(content, chunk);
      typed.push([chunk, Date.now()]);
    }
    const pids = appPids(workspace);
    assert(pids.length === 1, `one app process, found ${pids}`);
    process.kill(pids[0], 'SIGKILL');
    killedAt = Date.now();
    await wd.end();
    await waitGone(workspace);

    const integrity = sqlite(db, 'PRAGMA integrity_check');
    assert(integrity === 'ok', `integrity_check after kill -9: ${integrity}`);
    const saved = sqlite(db, 'SELECT text FROM scripts');
    const all = typed.map(([c]) => c).join('');
    assert(all.startsWith(saved), `saved text is a prefix of what was typed: ${saved.slice(-40)}`);
    const mustHave = typed.filter(([, t]) => t <= killedAt - 1000).map(([c]) => c).join('');
    const lostMs = Math.max(0, killedAt - (typed.find(([c], i) => typed.slice(0, i + 1).map(([x]) => x).join('').length > saved.length)?.[1] ?? killedAt));
    console.log(
      `crash: typed ${all.length} chars in ${typed.length} chunks; saved ${saved.length}; ` +
        `required ${mustHave.length} (typed ≥1 s before the kill); lost the last ${all.length - saved.length} chars (~${lostMs} ms)`,
    );
    assert(saved.length >= mustHave.length, 'no more than the last second of typing is lost');

    // Reopen the app: it opens the workspace and shows the saved text.
    wd = await open(workspace);
    try {
      await wd.waitFor('[data-testid="editor"] .cm-content', {
        // (the sqlite shell trims a trailing space of the saved text; WebDriver's text keeps one)
        pred: async (el) => (await wd.text(el)).trimEnd() === saved.trimEnd(),
      });
    } catch (e) {
      await wd.screenshot(path.join(ARTIFACTS, 'crash-FAILED.png')).catch(() => {});
      const shown = await wd.exec(`return document.querySelector('[data-testid="editor"] .cm-content')?.innerText ?? '(no editor)';`).catch(() => '?');
      console.error(`crash: the reopened editor shows ${JSON.stringify(shown)}; saved ${JSON.stringify(saved)}`);
      throw e;
    }
    await wd.screenshot(path.join(ARTIFACTS, 'crash-reopened.png'));
    await wd.requestClose();
    await waitGone(workspace); // the app saves its session and exits by itself
    await wd.end();
    assert(sqlite(db, 'PRAGMA integrity_check') === 'ok', 'integrity after reopening');
  });
}
