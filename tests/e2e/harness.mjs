// Starts tauri-driver (which starts WebKitWebDriver, which starts the real Weir window) and
// gives tests a WebDriver session on it. Runs inside xvfb-run + dbus-run-session (see run.sh).

import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { WebDriver } from './webdriver.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const ARTIFACTS = process.env.WEIR_ARTIFACTS || path.join(ROOT, 'tests/artifacts');
export const APP = process.env.WEIR_APP;
mkdirSync(ARTIFACTS, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitPort(port, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port} within ${timeout} ms`);
}

/** Runs `fn(driverFactory)` with a tauri-driver started for it and stopped after. */
export async function withDriver(fn) {
  if (!APP) throw new Error('WEIR_APP must name the custom-protocol build of weir-app');
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    // tauri-driver forwards to WebKitWebDriver, which it starts itself: wait for both, or the
    // first session request fails with "connection refused" on a busy machine.
    await waitPort(port, 'tauri-driver');
    await waitPort(nativePort, 'WebKitWebDriver');
    const open = async (workspace) => {
      const wd = new WebDriver(`http://127.0.0.1:${port}`);
      for (let attempt = 1; ; attempt++) {
        try {
          await wd.start(APP, ['--workspace', workspace]);
          return wd;
        } catch (e) {
          if (attempt >= 3 || !/fetch failed|Connect|connection refused/i.test(String(e.stack || e))) throw e;
          console.warn(`e2e: starting the session failed (${e.message}); retrying`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    return await fn(open);
  } finally {
    driver.kill('SIGTERM');
  }
}

/** PIDs of weir-app processes started for `workspace`. */
export function appPids(workspace) {
  try {
    const out = execFileSync('pgrep', ['-f', `weir-app --workspace ${workspace}`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function waitGone(workspace, timeout = 10000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (appPids(workspace).length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`weir-app for ${workspace} did not exit`);
}

export function sqlite(db, sql) {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
