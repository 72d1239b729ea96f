#!/usr/bin/env bash
# Builds the Debian package, offline, from the repository:
# target/release/bundle/deb/Plan LCD_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
npm --prefix ui run build
ui/node_modules/.bin/tauri build --bundles deb
for deb in target/release/bundle/deb/*.deb; do scripts/deb-xz.sh "$deb"; done
ls -1 target/release/bundle/deb/*.deb
