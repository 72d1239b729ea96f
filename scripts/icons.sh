#!/usr/bin/env bash
# Regenerates every icon size the desktop bundles need (Linux PNGs, Windows
# .ico, macOS .icns) from the one drawing, assets/icon/icon.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
ui/node_modules/.bin/tauri icon assets/icon/icon.svg -o "$out" >/dev/null 2>&1
for f in 32x32.png 64x64.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns; do
  cp "$out/$f" src-tauri/icons/
done
rm -rf "$out"
ls -1 src-tauri/icons
