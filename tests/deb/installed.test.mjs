// The installed package's binary, started on the user's default database:
// the first-run setup shows, completes, and the app is ready to work.
import { test, after } from 'node:test';
import { ARTIFACTS, completeSetup, startApp } from '../e2e/common.mjs';
import { join } from 'node:path';

let s;

after(async () => {
  await s?.quit().catch(() => {});
});

test('the installed app opens on the first-run setup and completes it', async () => {
  s = await startApp();
  await s.find("//h1[contains(., 'Bienvenue')]", 20_000);
  await s.screenshot(join(ARTIFACTS, 'deb-setup.png'));
  await completeSetup(s);
});
