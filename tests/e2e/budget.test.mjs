// The budget in the real window: the project lead creates the year's budget,
// votes a line's credits, enters a commitment and sees the figures change,
// is refused an over-commitment until she confirms it, raises the line by a
// dated amendment, then prints the
// annual budget summary through the native save dialog and reads its text.
// The user guide's pictures of the budget are taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, WORK, answerSaveDialog, completeSetup, fillForm, goTo, startApp, year } from './common.mjs';

const DB = 'budget.sqlite3';
const PAGE = 'Budget et ETP';
let s;

before(async () => {
  s = await startApp(DB);
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

/** The text of the totals above the lines. */
async function totals() {
  return (await s.find("//dl[contains(@class,'figures')]")).property('textContent');
}

test('the project lead creates the budget of the year with its default lines', async () => {
  await goTo(s, PAGE);
  await (await s.button(`Créer le budget ${year}`)).click();
  await fillForm(s, { 'ETP prévus au plan': '2' });
  await (await s.button('Créer le budget')).click();
  await s.text(`Budget ${year} créé.`);
  for (const line of ['Formations', 'Études', "Fonds d'initiative annuel", 'Plateforme ressources et outils']) {
    await s.find(`//table//th[@scope='row' and starts-with(normalize-space(.), ${JSON.stringify(line)})]`);
  }
});

test('voting a line and committing on it changes the figures', async () => {
  await (await s.find("//button[@aria-label='Crédits : Études']")).click();
  await fillForm(s, { 'Budget initial (€)': '5 000' });
  await (await s.button('Enregistrer la ligne')).click();
  await s.text('Ligne enregistrée.');
  let t = await totals();
  assert.match(t, /Crédits votés\s*5\u202f000,00\u00a0€/, t);
  assert.match(t, /Disponible\s*5\u202f000,00\u00a0€/, t);

  await (await s.button('Nouvel engagement')).click();
  await fillForm(s, {
    'Ligne': 'Études',
    'Objet': "État des lieux de l'offre",
    'Fournisseur ou bénéficiaire': 'Cabinet Territoires & Égalité',
    'Montant engagé (€)': '1 200',
    'Référence': 'EJ-001',
  });
  await (await s.button("Enregistrer l'engagement")).click();
  await s.text('Engagement enregistré.');
  t = await totals();
  assert.match(t, /Engagé\s*1\u202f200,00\u00a0€/, t);
  assert.match(t, /Disponible\s*3\u202f800,00\u00a0€/, t);
  await s.find("//td[normalize-space(.)=\"État des lieux de l'offre\"]");
});

test('an over-commitment is refused beside the amount until it is confirmed', async () => {
  await (await s.button('Nouvel engagement')).click();
  await fillForm(s, { 'Ligne': 'Études', 'Objet': 'Étude complémentaire', 'Montant engagé (€)': '3 800,01' });
  await (await s.button("Enregistrer l'engagement")).click();
  await s.text('Cet engagement dépasse le disponible de la ligne (3\u202f800,00\u00a0€)');
  assert.equal(await (await s.field('Montant engagé (€)')).attribute('aria-invalid'), 'true');
  assert.match(await totals(), /Engagé\s*1\u202f200,00\u00a0€/, 'nothing was saved');
  await (await s.find("//input[@id='commitment-over']")).click();
  await (await s.button("Enregistrer l'engagement")).click();
  await s.text('Engagement enregistré.');
  await s.text('dépassement confirmé');
  assert.match(await totals(), /Disponible\s*-0,01\u00a0€/);
  await s.execute("document.getElementById('content').scrollTo(0, 0);");
  await s.screenshot(join(SCREENSHOTS, 'budget-lignes.png'));
});

test('a dated, explained amendment raises the line and is listed with who entered it', async () => {
  await (await s.find("//button[@aria-label='Modification : Études']")).click();
  await fillForm(s, { 'Sens': 'Hausse', 'Montant (€)': '500', 'Motif': 'Décision modificative n° 1' });
  await (await s.button('Enregistrer la modification')).click();
  await s.text('Modification enregistrée.');
  const t = await totals();
  assert.match(t, /Crédits votés\s*5\u202f500,00\u00a0€/, t);
  assert.match(t, /Disponible\s*499,99\u00a0€/, 'the over-commitment is covered');
  await (await s.find("//button[@aria-label='Modification : Études']")).click();
  await s.find("//table[caption[normalize-space(.)='Modifications déjà votées']]//td[normalize-space(.)='Camille Martin']");
  await (await s.button('Annuler')).click();
});

test('the annual summary PDF is saved through the native dialog and shows the same totals', async () => {
  const target = join(WORK, 'synthese-budgetaire.pdf');
  await (await s.button('Synthèse budgétaire (PDF)')).click();
  answerSaveDialog(target);
  await s.text('Synthèse budgétaire enregistrée', 30_000);
  assert.ok(existsSync(target), 'the file was written where the user said');
  assert.equal(readFileSync(target).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', target, '-'])
    .toString()
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/\s+/g, ' ');
  for (const expected of [
    `Synthèse budgétaire annuelle ${year}`,
    'Mission lutte contre les discriminations',
    '5 500,00 €',
    '5 000,01 €',
    '499,99 €',
    'par Camille Martin',
    'Page 1 /',
  ]) {
    assert.ok(text.includes(expected), `the summary shows ${expected}: ${text}`);
  }
});
