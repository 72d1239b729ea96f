// The end-to-end suite: a person's first day with Plan LCD, in the real
// window over the real SQLite file. Tests run in order and share the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, SCREENSHOTS, WORK, answerOpenDialog, answerSaveDialog, fillForm, goTo as goToPage, pickProfile, readCrashNotice, sleep, startApp, year } from './common.mjs';

let s;

before(async () => {
  // This file uses the database PLAN_LCD_DB names, as a user's default one.
  s = await startApp();
});

after(async () => {
  await s?.quit().catch(() => {});
});

const goTo = (page) => goToPage(s, page);
const fillTraining = (values) => fillForm(s, values);

test('first start: the setup asks for the unit, its territory and the user', async () => {
  await s.find("//h1[contains(., 'Bienvenue') or contains(., 'Configuration') or contains(., 'Plan LCD')]");
  await s.text("Métropole d'Aix-Marseille-Provence");
  await (await s.field('Nom du service')).fill('Mission lutte contre les discriminations');
  await (await s.field('Votre nom')).fill('Nadia Benali');
  await (await s.field('Votre rôle')).select('Assistant·e administratif·ve');
  await s.screenshot(join(SCREENSHOTS, 'guide-configuration.png'));
  await (await s.button('Commencer')).click();
  await s.find("//h1[normalize-space(.)='Accueil']", 20_000);
  await goTo('Territoire');
  await s.text('92 communes');
  await s.find("//table//tr[contains(., 'La Ciotat')]");
  await s.screenshot(join(SCREENSHOTS, 'guide-territoire.png'));
});

test('an assistant enters a session through the form and sees it in the list', async () => {
  await goTo('Formations');
  await (await s.button('Nouvelle session')).click();
  await fillTraining({
    'Intitulé': 'Prévenir les discriminations à l’embauche',
    'Public': 'Encadrement de la collectivité',
    'Intervenant ou organisme partenaire': 'CNFPT',
    'Premier jour': `02/01/${year}`,
    'Durée totale (heures)': '6,5',
    'Lieu': 'Hôtel de la Métropole',
    'Commune': 'Marseille',
    'Capacité': '20',
    'Statut': 'Réalisée',
    'Présentes (femmes)': '12',
    'Présents (hommes)': '7',
    'Présent·es (sexe non renseigné)': '1',
    'Coût réel (€)': '1 250,50',
  });
  await s.screenshot(join(SCREENSHOTS, 'guide-saisie.png'));
  await (await s.button('Enregistrer')).click();
  await s.text('Session enregistrée.');
  const row = await s.find("//table//tr[contains(., 'Prévenir les discriminations')]");
  // textContent, not WebDriver's text, which folds no-break spaces into spaces.
  const text = await row.property('textContent');
  assert.match(text, /02\/01\/\d{4}/, 'dates are shown dd/mm/yyyy');
  assert.match(text, /Marseille/);
  assert.match(text, /1\u202f250,50\u00a0€/, 'money is formatted for fr-FR');
  const foot = await (await s.find('//table/tfoot')).text();
  assert.match(foot, /20/, 'the totals count 20 present');
  await s.screenshot(join(ARTIFACTS, '03-list.png'));
});

test('a wrong input shows the message beside the field and saves nothing', async () => {
  await (await s.button('Nouvelle session')).click();
  await fillTraining({ 'Intitulé': '', 'Premier jour': '31/02/2026', 'Durée totale (heures)': 'beaucoup' });
  await (await s.button('Enregistrer')).click();
  await s.text("L’intitulé est obligatoire.");
  const hoursField = await s.field('Durée totale (heures)');
  assert.equal(await hoursField.attribute('aria-invalid'), 'true');
  const describedBy = await hoursField.attribute('aria-describedby');
  const messages = await Promise.all(describedBy.split(' ').map(async (id) => (await s.find(`//*[@id='${id}']`)).text()));
  assert.ok(messages.some((m) => m.includes('Nombre invalide')), `the hours field explains itself: ${messages}`);
  await s.text("Cette date n’existe pas");
  await s.screenshot(join(SCREENSHOTS, 'guide-erreurs.png'));
  await (await s.button('Annuler')).click();
  await s.find("//h1[normalize-space(.)='Formations']");
  const rows = await s.findAll('//table/tbody/tr');
  assert.equal(rows.length, 1, 'the invalid form saved nothing');
});

test('the statistics show participants by sex', async () => {
  await goTo('Statistiques');
  await s.text('Statistiques sexuées');
  // The figures arrive after the page: wait for the row rather than read too early.
  const women = await (await s.find("//table//tr[contains(., 'Femmes') and .//td[normalize-space(.)='12']]")).property('textContent');
  assert.match(women, /60,0[\s\u00a0\u202f]%/, 'women are 60 % of 20');
  await s.find("//*[normalize-space(.)='1 sur 92']");
  await s.screenshot(join(ARTIFACTS, '05-stats.png'));
});

