#!/usr/bin/env bash
# Installs what is missing and runs every test: the core's unit and
# integration tests, the generated-types check, the UI's type check and unit
# tests, then the end-to-end suite on the real window.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/deps.sh

# A clean run builds about 7 GB (debug and release): say so before it fails halfway.
free_kb=$(df -Pk . | awk 'NR==2 {print $4}')
if [ "$free_kb" -lt $((8 * 1024 * 1024)) ]; then
  echo "WARNING: only $((free_kb / 1024 / 1024)) GB free here; a clean run needs about 8 GB." >&2
fi

echo "==> Rust: format, core and shell tests (regenerates ui/src/bindings)"
cargo fmt --all --check
cargo test --workspace

echo "==> The generated TypeScript types match the Rust types"
if [ -d .git ] && [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  git status --porcelain -- ui/src/bindings
  echo "ui/src/bindings is out of date: commit the regenerated files." >&2
  exit 1
fi

echo "==> The window's commands: registered, wrapped and documented alike"
node --test tests/contract.test.mjs

echo "==> UI: type check and unit tests"
npm --prefix ui run check
npm --prefix ui test

echo "==> Build the app with its UI embedded"
npm --prefix ui run build
ui/node_modules/.bin/tauri build --debug --no-bundle

echo "==> End-to-end: the real window through tauri-driver"
tests/e2e/run.sh

echo "==> The Debian package: build, metadata, install, start, remove"
tests/deb/run.sh

echo "==> All tests passed in $(( $(date +%s) - start )) s"
