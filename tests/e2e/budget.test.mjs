// The budget in the real window: the project lead creates the year's budget,
// votes a line's credits, enters a commitment and sees the figures change,
// is refused an over-commitment until she confirms it, raises the line by a
// dated amendment once the budget's vote is recorded, corrects a commitment (never below what was paid), sets
// the forecast's increase from N+2, prints the annual budget summary (the
// viewer replaced by the run's script, PLAN_LCD_OPEN_WITH) and saves it
// through the native save dialog, reading its text. After a restart, the
// profile picker adds an assistant, to whom the page offers no vote.
// The user guide's pictures of the budget and of the picker are taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  SCREENSHOTS,
  WORK,
  answerSaveDialog,
  completeSetup,
  fillForm,
  goTo,
  readCrashNotice,
  sleep,
  startApp,
  year,
} from './common.mjs';

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

/** The totals above the lines. */
const FIGURES = "//dl[contains(@class,'figures')]";

/** The text of the totals, once they show `pattern`. */
async function totals(pattern) {
  return s.shows(FIGURES, pattern);
}

test('the project lead creates the budget of the year with its default lines', async () => {
  await goTo(s, PAGE);
  await (await s.button(`Créer le budget ${year}`)).click();
  await fillForm(s, { 'ETP prévus au plan': '2' });
  await (await s.button('Créer le budget')).click();
  await s.text(`Budget ${year} créé.`);
  for (const line of ['Formations', 'Études', "Fonds d’initiative annuel", 'Plateforme ressources et outils']) {
    await s.find(`//table//th[@scope='row' and starts-with(normalize-space(.), ${JSON.stringify(line)})]`);
  }
});

test('voting a line and committing on it changes the figures', async () => {
  await (await s.find("//button[@aria-label='Crédits : Études']")).click();
  await fillForm(s, { 'Budget initial (€)': '5 000' });
  await (await s.button('Enregistrer la ligne')).click();
  await s.text('Ligne enregistrée.');
  let t = await totals(/Crédits votés\s*5\u202f000,00\u00a0€/);
  assert.match(t, /Disponible\s*5\u202f000,00\u00a0€/, t);

  await (await s.button('Nouvel engagement')).click();
  await fillForm(s, {
    'Ligne': 'Études',
    'Objet': "État des lieux de l’offre",
    'Fournisseur ou bénéficiaire': 'Cabinet Territoires & Égalité',
    'Montant engagé (€)': '1 200',
    'Référence': 'EJ-001',
  });
  await (await s.button("Enregistrer l’engagement")).click();
  await s.text('Engagement enregistré.');
  t = await totals(/Engagé\s*1\u202f200,00\u00a0€/);
  assert.match(t, /Disponible\s*3\u202f800,00\u00a0€/, t);
  await s.find("//td[normalize-space(.)=\"État des lieux de l’offre\"]");
});

test('an over-commitment is refused beside the amount until it is confirmed', async () => {
  await (await s.button('Nouvel engagement')).click();
  await fillForm(s, { 'Ligne': 'Études', 'Objet': 'Étude complémentaire', 'Montant engagé (€)': '3 800,01' });
  await (await s.button("Enregistrer l’engagement")).click();
  await s.text('Cet engagement dépasse le disponible de la ligne (3\u202f800,00\u00a0€)');
  assert.equal(await (await s.field('Montant engagé (€)')).attribute('aria-invalid'), 'true');
  await s.shows(FIGURES, /Engagé\s*1\u202f200,00\u00a0€/);
  await (await s.find("//input[@id='commitment-over']")).click();
  await (await s.button("Enregistrer l’engagement")).click();
  await s.text('Engagement enregistré.');
  await s.text('dépassement confirmé');
  await s.shows(FIGURES, /Disponible\s*-0,01\u00a0€/);
});

test('once the vote is recorded, the credits change only by a dated amendment', async () => {
  await s.text('Budget primitif non voté');
  await (await s.button('Enregistrer le vote')).click();
  await (await s.button('Enregistrer la date du vote')).click();
  await s.text(`Vote du budget ${year} enregistré.`);
  await s.text('Budget primitif voté le');
  await (await s.find("//button[@aria-label='Crédits : Études']")).click();
  const initial = await s.field('Budget initial (€)');
  assert.equal(await initial.property('disabled'), true, 'the voted credits are not typed again');
  await s.text('Budget voté : les crédits changent par une modification.');
  await (await s.button('Annuler')).click();
});

