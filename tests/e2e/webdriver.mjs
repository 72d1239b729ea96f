// A small WebDriver client for the end-to-end suite: just the calls the suite
// makes, over Node's fetch, against tauri-driver on 127.0.0.1:4444.
import { writeFileSync } from 'node:fs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Starts the app: tauri-driver launches `application` in a new window. */
  static async start(application, { base = process.env.PLAN_LCD_WD_URL ?? 'http://127.0.0.1:4444', args = [] } = {}) {
    const body = { capabilities: { alwaysMatch: { 'tauri:options': { application, args } } } };
    // A window that does not come within a minute is retried once, rather
    // than holding the whole suite for fetch's five-minute default.
    let last;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const res = await call('POST', `${base}/session`, body, 60_000);
        return new Session(base, res.sessionId);
      } catch (e) {
        last = e;
        // Said, not hidden: a lost start is counted in the run's output, and
        // tauri-driver.log in the run's folder tells which side closed.
        console.error(`# the app's start failed (attempt ${attempt + 1} of 2): ${e.cause?.code ?? e.message}`);
        await sleep(1000);
      }
    }
    throw last;
  }

  url(path) {
    return `${this.base}/session/${this.id}${path}`;
  }

  /** Ends the session: tauri-driver stops the app (as a crash would, the lock stays). */
  async quit() {
    await call('DELETE', this.url(''), undefined, 30_000);
  }

  /** Finds one element by XPath, waiting for it up to `timeout` ms. */
  async find(xpath, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const res = await call('POST', this.url('/element'), { using: 'xpath', value: xpath });
        return new Element(this, res[ELEMENT]);
      } catch (e) {
        last = e;
        await sleep(150);
      }
    }
    throw new Error(`no element for ${xpath} after ${timeout} ms: ${last?.message}`);
  }

  async findAll(xpath) {
    const res = await call('POST', this.url('/elements'), { using: 'xpath', value: xpath });
    return res.map((r) => new Element(this, r[ELEMENT]));
  }

  /** Waits until `xpath` matches nothing. */
  async gone(xpath, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if ((await this.findAll(xpath)).length === 0) return;
      await sleep(150);
    }
    throw new Error(`${xpath} still present after ${timeout} ms`);
  }

  /** The form field whose visible label starts with `label`. */
  async field(label) {
    const lbl = await this.find(`//label[starts-with(normalize-space(.), ${literal(label)})]`);
    const id = await lbl.attribute('for');
    if (!id) throw new Error(`label "${label}" has no for attribute`);
    return this.find(`//*[@id=${literal(id)}]`);
  }

  async button(text) {
    return this.find(`//button[normalize-space(.)=${literal(text)}]`);
  }

  /**
   * Waits until the element at `xpath` shows text (`textContent`, no-break
   * spaces kept) matching `pattern`, and returns that text. A page fills its
   * figures after it appears: reading once would race the core's answer.
   */
  async shows(xpath, pattern, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const res = await call('POST', this.url('/element'), { using: 'xpath', value: xpath });
        last = await new Element(this, res[ELEMENT]).property('textContent');
        if (pattern.test(last)) return last;
      } catch {
        // Not there yet, or replaced while read: ask again.
      }
      await sleep(150);
    }
    throw new Error(`${xpath} never showed ${pattern} in ${timeout} ms; last: ${JSON.stringify(last)}`);
  }

  /** Waits until some element's text contains `text`, and returns it. */
  async text(text, timeout = 10_000) {
    return this.find(`//*[contains(normalize-space(.), ${literal(text)}) and not(*[contains(normalize-space(.), ${literal(text)})])]`, timeout);
  }

  async bodyText() {
    return (await this.find('//body')).text();
  }

  async execute(script, args = []) {
    const wire = args.map((a) => (a instanceof Element ? { [ELEMENT]: a.id } : a));
    return call('POST', this.url('/execute/sync'), { script, args: wire });
  }

  async screenshot(path) {
    // Give the page that just changed 400 ms to settle, so that the frame
    // taken shows it finished.
    await sleep(400);
    // WebKitWebDriver answers with the first frame drawn after its request,
    // and the app draws without compositing (state::compositing_default),
    // where a page at rest draws no further frame: the request would wait
    // until `call`'s 120 s timeout. So a 1 px element changes its background
    // at every frame until the picture is taken: the change marks it for
    // repainting, which makes the frame, and both colours are transparent
    // (alpha 0.001 is 0 of 255), so nothing is drawn. Its loop stops by
    // itself once the element is gone.
    await this.execute(`document.querySelectorAll('#e2e-frame-kick').forEach((e) => e.remove());
      const kick = document.createElement('div');
      kick.id = 'e2e-frame-kick';
      kick.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none';
      document.body.append(kick);
      let odd = false;
      const paint = () => {
        if (!kick.isConnected) return;
        odd = !odd;
        kick.style.background = odd ? 'rgb(0 0 0 / 0.001)' : 'rgb(255 255 255 / 0.001)';
        requestAnimationFrame(paint);
      };
      requestAnimationFrame(paint);`);
    try {
      const data = await call('GET', this.url('/screenshot'));
      writeFileSync(path, Buffer.from(data, 'base64'));
    } finally {
      await this.execute("document.getElementById('e2e-frame-kick')?.remove();").catch(() => {});
    }
  }

  /** A picture for a failure's diagnosis: its own failure is ignored, so that it never hides the error it documents. */
  async evidence(path) {
    await this.screenshot(path).catch(() => {});
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  url(path) {
    return this.session.url(`/element/${this.id}${path}`);
  }

  /**
   * Clicks like a person: when a sticky bar covers the element, or the
   * driver's own scrolling left it out of reach, scrolls it to the middle first.
   */
  async click() {
    try {
      await call('POST', this.url('/click'), {});
    } catch (e) {
      if (!/intercepted|not interactable/.test(String(e.message))) throw e;
      await this.session.execute("arguments[0].scrollIntoView({ block: 'center' });", [this]);
      await call('POST', this.url('/click'), {});
    }
  }

  /** Clears like click(): scrolled to the middle when the driver left it out of reach. */
  async clear() {
    try {
      await call('POST', this.url('/clear'), {});
    } catch (e) {
      if (!/not interactable/.test(String(e.message))) throw e;
      await this.session.execute("arguments[0].scrollIntoView({ block: 'center' });", [this]);
      await call('POST', this.url('/clear'), {});
    }
  }

  async type(text) {
    await call('POST', this.url('/value'), { text });
  }

  /** Replaces the field's content with `text`. */
  async fill(text) {
    await this.clear();
    if (text !== '') await this.type(text);
  }

  async text() {
    return call('GET', this.url('/text'));
  }

  async attribute(name) {
    return call('GET', this.url(`/attribute/${name}`));
  }

  async property(name) {
    return call('GET', this.url(`/property/${name}`));
  }

  /** Picks the option of this `<select>` whose visible text is `text`. */
  async select(text) {
    // An option has no box of its own to scroll to: bring its list into view first.
    await this.session.execute("arguments[0].scrollIntoView({ block: 'center' });", [this]);
    const option = await this.session.find(
      `//*[@id=${literal(await this.attribute('id'))}]/option[normalize-space(.)=${literal(text)}]`,
    );
    await option.click();
  }
}

/** An XPath string literal for any text, quotes included. */
export function literal(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat(${s.split("'").map((p) => `'${p}'`).join(`, "'", `)})`;
}

async function call(method, url, body, timeout = 120_000) {
  const res = await fetch(url, {
    method,
    signal: AbortSignal.timeout(timeout),
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`${method} ${url}: ${res.status} ${json?.value?.error ?? ''} ${json?.value?.message ?? ''}`);
  }
  return json.value;
}
