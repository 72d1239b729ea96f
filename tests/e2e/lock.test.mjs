// One writer at a time, in the real window: a colleague's app holds the
// shared database, so this one opens it read-only and says who holds it;
// retrying once the colleague closed makes it writable; an abandoned lock of
// another PC is taken over only after a confirmation; a lock left by an app
// of this PC that was stopped (tauri-driver stops it as a crash would) is
// taken back at the next start, and the app says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, SCREENSHOTS, WORK, completeSetup, fillForm, goTo, pickProfile, sleep, startApp, year } from './common.mjs';

const DB = join(WORK, 'partage', 'commun.sqlite3');
const LOCK = `${DB}.lock`;
let s;

/** The lock file another app would write: this PC and a live process, or another PC. */
function colleagueHolds({ host = readFileSync('/proc/sys/kernel/hostname', 'utf8').trim(), minutesAgo = 0 } = {}) {
  writeFileSync(LOCK, JSON.stringify({ name: 'Karim Haddad', host, pid: process.pid, since: `${year}-11-23T08:15:00Z` }));
  const t = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(LOCK, t, t);
}

before(async () => {
  s = await startApp('partage/commun.sqlite3');
  await completeSetup(s);
  assert.ok(existsSync(LOCK), 'the app holds the lock while it runs');
  await s.quit();
  await sleep(500);
});

after(async () => {
  await s?.quit().catch(() => {});
});

test('a lock left by a stopped app of this PC is taken back at start, and the app says so', async () => {
  assert.ok(existsSync(LOCK), 'the stopped app could not give its lock back');
  s = await startApp('partage/commun.sqlite3');
  await pickProfile(s);
  await s.text("Plan LCD ne s’était pas fermé normalement", 20_000);
  await (await s.button('Compris')).click();
  await s.gone("//*[contains(., 'pas fermé normalement')][not(*)]");
  assert.equal((await s.findAll("//*[contains(., 'Lecture seule.')][not(*)]")).length, 0);
  await s.quit();
  await sleep(500);
});

test("a colleague's app holds the database: this one reads it, says who, and offers no entry", async () => {
  colleagueHolds();
  s = await startApp('partage/commun.sqlite3');
  await s.find("//h1[normalize-space(.)='Accueil']", 20_000);
  await goTo(s, 'Formations');
  await s.text('Lecture seule.');
  await s.text(`Karim Haddad (poste ${hostname()}) utilise cette base depuis le`);
  await s.screenshot(join(ARTIFACTS, 'lock-read-only.png'));
  assert.equal((await s.findAll("//button[normalize-space(.)='Reprendre la main…']")).length, 0, 'a live holder cannot be pushed out');

  // Nothing to enter on a file another app holds (the core would refuse it:
  // tests/core/lock.rs). The page's toolbar first: the page loads after the frame.
  await s.button('Exporter CSV');
  assert.equal((await s.findAll("//button[normalize-space(.)='Nouvelle session']")).length, 0, 'no entry offered');
});

test('once the colleague has closed, "Réessayer" makes the database writable', async () => {
  await (await s.button('Réessayer')).click();
  await s.text('La base est toujours utilisée.');
  rmSync(LOCK);
  await (await s.button('Réessayer')).click();
  await s.gone("//*[contains(., 'Lecture seule.')][not(*)]");
  assert.ok(existsSync(LOCK), 'this app now holds the lock');
  // Writable now: the app asks who is working before anything is entered.
  await pickProfile(s);
  await goTo(s, 'Formations');
  assert.match(readFileSync(LOCK, 'utf8'), /"name":"Nadia Benali"/);
  await (await s.button('Nouvelle session')).click();
  await fillForm(s, { 'Intitulé': 'Saisie acceptée', 'Premier jour': `20/12/${year}`, 'Durée totale (heures)': '2' });
  await (await s.button('Enregistrer')).click();
  await s.find("//table//tr[contains(., 'Saisie acceptée')]");
});

test('a lock abandoned on another PC is taken over after a confirmation', async () => {
  await s.quit();
  await sleep(500);
  colleagueHolds({ host: 'PC-ACCUEIL', minutesAgo: 12 });
  s = await startApp('partage/commun.sqlite3');
  await s.text('Karim Haddad (poste PC-ACCUEIL) utilise cette base depuis le', 20_000);
  await s.text('ne donne plus signe de vie');
  await (await s.button('Reprendre la main…')).click();
  await s.text('Reprendre la main ?');
  await s.screenshot(join(SCREENSHOTS, 'verrou-reprendre.png'));
  await (await s.button('Oui, reprendre la main')).click();
  await s.gone("//*[contains(., 'Lecture seule.')][not(*)]");
  await pickProfile(s);
  assert.match(readFileSync(LOCK, 'utf8'), /"name":"Nadia Benali"/);
  await goTo(s, 'Formations');
  await s.find("//table//tr[contains(., 'Saisie acceptée')]");
});
