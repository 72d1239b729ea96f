// The annual initiative fund in the real window, on a database of its own:
// the project lead opens the year's call; an assistant registers an
// organisation and its application and ticks the documents received; the
// project lead scores and grants it; the dashboard and the board change; a
// payment is recorded; the notification letter is saved as a PDF through
// the native dialog and states the amount; a grant over the envelope is
// refused with the amount left; the open-data file and the shared dashboard
// are saved through the native dialog; and after a restart every figure is
// still there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, SCREENSHOTS, WORK, answerSaveDialog, completeSetup, fillForm, goTo, pickProfile, readCrashNotice, startApp, year } from './common.mjs';
import { literal } from './webdriver.mjs';

const FUND = 'Fonds d’initiative';
const PROJECT = 'Parcours accès aux droits';
const SECOND = 'Forum emploi sans discrimination';
const DOCUMENTS = [
  'Formulaire Cerfa n° 12156',
  'Statuts',
  "Relevé d’identité bancaire",
  "Contrat d’engagement républicain",
  'Budget prévisionnel du projet',
];

let s;

before(async () => {
  s = await startApp('fund.sqlite3');
});

after(async () => {
  await s?.quit().catch(() => {});
});

/** What an element shows, no-break spaces kept (WebDriver's text folds them). */
const shown = async (xpath) => (await s.find(xpath)).property('textContent');

async function becomes(name, role) {
  await goTo(s, 'Paramètres');
  await fillForm(s, { Nom: name, 'Rôle': role });
  await (await s.button("Changer d’utilisateur")).click();
  await s.text(`Vous agissez maintenant en tant que ${name}`);
  await goTo(s, FUND);
}

async function openApplication(title) {
  await s.find(`//table//tr[contains(., ${literal(title)})]`);
  await (await s.find(`//table//tr[contains(., ${literal(title)})]//button[normalize-space(.)='Ouvrir']`)).click();
  await s.find(`//h2[normalize-space(.)=${literal(title)}]`);
}

/** A PDF's text as `pdftotext` reads it, spaces (French number spacing included) made plain. */
function pdfText(path) {
  assert.ok(readFileSync(path).subarray(0, 5).toString() === '%PDF-', `${path} is a real PDF`);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'])
    .toString()
    .replace(/[\s\u202f\u00a0]+/g, ' ');
}

/** Takes a step from the application's page, its date left at today. */
async function takeStep(button, values = {}) {
  await (await s.button(button)).click();
  await s.find("//form[contains(@class, 'step-form')]");
  await fillForm(s, values);
  await (await s.button('Valider')).click();
}

async function stepDone(button) {
  await s.text(`Étape enregistrée : ${button}.`);
}

async function tickEveryDocument() {
  for (const doc of DOCUMENTS) {
    await (await s.field(doc)).click();
    await s.find(`//li[label[normalize-space(.)=${literal(doc)}]]/span[contains(., 'reçue le')]`);
  }
}

test('the project lead opens the year’s call with the default criteria', async () => {
  await completeSetup(s, { name: 'Camille Martin', role: 'Chef·fe de projet' });
  await goTo(s, FUND);
  await s.text(`Aucun appel à projets pour ${year}`);
  await (await s.button(`Créer l’appel ${year}`)).click();
  // The seed's criteria and the usual documents are already there.
  const essaimage = await s.field('Critère 4');
  assert.match(await essaimage.property('value'), /essaimage/);
  assert.match(await (await s.field('Pièce 1')).property('value'), /12156/);
  await fillForm(s, {
    'Enveloppe (€)': '20 000',
    'Ouverture du dépôt': `01/01/${year}`,
    'Clôture du dépôt': `31/12/${year}`,
    'SIRET de la collectivité': '200 054 807 00017',
  });
  await (await s.button("Enregistrer l’appel")).click();
  await s.text('Appel à projets enregistré.');
  const figures = await shown("//dl[contains(@class, 'figures')]");
  assert.match(figures, /Enveloppe\s*20\u202f000,00\u00a0€/);
  assert.match(figures, /Reste à attribuer\s*20\u202f000,00\u00a0€/);
});

