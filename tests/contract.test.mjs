// The contract between the window and the core, kept in three places: the
// shell's handler list (src-tauri/src/main.rs), the typed wrappers
// (ui/src/api.ts) and docs/COMMANDS.md. This test fails when they differ:
// a command registered but never called, called but not registered, or
// missing from the documentation; and when a wrapper sends other argument
// names than the Rust command takes (Tauri maps snake_case to camelCase).
// Run by scripts/test.sh: node --test tests/contract.test.mjs
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
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

/** Each Rust command's parameters as the window names them, without what Tauri injects. */
function rustParameters() {
  const out = new Map();
  const dir = join(root, 'src-tauri', 'src', 'commands');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rs'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const m of source.matchAll(/#\[tauri::command\]\s*pub (?:async )?fn (\w+)(?:<[^>]*>)?\(([^)]*)\)/g)) {
      let list = m[2];
      // Generic arguments hold commas of their own: State<'_, AppState>.
      while (/<[^<>]*>/.test(list)) list = list.replace(/<[^<>]*>/g, '');
      const params = list
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .filter((p) => !/:\s*(State|AppHandle|tauri::AppHandle|Window|tauri::Window|WebviewWindow)\b/.test(p))
        .map((p) => p.split(':')[0].trim().replace(/^mut /, ''))
        .map((p) => p.replace(/_([a-z])/g, (_, c) => c.toUpperCase()));
      out.set(m[1], params.sort());
    }
  }
  return out;
}

/** Each wrapper's command and the argument names it sends. */
function wrapperCalls() {
  const api = read('ui', 'src', 'api.ts');
  const out = new Map();
  for (const m of api.matchAll(/call(?:<[^>]*>)?\(\s*'(\w+)'(?:,\s*\{([^}]*)\})?\s*\)/g)) {
    const keys = (m[2] ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '')
      .map((k) => k.split(':')[0].trim());
    out.set(m[1], keys.sort());
  }
  return out;
}

function documented() {
  return [...read('docs', 'COMMANDS.md').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
}

test('the shell registers, api.ts wraps and COMMANDS.md documents the same commands, each once', () => {
  const registered = handlers();
  assert.equal(new Set(registered).size, registered.length);
  assert.deepEqual([...wrapperCalls().keys()].sort(), [...registered].sort());
  assert.deepEqual([...documented()].sort(), [...registered].sort());
});

test('each wrapper sends the arguments its Rust command takes', () => {
  const rust = rustParameters();
  for (const [command, keys] of wrapperCalls()) {
    assert.ok(rust.has(command), `${command} is a #[tauri::command]`);
    assert.deepEqual(keys, rust.get(command), command);
  }
});