test('export CSV through the native save dialog', async () => {
  await goTo('Formations');
  const target = join(WORK, `export-formations.csv`);
  await (await s.button('Exporter CSV')).click();
  answerSaveDialog(target);
  await s.text('Fichier enregistré', 20_000);
  assert.ok(existsSync(target), 'the file was written where the user said');
  const bytes = readFileSync(target);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  assert.ok(lines[0].startsWith('Intitulé;Thème;Public;'));
  assert.ok(lines[1].startsWith('Prévenir les discriminations à l’embauche;'));
  assert.ok(lines[1].includes(';1250,50;Réalisée;'), lines[1]);
});

test('editing a session updates the list and the statistics at once', async () => {
  await goTo('Formations');
  await (await s.find("//table//tr[contains(., 'Prévenir les discriminations')]//button[normalize-space(.)='Modifier']")).click();
  const women = await s.field('Présentes (femmes)');
  assert.equal(await women.property('value'), '12', 'the form shows the stored figures');
  await women.fill('14');
  await (await s.button('Enregistrer')).click();
  await s.text('Session enregistrée.');
  await s.find("//table//tr[contains(., 'Prévenir les discriminations') and contains(., '14 / 7 / 1')]");
  await goTo('Statistiques');
  await s.find("//table//tr[contains(., 'Total') and .//td[normalize-space(.)='22']]");
});

