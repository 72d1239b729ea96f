#!/usr/bin/env bash
# Runs the end-to-end suite: the real Plan LCD window, driven through
# tauri-driver and WebKitWebDriver, on a virtual screen when there is none.
# Expects the binary built with its UI embedded (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1440x900x24" "$0" "$@"
fi

# The binary under test: the debug build, or another one (the installed package's).
app="${PLAN_LCD_APP:-$PWD/target/debug/plan-lcd-app}"
[ -x "$app" ] || { echo "missing $app: build it with scripts/test.sh" >&2; exit 1; }
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")

# Every run starts from nothing: its own database, data and config folders.
work=$(mktemp -d /tmp/plan-lcd-e2e.XXXXXX)
# The debug build is copied first, so that a rebuild during the run cannot
# swap the binary under test; another binary (the installed one) runs in place.
if [ -z "${PLAN_LCD_APP:-}" ]; then
  cp "$app" "$work/plan-lcd-app"
  app="$work/plan-lcd-app"
fi
# PLAN_LCD_E2E_DATA_HOME keeps the app on its default database, in that data folder.
if [ -n "${PLAN_LCD_E2E_DATA_HOME:-}" ]; then
  unset PLAN_LCD_DB
  export XDG_DATA_HOME="$PLAN_LCD_E2E_DATA_HOME"
else
  export PLAN_LCD_DB="$work/data/plan-lcd.sqlite3"
  export XDG_DATA_HOME="$work/xdg-data"
fi
# The app runs under strace, which records every connect(2) it makes: the
# run fails below if the app reached for a network address. strace runs
# detached (-D), so that the process tauri-driver starts and stops is the app.
traced="$work/plan-lcd-traced"
printf '#!/bin/sh\nexec strace -D --seccomp-bpf -f -qq -e trace=connect -o "%s/connect.$$.log" "%s" "$@"\n' \
  "$work" "$app" > "$traced"
chmod +x "$traced"
export PLAN_LCD_APP="$traced"
# « Imprimer » opens a document in the system's PDF viewer; during the run a
# script stands in for the viewer and keeps a copy of what would have opened.
viewer="$work/open-with"
printf '#!/bin/sh\nmkdir -p "%s/opened"\ncp "$1" "%s/opened/"\necho "$1" >> "%s/opened.log"\n' \
  "$work" "$work" "$work" > "$viewer"
chmod +x "$viewer"
export PLAN_LCD_OPEN_WITH="$viewer"
export PLAN_LCD_E2E_WORK="$work"
export XDG_CONFIG_HOME="$work/xdg-config" XDG_CACHE_HOME="$work/xdg-cache" XDG_STATE_HOME="$work/xdg-state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" tests/e2e/artifacts

# A port of this run's own, so that two runs on one machine do not meet.
port=$(( 20000 + (RANDOM % 2000) * 2 ))
export PLAN_LCD_WD_URL="http://127.0.0.1:$port"
"$driver" --port "$port" --native-port $(( port + 1 )) --native-driver /usr/bin/WebKitWebDriver \
  > "$work/tauri-driver.log" 2>&1 &
driver_pid=$!
# The copied binary (hundreds of megabytes) goes at the end; logs and
# connection records stay in $work for a failure's diagnosis.
trap 'kill $driver_pid 2>/dev/null || true; [ "$app" != "$work/plan-lcd-app" ] || rm -f "$app"' EXIT
for _ in $(seq 1 50); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

# Every file by default, the guide's pictures checked last once all are
# taken; or the files named on the command line.
export PLAN_LCD_E2E_STARTED=$(date +%s)
# (node sorts the files it is given, so the guide's check runs on its own).
guide=()
if [ $# -gt 0 ]; then
  files=("$@")
else
  files=()
  for f in tests/e2e/*.test.mjs; do [ "$f" = tests/e2e/guide.test.mjs ] || files+=("$f"); done
  guide=(tests/e2e/guide.test.mjs)
fi
status=0
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || status=$?
# The pictures this run took for the user guide, reduced to a palette of 256
# colours (pngquant): the eye sees no difference on a window's flat colours,
# and the app, which bundles them for its in-app guide, is 1.9 MB smaller.
mapfile -t pictures < <(find docs/screenshots -name '*.png' -newermt "@$PLAN_LCD_E2E_STARTED")
if [ ${#pictures[@]} -gt 0 ]; then
  pngquant --speed 1 --strip --force --ext .png "${pictures[@]}" || status=$?
fi
if [ ${#guide[@]} -gt 0 ]; then
  node --test --test-reporter=spec "${guide[@]}" || status=$?
fi

echo "==> No network: the connections the app opened during the run"
if ! ls "$work"/connect.*.log > /dev/null 2>&1; then
  echo "strace recorded nothing: the app did not run under it." >&2
  exit 1
fi
# Loopback is the WebDriver's own channel into the window (WebKit's automation
# socket); any other internet address is the network.
if grep -h 'sa_family=AF_INET' "$work"/connect.*.log | grep -v -e 'inet_addr("127\.' -e '"::1"' -e '::ffff:127\.'; then
  echo "The app opened a network connection (above)." >&2
  exit 1
fi
echo "$(cat "$work"/connect.*.log | wc -l) connections: local sockets and the WebDriver's loopback, none to the network."
exit "$status"
