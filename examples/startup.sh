#!/usr/bin/env bash
# Start-up and idle memory of the release app beside a bare Tauri window, on
# one file, in one run (docs/PERFORMANCE.md):
#
#   examples/startup.sh FILE [RUNS] [--pause MS] [--first-of-day]
#
# Builds the bare window (examples/bare_window) in release if needed, beside
# the app in target/release; expects the release app, built with its UI
# (`ui/node_modules/.bin/tauri build --no-bundle`). FILE is copied first, so
# that the app's starts leave it as it was; both windows open the copy.
# PLAN_LCD_APP names another build of the app.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 FILE [RUNS] [--pause MS] [--first-of-day]" >&2; exit 2; }
self=$(realpath "$0")
file=$(realpath "$1"); shift
runs=10
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
cd "$(dirname "$self")/.."

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1440x900x24" "$self" "$file" "$runs" "$@"
fi

app=${PLAN_LCD_APP:-$PWD/target/release/plan-lcd-app}
[ -x "$app" ] || { echo "missing $app: ui/node_modules/.bin/tauri build --no-bundle" >&2; exit 1; }
cargo build --release --quiet --manifest-path examples/bare_window/Cargo.toml --target-dir target
bare=$PWD/target/release/bare-window
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")

work=$(mktemp -d /tmp/plan-lcd-startup.XXXXXX)
cp "$file" "$work/plan-lcd.sqlite3"
export XDG_DATA_HOME="$work/xdg-data" XDG_CONFIG_HOME="$work/xdg-config" \
  XDG_CACHE_HOME="$work/xdg-cache" XDG_STATE_HOME="$work/xdg-state"
port=$(( 20000 + (RANDOM % 2000) * 2 ))
export PLAN_LCD_WD_URL="http://127.0.0.1:$port"
"$driver" --port "$port" --native-port $(( port + 1 )) --native-driver /usr/bin/WebKitWebDriver \
  > "$work/tauri-driver.log" 2>&1 &
driver_pid=$!
trap 'kill $driver_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
node examples/startup.mjs "$app" "$bare" "$work/plan-lcd.sqlite3" "$runs" "$@"
