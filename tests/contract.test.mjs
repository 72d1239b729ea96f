// The contract between the window and the core. The window's typed calls
// are generated from the commands' Rust signatures
// (ui/src/bindings/commands.ts, by src-tauri/tests/commands_ts.rs); what
// stays kept by hand is the shell's handler list (src-tauri/src/main.rs) and
// docs/COMMANDS.md. This test fails when those list other commands than the
// generated calls: a command not registered, or missing from the documentation.
// Run by scripts/test.sh: node --test tests/contract.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (...path) => readFileSync(join(root, ...path), 'utf8');

function handlers() {
  const main = read('src-tauri', 'src', 'main.rs');
  const list = main.slice(main.indexOf('generate_handler!['), main.indexOf(']', main.indexOf('generate_handler![')));
  return [...list.matchAll(/commands::\w+::(\w+)/g)].map((m) => m[1]);
}

/** The commands the window's generated calls invoke. */
function generatedCalls() {
  const calls = read('ui', 'src', 'bindings', 'commands.ts');
  return [...calls.matchAll(/call\(\s*'(\w+)'/g)].map((m) => m[1]);
}

function documented() {
  return [...read('docs', 'COMMANDS.md').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
}

test('the shell registers, the window calls and COMMANDS.md documents the same commands, each once', () => {
  const registered = handlers();
  assert.equal(new Set(registered).size, registered.length);
  assert.deepEqual([...generatedCalls()].sort(), [...registered].sort());
  assert.deepEqual([...documented()].sort(), [...registered].sort());
});
