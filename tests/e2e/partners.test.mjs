// Partners, conventions and committees in the real window, on a date the
// app is given (PLAN_LCD_TODAY = 01/09/2026): the project lead records the
// signatories, a convention like seed 001's (three years, tacit renewal, two
// months' notice, signed 15/11/2023, so the first term ends on 14/11/2026
// and the notice deadline 14/09/2026 is two weeks away) and sees its reminder appear; one like seed 002's (one year,
// renewed by amendment); a committee meeting with a follow-up action, whose
// reminder replaces the committee's. A notice as long as the duration is
// refused beside the field and nothing is saved; a partner a convention
// names is not deleted. The user guide's pictures of partners are taken here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { APP, SCREENSHOTS, WORK, completeSetup, fillForm, goTo } from './common.mjs';

const DB = 'partenaires.sqlite3';
const TODAY = '2026-09-01';
const CONVENTION = 'Convention de partenariat CGET – Défenseur des droits';
const CHARTE = 'Promotion de la Charte de la diversité dans l’entreprise';
const COMMITTEE = 'Comité technique CGET – Défenseur des droits';
let s;

/** The app as the suite starts it, on the date this file gives it. */
function appOnDate(date) {
  assert.ok(APP && WORK, 'run through tests/e2e/run.sh');
  const wrapper = join(WORK, 'plan-lcd-on-date.sh');
  writeFileSync(wrapper, `#!/bin/sh\nPLAN_LCD_TODAY=${date} exec "${APP}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

before(async () => {
  s = await Session.start(appOnDate(TODAY), { args: ['--db', join(WORK, DB)] });
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
});

after(async () => {
  await s?.quit().catch(() => {});
});

/**
 * Waits until the reminders show `pattern`: after a save they are asked
 * again, and until the answer comes the list on screen is the one before.
 */
function remindersShow(pattern) {
  return s.shows("//section[@aria-labelledby='reminders-title']", pattern);
}

/** Clicks a button of a long form, brought to the middle of the page first. */
async function press(text) {
  const button = await s.button(text);
  await s.execute("arguments[0].scrollIntoView({ block: 'center' });", [button]);
  await button.click();
}

async function tick(name) {
  await (await s.find(`//label[contains(@class,'check') and normalize-space(.)=${JSON.stringify(name)}]/input`)).click();
}

async function newPartner(values, contact) {
  await (await s.button('Nouveau partenaire')).click();
  await fillForm(s, values);
  if (contact) {
    await (await s.button('Ajouter un contact')).click();
    await fillForm(s, contact);
  }
  await press('Enregistrer le partenaire');
  await s.text(`Partenaire enregistré : ${values['Nom du partenaire']}.`);
}

test('the signatories are recorded, a wrong SIRET is refused beside its field', async () => {
  await goTo(s, 'Partenaires');
  await s.text('Aucune échéance dans les semaines qui viennent.');
  await newPartner({ 'Nom du partenaire': 'CGET', 'Type de partenaire': 'Service de l’État' });
  await (await s.button('Nouveau partenaire')).click();
  await fillForm(s, {
    'Nom du partenaire': 'Défenseur des droits',
    'Type de partenaire': 'Autorité indépendante',
    SIRET: '12345678901234',
  });
  await press('Enregistrer le partenaire');
  await s.text("Ce SIRET n’est pas valide");
  assert.equal(await (await s.field('SIRET')).attribute('aria-invalid'), 'true');
  await s.gone("//table//strong[normalize-space(.)='Défenseur des droits']", 2_000);
  await fillForm(s, { SIRET: '732 829 320 00074' });
  await (await s.button('Ajouter un contact')).click();
  await fillForm(s, {
    'Nom (contact 1)': 'Claire Dupont',
    'Fonction (contact 1)': 'Déléguée territoriale',
    'Courriel (contact 1)': 'claire.dupont@defenseurdesdroits.fr',
  });
  await press('Enregistrer le partenaire');
  await s.text('Partenaire enregistré : Défenseur des droits.');
  await s.text('SIRET 73282932000074');
  await s.text('Claire Dupont — Déléguée territoriale');
  await newPartner({
    'Nom du partenaire': 'Charte de la diversité',
    'Type de partenaire': 'Réseau d’entreprises',
  });
  await newPartner({
    'Nom du partenaire': 'Conseil national des missions locales',
    'Type de partenaire': 'Réseau',
  });
  await s.execute("document.getElementById('content').scrollTo(0, 0);");
  await s.screenshot(join(SCREENSHOTS, 'partenaires-liste.png'));
});

test('a notice as long as the duration is refused, then the convention is saved and its reminder appears', async () => {
  await (await s.button('Conventions')).click();
  await (await s.button('Nouvelle convention')).click();
  await fillForm(s, {
    'Titre de la convention': CONVENTION,
    'Date de signature': '15/11/2023',
    'Durée (mois)': '36',
    'Préavis (mois)': '36',
    'Emplacement du fichier signé': 'S:\\Conventions\\cget-ddd.pdf',
  });
  await tick('CGET');
  await tick('Défenseur des droits');
  await (await s.find("//input[@id='convention-tacit']")).click();
  await (await s.button('Ajouter un engagement')).click();
  await fillForm(s, {
    'Partie (engagement 1)': 'Défenseur des droits',
    'Engagement 1': 'Désigner des délégués référents à la politique de la ville',
    'État (engagement 1)': 'En cours',
  });
  await press('Enregistrer la convention');
  await s.text('Le préavis doit être plus court que la durée (36 mois).');
  assert.equal(await (await s.field('Préavis (mois)')).attribute('aria-invalid'), 'true');
  await s.text('Aucune convention enregistrée.');
  await s.execute(
    "window.scrollTo(0, 0); const c = document.getElementById('content'); c.scrollTo(0, 0);" +
      "c.scrollTo(0, document.getElementById('convention-signed').getBoundingClientRect().top - c.getBoundingClientRect().top - 40);",
  );
  await s.screenshot(join(SCREENSHOTS, 'partenaires-convention-erreur.png'));

  await fillForm(s, { 'Préavis (mois)': '2' });
  await press('Enregistrer la convention');
  await s.text(`Convention enregistrée : ${CONVENTION}.`);
  const row = await (await s.find(`//tr[.//strong[normalize-space(.)=${JSON.stringify(CONVENTION)}]]`)).text();
  assert.match(row, /14\/11\/2026/, 'the first term ends on the eve of the third anniversary');
  assert.match(row, /14\/09\/2026/, 'the notice deadline: two months before the renewal of 15/11, the day before');
  assert.match(row, /Préavis proche/);
  assert.match(row, /0 \/ 1/, 'one commitment, not yet kept');
  await remindersShow(
    /14\/09\/2026[\s\S]*la dénoncer au plus tard le 14\/09\/2026, sinon elle est reconduite tacitement le 15\/11\/2026/,
  );
});

test('a one-year convention renewed by amendment ends on the eve of its anniversary', async () => {
  await (await s.button('Nouvelle convention')).click();
  await fillForm(s, {
    'Titre de la convention': CHARTE,
    'Date de signature': '16/06/2026',
    'Durée (mois)': '12',
  });
  await tick('Charte de la diversité');
  await tick('Conseil national des missions locales');
  await press('Enregistrer la convention');
  await s.text(`Convention enregistrée : ${CHARTE}.`);
  const row = await (await s.find(`//tr[.//strong[normalize-space(.)=${JSON.stringify(CHARTE)}]]`)).text();
  assert.match(row, /15\/06\/2027/, 'one year from 16/06/2026, that day included');
  assert.match(row, /sans reconduction tacite/);
  assert.match(row, /En vigueur/);
  await s.execute("document.getElementById('content').scrollTo(0, 0);");
  await s.screenshot(join(SCREENSHOTS, 'partenaires-conventions.png'));
});

test('a partner a convention names is not deleted, and the refusal says why', async () => {
  await (await s.find("//div[contains(@class,'tabs')]/button[normalize-space(.)='Partenaires']")).click();
  await (await s.find("//button[@aria-label='Supprimer : CGET']")).click();
  await (await s.button('Confirmer la suppression')).click();
  await s.text(`« CGET » ne peut pas être supprimé : il est cité par la convention « ${CONVENTION} ».`);
  await s.find("//table//strong[normalize-space(.)='CGET']");
});

test('a committee meeting with a follow-up action is recorded and reminded', async () => {
  await (await s.button('Instances et réunions')).click();
  await (await s.button('Nouvelle instance')).click();
  await fillForm(s, {
    'Nom de l’instance': COMMITTEE,
    'Type d’instance': 'Comité technique',
    'Convention qui l’institue': CONVENTION,
    'Fréquence prévue': '2 réunions par an',
  });
  await (await s.button('Enregistrer l’instance')).click();
  await s.text(`Instance enregistrée : ${COMMITTEE}.`);
  await remindersShow(/aucune réunion n’est encore enregistrée/);

  await (await s.find(`//button[starts-with(@aria-label, 'Réunions (') and contains(@aria-label, ${JSON.stringify(`) : ${COMMITTEE}`)})]`)).click();
  await (await s.button('Nouvelle réunion')).click();
  await fillForm(s, {
    'Date de la réunion': '28/08/2026',
    'Ordre du jour': 'Échange des données non nominatives ; cellules d’écoute',
    'Décisions': 'Le Défenseur des droits transmettra les données du semestre.',
  });
  await tick('CGET');
  await tick('Défenseur des droits');
  await (await s.button('Ajouter une action de suivi')).click();
  await fillForm(s, {
    'Action 1': 'Relancer la transmission des données',
    'Responsable (action 1)': 'Camille Martin',
    'Échéance (action 1)': '10/09/2026',
  });
  await press('Enregistrer la réunion');
  await s.text('Réunion du 28/08/2026 enregistrée.');
  await s.text('Présents');
  await s.find("//td[normalize-space(.)='Relancer la transmission des données']");
  const r = await remindersShow(
    /Suivi de « Comité technique CGET – Défenseur des droits » : Relancer la transmission des données \(Camille Martin\), pour le 10\/09\/2026\./,
  );
  assert.doesNotMatch(r, /aucune réunion/, 'the meeting was held: next due in six months');
  await s.execute("document.getElementById('content').scrollTo(0, 0);");
  await s.screenshot(join(SCREENSHOTS, 'partenaires-instances.png'));
});