test('an assistant registers an organisation; a wrong SIRET is explained beside its field', async () => {
  await becomes('Nadia Benali', 'Assistant·e administratif·ve');
  await (await s.button('Structures')).click();
  await (await s.button('Nouvelle structure')).click();
  await fillForm(s, {
    'Nom de la structure': 'Association Égalité Quartiers Nord',
    'Type de structure': 'Association',
    SIRET: '816 613 186 09138',
    'Numéro RNA': 'W13301234',
    'Commune du siège': 'Marseille',
    'Nom du contact': 'Samira Haddad',
    'Courriel du contact': 'contact@egalite-nord.fr',
  });
  await (await s.button('Enregistrer la structure')).click();
  await s.text('clé de contrôle ne correspond pas');
  await s.text('W suivie de 9 chiffres');
  assert.equal(await (await s.field('SIRET')).attribute('aria-invalid'), 'true');
  await s.screenshot(join(ARTIFACTS, 'fund-01-organisation-errors.png'));
  await fillForm(s, { SIRET: '816 613 186 09139', 'Numéro RNA': 'W133012345' });
  await (await s.button('Enregistrer la structure')).click();
  await s.text('Structure enregistrée : Association Égalité Quartiers Nord.');
  await s.find("//table//tr[contains(., '81661318609139') and contains(., 'W133012345')]");
});

test('the assistant enters the application, records its receipt and ticks the documents', async () => {
  await (await s.button("Retour à l’appel")).click();
  await (await s.button('Nouveau dossier')).click();
  await fillForm(s, {
    'Structure porteuse': 'Association Égalité Quartiers Nord (Association)',
    'Intitulé du projet': PROJECT,
    'Public concerné': 'Habitant·es des quartiers nord',
    'Ajouter une commune concernée': 'Marseille',
    'Début du projet': `01/02/${year}`,
    'Fin du projet': `31/12/${year}`,
    'Budget total du projet (€)': '40 000',
    'Montant demandé (€)': '18 000',
  });
  await (await s.button('Ajouter un financeur')).click();
  await fillForm(s, { 'Financeur 1': 'État (politique de la ville)', 'Montant 1 (€)': '25 000' });
  await (await s.button('Enregistrer le dossier')).click();
  // 25 000 + 18 000 > 40 000: the core says by how much.
  await s.text('dépassent le budget total');
  await fillForm(s, { 'Montant 1 (€)': '12 000' });
  await (await s.button('Enregistrer le dossier')).click();
  await s.text('Dossier enregistré comme brouillon.');
  await s.find(`//h2[normalize-space(.)=${literal(PROJECT)}]`);
  await takeStep('Enregistrer la réception');
  await stepDone('Enregistrer la réception');
  await tickEveryDocument();
  await takeStep('Déclarer complet');
  await stepDone('Déclarer complet');
  await takeStep('Passer en instruction');
  await stepDone('Passer en instruction');
  await s.text('La décision revient au ou à la chef·fe de projet.');
  await s.screenshot(join(ARTIFACTS, 'fund-02-application-assistant.png'));
});

