// The plan's actions and the home page in the real window: the app opens on
// « Accueil »; the project lead adds an axis, is refused an action whose
// fields are wrong (each message beside its field, nothing saved), enters an
// action with an indicator and a link to a training, sees it on the home
// page by status, prints the yearly bilan through the native save dialog
// and reads its text, and exports the per-commune table. The user guide's
// pictures of the home page and the plan are taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, SCREENSHOTS, WORK, answerSaveDialog, completeSetup, fillForm, goTo, startApp, year } from './common.mjs';

const DB = 'plan.sqlite3';
const PLAN = 'Plan d’actions';
const TRAINING = 'Accueil du public sans discrimination';
let s;

before(async () => {
  s = await startApp(DB);
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

test('the app opens on the home page, first in the menu', async () => {
  await s.find("//h1[normalize-space(.)='Accueil']");
  const first = await s.find("(//nav//li)[1]//button");
  assert.equal((await first.text()).trim(), 'Accueil');
  await s.text(`Aucune action pour ${year}.`);
  await s.text(`Les chiffres clés de ${year}`);
});

test('an axis is added, then a training to link actions to', async () => {
  await goTo(s, PLAN);
  await s.text('Aucun axe n’est encore saisi');
  await (await s.button('Nouvel axe')).click();
  await fillForm(s, { 'Intitulé de l’axe': 'Une institution exemplaire' });
  await (await s.button('Enregistrer l’axe')).click();
  await s.text('Axe enregistré.');
  await s.find("//h2[normalize-space(.)='Une institution exemplaire']");

  await goTo(s, 'Formations');
  await (await s.button('Nouvelle session')).click();
  await fillForm(s, { 'Intitulé': TRAINING, 'Premier jour': `02/01/${year}`, 'Durée totale (heures)': '3' });
  await (await s.button('Enregistrer')).click();
  await s.text('Session enregistrée.');
});

test('a wrong action shows each French message beside its field and saves nothing', async () => {
  await goTo(s, PLAN);
  await (await s.button('Nouvelle action')).click();
  await (await s.button('Ajouter un indicateur')).click();
  await fillForm(s, {
    'Intitulé de l’action': '',
    'Début de la période': `01/07/${year}`,
    'Fin de la période': `31/03/${year}`,
    'Indicateur 1': 'Stagiaires accueilli·es',
    'Cible': 'beaucoup',
  });
  await (await s.button('Enregistrer l’action')).click();
  await s.text('Le formulaire contient des erreurs');
  for (const [label, message] of [
    ['Intitulé de l’action', "L’intitulé de l’action est obligatoire."],
    ['Fin de la période', 'La fin de la période précède son début.'],
    ['Cible', 'Nombre invalide'],
  ]) {
    const field = await s.field(label);
    assert.equal(await field.attribute('aria-invalid'), 'true', `${label} is marked invalid`);
    const ids = (await field.attribute('aria-describedby')).split(' ');
    const texts = await Promise.all(ids.map(async (id) => (await s.find(`//*[@id='${id}']`)).property('textContent')));
    assert.ok(texts.some((t) => t.includes(message)), `${label} explains itself: ${texts}`);
  }
  await (await s.button('Annuler')).click();
  await s.find(`//h1[normalize-space(.)='${PLAN}']`);
  await s.text(`Aucune action pour ${year}.`);
});

test('an action with an indicator and a link is saved and listed by axis', async () => {
  await (await s.button('Nouvelle action')).click();
  await fillForm(s, {
    'Intitulé de l’action': 'Stages pour les jeunes des quartiers prioritaires',
    'Porteur ou porteuse': 'Direction des ressources humaines',
    'Statut': 'En cours',
    'Début de la période': String(year),
    'Fin de la période': String(year + 2),
  });
  await (await s.button('Ajouter un indicateur')).click();
  await fillForm(s, {
    'Indicateur 1': 'Stagiaires de 3e accueilli·es',
    'Unité': 'stagiaires',
    'Cible': '20',
    'Réalisé': '24',
  });
  await fillForm(s, { 'Type': 'Formation', [`Élément de ${year}`]: `${TRAINING} (02/01/${year})` });
  await (await s.button('Ajouter le lien')).click();
  await s.text(`Formation : ${TRAINING} (02/01/${year})`);
  await s.screenshot(join(SCREENSHOTS, 'plan-action.png'));
  await (await s.button('Enregistrer l’action')).click();
  await s.text('Action enregistrée.');
  const row = await s.find("//table//tr[contains(., 'Stages pour les jeunes')]");
  const text = await row.property('textContent');
  assert.match(text, /En cours/);
  assert.match(text, /24\u00a0stagiaires sur 20\u00a0stagiaires/);
  assert.match(text, /120,0\u00a0%/);
  assert.match(text, new RegExp(`01/01/${year} – 31/12/${year + 2}`));
  assert.match(text, new RegExp(TRAINING));
  await s.text('1 indicateur sur 1 atteint');
  await s.screenshot(join(SCREENSHOTS, 'plan-actions.png'));
});

test('the home page shows the action by status and the key figures, each a link', async () => {
  await goTo(s, 'Accueil');
  const inProgress = await s.find("//ul[@aria-label='Actions par statut']//li[contains(@class, 'in_progress')]");
  await s.find("//ul[@aria-label='Actions par statut']//li[contains(@class, 'in_progress')]//span[contains(@class, 'count') and normalize-space(.)='1']");
  assert.match(await inProgress.property('textContent'), /1\s*En cours/);
  const toStart = await s.find("//ul[@aria-label='Actions par statut']//li[contains(@class, 'to_start')]");
  assert.match(await toStart.property('textContent'), /0\s*À lancer/);
  await s.find("//button[contains(., 'Formations réalisées')]");
  await s.find("//button[contains(., 'Taux de réalisation du budget') and contains(., 'Pas de budget')]");
  await s.screenshot(join(ARTIFACTS, 'plan-accueil.png'));
  await (await s.find("//button[contains(., 'Événements réalisés')]")).click();
  await s.find("//h1[normalize-space(.)='Semaine et événements']");
});

test('the yearly bilan is saved through the native dialog and prints the action', async () => {
  await goTo(s, PLAN);
  const target = join(WORK, 'bilan-annuel.pdf');
  await (await s.button('Bilan annuel (PDF)')).click();
  answerSaveDialog(target);
  await s.text('Bilan annuel enregistré', 30_000);
  assert.ok(existsSync(target), 'the file was written where the user said');
  assert.equal(readFileSync(target).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', target, '-'])
    .toString()
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/\s+/g, ' ');
  for (const expected of [
    `Bilan annuel ${year}`,
    'Mission lutte contre les discriminations',
    'Une institution exemplaire',
    'Stages pour les jeunes des quartiers prioritaires',
    'En cours',
    '24 stagiaires',
    '120,0 %',
    `Formation : ${TRAINING}`,
    'Sessions de formation réalisées',
    'par Camille Martin',
    'Page 1 /',
  ]) {
    assert.ok(text.includes(expected), `the bilan shows ${expected}: ${text}`);
  }
});

test('the per-commune table lists every commune with its flags and exports as CSV', async () => {
  await goTo(s, 'Par commune');
  await s.find("//table//tr[th[normalize-space(.)='La Ciotat']]");
  await s.text('Le plan a agi dans');
  await s.screenshot(join(ARTIFACTS, 'plan-communes.png'));
  const target = join(WORK, 'par-commune.csv');
  await (await s.button('Exporter CSV')).click();
  answerSaveDialog(target);
  await s.text('Fichier enregistré', 30_000);
  const lines = readFileSync(target, 'utf8');
  assert.ok(lines.startsWith('\ufeffCommune;Code INSEE;Plan local (PLCD);Chargé·e de mission;'), lines.slice(0, 200));
  assert.ok(lines.includes('La Ciotat;13028;oui;non;0;0;0;0;0;0,00;0,00'), lines);
  assert.ok(lines.includes('Marseille;13055;non;oui;'), 'Marseille has an officer');
});
