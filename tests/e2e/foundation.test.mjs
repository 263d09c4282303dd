// End-to-end: the real Weir window under Xvfb, driven through WebDriver. Create a script, type
// into it, close the app, reopen it, and see text, tab and cursor restored.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, assert, waitGone, withDriver } from './harness.mjs';

const TEXT = 'SELECT 42 AS answer, CURRENT_TIMESTAMP AS ts;';

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-e2e-'));
  await withDriver(async (open) => {
    // First run: a fresh workspace.
    let wd = await open(workspace);
    await wd.waitFor('[data-testid="new-script"]');
    await wd.screenshot(path.join(ARTIFACTS, 'foundation-1-empty.png'));
    await wd.click(await wd.find('[data-testid="new-script"]'));
    await wd.waitFor('[data-testid="tab"]');
    const content = await wd.waitFor('[data-testid="editor"] .cm-content');
    await wd.click(content);
    await wd.type(content, TEXT);
    await wd.waitFor('[data-testid="editor"] .cm-content', {
      pred: async (el) => (await wd.text(el)) === TEXT,
    });
    const cursor = await wd.waitFor('[data-testid="status-cursor"]', {
      pred: async (el) => (await wd.text(el)).includes(`Col ${TEXT.length + 1}`),
    });
    assert((await wd.text(cursor)).includes('Ln 1'), 'status bar shows line 1');
    const tab = await wd.find('[data-testid="tab"]');
    assert((await wd.attr(tab, 'data-dirty')) === 'true', 'a typed, never-saved script is dirty');
    await wd.screenshot(path.join(ARTIFACTS, 'foundation-2-typed.png'));
    await wd.requestClose();
    await waitGone(workspace); // the app saves its session and exits by itself
    await wd.end();

    // Second run: everything is back.
    wd = await open(workspace);
    const restored = await wd.waitFor('[data-testid="editor"] .cm-content', {
      pred: async (el) => (await wd.text(el)) === TEXT,
    });
    assert(restored, 'text restored');
    const tabs = await wd.findAll('[data-testid="tab"]');
    assert(tabs.length === 1, `one tab restored, found ${tabs.length}`);
    const restoredCursor = await wd.text(await wd.find('[data-testid="status-cursor"]'));
    assert(restoredCursor.includes(`Col ${TEXT.length + 1}`), `cursor restored: ${restoredCursor}`);
    const scripts = await wd.findAll('[data-testid="tree-script"]');
    assert(scripts.length === 1, `one script in the tree, found ${scripts.length}`);
    await wd.screenshot(path.join(ARTIFACTS, 'foundation-3-restored.png'));
    await wd.requestClose();
    await waitGone(workspace); // the app saves its session and exits by itself
    await wd.end();
  });
  return { workspace };
}
