// A workspace whose stored engine settings name a Java home (an older or a shared workspace):
// the window asks before the engine would run that `java`, naming the workspace and the path;
// declining keeps the person's own settings and the program never runs.

import { existsSync, mkdirSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, assert, sqlite, waitGone, withDriver } from './harness.mjs';

export async function run() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'weir-trust-'));
  const workspace = path.join(root, 'ws');
  const javaHome = path.join(root, 'shared-jdk');
  const marker = path.join(root, 'the-workspace-program-ran');
  mkdirSync(path.join(javaHome, 'bin'), { recursive: true });
  writeFileSync(path.join(javaHome, 'bin', 'java'), `#!/bin/sh\necho ran > '${marker}'\nexit 1\n`);
  chmodSync(path.join(javaHome, 'bin', 'java'), 0o755);
  await withDriver(async (open) => {
    // a fresh workspace, then its settings row names the Java home (as an old or shared one does)
    let wd = await open(workspace);
    await wd.waitFor('[data-testid="new-script"]');
    await wd.requestClose();
    await waitGone(workspace);
    await wd.end();
    const engine = JSON.stringify({ prewarm: true, flinkVersion: '2.3.0', javaHome });
    sqlite(path.join(workspace, 'workspace.db'), `INSERT OR REPLACE INTO settings(key, value) VALUES ('engine', '${engine}')`);

    wd = await open(workspace);
    const dialog = await wd.waitFor('[data-testid="engine-trust"]');
    const java = await wd.text(await wd.find('[data-testid="engine-trust-java"]'));
    assert(java === javaHome, `the dialog names the Java home: ${java}`);
    const ws = await wd.text(await wd.find('[data-testid="engine-trust-workspace"]'));
    assert(ws.includes('ws'), `the dialog names the workspace: ${ws}`);
    const text = await wd.text(dialog);
    assert(text.includes(`${javaHome}/bin/java`), `the dialog names the program it would run: ${text}`);
    // on screen, not only in the DOM: the point at the middle of its button is that button
    const onTop = await wd.exec(`
      const b = document.querySelector('[data-testid="engine-trust-decline"]').getBoundingClientRect();
      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return hit !== null && hit.closest('[data-testid="engine-trust-decline"]') !== null;`);
    assert(onTop === true, 'the dialog is visible and on top (its button takes the click)');
    // a window just opened paints late under Xvfb: the screenshot waits for the dialog to show
    await new Promise((r) => setTimeout(r, 2500));
    await wd.screenshot(path.join(ARTIFACTS, 'engine-trust-1-dialog.png'));
    await wd.click(await wd.find('[data-testid="engine-trust-decline"]'));
    const deadline = Date.now() + 5000;
    while ((await wd.findAll('[data-testid="engine-trust"]')).length > 0) {
      assert(Date.now() < deadline, 'the dialog closes after declining');
      await new Promise((r) => setTimeout(r, 100));
    }
    // a negative check: the engine pre-warms now (with the person's own settings); had it taken
    // the workspace's Java home, its java would have written the marker within this time
    await new Promise((r) => setTimeout(r, 1500));
    await wd.screenshot(path.join(ARTIFACTS, 'engine-trust-2-declined.png'));
    assert(!existsSync(marker), 'the workspace-named java never ran (pre-warm asked for the engine)');
    await wd.requestClose();
    await waitGone(workspace);
    await wd.end();
  });
  assert(!existsSync(marker), 'the workspace-named java never ran');
}
