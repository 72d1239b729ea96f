// Importing a call's grant applications from a Démarches Simplifiées export,
// as a project lead does it: the call opened, the file chosen in the
// system's open dialog, the DS columns recognised, a wrong SIRET shown on its
// cell, the states confirmed before the import, the dossiers received (never
// decided) in the call's table, and the second import of the same file
// adding nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, answerOpenDialog, completeSetup, fillForm, goTo, startApp, year } from './common.mjs';

const FILE = new URL('../fixtures/demarches-simplifiees-dossiers.csv', import.meta.url).pathname;
const DIALOG = 'Importer des dossiers de subvention';
const FUND = 'Fonds d’initiative';

let s;

before(async () => {
  s = await startApp('import-applications.sqlite3');
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

/** The preview's row for line `line` of the file. */
const row = (line) => `//table[contains(@class, 'rows')]/tbody/tr[td[1][normalize-space(.)='${line}']]`;
const COUNTS = "//p[contains(@class, 'counts')]";

async function openImport() {
  await goTo(s, FUND);
  await (await s.button('Importer…')).click();
  await s.find(`//h2[normalize-space(.)='Importer des dossiers de subvention — Appel ${year}']`);
  await (await s.button('Choisir le fichier…')).click();
  answerOpenDialog(FILE, DIALOG);
}

test('the call is opened, then its DS export previewed by DS’s own columns', async () => {
  await goTo(s, FUND);
  await (await s.button(`Créer l’appel ${year}`)).click();
  await fillForm(s, {
    'Enveloppe (€)': '50 000',
    'Ouverture du dépôt': `01/01/${year}`,
    'Clôture du dépôt': `31/12/${year}`,
  });
  await (await s.button('Enregistrer l’appel')).click();
  await s.text('Appel à projets enregistré.');
  await openImport();
  await s.shows(COUNTS, /Prêtes 4 · En erreur 2 · Déjà présente 0 · Non importée 1/, 20_000);
  await s.shows(`${row(6)}//li`, /Établissement SIRET/);
  await s.shows(`${row(8)}//li`, /Montant demandé/);
  await s.shows(row(3), /la décision reste à enregistrer/);
  assert.equal(await (await s.field('Intitulé du projet')).property('value'), `column:13`);
  assert.equal(await (await s.field('SIRET')).property('value'), `column:21`);
  const accepted = await s.field('Ce que devient l’état « Accepté »');
  assert.equal(await accepted.property('value'), 'received', 'an accepted dossier comes in received');
  assert.equal(
    await (await s.field('Ce que devient l’état « Classé sans suite »')).property('value'),
    'skip',
  );
  await s.execute(`const content = document.getElementById('content');
    const states = document.getElementById('import-states-title');
    content.scrollTop += states.getBoundingClientRect().top - content.getBoundingClientRect().top - 6;`);
  await s.screenshot(join(SCREENSHOTS, 'fonds-import-ds.png'));
});

test('the states are confirmed before the import; the dossiers come in received', async () => {
  const run = await s.button('Importer 4 dossiers');
  assert.equal(await run.property('disabled'), true, 'not before the states are checked');
  await (await s.field('J’ai vérifié ce que devient chaque état')).click();
  for (let i = 0; i < 50 && (await run.property('disabled')); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await run.property('disabled'), false, 'enabled once the states are checked');
  await run.click();
  await s.text('4 dossiers importés, 0 mis à jour (lot n° 1).', 20_000);
  const ateliers = await s.find("//table//tr[contains(., 'Ateliers d’accès aux droits')]", 20_000);
  assert.match(await ateliers.property('textContent'), /Reçu/);
  const theatre = await s.find("//table//tr[contains(., 'Théâtre-forum contre le racisme au collège')]");
  assert.doesNotMatch(await theatre.property('textContent'), /Accordé/, 'an import never decides');
  assert.equal((await s.findAll("//table//tr[contains(., 'Médiation dans les bailleurs sociaux')]")).length, 0);
});

test('the same export again adds nothing', async () => {
  await openImport();
  await s.shows(COUNTS, /Prête 0 · En erreur 2 · Déjà présentes 4 · Non importée 1/, 20_000);
  assert.equal(await (await s.button('Importer 0 dossier')).property('disabled'), true);
});