test('the project lead scores and grants; the board and the dashboard change', async () => {
  await becomes('Camille Martin', 'Chef·fe de projet');
  await openApplication(PROJECT);
  await fillForm(s, {
    'Note du critère 1': '4',
    'Note du critère 2': '3',
    'Note du critère 3': '5',
    'Note du critère 4': '4',
    "Notes privées d’instruction": 'Porteur solide ; budget communication à préciser.',
  });
  await (await s.button("Enregistrer l’instruction")).click();
  await s.text('Notation enregistrée.');
  // (4 + 3 + 5 + 4) / 4 = 4 with equal weights.
  await s.shows("//dl[contains(@class, 'figures')]", /Note pondérée\s*4,00\u00a0\/\u00a05/);
  await takeStep('Accorder la subvention', { 'Montant accordé (€)': '15 000', 'Référence de la décision': `DEL-${year}-042` });
  await stepDone('Accorder la subvention');
  await s.shows("//dl[contains(@class, 'figures')]", /Accordé\s*15\u202f000,00\u00a0€/);
  await s.find("//table[contains(@class, 'history')]//tr[contains(., 'Camille Martin') and contains(., 'Accordé')]");
  await s.find("//table[contains(@class, 'history')]//tr[contains(., 'Nadia Benali') and contains(., 'Reçu')]");

  // A payment, recorded paid today.
  await fillForm(s, { 'Montant du versement (€)': '10 000' });
  await fillForm(s, { 'Versement prévu le': todayFr(), 'Payé le': todayFr() });
  await (await s.button('Enregistrer le versement')).click();
  await s.text('Versement enregistré.');
  await s.shows("//section[@aria-labelledby='payments-title']//tfoot", /dont versé 10\u202f000,00\u00a0€/);
  await s.screenshot(join(ARTIFACTS, 'fund-03-application-granted.png'));

  // A payment recorded as paid by mistake is taken back, with a reason, then paid again.
  await (await s.button('Annuler le paiement')).click();
  await (await s.button("Confirmer l’annulation du paiement")).click();
  await s.text('Expliquez pourquoi ce paiement est annulé.');
  await fillForm(s, { "Motif de l’annulation du paiement": 'Mandat rejeté par la trésorerie' });
  await (await s.button("Confirmer l’annulation du paiement")).click();
  await s.text('Paiement annulé');
  await s.shows("//section[@aria-labelledby='payments-title']//tfoot", /dont versé 0,00\u00a0€/);
  await s.find("//table[contains(@class, 'history')]//tr[contains(., 'Mandat rejeté par la trésorerie')]");
  await (await s.button('Payer')).click();
  await s.text('Versement payé.');
  await s.shows("//section[@aria-labelledby='payments-title']//tfoot", /dont versé 10\u202f000,00\u00a0€/);

  // The notification letter, through the native save dialog.
  const letter = join(WORK, 'courrier-notification.pdf');
  await (await s.button('Courrier de notification (PDF)')).click();
  answerSaveDialog(letter);
  await s.text('Courrier enregistré');
  const text = pdfText(letter);
  assert.match(text, /une subvention de 15 000,00 € est attribuée à Association Égalité Quartiers Nord/);
  assert.match(text, /« Parcours accès aux droits »/);
  assert.match(text, new RegExp(`Réf\\. : DEL-${year}-042`));
  assert.match(text, /À l’attention de Samira Haddad/);
  assert.ok(!text.includes('Porteur solide'), 'private review notes never reach the applicant');
  await s.screenshot(join(ARTIFACTS, 'fund-04-letter.png'));

  await (await s.button("Retour à l’appel")).click();
  // The call's figures are read again from the core as the page opens.
  await s.find("//dl[contains(@class, 'figures')]/div[dt[normalize-space(.)='Accordé'] and contains(dd, '15')]");
  const figures = await shown("//dl[contains(@class, 'figures')]");
  assert.match(figures, /Accordé\s*15\u202f000,00\u00a0€/);
  assert.match(figures, /Versé\s*10\u202f000,00\u00a0€/);
  assert.match(figures, /Reste à attribuer\s*5\u202f000,00\u00a0€/);
  assert.match(figures, /Reste à verser\s*5\u202f000,00\u00a0€/);
  await s.screenshot(join(ARTIFACTS, 'fund-05-call-dashboard.png'));
  await (await s.button('Par stade')).click();
  await s.find(`//section[h3[starts-with(normalize-space(.), 'Accordé')]]//button[contains(., ${literal(PROJECT)})]`);
  await s.screenshot(join(ARTIFACTS, 'fund-06-board.png'));
  await (await s.button('Tableau')).click();
});

