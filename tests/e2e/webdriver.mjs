// A small W3C WebDriver client over fetch, enough to drive the Weir window through tauri-driver.

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async cmd(method, path, body) {
    const url = `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value || {};
      throw new Error(`${method} ${path}: ${res.status} ${v.error || ''} ${v.message || ''}`);
    }
    return json.value;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async start(application, args = []) {
    const value = await this.cmd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
    });
    this.session = value.sessionId;
    return value;
  }

  async end() {
    if (!this.session) return;
    try {
      await this.cmd('DELETE', this.s(''));
    } catch {
      // The application may already be gone (closed or killed): nothing to end.
    }
    this.session = null;
  }

  /** Closes the window the way its close button does (Tauri's CloseRequested, then exit). */
  async requestClose() {
    await this.exec(
      "window.__TAURI_INTERNALS__.invoke('plugin:window|close', { label: 'main' }).catch(() => {}); return true;",
    ).catch(() => {});
  }

  async closeWindow() {
    try {
      await this.cmd('DELETE', this.s('/window'));
    } catch {
      // Closing the last window ends the app, which may end the session first.
    }
  }

  async find(css) {
    const v = await this.cmd('POST', this.s('/element'), { using: 'css selector', value: css });
    return Object.values(v)[0];
  }

  async findAll(css) {
    const v = await this.cmd('POST', this.s('/elements'), { using: 'css selector', value: css });
    return v.map((e) => Object.values(e)[0]);
  }

  /** Polls until `css` matches an element (and `pred(el)` holds, if given); no sleeps as sync. */
  async waitFor(css, { timeout = 15000, pred } = {}) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const el = await this.find(css);
        if (!pred || (await pred(el))) return el;
        last = 'predicate false';
      } catch (e) {
        last = String(e);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${css}: ${last}`);
  }

  /** Clicks an element; while something still covers it (a view being swapped in), retries. */
  async click(el, { timeout = 5000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        return await this.cmd('POST', this.s(`/element/${el}/click`), {});
      } catch (e) {
        if (!/intercepted/.test(String(e)) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Types into an element; WebKitWebDriver sometimes answers "500 unknown error" while the
   *  page is still settling (a view just swapped in): retried a few times. */
  async type(el, text) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.cmd('POST', this.s(`/element/${el}/value`), { text });
      } catch (e) {
        if (attempt >= 4 || !/500 unknown error/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async clear(el) {
    return this.cmd('POST', this.s(`/element/${el}/clear`), {});
  }

  async text(el) {
    return this.cmd('GET', this.s(`/element/${el}/text`));
  }

  async attr(el, name) {
    return this.cmd('GET', this.s(`/element/${el}/attribute/${name}`));
  }

  async exec(script, args = []) {
    return this.cmd('POST', this.s('/execute/sync'), { script, args });
  }

  /** Runs mouse actions (pointerMove/pointerDown/pointerUp…) through the Actions API. */
  async pointer(actions) {
    await this.cmd('POST', this.s('/actions'), {
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
    });
  }

  /** Presses keys with modifiers through the Actions API, e.g. keys(['Control', 'p']). */
  async chord(keys) {
    const map = { Control: '\uE009', Shift: '\uE008', Alt: '\uE00A', Enter: '\uE007', Escape: '\uE00C', Delete: '\uE017' };
    const codes = keys.map((k) => map[k] || k);
    const actions = [
      ...codes.map((value) => ({ type: 'keyDown', value })),
      ...codes.reverse().map((value) => ({ type: 'keyUp', value })),
    ];
    await this.cmd('POST', this.s('/actions'), { actions: [{ type: 'key', id: 'kbd', actions }] });
    await this.cmd('DELETE', this.s('/actions')).catch(() => {});
  }

  /** Waits until the page has produced two frames (a loaded machine paints late under Xvfb). */
  async painted() {
    await this.cmd('POST', this.s('/execute/async'), {
      script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));',
      args: [],
    }).catch(() => {});
  }

  async screenshot(path) {
    const { writeFile } = await import('node:fs/promises');
    // what the DOM shows now, painted: not a frame from before the last change
    await this.painted();
    const b64 = await this.cmd('GET', this.s('/screenshot'));
    await writeFile(path, Buffer.from(b64, 'base64'));
    return path;
  }
}
