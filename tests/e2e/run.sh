#!/usr/bin/env bash
# End-to-end tests in the real window: a virtual X display, a private D-Bus session with
# gnome-keyring as the Secret Service, tauri-driver + WebKitWebDriver, and the built app.
# Usage: tests/e2e/run.sh [path/to/profilence]   (default: target/debug/profilence)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
app=$(realpath "${1:-$root/target/debug/profilence}")
[ -x "$app" ] || { echo "e2e: app binary not found at $app (build it with 'make app')" >&2; exit 1; }

artifacts="$root/tests/artifacts"
rm -rf "$artifacts" && mkdir -p "$artifacts"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

# A private home for the app, the keyring and WebKit: nothing of the user's is touched.
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
export PROFILENCE_APP="$app" E2E_ARTIFACTS="$artifacts" E2E_HOME="$home"
# The app opens its save and folder dialogs from Rust; a debug build takes the path written
# in this file instead of showing the native dialog (lib.mjs `pick`).
export PROFILENCE_E2E_PICK="$home/pick"
# "Open with the default program" is recorded instead (tests/e2e/bin/xdg-open): no viewer
# or mail client runs under Xvfb.
export PATH="$root/tests/e2e/bin:$PATH" E2E_OPENED="$home/opened.log"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
# Not exec: the trap above removes the home (631 MB of databases and caches) afterwards.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$root/tests/e2e/session.sh"