test('a grant over the envelope is refused with the amount still available', async () => {
  await (await s.button('Nouveau dossier')).click();
  await fillForm(s, {
    'Structure porteuse': 'Association Égalité Quartiers Nord (Association)',
    'Intitulé du projet': SECOND,
    'Début du projet': `01/03/${year}`,
    'Fin du projet': `30/11/${year}`,
    'Budget total du projet (€)': '20 000',
    'Montant demandé (€)': '10 000',
  });
  await (await s.button('Enregistrer le dossier')).click();
  await s.find(`//h2[normalize-space(.)=${literal(SECOND)}]`);
  await takeStep('Enregistrer la réception');
  await stepDone('Enregistrer la réception');
  await tickEveryDocument();
  await takeStep('Déclarer complet');
  await stepDone('Déclarer complet');
  await takeStep('Passer en instruction');
  await stepDone('Passer en instruction');
  // A step taken too early is undone, never without a reason, and the history keeps it.
  await (await s.find("//button[starts-with(normalize-space(.), 'Annuler la dernière étape')]")).click();
  await (await s.button("Annuler l’étape")).click();
  await s.text('Expliquez pourquoi cette étape est annulée.');
  await fillForm(s, { "Motif de l’annulation": 'Budget du projet à confirmer avant instruction' });
  await (await s.button("Annuler l’étape")).click();
  await s.text('Dernière étape annulée');
  await s.find(
    "//table[contains(@class, 'history')]//tr[contains(., 'Annulation') and contains(., 'Budget du projet à confirmer avant instruction')]",
  );
  await takeStep('Passer en instruction');
  await stepDone('Passer en instruction');
  await s.text('L’enveloppe permet encore d’attribuer 5');
  await takeStep('Accorder la subvention', { 'Montant accordé (€)': '10 000' });
  const error = await s.text("L’enveloppe de l’appel ne permet pas ce montant");
  assert.match(await error.property('textContent'), /il reste 5\u202f000,00\u00a0€ à attribuer/);
  assert.equal(await (await s.field('Montant accordé (€)')).attribute('aria-invalid'), 'true');
  await s.screenshot(join(ARTIFACTS, 'fund-07-over-envelope.png'));
  await fillForm(s, { 'Montant accordé (€)': '5 000' });
  await (await s.button('Valider')).click();
  await stepDone('Accorder la subvention');
  await (await s.button("Retour à l’appel")).click();
  await s.shows("//dl[contains(@class, 'figures')]", /Reste à attribuer\s*0,00\u00a0€/);
});

test('the SCDL open-data file is saved through the native dialog', async () => {
  const target = join(WORK, `subventions-${year}.csv`);
  await (await s.button('Open data (SCDL)')).click();
  answerSaveDialog(target);
  await s.text('Fichier open data (SCDL subventions) enregistré');
  assert.ok(existsSync(target));
  const lines = readFileSync(target, 'utf8').split('\r\n');
  assert.equal(
    lines[0],
    'nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide',
  );
  const first = lines.find((l) => l.includes(PROJECT));
  assert.ok(first, 'the granted project is published');
  assert.match(first, /,20005480700017,/);
  assert.match(first, new RegExp(`,DEL-${year}-042,Association Égalité Quartiers Nord,81661318609139,W133012345,`));
  assert.match(first, /,15000\.00,aide en numéraire,unique,/);
  assert.match(first, /,non,1\.00,/, 'a single beneficiary holds the whole grant');
});