test('the journal shows who changed what', async () => {
  await goTo('Journal');
  const row = await s.find("//table//tr[contains(., 'Modification') and contains(., 'Session de formation')]");
  const text = await row.property('textContent');
  assert.match(text, /Nadia Benali/);
  assert.match(text, /Présentes \(femmes\)\s*:\s*12 → 14/, 'the change is shown before and after');
  assert.match(text, /Prévenir les discriminations à l’embauche du 02\/01\//, 'the record by its name');
  assert.doesNotMatch(text, /training_session|attended_women/, 'no database words');
  await s.screenshot(join(SCREENSHOTS, 'guide-journal.png'));
  // The filter offers every kind of record; the export reads as the page.
  await (await s.field('Type d’enregistrement')).select('Session de formation');
  const target = join(WORK, 'journal.csv');
  await (await s.button('Exporter CSV')).click();
  answerSaveDialog(target);
  await s.text('Fichier enregistré', 20_000);
  const csv = readFileSync(target, 'utf8');
  assert.match(csv, /Modification;Session de formation;Prévenir les discriminations à l’embauche du 02\/01\/\d{4};[^\r]*Présentes \(femmes\) : 12 → 14/, csv);
  assert.doesNotMatch(csv, /Utilisateur/, 'only the kind the filter keeps');
});

test('deleting asks for confirmation first, and only the project lead may', async () => {
  await goTo('Formations');
  await (await s.button('Nouvelle session')).click();
  await fillTraining({ 'Intitulé': 'Session à supprimer', 'Premier jour': `15/12/${year}`, 'Durée totale (heures)': '2' });
  await (await s.button('Enregistrer')).click();
  await s.find("//table//tr[contains(., 'Session à supprimer')]");
  // Only the project lead deletes: the assistant is not offered it (and the
  // core would refuse it: tests/core/roles.rs).
  const openIt = async () =>
    (await s.find("//table//tr[contains(., 'Session à supprimer')]//button[normalize-space(.)='Modifier']")).click();
  await openIt();
  await s.find("//button[normalize-space(.)='Enregistrer']");
  assert.equal((await s.findAll("//button[normalize-space(.)='Supprimer']")).length, 0, 'no delete for the assistant');

  await goTo('Paramètres');
  // Restoring a copy over the whole base is the project lead's decision too.
  await s.text('Seul·e la ou le chef·fe de projet peut restaurer une copie.');
  assert.equal((await s.findAll("//button[normalize-space(.)='Restaurer une copie…']")).length, 0, 'no restore for the assistant');
  await fillTraining({ Nom: 'Camille Martin', 'Rôle': 'Chef·fe de projet' });
  await (await s.button("Changer d’utilisateur")).click();
  await s.text('Vous agissez maintenant en tant que Camille Martin');
  await goTo('Formations');
  await openIt();
  await (await s.button('Supprimer')).click();
  await s.text('Supprimer cette session ?');
  await s.screenshot(join(ARTIFACTS, '07-delete-confirm.png'));
  await (await s.find("//*[@role='alertdialog']//button[normalize-space(.)='Annuler']")).click();
  await (await s.button('Supprimer')).click();
  await (await s.button('Supprimer définitivement')).click();
  await s.find("//h1[normalize-space(.)='Formations']");
  await s.gone("//table//tr[contains(., 'Session à supprimer')]");
  await s.find("//table//tr[contains(., 'Prévenir les discriminations')]");
});

test('the demo opens in its own file and the user returns to their own data', async () => {
  await goTo('Paramètres');
  await (await s.button('Ouvrir la base de démonstration')).click();
  await s.text('Base de démonstration : ces données sont fictives.', 20_000);
  await goTo('Formations');
  await s.find("//table//tr[contains(., 'Défenseur des droits')]");
  const rows = await s.findAll('//table/tbody/tr');
  assert.ok(rows.length >= 10, 'a living demo year');
  assert.equal((await s.findAll("//table//tr[contains(., 'l’embauche')]")).length, 0, 'the real session is not in the demo');
  await s.screenshot(join(ARTIFACTS, '08-demo.png'));
  await goTo('Statistiques');
  await s.find("//table//tr[contains(., 'Total')]");
  await s.screenshot(join(SCREENSHOTS, 'statistiques.png'));
  // The demo year's home page: what needs doing soon, the actions, the key figures.
  await goTo('Accueil');
  await s.text('À faire prochainement');
  await s.text(`Les chiffres clés de ${year}`);
  await s.find("//section[contains(@class, 'reminders')]//li");
  await s.screenshot(join(SCREENSHOTS, 'accueil-demo.png'));
  await (await s.button('Revenir à ma base')).click();
  await s.gone("//*[contains(., 'Base de démonstration : ces données sont fictives.')]", 20_000);
  await goTo('Formations');
  await s.find("//table//tr[contains(., 'Prévenir les discriminations')]");
});

test('the version is shown in "À propos" and the help opens the guide', async () => {
  const version = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8').match(/^version = "(.+)"/m)[1];
  await goTo('Paramètres');
  await s.find(`//*[normalize-space(.)='Plan LCD version ${version}']`);
  await (await s.button('Copier les informations de diagnostic')).click();
  const diagnostic = await (await s.find("//textarea[@aria-label='Informations de diagnostic']")).property('value');
  assert.match(diagnostic, new RegExp(`^Plan LCD ${version.replace(/\./g, '\\.')}\n`));
  assert.match(diagnostic, /Accès : lecture et écriture/);
  assert.ok(!diagnostic.includes('Nadia'), 'no name in the diagnostic');
  // The log, in the platform's log folder, says the app started and names no one.
  const log = readFileSync(join(WORK, 'xdg-state', 'plan-lcd', 'logs', 'plan-lcd.log'), 'utf8');
  assert.match(log, new RegExp(`INFO start: Plan LCD ${version.replace(/\./g, '\\.')} on linux`));
  assert.ok(!log.includes('Nadia'), 'no name in the log');
  assert.match(diagnostic, new RegExp(`Journaux : .*xdg-state/plan-lcd/logs`));
  await goTo('Aide');
  await s.find("//h1[contains(., 'Guide d')] | //h2[contains(., 'Premier démarrage')]");
  const picture = await s.find("//article//img");
  await sleep(300);
  assert.ok((await picture.property('naturalWidth')) > 400, 'the guide shows its screenshots, bundled in the app');
});

test('save a copy, change the data, restore the copy: the data is what it was', async () => {
  const copy = join(WORK, 'copie-e2e.sqlite3');
  await goTo('Paramètres');
  await (await s.button('Enregistrer une copie…')).click();
  answerSaveDialog(copy);
  await s.text('Copie enregistrée', 20_000);
  assert.ok(existsSync(copy));

  await goTo('Formations');
  await (await s.button('Nouvelle session')).click();
  await fillTraining({ 'Intitulé': 'Session après la copie', 'Premier jour': `20/12/${year}`, 'Durée totale (heures)': '2' });
  await (await s.button('Enregistrer')).click();
  await s.find("//table//tr[contains(., 'Session après la copie')]");

  await goTo('Paramètres');
  await (await s.button('Restaurer une copie…')).click();
  await s.text('Restaurer une copie ?');
  await (await s.button('Choisir la copie à restaurer…')).click();
  answerOpenDialog(copy, 'Restaurer une copie de la base');
  try {
    await s.find("//h1[normalize-space(.)='Accueil']", 20_000);
  } catch (e) {
    await s.evidence(join(ARTIFACTS, 'failed-restore.png'));
    throw e;
  }
  await goTo('Formations');
  await s.find("//table//tr[contains(., 'l’embauche')]");
  assert.equal((await s.findAll("//table//tr[contains(., 'Session après la copie')]")).length, 0, 'the restored data is the copy');
  // The restored file passes the same check as `plan-lcd check`; the
  // anchors taken before the restore are explained, not reported.
  await goTo('Paramètres');
  await (await s.button('Vérifier la base')).click();
  await s.shows("//p[@role='status' and contains(., 'La base est saine')]", /comparé à\s+\d+\s+empreintes?\s+gardées?\s+hors du fichier/, 20_000);
  await s.text("la restauration d’une copie (copie-e2e.sqlite3)");
  await s.screenshot(join(ARTIFACTS, 'check-after-restore.png'));
});

test('close and reopen: the data is still there', async () => {
  await s.quit();
  await sleep(500);
  s = await startApp();
  await pickProfile(s);
  await readCrashNotice(s);
  await goTo('Formations');
  await s.find("//table//tr[contains(., 'Prévenir les discriminations')]");
  await s.screenshot(join(ARTIFACTS, '06-reopened.png'));
  await s.screenshot(join(SCREENSHOTS, 'formations.png'));
  assert.ok(statSync(join(SCREENSHOTS, 'formations.png')).size > 20_000, 'a real picture of the window');
});
