// Accessibility (RGAA 4.1, which binds software used by public bodies, built
// on WCAG 2.1): axe-core audits every page of the demo year and the main
// forms, in their normal and their refused state, at the A and AA levels;
// keyboard checks cover the form frame's behaviour (focus to the first field
// in error) and confirmations (focus taken, Escape closes, focus given back).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, answerOpenDialog, completeSetup, goTo as goToPage, startApp } from './common.mjs';

const AXE = readFileSync(new URL('../../ui/node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

let s;

before(async () => {
  s = await startApp('a11y.sqlite3');
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
  await goToPage(s, 'Paramètres');
  await (await s.button('Ouvrir la base de démonstration')).click();
  await s.text('Base de démonstration : ces données sont fictives.', 20_000);
});

after(async () => {
  await s?.quit().catch(() => {});
});

/** The WCAG 2.1 A and AA violations axe finds in the window as it is now. */
async function violations() {
  const found = await s.execute(
    `${AXE};
     return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n').slice(0, 2).join(' ')) })));`,
  );
  return found;
}

async function audit(label) {
  const v = await violations();
  if (v.length > 0) await s.evidence(join(ARTIFACTS, `a11y-${label.replace(/\W+/g, '-')}.png`));
  assert.deepEqual(v, [], `${label}: ${JSON.stringify(v, null, 2)}`);
}

/** Each page with what shows once its data is on screen: axe audits what a person sees. */
const PAGES = [
  ['Accueil', "//section[contains(@class, 'reminders')]//li"],
  ['Plan d’actions', "//*[contains(@class, 'rollup')]"],
  ['Par commune', '//table/tbody/tr'],
  ['Formations', "//table//tr[contains(., 'Défenseur des droits')]"],
  ['Statistiques', "//table//tr[contains(., 'Total')]"],
  ['Semaine et événements', "//table/tbody/tr[not(contains(., 'Chargement'))]"],
  ['Fonds d’initiative', "//table/tbody/tr[not(contains(., 'Chargement'))]"],
  ['Budget et ETP', "//table//tr[contains(., 'Total')]"],
  ['Partenaires', '//table/tbody/tr'],
  ['Territoire', "//table//tr[contains(., 'La Ciotat')]"],
  ['Paramètres', "//button[normalize-space(.)='Vérifier la base']"],
  ['Journal', '//table/tbody/tr'],
  ['Données personnelles', '//h2'],
  ['Aide', '//h2'],
];

async function ready(xpath) {
  await s.find(xpath, 20_000);
  await s.gone("//*[@role='status' and contains(., 'Chargement')]", 20_000);
}

for (const [page, shown] of PAGES) {
  test(`the page « ${page} » has no WCAG 2.1 A/AA violation`, async () => {
    await goToPage(s, page);
    await ready(shown);
    await audit(page);
  });
}

/** The element that has the keyboard's focus, by its text or its label. */
const focused = () =>
  s.execute(
    `const e = document.activeElement;
     return e ? (e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent || e.tagName).trim() : null;`,
  );

test('a form, normal and refused: no violation, and the focus goes to the first field in error', async () => {
  await goToPage(s, 'Formations');
  await (await s.button('Nouvelle session')).click();
  await s.find("//label[normalize-space(.)='Intitulé']");
  await audit('training form');
  await (await s.button('Enregistrer')).click();
  await s.find("//*[@aria-invalid='true']");
  await audit('training form refused');
  assert.match(await focused(), /^Intitulé/, 'the first field to correct has the focus');
  await (await s.button('Annuler')).click();
  await s.find("//h1[normalize-space(.)='Formations']");
});

/** Opens a form, audits it, saves it empty, audits the refusal and checks the focus. */
async function refusedForm(open, title, save, firstField) {
  await open();
  await s.find(`//*[self::h2 or self::h3][starts-with(normalize-space(.), ${JSON.stringify(title)})]`);
  await audit(`${title}`);
  await (await s.button(save)).click();
  await s.find("//*[@aria-invalid='true']");
  await audit(`${title}, refused`);
  assert.match(await focused(), new RegExp(`^${firstField}`), `${title}: the first field to correct has the focus`);
  assert.ok(
    await s.execute(`return document.activeElement === document.querySelector('[aria-invalid="true"]');`),
    `${title}: the focus is on the first field in error, in the page's order`,
  );
}

test('the fund application, budget and convention forms: the focus goes to the first field in error', async () => {
  await goToPage(s, 'Fonds d’initiative');
  await refusedForm(
    async () => (await s.button('Nouveau dossier')).click(),
    'Nouveau dossier',
    'Enregistrer le dossier',
    'Structure porteuse',
  );
  await goToPage(s, 'Budget et ETP');
  await ready("//table//tr[contains(., 'Total')]");
  await refusedForm(
    async () => (await s.button('Nouvel engagement')).click(),
    'Nouvel engagement',
    'Enregistrer l’engagement',
    'Objet',
  );
  await goToPage(s, 'Partenaires');
  await (await s.button('Conventions')).click();
  await refusedForm(
    async () => (await s.button('Nouvelle convention')).click(),
    'Nouvelle convention',
    'Enregistrer la convention',
    'Titre de la convention',
  );
});

test('a delete confirmation takes the focus, closes on Escape and gives the focus back', async () => {
  await goToPage(s, 'Partenaires');
  await (await s.button('Conventions')).click();
  const ask = await s.find("//table//button[normalize-space(.)='Supprimer']");
  const label = await ask.attribute('aria-label');
  await ask.click();
  await s.find("//button[normalize-space(.)='Confirmer la suppression']");
  assert.equal(await focused(), 'Annuler', 'the safe answer has the focus');
  await audit('delete confirmation');
  // Escape pressed on the focused « Annuler », as a keyboard sends it.
  await (await s.find("//button[normalize-space(.)='Annuler' and preceding-sibling::button[normalize-space(.)='Confirmer la suppression']]")).type('\uE00C');
  await s.gone("//button[normalize-space(.)='Confirmer la suppression']");
  assert.equal(await focused(), label, 'the focus is back on « Supprimer »');
});

/** Waits until `ready()` is true, or fails saying `what`. */
async function waitFor(ready, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`never: ${what}`);
}

/** Presses Ctrl with `key` on the page, as the keyboard sends it. */
async function ctrl(key, times) {
  const body = await s.find('//body');
  for (let i = 0; i < times; i++) await body.type(`\uE009${key}\uE000`);
}

test('a form’s delete confirmation takes the focus, closes on Escape and gives the focus back', async () => {
  await goToPage(s, 'Formations');
  await s.find("//table//tr[contains(., 'Défenseur des droits')]", 20_000);
  await (await s.find("//table//button[starts-with(@aria-label, 'Modifier : ')]")).click();
  await s.find("//h2[starts-with(normalize-space(.), 'Session : ')]");
  await (await s.find("//form//button[normalize-space(.)='Supprimer']")).click();
  const dialog = "//*[@role='alertdialog']";
  await s.find(dialog);
  assert.equal(await focused(), 'Annuler', 'the safe answer has the focus');
  await audit('form delete confirmation');
  await (await s.find(`${dialog}//button[normalize-space(.)='Annuler']`)).type('\uE00C');
  await s.gone(dialog);
  assert.equal(await focused(), 'Supprimer', 'the focus is back on « Supprimer »');
  await (await s.find("//form//button[normalize-space(.)='Annuler']")).click();
  await s.find("//h1[normalize-space(.)='Formations']");
});

test('the zoom keys work, and at 200 % and 400 % a form reflows and stays usable', async () => {
  await goToPage(s, 'Formations');
  await (await s.button('Nouvelle session')).click();
  await s.find("//label[normalize-space(.)='Intitulé']");
  const width = () => s.execute('return window.innerWidth;');
  const before = await width();
  await ctrl('=', 5);
  await waitFor(async () => (await width()) <= before / 1.9, 'the page zoomed to 200 %');
  await audit('training form at 200 %');
  await ctrl('=', 10);
  await waitFor(async () => (await width()) <= before / 3.8, 'the page zoomed to 400 %');
  // Reflow: nothing but a data table scrolls sideways, and the form has room.
  const layout = await s.execute(`
    const title = document.getElementById(document.evaluate("//label[normalize-space(.)='Intitulé']", document, null, 9, null).singleNodeValue.htmlFor);
    const box = title.getBoundingClientRect();
    // What overflows, named in the failure message.
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
      .slice(0, 8)
      .map((e) => e.tagName + '.' + e.className + ' ' + e.clientWidth + '/' + e.scrollWidth + ' ' + (e.textContent || '').slice(0, 40));
    return { sideways: document.documentElement.scrollWidth - window.innerWidth, width: box.width, height: box.height, wide };`);
  assert.ok(layout.sideways <= 1, `no sideways scroll at 400 %: ${JSON.stringify(layout)}`);
  assert.ok(layout.width > 100 && layout.height > 10, `the title field is usable at 400 %: ${JSON.stringify(layout)}`);
  // Usable: scrolled to, the field is in view and nothing covers it (the
  // sticky « Enregistrer » bar included), so a click or a tap reaches it.
  const title = await s.field('Intitulé');
  const reached = await s.execute(
    `const f = arguments[0];
     f.scrollIntoView({ block: 'center' });
     const r = f.getBoundingClientRect();
     const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
     return r.top >= 0 && r.bottom <= window.innerHeight && (hit === f || f.contains(hit));`,
    [title],
  );
  assert.ok(reached, 'the title field is in view and uncovered at 400 %');
  await s.screenshot(join(ARTIFACTS, 'a11y-zoom-400.png'));
  await audit('training form at 400 %');
  await ctrl('0', 1);
  await waitFor(async () => (await width()) === before, 'Ctrl 0 gives the normal size back');
  await (await s.button('Annuler')).click();
});

test('the import of sessions: the page, its preview, its list of imports and the undo’s confirmation', async () => {
  const file = new URL('../fixtures/formations-2024-2026-windows1252.csv', import.meta.url).pathname;
  await goToPage(s, 'Formations');
  await (await s.button('Importer…')).click();
  await s.text('Aucun import pour l’instant.', 20_000);
  await audit('import, no file');
  await (await s.button('Choisir le fichier…')).click();
  answerOpenDialog(file, 'Importer des sessions de formation');
  await s.shows("//p[contains(@class, 'counts')]", /Prêtes 3/, 20_000);
  await audit('import preview');
  await (await s.field('Format')).select('Même valeur pour toutes les lignes');
  await s.find("//label[normalize-space(.)='Format : valeur pour toutes les lignes']");
  await s.shows("//p[contains(@class, 'counts')]", /Prêtes 3/);
  await audit('import preview, one value for every row');
  await (await s.button('Importer 3 sessions')).click();
  await s.text('3 sessions importées', 20_000);
  await (await s.button('Importer…')).click();
  const ask = await s.find("//section[contains(@class, 'batches')]//button[normalize-space(.)='Annuler l’import']", 20_000);
  await audit('list of imports');
  await ask.click();
  await s.find("//button[normalize-space(.)='Confirmer l’annulation de l’import']");
  assert.equal(await focused(), 'Garder l’import', 'the safe answer has the focus');
  await audit('undo confirmation');
  await (await s.button('Confirmer l’annulation de l’import')).click();
  await s.text('3 sessions retirées', 20_000);
  await (await s.button('Retour à la liste')).click();
  await s.find("//h1[normalize-space(.)='Formations']");
});

test('the import of a call’s dossiers: the states to confirm and the preview', async () => {
  const file = new URL('../fixtures/demarches-simplifiees-dossiers.csv', import.meta.url).pathname;
  await goToPage(s, 'Fonds d’initiative');
  await ready("//table/tbody/tr[not(contains(., 'Chargement'))]");
  await (await s.button('Importer…')).click();
  await (await s.button('Choisir le fichier…')).click();
  answerOpenDialog(file, 'Importer des dossiers de subvention');
  await s.find("//h2[normalize-space(.)='États du fichier']", 20_000);
  await s.shows("//p[contains(@class, 'counts')]", /En erreur/, 20_000);
  await audit('import of dossiers, states and preview');
  await (await s.button('Annuler')).click();
});