test('the shared dashboard of supported projects is saved as a PDF', async () => {
  const target = join(WORK, `tableau-de-bord-fonds-${year}.pdf`);
  await (await s.button('Tableau de bord (PDF)')).click();
  answerSaveDialog(target);
  await s.text('Tableau de bord enregistré');
  const text = pdfText(target);
  assert.match(text, new RegExp(`Tableau de bord commun des projets soutenus — ${year}`));
  // The figures in three columns, labels above values: the same as on screen.
  assert.match(text, /Enveloppe Demandé Accordé 20 000,00 € 28 000,00 € 20 000,00 €/);
  assert.match(text, /Versé Reste à attribuer Reste à verser 10 000,00 € 0,00 € 10 000,00 €/);
  assert.match(text, /Parcours accès aux droits/);
  assert.match(text, /Forum emploi sans discrimination/);
});

test('after a restart, every figure is still there', async () => {
  await s.quit();
  s = await startApp('fund.sqlite3');
  await pickProfile(s);
  await readCrashNotice(s);
  await goTo(s, FUND);
  const figures = await shown("//dl[contains(@class, 'figures')]");
  assert.match(figures, /Accordé\s*20\u202f000,00\u00a0€/);
  assert.match(figures, /Versé\s*10\u202f000,00\u00a0€/);
  const foot = await shown('//table/tfoot');
  assert.match(foot, /2 dossiers/);
});

/** Brings every scrolled area back to its top, for a picture of a page's head. */
async function scrollToTop() {
  await s.execute('for (const e of document.querySelectorAll("*")) if (e.scrollTop > 0) e.scrollTop = 0; window.scrollTo(0, 0);');
}

test('the demo year shows a whole call, and every total agrees with every other', async () => {
  await goTo(s, 'Paramètres');
  await (await s.button('Ouvrir la base de démonstration')).click();
  await s.text('Base de démonstration : ces données sont fictives.', 20_000);
  await goTo(s, FUND);
  const figures = await shown("//dl[contains(@class, 'figures')]");
  const granted = figures.match(/Accordé\s*([\d\u202f]+,\d\d\u00a0€)/)[1];
  const paid = figures.match(/Versé\s*([\d\u202f]+,\d\d\u00a0€)/)[1];
  // The table's total row adds up every application: the same amounts as the dashboard.
  const foot = await shown('//table/tfoot');
  assert.ok(foot.includes(granted), `the table's total shows the granted ${granted}: ${foot}`);
  assert.ok(foot.includes(paid), `the table's total shows the paid ${paid}: ${foot}`);
  await scrollToTop();
  await s.screenshot(join(SCREENSHOTS, 'fonds-appel.png'));

  await (await s.button('Par stade')).click();
  for (const stage of ['En instruction', 'Accordé', 'Convention signée', 'Refusé', 'Clôturé']) {
    await s.find(`//section[h3[starts-with(normalize-space(.), ${literal(stage)})]]//button[contains(@class, 'card')]`);
  }
  await s.screenshot(join(SCREENSHOTS, 'fonds-par-stade.png'));

  // The committee's ranking: the applications under review, their weighted score shown.
  await (await s.button('Classement pour le comité')).click();
  const ranked = await shown("//table[caption[contains(., 'Dossiers en instruction')]]/tbody");
  assert.match(ranked, /Théâtre-forum/);
  assert.match(ranked, /\d,\d\d\u00a0\/\u00a05/, 'a weighted score on 5');
  await (await s.button('Par stade')).click();

  await (await s.find("//button[contains(@class, 'card') and contains(., 'Plan local de La Ciotat')]")).click();
  await s.find("//h2[contains(., 'Plan local de La Ciotat')]");
  await s.find("//table[contains(@class, 'history')]//tr[contains(., 'Convention signée')]");
  // The Ville de La Ciotat is a commune: the law asks it no agreement (the one
  // signed in the demo is voluntary), so the page does not call it required.
  await scrollToTop();
  await s.screenshot(join(SCREENSHOTS, 'fonds-dossier.png'));

  await (await s.button('Revenir à ma base')).click();
  await s.gone("//*[contains(., 'Base de démonstration : ces données sont fictives.')]", 20_000);
});

function todayFr() {
  const d = new Date();
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}
