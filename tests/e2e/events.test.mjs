// The awareness week in the real window: prepare the year's edition, enter
// three events (two at the same venue and time: the warning shows), record
// attendance once an event has passed, add the campaign, print the programme
// and the report through the native save dialog and read their text, export
// the tables, then restart and find everything again. The user guide's
// pictures of the week are taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, SCREENSHOTS, WORK, answerSaveDialog, completeSetup, fillForm, goTo, pickProfile, readCrashNotice, startApp, year } from './common.mjs';

const DB = 'events.sqlite3';
let s;

/** dd/mm/yyyy, as the forms take dates. */
const fr = (d) =>
  `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;

// The week runs from two days ago (never before 1 January, so that it stays
// in the year the page shows) to three days ahead: its first day has passed,
// its last has not.
const today = new Date();
const first = new Date(Math.max(new Date(year, 0, 1).getTime(), today.getTime() - 2 * 86_400_000));
const last = new Date(today.getTime() + 3 * 86_400_000);

before(async () => {
  s = await startApp(DB);
  await completeSetup(s);
});

after(async () => {
  await s?.quit().catch(() => {});
});

const PAGE = 'Semaine et événements';

async function newEvent(values) {
  await (await s.button('Nouvel événement de la semaine')).click();
  await s.find("//label[starts-with(normalize-space(.), 'Intitulé')]");
  await fillForm(s, values);
}

test('the project lead prepares the edition of the week', async () => {
  await goTo(s, PAGE);
  await (await s.button(`Préparer l’édition ${year}`)).click();
  await fillForm(s, {
    'Thème': 'Toutes et tous concernés',
    'Premier jour': fr(first),
    'Dernier jour': fr(last),
    'Objectifs': 'Briser le mur du silence ; permettre à la parole d’émerger collectivement.',
  });
  await (await s.button('Enregistrer')).click();
  await s.text('Édition enregistrée.');
  await s.find("//h2[normalize-space(.)='Toutes et tous concernés']");
});

test('three events, the second at the same venue and time as the first: saved with a warning', async () => {
  await newEvent({
    'Intitulé': "Conférence d’ouverture",
    "Type d’événement": 'Conférence',
    'Public': 'Tout public',
    'Date': fr(first),
    'Début': '18:00',
    'Fin': '20:00',
    'Lieu': 'Hôtel de la Métropole',
    'Commune': 'Marseille',
    'Organisateur': 'Métropole Aix-Marseille-Provence',
    'Organisations partenaires': 'Défenseur des droits',
    'Objet de la dépense 1': 'Captation vidéo',
    'Prestataire 1': 'Studio Vieux-Port',
    'Montant 1 (€)': '900',
  });
  // The guide shows the form from its top, as it opens.
  await s.execute("document.getElementById('content').scrollTo(0, 0);");
  await s.screenshot(join(SCREENSHOTS, 'semaine-evenement.png'));
  await (await s.button('Enregistrer')).click();
  await s.text('Événement enregistré.');

  await newEvent({
    'Intitulé': 'Atelier « Connaître ses droits »',
    "Type d’événement": 'Atelier',
    'Public': 'Adultes',
    'Date': fr(first),
    'Début': '19h',
    'Fin': '21:00',
    'Lieu': 'Hôtel de la Métropole',
    'Commune': 'Marseille',
  });
  await (await s.button('Enregistrer')).click();
  const warning = await s.text('Attention : Même lieu (Hôtel de la Métropole)');
  assert.match(await warning.text(), /« Conférence d’ouverture », de 18:00 à 20:00/);
  await s.screenshot(join(ARTIFACTS, 'events-01-overlap-warning.png'));

  await newEvent({
    'Intitulé': 'Ciné-débat : « Les Misérables »',
    "Type d’événement": 'Projection-débat',
    'Date': fr(last),
    'Début': '20:00',
    'Fin': '22:30',
    'Lieu': 'Cinéma Lumière',
    'Commune': 'La Ciotat',
    'Statut': 'Confirmé',
  });
  await (await s.button('Enregistrer')).click();
  await s.text('Événement enregistré.');
  // The notice shows at once; the programme is read from the core just after.
  await s.find("//li[contains(@class,'slot')]//button[normalize-space(.)='Ciné-débat : « Les Misérables »']");
  const badges = await s.findAll("//li[contains(@class,'slot')]//span[contains(@class,'badge') and contains(., 'Même lieu à la même heure')]");
  assert.equal(badges.length, 2, 'both overlapping events are flagged in the programme');
});

test('attendance is recorded once the event has passed, by sex as counts', async () => {
  // A future event refuses attendance, beside the field.
  await (await s.button('Ciné-débat : « Les Misérables »')).click();
  await fillForm(s, { 'Statut': 'Réalisé', 'Participant·es (total)': '80' });
  await (await s.button('Enregistrer')).click();
  await s.text('La participation réelle se saisit une fois la date passée.');
  await s.text('Un événement ne peut pas être réalisé avant sa date.');
  const total = await s.field('Participant·es (total)');
  assert.equal(await total.attribute('aria-invalid'), 'true');
  await s.screenshot(join(ARTIFACTS, 'events-02-attendance-refused.png'));
  await (await s.button('Annuler')).click();

  await (await s.button("Conférence d’ouverture")).click();
  await fillForm(s, { 'Statut': 'Réalisé', 'Dont femmes': '40', 'Dont hommes': '25', 'Dont non renseigné': '2' });
  await (await s.button('Enregistrer')).click();
  await s.text('67 participant·es');
  await (await s.button('Atelier « Connaître ses droits »')).click();
  await fillForm(s, { 'Statut': 'Réalisé', 'Participant·es (total)': '18' });
  await (await s.button('Enregistrer')).click();
  await s.text('18 participant·es');
  // 67 + 18 people came.
  const figures = await s.shows("//dl[contains(@class,'figures')]", /Participant·es\s*85/);
  assert.match(figures, /900,00\u00a0€/, 'the cost line is counted');
  await s.screenshot(join(ARTIFACTS, 'events-03-week.png'));
});

test('a campaign item is listed and counted in the cost of the week', async () => {
  await (await s.button('Ajouter un élément de campagne')).click();
  await fillForm(s, {
    'Support': 'Affiches',
    'Description': 'Affichage abribus',
    'Prestataire': 'Afficheur Métropole',
    'Premier jour': fr(first),
    'Dernier jour': fr(last),
    'Coût (€)': '300',
    'Portée': '5 000',
  });
  await (await s.button('Enregistrer')).click();
  await s.text('Élément de campagne enregistré.');
  const row = await (await s.find("//table//tr[contains(., 'Affichage abribus')]")).property('textContent');
  assert.match(row, /Afficheur Métropole/);
  assert.match(row, /5\u202f000/);
  assert.match(row, /300,00\u00a0€/);
  // 900 € of events and 300 € of posters for 85 people: 14,12 € each.
  const figures = await s.shows("//dl[contains(@class,'figures')]", /1\u202f200,00\u00a0€/);
  assert.match(figures, /14,12\u00a0€/);
});

test('the programme PDF is produced through the native dialog and reads as the week', async () => {
  const target = join(WORK, 'programme-semaine.pdf');
  await (await s.button('Programme PDF')).click();
  answerSaveDialog(target);
  await s.text('Fichier enregistré', 30_000);
  assert.ok(existsSync(target), 'the file was written where the user said');
  assert.equal(readFileSync(target).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', target, '-']).toString().replace(/\s+/g, ' ');
  for (const expected of [
    `Semaine de lutte contre les discriminations ${year}`,
    'Toutes et tous concernés',
    "Conférence d’ouverture",
    '18h00 – 20h00',
    'Hôtel de la Métropole, Marseille',
    'Atelier « Connaître ses droits »',
    'Ciné-débat : « Les Misérables »',
    'Cinéma Lumière, La Ciotat',
  ]) {
    assert.ok(text.includes(expected), `the programme shows ${expected}: ${text}`);
  }
  assert.ok(text.includes('Organisation : Métropole Aix-Marseille-Provence · Partenaires : Défenseur des droits'));
});

test('the report (bilan) PDF gives the figures of the week', async () => {
  const target = join(WORK, 'bilan-semaine.pdf');
  await (await s.button('Bilan PDF')).click();
  answerSaveDialog(target);
  await s.text('bilan-semaine.pdf', 30_000);
  assert.equal(readFileSync(target).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', target, '-']).toString().replace(/\s+/g, ' ');
  for (const expected of [
    `Bilan de la semaine de lutte contre les discriminations ${year}`,
    '2 sur 92',
    '1 200,00 €',
    '14,12 €',
    // 40, 25 and 2 of 67 counted by sex; the workshop's 18 were not.
    'femmes 40 (60 %), hommes 25 (37 %), non renseigné 2 (3 %)',
    "18 participant·es n’ont pas été comptés par sexe",
    'Affichage abribus',
  ]) {
    assert.ok(text.includes(expected), `the report shows ${expected}: ${text}`);
  }
});

test('the year table and the coverage by commune', async () => {
  await (await s.button("Tous les événements de l’année")).click();
  await s.find("//table//tr[contains(., 'Ciné-débat')]");
  const foot = await (await s.find('//table/tfoot')).property('textContent');
  assert.match(foot, /3 événements/);
  await s.screenshot(join(ARTIFACTS, 'events-04-list.png'));

  // The filters are applied by the core: one kind leaves one event.
  await fillForm(s, { 'Type': 'Projection-débat' });
  await s.gone("//table//tr[contains(., 'Conférence d')]");
  assert.match(await (await s.find('//table/tfoot')).property('textContent'), /1 événement\b/);
  await fillForm(s, { 'Type': 'Tous les types' });
  await s.find("//table//tr[contains(., 'Conférence d')]");

  const sheet = join(WORK, `evenements-${year}.xlsx`);
  await (await s.button('Exporter XLSX')).click();
  answerSaveDialog(sheet);
  await s.text(`evenements-${year}.xlsx`, 30_000);
  assert.equal(readFileSync(sheet).subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'an XLSX (zip) file');

  await (await s.button('Couverture par commune')).click();
  const marseille = await (await s.find("//table//tr[contains(., 'Marseille')]")).property('textContent');
  // 900 € for 85 people: 10,59 € each (the campaign is not a commune's cost).
  assert.match(marseille, /85/);
  assert.match(marseille, /10,59\u00a0€/);
  await s.text('2 sur 92');
  await s.screenshot(join(SCREENSHOTS, 'semaine-couverture.png'));

  const csv = join(WORK, `couverture-${year}.csv`);
  await (await s.button('Exporter CSV')).click();
  answerSaveDialog(csv);
  await s.text(`couverture-${year}.csv`, 30_000);
  const lines = readFileSync(csv, 'utf8');
  assert.ok(lines.startsWith('\ufeffCommune;Code INSEE;'), 'UTF-8 with BOM, semicolons');
  assert.ok(lines.includes('Marseille;13055;non;2;2;85;900,00;10,59'), lines);
  assert.ok(lines.includes('La Ciotat;13028;oui;1;0;0;0,00;'), lines);
});

test('after a restart, the week and its events are still there', async () => {
  await s.quit();
  s = await startApp(DB);
  await pickProfile(s);
  await readCrashNotice(s);
  await goTo(s, PAGE);
  await (await s.button('La semaine')).click();
  await s.find("//h2[normalize-space(.)='Toutes et tous concernés']");
  await s.text('67 participant·es');
  await s.find("//button[normalize-space(.)='Ciné-débat : « Les Misérables »']");
  await s.find("//table//tr[contains(., 'Affichage abribus')]");
  await s.screenshot(join(SCREENSHOTS, 'semaine-programme.png'));
});