test('a reminder opens the convention it is about', async () => {
  await (await s.find("//section[@aria-labelledby='reminders-title']//button[contains(., 'la dénoncer au plus tard')]")).click();
  await s.find("//h3[normalize-space(.)='Modifier la convention']");
  assert.equal(await (await s.field('Titre de la convention')).property('value'), CONVENTION);
});

test('a training offers the recorded partners as its trainer', async () => {
  await goTo(s, 'Formations');
  await (await s.button('Nouvelle session')).click();
  const trainer = await s.field('Intervenant ou organisme partenaire');
  assert.equal(await trainer.attribute('list'), 'training-partner-names');
  await s.find("//datalist[@id='training-partner-names']/option[@value='Défenseur des droits']");
  await s.find("//datalist[@id='training-partner-names']/option[@value='CGET']");
  await (await s.button('Annuler')).click();
});

test('the home page lists the same reminders, and one opens its convention', async () => {
  await goTo(s, 'Accueil');
  await remindersShow(/la dénoncer au plus tard/);
  await remindersShow(/Relancer la transmission des données/);
  await (await s.find("//section[@aria-labelledby='reminders-title']//button[contains(., 'la dénoncer au plus tard')]")).click();
  await s.find("//h3[normalize-space(.)='Modifier la convention']");
  assert.equal(await (await s.field('Titre de la convention')).property('value'), CONVENTION);
});

