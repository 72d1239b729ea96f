// A damaged database at start: the app says so in a native dialog, in
// French, and offers the newest good copy; once the user answers « Restaurer
// cette copie », the window opens on the recovered file (the app used to
// exit with a panic there: the dialog had taken GTK's main context), and
// « Vérifier la base » finds it sound (the journal records the recovery,
// which explains any anchor of the lost work: tests/core/tamper.rs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, WORK, answerSaveDialog, completeSetup, nativeDialog, fillForm, goTo, pickProfile, readCrashNotice, sleep, startApp } from './common.mjs';

const DB = join(WORK, 'recuperation', 'plan.sqlite3');
const BACKUPS = join(WORK, 'recuperation', 'backups', 'plan');
const QUESTION = 'Plan LCD : base de données';
let s;

after(async () => {
  await s?.quit().catch(() => {});
});

const isoDay = (d) => d.toISOString().slice(0, 10);

test('a damaged file is recovered from the newest copy and the window opens on it', async () => {
  s = await startApp('recuperation/plan.sqlite3');
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
  // A copy of the set-up file, as the daily copy of the day before: the
  // copy taken at this first start holds an empty file, and goes.
  await goTo(s, 'Paramètres');
  await (await s.button('Enregistrer une copie…')).click();
  const yesterday = new Date(Date.now() - 86_400_000);
  answerSaveDialog(join(BACKUPS, `quotidienne-${isoDay(yesterday)}.sqlite3`));
  await s.text('Copie enregistrée', 20_000);
  // Work after the copy, which the damage will take with it: this PC's
  // anchor of the journal is then ahead of the copy.
  await fillForm(s, { Nom: 'Nadia Benali', 'Rôle': 'Assistant·e administratif·ve' });
  await (await s.button("Changer d’utilisateur")).click();
  await s.text('Vous agissez maintenant en tant que Nadia Benali');
  await s.quit();
  await sleep(500);
  rmSync(join(BACKUPS, `quotidienne-${isoDay(new Date())}.sqlite3`), { force: true });

  // The file is damaged: its pages overwritten past the header.
  const bytes = readFileSync(DB);
  bytes.fill(0x5a, 100);
  writeFileSync(DB, bytes);
  rmSync(`${DB}-wal`, { force: true });
  rmSync(`${DB}-shm`, { force: true });

  // The app asks first, in a native dialog, before its window exists.
  const starting = startApp('recuperation/plan.sqlite3');
  const asked = await nativeDialog(QUESTION);
  assert.ok(asked, 'the app asks before opening a damaged file');
  await sleep(500);
  execFileSync('import', ['-window', 'root', join(ARTIFACTS, 'recovery-question.png')]);
  // Its two buttons share the bottom row: « Restaurer cette copie » on the left.
  execFileSync('xdotool', ['mousemove', String(asked.x + Math.round(asked.width / 4)), String(asked.y + asked.height - 18), 'click', '1']);
  s = await starting;
  // The copy's people: the profile added after it went with the damage.
  await pickProfile(s);
  await readCrashNotice(s);
  assert.ok(
    execFileSync('ls', [BACKUPS]).toString().includes('endommagee-'),
    'the damaged file is kept aside',
  );
  await goTo(s, 'Paramètres');
  await (await s.button('Vérifier la base')).click();
  await s.find("//p[@role='status' and contains(., 'La base est saine')]", 20_000);
  await s.screenshot(join(ARTIFACTS, 'recovery-checked.png'));
  assert.ok(existsSync(DB));
});
