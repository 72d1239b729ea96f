#!/usr/bin/env bash
# Installs what Plan LCD needs to build, run and test on Debian 12 or Ubuntu:
# system libraries (Debian packages), the UI's npm packages, tauri-driver, and
# the Python tools the core tests run (.venv, from requirements-test.txt).
# Installs only what is missing; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # Build: Tauri on Linux (WebKitGTK) and the bundled SQLite.
  build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev libxdo-dev librsvg2-dev
  libayatana-appindicator3-dev file
  # End-to-end tests: the WebDriver for WebKitGTK, a virtual screen, a way to
  # answer the native file dialog, and the tools that read screenshots and files.
  webkit2gtk-driver xvfb xauth xdotool imagemagick
  # The guide's pictures, reduced to a palette before the app bundles them.
  pngquant
  # Core tests read the text of the PDF reports, and open the XLSX files with
  # LibreOffice Calc itself (headless: about 260 MB, no desktop).
  poppler-utils libreoffice-calc-nogui
  # The end-to-end run records the app's connections: it must open none to the network.
  strace
  # Core tests run the official SCDL validator (Validata) and python-stdnum
  # from a virtual environment.
  python3 python3-venv
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "Plan LCD needs $tool (Rust 1.85 or later, Node.js 20 or later): install it first." >&2
    exit 1
  fi
done

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> Installing the UI's npm packages"
  # `npm install`, not `npm ci`: npm 11 leaves the other platforms' optional
  # packages (Tauri CLI, Rollup) out of the lock file, which `npm ci` then
  # refuses; `npm install` keeps the locked versions and adds nothing else.
  npm --prefix ui install --no-audit --no-fund
fi

if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> Installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked
fi

# The stamp records which requirements the environment was built from: a
# changed pin rebuilds it, an unchanged one installs nothing.
if [ ! -x .venv/bin/validata ] || ! cmp -s requirements-test.txt .venv/requirements-test.txt; then
  echo "==> Installing the Python test tools (Validata, python-stdnum) in .venv"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
  cp requirements-test.txt .venv/requirements-test.txt
fi