/** Waits until `check` holds, as the window updates a field after a choice. */
async function until(check, timeout = 5_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('the window did not update in time');
}

test("an event adds a recorded partner to its partners, and a fund structure starts from one", async () => {
  await goTo(s, 'Semaine et événements');
  await (await s.button("Tous les événements de l’année")).click();
  await (await s.button('Nouvel événement')).click();
  await fillForm(s, { 'Organisations partenaires': 'Ville de Marseille' });
  await fillForm(s, { 'Ajouter un partenaire enregistré': 'Défenseur des droits' });
  await until(async () => (await (await s.field('Organisations partenaires')).property('value')) === 'Ville de Marseille, Défenseur des droits');
  await (await s.button('Annuler')).click();

  await goTo(s, 'Fonds d’initiative');
  await (await s.button('Structures')).click();
  await (await s.button('Nouvelle structure')).click();
  await fillForm(s, { 'Reprendre un partenaire enregistré': 'Défenseur des droits' });
  await until(async () => (await (await s.field('Nom de la structure')).property('value')) === 'Défenseur des droits');
  assert.equal(await (await s.field('SIRET')).property('value'), '73282932000074');
  assert.equal(await (await s.field('Nom du contact')).property('value'), 'Claire Dupont');
  assert.equal(await (await s.field('Courriel du contact')).property('value'), 'claire.dupont@defenseurdesdroits.fr');
  await (await s.button('Annuler')).click();
});
