// Start-up and idle memory of the Plan LCD window beside a bare Tauri window
// (examples/bare_window), side by side in one run. Run by examples/startup.sh,
// which starts tauri-driver; prints p50 and p95 of each figure and the ratios.
//
//   node examples/startup.mjs APP BARE DB RUNS [--pause MS] [--first-of-day]
//
// `--pause`: how long the person reads the profile question before
// « Continuer » (1000 ms by default; not counted). With 0, the first save of
// the start waits for the file's check beside the window (about half a second
// at twenty years on an idle machine, more while the window starts). `--first-of-day`: the file's daily copies are
// removed before each of the app's starts, so that each is the day's first
// and takes its copy (beside the window, while the memory is read).
//
// Start-up: from asking tauri-driver for the window to the first page's data
// on screen (the app: the profile question, read from the file; the bare
// window: its count of the file's tables), then, for the app, from
// « Continuer » to the home page's figures in the page (timed by the page's
// clock). Idle memory: three seconds after
// that, the proportional set size (PSS) of the window's process and every
// process under it (WebKit's web and network processes), from
// /proc/PID/smaps_rollup.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Session, literal } from '../tests/e2e/webdriver.mjs';

const [app, bare, db, runsArg, ...options] = process.argv.slice(2);
const firstOfDay = options.includes('--first-of-day');
const pauseAt = options.indexOf('--pause');
const pause = pauseAt < 0 ? 1000 : Number(options[pauseAt + 1]);
const copies = join(dirname(db), 'backups', basename(db).replace(/\.[^.]*$/, ''));
const runs = Number(runsArg ?? 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for `xpath` to match an element whose text matches `pattern`, polling every 10 ms. */
async function waitFor(s, xpath, pattern = /./) {
  const script = `const e = document.evaluate(${JSON.stringify(xpath)}, document, null, 9, null).singleNodeValue;
    return e ? e.textContent : null;`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const text = await s.execute(script).catch(() => null);
    if (text !== null && pattern.test(text)) return;
    await sleep(10);
  }
  throw new Error(`${xpath} never showed ${pattern}`);
}

function childrenOf(pid) {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n').map((l) => Number(l.trim())).filter(Boolean);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** PSS in MiB of the newest process running `binary` and all processes under it. */
function pss(binary) {
  const root = Number(execFileSync('pgrep', ['-n', '-f', `^${binary}`], { encoding: 'utf8' }).trim());
  const all = [];
  const walk = (p) => { all.push(p); childrenOf(p).forEach(walk); };
  walk(root);
  let kb = 0;
  const each = [];
  for (const p of all) {
    const m = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
    kb += Number(m[1]);
    each.push(`${readFileSync(`/proc/${p}/comm`, 'utf8').trim()} ${(Number(m[1]) / 1024).toFixed(0)}`);
  }
  return { mib: kb / 1024, processes: each.join(', ') };
}

async function once(which) {
  rmSync(`${db}.lock`, { force: true }); // the previous window was stopped as a crash would be
  if (which === 'app' && firstOfDay) rmSync(copies, { recursive: true, force: true });
  const t0 = performance.now();
  const s = await Session.start(which === 'app' ? app : bare, { args: ['--db', db] });
  const r = {};
  if (which === 'app') {
    await waitFor(s, "//h1[normalize-space(.)='Qui travaille aujourd’hui ?']");
    await waitFor(s, "//label[.//input[@type='radio']]");
    r.first = performance.now() - t0;
    await sleep(pause);
    // Timed by the page's own clock, from the click to the figures in the
    // page: the WebDriver's polling, whose calls wait behind the page's
    // work, added 0 to 140 ms at random to this short phase.
    await s.execute(`const t1 = performance.now();
      new MutationObserver((_, o) => {
        if (document.querySelector('#home-figures-title') && document.querySelector('.card-value')) {
          window.homeShownAfter = performance.now() - t1;
          o.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
      document.evaluate(${JSON.stringify(`//button[normalize-space(.)=${literal('Continuer')}]`)}, document, null, 9, null).singleNodeValue.click();`);
    await waitFor(s, "//h2[@id='home-figures-title']", /Les chiffres clés/);
    r.home = await s.execute('return window.homeShownAfter;');
    r.total = r.first + r.home;
  } else {
    await waitFor(s, "//p[@id='ready']", /tables/);
    r.first = r.total = performance.now() - t0;
  }
  await sleep(3000);
  r.memory = pss(which === 'app' ? app : bare);
  await s.quit();
  await sleep(500);
  return r;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

const got = { app: [], bare: [] };
await once('bare'); // the first start of each reads the binaries from disk: not counted
await once('app');
for (let i = 0; i < runs; i++) {
  for (const which of i % 2 ? ['app', 'bare'] : ['bare', 'app']) got[which].push(await once(which));
}
const row = (label, xs, unit = 'ms') =>
  console.log(`${label.padEnd(56)} p50 ${quantile(xs, 0.5).toFixed(1).padStart(7)} ${unit}  p95 ${quantile(xs, 0.95).toFixed(1).padStart(7)} ${unit}`);
console.log(`${runs} starts of each, alternating; file ${db}; the profile question read for ${pause} ms${firstOfDay ? '; each start the first of its day' : ''}`);
row('bare window: start to its data on screen', got.bare.map((r) => r.total));
row('app: start to the profile question', got.app.map((r) => r.first));
row('app: « Continuer » to the home figures', got.app.map((r) => r.home));
row('app: start to the home figures (the pause not counted)', got.app.map((r) => r.total));
row('bare window: idle PSS', got.bare.map((r) => r.memory.mib), 'MiB');
row('app: idle PSS', got.app.map((r) => r.memory.mib), 'MiB');
const p50 = (w, f) => quantile(got[w].map(f), 0.5);
console.log(`ratio, start-up to the first data (p50): ${(p50('app', (r) => r.first) / p50('bare', (r) => r.total)).toFixed(2)}`);
console.log(`ratio, start-up to the home figures (p50): ${(p50('app', (r) => r.total) / p50('bare', (r) => r.total)).toFixed(2)}`);
console.log(`ratio, idle memory (p50): ${(p50('app', (r) => r.memory.mib) / p50('bare', (r) => r.memory.mib)).toFixed(2)}`);
console.log(`PSS by process (MiB), the last start: app: ${got.app.at(-1).memory.processes}; bare window: ${got.bare.at(-1).memory.processes}`);
