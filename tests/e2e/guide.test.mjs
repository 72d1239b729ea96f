// Runs after every other end-to-end file (run.sh puts it last): every picture
// the user guide shows must exist and have been taken by this very run, so
// that the guide never shows a window older than the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

test("the user guide's pictures were all taken by this run", () => {
  const started = Number(process.env.PLAN_LCD_E2E_STARTED) * 1000;
  assert.ok(started > 0, 'run through tests/e2e/run.sh');
  const guide = new URL('../../docs/guide/', import.meta.url).pathname;
  let pictures = 0;
  for (const file of readdirSync(guide).filter((f) => f.endsWith('.md'))) {
    for (const [, ref] of readFileSync(join(guide, file), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
      const path = join(guide, ref);
      assert.ok(existsSync(path), `${file} shows ${ref}, which exists`);
      const { size, mtimeMs } = statSync(path);
      assert.ok(size > 10_000, `${ref} is a real picture of the window (${size} bytes)`);
      assert.ok(mtimeMs >= started, `${ref} was taken by this run, not left from an older one`);
      // The PNG header's colour type (byte 25): 3, a palette, once run.sh has reduced it.
      assert.equal(readFileSync(path)[25], 3, `${ref} is reduced to a palette (run.sh, pngquant)`);
      pictures++;
    }
  }
  assert.ok(pictures > 0, 'the guide shows pictures');
});
