#!/usr/bin/env bash
# The Debian package, tested as the IT department would use it: build it,
# read its metadata and contents, install it, start the installed binary
# through tauri-driver, then remove it and check the user's data survived.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: the package test installs with dpkg and needs root; this machine runs as $(id -un)."
  exit 0
fi

cargo build -q -p plan-lcd --bin plan-lcd   # the CLI checks the database at the end
npm --prefix ui run build
ui/node_modules/.bin/tauri build --bundles deb
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
deb=$(ls -1t target/release/bundle/deb/*.deb | head -n 1)
scripts/deb-xz.sh "$deb"
echo "==> Package: $deb ($(stat -c %s "$deb") bytes)"

fail() { echo "FAILED: $*" >&2; exit 1; }
info=$(dpkg-deb -I "$deb")
echo "$info" | grep -q "^ Package: plan-lcd$" || fail "package name"
echo "$info" | grep -q "^ Version: $version$" || fail "version $version"
echo "$info" | grep -q "^ Depends:.*libwebkit2gtk-4.1-0" || fail "WebKitGTK dependency"
echo "$info" | grep -q "^ Depends:.*xdg-utils" || fail "xdg-utils dependency (« Imprimer » opens the PDF viewer)"
echo "$info" | grep -q "^ Maintainer: Plan LCD" || fail "publisher"
echo "$info" | grep -q "discriminations" || fail "French description"
ar t "$deb" | grep -qx "data.tar.xz" || fail "contents compressed with xz"
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/plan-lcd-app "usr/share/applications/Plan LCD.desktop" \
         usr/share/icons/hicolor/128x128/apps/plan-lcd-app.png; do
  echo "$contents" | grep -qE " \.?/?${f}\$" || fail "missing $f"
done
echo "==> Metadata and contents are right"

dpkg -r plan-lcd >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
grep -q "^Exec=plan-lcd-app" "/usr/share/applications/Plan LCD.desktop" || fail "menu entry"
echo "==> Installed; the menu entry starts plan-lcd-app"

# Start the installed binary as a user would, on the default database of a
# fresh user data folder.
home=$(mktemp -d /tmp/plan-lcd-deb.XXXXXX)
export PLAN_LCD_APP=/usr/bin/plan-lcd-app
export PLAN_LCD_E2E_DATA_HOME="$home/xdg-data"
tests/e2e/run.sh tests/deb/installed.test.mjs

db="$home/xdg-data/plan-lcd/plan-lcd.sqlite3"
[ -s "$db" ] || fail "the app did not create its database in the user's data folder ($db)"
dpkg -r plan-lcd >/dev/null
[ ! -e /usr/bin/plan-lcd-app ] || fail "the binary is still there after removal"
[ -s "$db" ] || fail "removing the package removed the user's data"
target/debug/plan-lcd --db "$db" check >/dev/null || fail "the user's database is damaged after removal"
echo "==> Removed; the user's database survived and is sound"
