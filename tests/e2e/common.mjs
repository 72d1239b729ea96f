// What every end-to-end file shares: starting the app on a database of its
// own, the first-run setup, moving between pages, filling forms by label, and
// answering the native save dialog.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

export const APP = process.env.PLAN_LCD_APP;
export const WORK = process.env.PLAN_LCD_E2E_WORK;
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
export const year = new Date().getFullYear();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the real app; `db` names a database file of this test file's own. */
export async function startApp(db) {
  assert.ok(APP && WORK, 'run through tests/e2e/run.sh');
  return Session.start(APP, { args: db ? ['--db', join(WORK, db)] : [] });
}

/** The first-run setup, as a person fills it: Aix-Marseille-Provence, offered first. */
export async function completeSetup(s, { name = 'Nadia Benali', role = 'Assistant·e administratif·ve' } = {}) {
  await s.text("Métropole d'Aix-Marseille-Provence");
  await (await s.field('Nom du service')).fill('Mission lutte contre les discriminations');
  await (await s.field('Votre nom')).fill(name);
  await (await s.field('Votre rôle')).select(role);
  await (await s.button('Commencer')).click();
  await s.find("//h1[normalize-space(.)='Accueil']", 20_000);
}

/**
 * At each start on a set-up database, the app asks who is working, the last
 * profile preselected. Picks the profile named `name` (the preselected one
 * when none is given) and continues to the first page.
 */
export async function pickProfile(s, name) {
  await s.find("//h1[normalize-space(.)='Qui travaille aujourd’hui ?']", 20_000);
  if (name) {
    await (await s.find(`//label[.//strong[normalize-space(.)=${JSON.stringify(name)}]]/input[@type='radio']`)).click();
  }
  await (await s.button('Continuer')).click();
  await s.find("//h1[normalize-space(.)='Accueil']", 20_000);
}

/**
 * After a restart: tauri-driver stopped the app as a crash would, so the app
 * says it took its file back; the person reads it and closes the notice.
 */
export async function readCrashNotice(s) {
  await s.text("Plan LCD ne s’était pas fermé normalement", 20_000);
  await (await s.button('Compris')).click();
}

/** Clicks a sidebar entry and waits for its page's title. */
export async function goTo(s, page) {
  await (await s.find(`//nav//button[normalize-space(.)='${page}'] | //nav//a[normalize-space(.)='${page}']`)).click();
  await s.find(`//h1[normalize-space(.)='${page}' or starts-with(normalize-space(.), '${page}')]`);
}

/** Fills fields found by their visible labels; a select takes its option's text. */
export async function fillForm(s, values) {
  for (const [label, value] of Object.entries(values)) {
    try {
      const field = await s.field(label);
      if ((await field.property('tagName')).toLowerCase() === 'select') await field.select(value);
      else await field.fill(value);
    } catch (e) {
      await s.evidence(join(ARTIFACTS, 'failed-field.png'));
      throw new Error(`field "${label}": ${e.message}`);
    }
  }
}

/** The id of the visible window titled `title`, or '' when there is none. */
function visibleWindow(title) {
  try {
    // Only a mapped window can take the focus: GTK creates the dialog's window before it shows it.
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', title]).toString().trim().split('\n')[0];
  } catch {
    return '';
  }
}

/**
 * The native window titled `title` once it shows (within `ms`), with its
 * position and size, or null: a question the app asks before its window.
 */
export async function nativeDialog(title, ms = 30_000) {
  for (let waited = 0; waited < ms; waited += 200) {
    const id = visibleWindow(title);
    if (id) {
      const shell = execFileSync('xdotool', ['getwindowgeometry', '--shell', id]).toString();
      const n = (k) => Number(shell.match(new RegExp(`^${k}=(\\d+)`, 'm'))[1]);
      return { id, x: n('X'), y: n('Y'), width: n('WIDTH'), height: n('HEIGHT') };
    }
    await sleep(200);
  }
  return null;
}

/** Answers the native GTK save dialog titled `title` as a person would: types the path, presses Return. */
export function answerSaveDialog(path, title = 'Enregistrer le fichier') {
  answerDialog(path, title, false);
}

/** Answers the native GTK open dialog titled `title`: types the file's path, presses Return. */
export function answerOpenDialog(path, title) {
  answerDialog(path, title, true);
}

function answerDialog(path, title, open) {
  let win = '';
  for (let i = 0; i < 100 && !win; i++) {
    win = visibleWindow(title);
    if (!win) execFileSync('sleep', ['0.2']);
  }
  assert.ok(win, `the native dialog "${title}" opened`);
  execFileSync('xdotool', ['windowfocus', '--sync', win]);
  execFileSync('sleep', ['0.5']);
  if (open) {
    // The open chooser has no name field until asked: Ctrl+L opens its
    // location field (a typed "/" would too, but swallows the next key).
    execFileSync('xdotool', ['key', '--clearmodifiers', 'ctrl+l']);
    execFileSync('sleep', ['0.5']);
  }
  execFileSync('xdotool', ['key', '--clearmodifiers', 'ctrl+a']);
  execFileSync('xdotool', ['type', '--delay', '20', path]);
  // The chooser's completion may still be busy with the typed path and take
  // the first Return for itself: press it again until the dialog is gone.
  for (let attempt = 0; attempt < 5 && visibleWindow(title); attempt++) {
    execFileSync('sleep', ['0.3']);
    try {
      execFileSync('xdotool', ['windowfocus', '--sync', win]);
      execFileSync('xdotool', ['key', 'Return']);
    } catch {
      // The dialog closed meanwhile: nothing left to answer.
    }
    for (let i = 0; i < 10 && visibleWindow(title); i++) execFileSync('sleep', ['0.2']);
  }
  if (visibleWindow(title)) {
    try {
      execFileSync('import', ['-window', 'root', join(ARTIFACTS, 'failed-dialog.png')]);
    } catch {
      // No picture: the assertion below still says what went wrong.
    }
  }
  assert.ok(!visibleWindow(title), `the native dialog "${title}" took the path ${path}`);
}