test('a dated, explained amendment raises the line and is listed with who entered it', async () => {
  await (await s.find("//button[@aria-label='Modifier : Études']")).click();
  await fillForm(s, { 'Sens': 'Hausse', 'Montant (€)': '500', 'Motif': 'Décision modificative n° 1' });
  await (await s.button('Enregistrer la modification')).click();
  await s.text('Modification enregistrée.');
  const t = await totals(/Crédits votés\s*5\u202f500,00\u00a0€/);
  assert.match(t, /Disponible\s*499,99\u00a0€/, 'the over-commitment is covered');
  await (await s.find("//button[@aria-label='Modifier : Études']")).click();
  await s.find("//table[caption[normalize-space(.)='Modifications déjà votées']]//td[normalize-space(.)='Camille Martin']");
  await s.text('saisissez-en une nouvelle en sens inverse');
  await (await s.button('Annuler')).click();
});

test('a commitment is corrected from the window, never below what was paid on it', async () => {
  const object = "État des lieux de l’offre";
  await (await s.find(`//button[@aria-label=${JSON.stringify(`Mandater : ${object}`)}]`)).click();
  await fillForm(s, { 'Montant mandaté (€)': '1 000', 'Référence du mandat': 'M-001' });
  await (await s.button('Enregistrer le mandat')).click();
  await s.text('Mandat enregistré.');

  await (await s.find(`//button[@aria-label=${JSON.stringify(`Corriger : ${object}`)}]`)).click();
  await s.text('Déjà mandaté : 1\u202f000,00\u00a0€');
  assert.equal(await (await s.field('Montant engagé (€)')).property('value'), '1200', 'the stored amount');
  await fillForm(s, { 'Montant engagé (€)': '900' });
  await (await s.button('Enregistrer la correction')).click();
  await s.text('Le montant ne peut pas descendre sous ce qui est déjà mandaté (1\u202f000,00\u00a0€).');
  await fillForm(s, { 'Montant engagé (€)': '1 100' });
  await (await s.button('Enregistrer la correction')).click();
  await s.text('Engagement corrigé.');
  const t = await totals(/Engagé\s*4\u202f900,01\u00a0€/);
  assert.match(t, /Disponible\s*599,99\u00a0€/, t);
  // The page and every frame around it back at the top (a click may have scrolled them).
  await s.execute(
    "for (let e = document.getElementById('content'); e; e = e.parentElement) e.scrollTop = 0; window.scrollTo(0, 0);",
  );
  await s.screenshot(join(SCREENSHOTS, 'budget-lignes.png'));
});

test('a position is entered, then corrected', async () => {
  await (await s.button('Nouveau poste')).click();
  await fillForm(s, {
    'Intitulé du poste': 'Chef·fe de projet PMLCD',
    'Personne (facultatif)': 'Camille Martin',
    'Début': `01/01/${year}`,
  });
  await (await s.button('Enregistrer le poste')).click();
  await s.text('Poste enregistré.');
  await (await s.find("//button[@aria-label='Modifier le poste : Chef·fe de projet PMLCD']")).click();
  assert.equal(await (await s.field('Personne (facultatif)')).property('value'), 'Camille Martin');
  await fillForm(s, { 'Part consacrée au plan (0 à 1)': '0,5' });
  await (await s.button('Enregistrer le poste')).click();
  await s.text('Poste enregistré.');
  await s.find("//section[contains(@class,'staff')]//td[normalize-space(.)='50,0\u00a0%']");
});

