// End-to-end: the Connections dialog in the real window: a SQL Gateway profile with an auth
// header whose value is a keychain key. Saved, reopened; the workspace keeps the key only.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, ARTIFACTS, assert, sleep, sqlite, waitGone, withDriver } from './harness.mjs';

async function scenario(wd, workspace) {
  await wd.click(await wd.waitFor('[data-testid="tree-script"][title="q.sql"]'));
  await wd.click(await wd.waitFor('[data-testid="manage-connections"]'));
  await wd.click(await wd.waitFor('[data-testid="conn-add"]'));
  const name = await wd.waitFor('[data-testid="conn-name"]');
  await wd.type(name, 'prod');
  const url = await wd.find('[data-testid="conn-url"]');
  await wd.clear(url);
  await wd.type(url, 'https://flink-gateway.example:8083');
  await wd.type(await wd.find('[data-testid="conn-auth-headers"]'), 'Authorization=flink/prod-token');
  await wd.type(await wd.find('[data-testid="conn-secret-key"]'), 'flink/prod-token');
  await wd.type(await wd.find('[data-testid="conn-secret-value"]'), 'Bearer not-stored-here');
  await sleep(700);
  await wd.screenshot(path.join(ARTIFACTS, 'connections-1-auth-header.png'));
  await wd.click(await wd.find('[data-testid="conn-save"]'));
  await wd.waitFor('[data-testid="toast"]', { pred: async (e) => /Saved connection 'prod'/.test(await wd.text(e)) });
  const stored = sqlite(path.join(workspace, 'workspace.db'), "SELECT value FROM settings WHERE key = 'connections'");
  assert(
    stored.includes('"authHeaders":{"Authorization":"flink/prod-token"}') &&
      stored.includes('https://flink-gateway.example:8083') &&
      !stored.includes('not-stored-here'),
    `the workspace keeps the key only: ${stored}`,
  );
}

export async function run() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'weir-connections-'));
  const src = mkdtempSync(path.join(os.tmpdir(), 'weir-connections-src-'));
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(src, 'q.sql'), 'SELECT 1;\n');
  execFileSync(path.join(path.dirname(APP), 'weir'), ['--workspace', workspace, 'workspace', 'import', src], { stdio: 'inherit' });
  await withDriver(async (open) => {
    const wd = await open(workspace);
    try {
      await scenario(wd, workspace);
    } catch (e) {
      await wd.screenshot(path.join(ARTIFACTS, 'connections-FAILED.png')).catch(() => {});
      throw e;
    }
    await wd.requestClose();
    await waitGone(workspace, 20000);
    await wd.end();
  });
}
