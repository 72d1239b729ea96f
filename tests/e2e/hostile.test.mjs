// Hostile text in the real window: `<img src=x onerror=alert(1)>` typed into
// a session and an event shows as text on every main screen (the list, the
// form, the journal, the week's programme) and in the printed
// programme; no element is ever made of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, WORK, answerSaveDialog, completeSetup, fillForm, goTo, startApp, year } from './common.mjs';
import { literal } from './webdriver.mjs';

const XSS = '<img src=x onerror=alert(1)>';
const SQL = "'; DROP TABLE event; --";
let s;

const fr = (d) =>
  `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
const today = new Date();

before(async () => {
  s = await startApp('hostile.sqlite3');
  await completeSetup(s, { name: XSS, role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

/** No element was made from the text, and no script of it ran. */
async function noInjection(where) {
  assert.equal((await s.findAll("//img[@src='x']")).length, 0, `${where}: no <img> made of the text`);
  assert.equal(await s.execute('return window.__injected === true;'), false, `${where}: nothing ran`);
}

test('a session titled with HTML shows it as text in the list, the form and the journal', async () => {
  // Would mark the window if any handler of the text ever ran.
  await s.execute("window.__injected = false; window.alert = () => { window.__injected = true; };");
  await goTo(s, 'Formations');
  await (await s.button('Nouvelle session')).click();
  await fillForm(s, { 'Intitulé': XSS, 'Premier jour': `20/12/${year}`, 'Durée totale (heures)': '2', 'Lieu': SQL });
  await (await s.button('Enregistrer')).click();
  const cell = await s.find(`//table//tr//*[normalize-space(.)=${literal(XSS)}]`);
  assert.equal((await cell.property('textContent')).trim(), XSS);
  await noInjection('the list');
  await s.text(`${XSS} — Chef·fe de projet`);

  await (await s.find(`//table//tr[contains(., ${literal(XSS)})]//button[normalize-space(.)='Modifier']`)).click();
  assert.equal(await (await s.field('Intitulé')).property('value'), XSS);
  assert.equal(await (await s.field('Lieu')).property('value'), SQL);
  await noInjection('the form');

  await goTo(s, 'Journal');
  await s.find(`//table//*[contains(., ${literal(XSS)})]`);
  await noInjection('the journal');
  await s.screenshot(join(ARTIFACTS, 'hostile-journal.png'));
});

test('an event titled with HTML shows as text in the programme and the printed programme', async () => {
  await goTo(s, 'Semaine et événements');
  await (await s.button(`Préparer l’édition ${year}`)).click();
  await fillForm(s, { 'Thème': XSS, 'Premier jour': fr(today), 'Dernier jour': fr(today) });
  await (await s.button('Enregistrer')).click();
  await s.text('Édition enregistrée.');
  await (await s.button('Nouvel événement de la semaine')).click();
  await fillForm(s, {
    'Intitulé': XSS,
    "Type d’événement": 'Conférence',
    'Date': fr(today),
    'Début': '18:00',
    'Fin': '20:00',
    'Lieu': SQL,
    'Commune': 'Marseille',
  });
  await (await s.button('Enregistrer')).click();
  await s.text('Événement enregistré.');
  await s.find(`//li[contains(@class,'slot')]//*[normalize-space(.)=${literal(XSS)}]`);
  await noInjection('the programme');

  const target = join(WORK, 'programme-hostile.pdf');
  await (await s.button('Programme PDF')).click();
  answerSaveDialog(target);
  await s.text('Fichier enregistré', 30_000);
  assert.equal(readFileSync(target).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', target, '-']).toString();
  assert.ok(text.includes(XSS), `the printed programme shows the title as typed: ${text}`);
  assert.ok(text.includes(SQL), 'and the venue as typed');
  await noInjection('after printing');
});