test('the forecast of N, N+1 and N+2 adds the increase the project lead foresees from N+2', async () => {
  await (await s.button('Hausse prévue à partir de N+2')).click();
  await fillForm(s, { 'Hausse prévue à partir de N+2 (€)': '2 500' });
  await (await s.button('Enregistrer la prévision')).click();
  await s.text('Prévision enregistrée.');
  const row = async (label) =>
    (await s.find(`//section[contains(@class,'years')]//tr[th[normalize-space(.)=${JSON.stringify(label)}]]`)).property('textContent');
  // N is this year, the first budget: 5 000 € initial; N+2 adds 2 500 €.
  assert.match(await row(`N (${year})`), /5\u202f000,00\u00a0€\s*5\u202f500,00\u00a0€\s*\+500,00\u00a0€/);
  assert.match(await row(`N+1 (${year + 1})`), /5\u202f000,00\u00a0€\s*pas encore de budget/);
  assert.match(await row(`N+2 (${year + 2})`), /7\u202f500,00\u00a0€/);
  // Only the page's own frame scrolls, down to the section; the window stays put.
  await s.execute(`
    const content = document.getElementById('content');
    for (let e = content; e; e = e.parentElement) e.scrollTop = 0;
    window.scrollTo(0, 0);
    const title = document.getElementById('years-title');
    content.scrollTop = title.getBoundingClientRect().top - content.getBoundingClientRect().top - 16;
  `);
  await s.screenshot(join(SCREENSHOTS, 'budget-annees.png'));
});

test('« Imprimer » opens the summary in the PDF viewer', async () => {
  await (await s.button('Imprimer')).click();
  await s.text('Synthèse budgétaire ouverte dans la visionneuse PDF');
  const log = join(WORK, 'opened.log');
  for (let i = 0; i < 50 && !existsSync(log); i++) await sleep(200);
  const opened = readFileSync(log, 'utf8').trim().split('\n').at(-1);
  assert.ok(opened.startsWith(join(WORK, 'xdg-cache', 'plan-lcd')), `rendered in the cache folder: ${opened}`);
  assert.ok(opened.endsWith(`synthese-budgetaire-${year}.pdf`), opened);
  const copy = join(WORK, 'opened', `synthese-budgetaire-${year}.pdf`);
  assert.ok(readdirSync(join(WORK, 'opened')).length >= 1);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', copy, '-'])
    .toString()
    .replace(/[\u202f\u00a0]/g, ' ');
  assert.ok(text.includes(`Synthèse budgétaire annuelle ${year}`), text);
  assert.ok(text.includes('4 900,01 €'), text);
});

test('the annual summary PDF is saved through the native dialog and shows the same totals', async () => {
  const target = join(WORK, 'synthese-budgetaire.pdf');
  await (await s.button('Enregistrer')).click();
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
    '4 900,01 €',
    '599,99 €',
    'par Camille Martin',
    'Page 1 /',
  ]) {
    assert.ok(text.includes(expected), `the summary shows ${expected}: ${text}`);
  }
});

test('at the next start, the picker adds an assistant, to whom the page offers no vote', async () => {
  await s.quit();
  await sleep(500);
  s = await startApp(DB);
  await s.find("//h1[normalize-space(.)='Qui travaille aujourd’hui ?']", 20_000);
  const last = await s.find("//label[.//strong[normalize-space(.)='Camille Martin']]/input[@type='radio']");
  assert.equal(await last.property('checked'), true, 'the last profile is preselected');
  await s.screenshot(join(SCREENSHOTS, 'profil-choix.png'));
  await (await s.find("//label[contains(., 'Nouveau profil')]/input[@type='radio']")).click();
  await fillForm(s, { 'Votre nom': 'Nadia Benali', 'Votre rôle': 'Assistant·e administratif·ve' });
  await (await s.button('Continuer')).click();
  await s.find("//h1[normalize-space(.)='Accueil']", 20_000);
  await readCrashNotice(s);
  await s.text('Nadia Benali — Assistant·e administratif·ve');
  await goTo(s, PAGE);
  await s.button('Nouvel engagement');
  await s.find(`//button[@aria-label=${JSON.stringify("Corriger : État des lieux de l’offre")}]`);
  for (const hidden of ['Crédits : Études', 'Modifier : Études', "Supprimer : Étude complémentaire"]) {
    assert.equal((await s.findAll(`//button[@aria-label=${JSON.stringify(hidden)}]`)).length, 0, `${hidden} is the project lead's`);
  }
  assert.equal((await s.findAll("//button[normalize-space(.)='Hausse prévue à partir de N+2']")).length, 0);
});
