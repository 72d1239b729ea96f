// The file's full check runs beside the window: a file damaged past its
// schema opens, but no write reaches it: choosing who works today is refused
// with the French message. The next start checks the file before opening it
// and offers the newest good copy in the native dialog.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP, ARTIFACTS, WORK, completeSetup, nativeDialog, sleep, startApp } from './common.mjs';

const DB = join(WORK, 'verification', 'plan.sqlite3');
const MARKER = join(WORK, 'verification', 'backups', 'plan', 'verification-echouee.txt');
const QUESTION = 'Plan LCD : base de données';
let s;

after(async () => {
  await s?.quit().catch(() => {});
});

test('a damaged page refuses every write, and the next start offers a copy', async () => {
  s = await startApp('verification/plan.sqlite3');
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
  await s.quit();
  s = null;
  // The app gone, so that no checkpoint of its own writes the page back.
  for (let i = 0; i < 100 && running(DB); i++) await sleep(100);
  assert.ok(!running(DB), 'the app has stopped');

  // One page of the communes overwritten: the header and the schema still
  // read, the full check does not pass. SQLite (Python's) writes the
  // journal's last pages into the file and says which page to spoil.
  const [page, size] = execFileSync('python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
busy = c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
assert busy == 0, "the journal's pages are all in the file"
page = c.execute("SELECT pageno FROM dbstat WHERE name = 'commune' AND pagetype = 'leaf' LIMIT 1").fetchone()[0]
print(page, c.execute("PRAGMA page_size").fetchone()[0])
c.close()
`, DB]).toString().trim().split(' ').map(Number);
  const bytes = readFileSync(DB);
  bytes.fill(0x5a, (page - 1) * size, page * size);
  writeFileSync(DB, bytes);

  s = await startApp('verification/plan.sqlite3');
  await s.find("//h1[normalize-space(.)='Qui travaille aujourd’hui ?']", 20_000);
  await (await s.button('Continuer')).click();
  await s.text('La vérification du fichier, au démarrage, y a trouvé un défaut', 20_000);
  await s.screenshot(join(ARTIFACTS, 'integrity-refused.png'));
  assert.ok(existsSync(MARKER), 'the failed check is recorded for the next start');
  await s.quit();
  s = null;
  for (let i = 0; i < 100 && running(DB); i++) await sleep(100);

  // The next start checks before opening: the question comes first, before
  // any window; « Quitter sans rien changer » leaves the file as it is.
  const app = spawn(APP, ['--db', DB], { stdio: 'ignore' });
  const exited = new Promise((resolve) => app.on('exit', resolve));
  const asked = await nativeDialog(QUESTION);
  assert.ok(asked, 'the app asks before opening the damaged file again');
  await sleep(500);
  execFileSync('import', ['-window', 'root', join(ARTIFACTS, 'integrity-question.png')]);
  // Its two buttons share the bottom row: « Quitter sans rien changer » on the right.
  execFileSync('xdotool', ['mousemove', String(asked.x + Math.round((asked.width * 3) / 4)), String(asked.y + asked.height - 18), 'click', '1']);
  // It says why it does not start, and quits once that is read.
  const refused = await nativeDialog('Plan LCD ne peut pas démarrer', 20_000);
  assert.ok(refused, 'the app says why it does not start');
  execFileSync('import', ['-window', 'root', join(ARTIFACTS, 'integrity-refused-start.png')]);
  execFileSync('xdotool', ['mousemove', String(refused.x + refused.width - 40), String(refused.y + refused.height - 18), 'click', '1']);
  const code = await Promise.race([exited, sleep(20_000).then(() => 'still running')]);
  if (code === 'still running') app.kill();
  assert.notEqual(code, 'still running', 'the app quits as asked');
  assert.ok(existsSync(DB), 'the damaged file is left where it was');
});

/** Whether a process runs with `path` on its command line. */
function running(path) {
  try {
    execFileSync('pgrep', ['-f', path]);
    return true;
  } catch {
    return false;
  }
}
