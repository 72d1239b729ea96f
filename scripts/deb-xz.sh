#!/usr/bin/env bash
# Recompresses a Debian package's contents with xz at its highest preset
# (dpkg-deb -Zxz -z9), in place: the Tauri bundler writes gzip. Same files,
# same metadata; a smaller download (figures in docs/PERFORMANCE.md).
# Usage: scripts/deb-xz.sh PACKAGE.deb
set -euo pipefail
deb=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$deb" "$work/root"
dpkg-deb --root-owner-group -Zxz -z9 -b "$work/root" "$work/out.deb" >/dev/null
mv "$work/out.deb" "$deb"
