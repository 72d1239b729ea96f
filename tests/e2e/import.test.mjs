// Importing training sessions from a unit's spreadsheet, as a project lead
// does it: the file chosen in the system's open dialog, the preview read and
// a column changed, the import, the sessions in the list, the batch undone.
// The file is a legacy CSV in Windows-1252 with a title line, a blank line,
// three good rows, an impossible date, a commune outside the territory and a
// « Total » line (not imported, not an error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, answerOpenDialog, completeSetup, goTo, startApp } from './common.mjs';

const FILE = new URL('../fixtures/formations-2024-2026-windows1252.csv', import.meta.url).pathname;
const DIALOG = 'Importer des sessions de formation';

let s;

before(async () => {
  s = await startApp('import.sqlite3');
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

/** The preview's row for line `line` of the file. */
const row = (line) => `//table[contains(@class, 'rows')]/tbody/tr[td[1][normalize-space(.)='${line}']]`;
/** An error of that row, placed on the column headed `place`. */
const error = (line, place) => `${row(line)}//li[span[contains(@class, 'place')][normalize-space(.)=${JSON.stringify(place)}]]`;
const COUNTS = "//p[contains(@class, 'counts')]";

test('the file chosen in the dialog is previewed row by row, each error on its column', async () => {
  await goTo(s, 'Formations');
  await (await s.button('Importer…')).click();
  await s.find("//h1[normalize-space(.)='Importer des sessions de formation']");
  await s.text('Aucun import pour l’instant.');
  await (await s.button('Choisir le fichier…')).click();
  answerOpenDialog(FILE, DIALOG);
  await s.shows(COUNTS, /Prêtes 3 · En erreur 2 · Déjà présente 0 · Non importée 1/, 20_000);
  const date = await s.shows(error(7, 'Date'), /Cette date n’existe pas : 31\/02\/2026\./);
  assert.match(date, /^Date : /, 'the message names the column at fault first');
  await s.shows(error(8, 'Commune'), /Cette commune n’appartient pas au territoire\./);
  await s.shows(error(8, 'Coût réel'), /Nombre invalide/);
  await s.shows(`${row(4)}//span[contains(@class, 'badge')]`, /^Prête$/);
  await s.shows(`${row(7)}//span[contains(@class, 'badge')]`, /^En erreur$/);
  // The columns were proposed from the header's words.
  assert.equal(await (await s.field('Intitulé')).property('value'), 'column:0');
  assert.equal(await (await s.field('Premier jour')).property('value'), 'column:1');
  assert.equal(await (await s.field('Thème')).property('value'), '', 'a field the file lacks is not imported');
  assert.equal(await (await s.button('Importer 3 sessions')).property('disabled'), false);
  // The guide's picture: the last columns from their labels on, the counts and the rows.
  await s.execute(`const content = document.getElementById('content');
    const label = document.querySelector("label[for='map-attended_women']");
    content.scrollTop += label.getBoundingClientRect().top - content.getBoundingClientRect().top - 6;`);
  await s.screenshot(join(SCREENSHOTS, 'formations-import.png'));
});

test('a column changed: the preview follows', async () => {
  const cost = await s.field('Coût réel (€)');
  assert.equal(await cost.property('value'), 'column:9', '« Coût réel » feeds the actual cost');
  await cost.select('— non importé —');
  await s.gone(error(8, 'Coût réel'));
  await s.shows(error(8, 'Commune'), /Cette commune n’appartient pas au territoire\./);
  await s.shows(COUNTS, /Prêtes 3 · En erreur 2 · Déjà présente 0 · Non importée 1/);
  // One value for every row: a closed list offers its labels.
  const format = await s.field('Format');
  await format.select('Même valeur pour toutes les lignes');
  const same = await s.field('Format : valeur pour toutes les lignes');
  await same.select('À distance');
  await s.shows(COUNTS, /Prêtes 3 · En erreur 2 · Déjà présente 0 · Non importée 1/);
  assert.equal(await same.property('value'), 'remote', 'the label sends the code');
});

test('« Importer » writes the ready rows as one batch, and the list shows them', async () => {
  await (await s.button('Importer 3 sessions')).click();
  await s.text('3 sessions importées (lot n° 1).', 20_000);
  await s.find("//h1[normalize-space(.)='Formations']");
  await (await s.field('Année')).select('2025');
  const recruit = await s.find("//table//tr[contains(., 'Recrutement égalitaire')]", 20_000);
  assert.match(await recruit.property('textContent'), /05\/06\/2025/);
  await s.find("//table//tr[contains(., 'Laïcité et service public')]");
  assert.equal((await s.findAll("//table//tr[contains(., 'Formation des référents')]")).length, 0, 'a row in error is not imported');
  await goTo(s, 'Statistiques');
  await s.find("//table//tr[contains(., 'Femmes') and .//td[normalize-space(.)='10']]", 20_000);
});

test('the project lead takes the batch back after confirming, and its sessions are gone', async () => {
  await goTo(s, 'Formations');
  await (await s.button('Importer…')).click();
  const batch = "//section[contains(@class, 'batches')]//tr[contains(., 'formations-2024-2026-windows1252.csv')]";
  await s.shows(batch, /Camille Martin/);
  await s.shows(batch, /Lot n° 1/);
  await (await s.find(`${batch}//button[normalize-space(.)='Annuler l’import']`)).click();
  await (await s.find(`${batch}//button[normalize-space(.)='Confirmer l’annulation de l’import']`)).click();
  await s.text('Import n° 1 annulé : 3 sessions retirées.', 20_000);
  await s.shows(batch, /Annulé le/);
  await (await s.button('Retour à la liste')).click();
  await s.find("//h1[normalize-space(.)='Formations']");
  await s.find("//table//td[contains(., 'Aucune session ne correspond')]", 20_000);
  assert.equal((await s.findAll("//table//tr[contains(., 'Recrutement égalitaire')]")).length, 0);
});
