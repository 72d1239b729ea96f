#!/usr/bin/env bash
# Installs what is missing, builds Plan LCD with its UI embedded, and opens it
# on the user's default database (or on PLAN_LCD_DB when it is set).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
npm --prefix ui run build
ui/node_modules/.bin/tauri build --debug --no-bundle
exec target/debug/plan-lcd-app "$@"
