// Personal data in the real window: the project lead saves the processing
// register entry through the native dialog and reads it back; looks up
// everything the file holds about a contact, is told beside the field when
// the search is too short, and exports the result as JSON; and sees that a
// new file has no contact details past their retention period. (The purge
// itself, on its date boundaries, is covered by tests/core/privacy.rs.)
// The user guide's picture of the page is taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, WORK, answerSaveDialog, completeSetup, fillForm, goTo, startApp } from './common.mjs';

const PAGE = 'Données personnelles';
let s;

before(async () => {
  s = await startApp('privacy.sqlite3');
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

test('a contact is entered on the fund page', async () => {
  await goTo(s, 'Fonds d’initiative');
  await (await s.button('Structures')).click();
  await (await s.button('Nouvelle structure')).click();
  await fillForm(s, {
    'Nom de la structure': 'Association Égalité Quartiers Nord',
    'Type de structure': 'Association',
    'Nom du contact': 'Samira Haddad',
    'Courriel du contact': 'samira.haddad@egalite-nord.fr',
  });
  await (await s.button('Enregistrer la structure')).click();
  await s.text('Structure enregistrée : Association Égalité Quartiers Nord.');
});

test('a new file has no contact details past their retention period', async () => {
  await goTo(s, PAGE);
  await s.text('Aucune coordonnée n’a dépassé sa durée de conservation.');
});

test('a search too short is refused beside its field', async () => {
  await fillForm(s, { 'Nom ou courriel': 'sa' });
  await (await s.button('Chercher')).click();
  await s.text('Saisissez au moins trois caractères du nom ou du courriel.');
  assert.equal(await (await s.field('Nom ou courriel')).attribute('aria-invalid'), 'true');
});

test("everything held about a contact is shown and exported as JSON", async () => {
  await fillForm(s, { 'Nom ou courriel': 'SAMIRA' });
  await (await s.button('Chercher')).click();
  const result = (await (await s.find("//*[@data-testid='person-result']")).property('textContent')).replace(/\s+/g, ' ');
  assert.match(result, /1 fiche et 1 entrée du journal pour « SAMIRA »/, result);
  assert.match(result, /Association Égalité Quartiers Nord/);
  assert.match(result, /samira\.haddad@egalite-nord\.fr/);
  await s.execute("document.getElementById('content').scrollTo(0, 0);");
  await s.screenshot(join(SCREENSHOTS, 'donnees-personnelles.png'));

  const path = join(WORK, 'samira.json');
  await (await s.button('Exporter ces données (JSON)')).click();
  answerSaveDialog(path);
  await s.text('Données exportées');
  assert.ok(existsSync(path), 'the file was written where the dialog said');
  const data = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(data.query, 'SAMIRA');
  assert.equal(data.records.length, 1);
  assert.deepEqual(
    data.records[0].fields.map((f) => f.label),
    ['nom', 'courriel'],
  );
});

test('the processing register entry is saved through the native dialog', async () => {
  const path = join(WORK, 'registre.pdf');
  await (await s.button('Enregistrer la fiche de registre (PDF)')).click();
  answerSaveDialog(path);
  await s.text('Fiche de registre enregistrée');
  // Reading order, not layout: a table cell's text stays together.
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString().replace(/\s+/g, ' ');
  assert.match(text, /Fiche de registre des activités de traitement/);
  assert.match(text, /Mission lutte contre les discriminations/);
  assert.match(text, / 1 contact /);
  assert.match(text, /par Camille Martin/);
  assert.ok(!text.includes('samira.haddad'), 'the register names no one');
});
