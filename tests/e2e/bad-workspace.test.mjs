// A damaged workspace: the window says so, the file is untouched, and another workspace can be
// opened from the same screen.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, assert, waitGone, withDriver } from './harness.mjs';

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-bad-'));
  const other = mkdtempSync(path.join(os.tmpdir(), 'weir-other-'));
  const db = path.join(workspace, 'workspace.db');
  writeFileSync(db, Buffer.from('not a database at all, just words '.repeat(200)));
  const before = readFileSync(db);
  await withDriver(async (open) => {
    const wd = await open(workspace);
    const screen = await wd.waitFor('[data-testid="open-error"]');
    const text = await wd.text(screen);
    assert(text.includes('damaged'), `the message says the workspace is damaged: ${text}`);
    await wd.screenshot(path.join(ARTIFACTS, 'bad-workspace-1-error.png'));
    assert(Buffer.compare(readFileSync(db), before) === 0, 'the damaged file is untouched');
    const input = await wd.find('[data-testid="workspace-path"]');
    await wd.click(input);
    await wd.clear(input);
    await wd.type(input, other);
    await wd.click(await wd.find('[data-testid="open-workspace"]'));
    await wd.waitFor('[data-testid="new-script"]');
    const ws = await wd.text(await wd.waitFor('[data-testid="status-workspace"]'));
    assert(ws.includes(path.basename(other)), `status bar names the new workspace: ${ws}`);
    await wd.screenshot(path.join(ARTIFACTS, 'bad-workspace-2-other-opened.png'));
    await wd.requestClose();
    await waitGone(workspace); // the app saves its session and exits by itself
    await wd.end();
  });
  assert(Buffer.compare(readFileSync(db), before) === 0, 'the damaged file is still untouched');
}
