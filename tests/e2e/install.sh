#!/usr/bin/env bash
# The installer check: the .deb holds the app, its launcher and its icon; installed in a
# clean folder (`dpkg-deb -x`: no root, nothing of the system touched), the app starts
# from there under a virtual display with a private home and keyring, writes its start in
# its log, creates its encrypted database, shows its window, and closes cleanly (exit 0)
# when its window is closed. Then it is started once more through WebDriver: its own page
# (embedded in the binary, not a development server) shows the first-launch screen, and
# « Base vide » opens the application on that database.
# Usage: tests/e2e/install.sh path/to/Profilence_VERSION_amd64.deb
#   (KEEP_INSTALL_DIR=1 keeps the extracted package and the private home to look at;
#   screenshots, the app's log and output go to tests/artifacts/install/.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fail() {
  echo "install: $*" >&2
  exit 1
}

if [ "${1:-}" != --inside ]; then
  [ $# -eq 1 ] && [ -f "$1" ] || fail "usage: tests/e2e/install.sh PACKAGE.deb"
  deb=$(realpath "$1")
  version=$(node -p "require('$root/tauri.conf.json').version")
  started=$(date +%s)

  # What the package declares.
  [ "$(dpkg-deb -f "$deb" Package)" = profilence ] || fail "the package is not named profilence"
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package's version is not $version (tauri.conf.json)"
  depends=$(dpkg-deb -f "$deb" Depends)
  for library in libwebkit2gtk-4.1-0 libgtk-3-0 libdbus-1-3 libssl3; do
    grep -q "$library" <<<"$depends" || fail "Depends does not name $library: $depends"
  done

  # What it holds: the binary (executable), one launcher, an icon.
  listing=$(dpkg-deb -c "$deb")
  grep -Eq '^-rwxr-xr-x .* (\./)?usr/bin/profilence$' <<<"$listing" || fail "no executable ./usr/bin/profilence in the package"
  grep -Eq ' (\./)?usr/share/applications/[^/]+\.desktop$' <<<"$listing" || fail "no .desktop file in the package"
  grep -Eq ' (\./)?usr/share/icons/hicolor/[0-9x@]+/apps/[^/]+\.png$' <<<"$listing" || fail "no icon in the package"

  # Installed in a clean folder.
  work=$(mktemp -d)
  [ -n "${KEEP_INSTALL_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
  prefix="$work/installed"
  dpkg-deb -x "$deb" "$prefix"
  app="$prefix/usr/bin/profilence"
  desktop=$(find "$prefix/usr/share/applications" -name '*.desktop')
  [ "$(wc -l <<<"$desktop")" -eq 1 ] || fail "expected one .desktop file: $desktop"
  grep -qx 'Type=Application' "$desktop" || fail "$desktop: not an application launcher"
  grep -qx 'Name=Profilence' "$desktop" || fail "$desktop: not named Profilence"
  exec_line=$(sed -n 's/^Exec=//p' "$desktop")
  [ -x "$prefix/usr/bin/${exec_line%% *}" ] || fail "$desktop: Exec=$exec_line is not a program of the package"
  icon=$(sed -n 's/^Icon=//p' "$desktop")
  icons=$(find "$prefix/usr/share/icons" -name "$icon.png")
  [ -n "$icons" ] || fail "$desktop: no file for Icon=$icon"
  for file in $icons; do
    [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$file is not a PNG"
  done
  missing=$(ldd "$app" | grep 'not found' || true)
  [ -z "$missing" ] || fail "libraries the installed app cannot find: $missing"

  # Started from there: a private home, its keyring, a free port for the drivers.
  home="$work/home"
  artifacts="$root/tests/artifacts/install"
  rm -rf "$artifacts" && mkdir -p "$artifacts" "$home"
  export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
  export INSTALLED_APP="$app" APP_VERSION="$version" E2E_ARTIFACTS="$artifacts" E2E_PORT=${E2E_INSTALL_PORT:-4464}
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$here/install.sh" --inside
  echo "install: the package installs, starts, shows its window and its page, and closes cleanly ($(($(date +%s) - started)) s)"
  exit 0
fi

# Inside the D-Bus session, on the virtual display.
echo -n "profilence-install" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
driver=""
pid=""
stop() {
  # The app too when a check failed while it ran.
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "$driver" ] && kill "$driver" 2>/dev/null || true
  # Only the keyring daemon of this test home, never the user's own.
  for daemon in $(pgrep -x gnome-keyring-d || true); do
    grep -qz "^HOME=$HOME\$" "/proc/$daemon/environ" 2>/dev/null && kill "$daemon" 2>/dev/null || true
  done
}
trap stop EXIT

# Nothing of the checkout around: the app finds no reference data by its own path or ours.
cd "$HOME"
"$INSTALLED_APP" >"$E2E_ARTIFACTS/app.out" 2>&1 &
pid=$!
database="$XDG_DATA_HOME/fr.profilence.app/profilence.db"
log=""
window=""
# Up to 60 s for the log line, the window and the database (each comes in its own time).
deadline=$((SECONDS + 60))
while [ "$SECONDS" -lt "$deadline" ]; do
  kill -0 "$pid" 2>/dev/null || fail "the installed app exited at start: $(cat "$E2E_ARTIFACTS/app.out")"
  log=$(find "$XDG_DATA_HOME" "$XDG_CACHE_HOME" -name 'profilence*.log' 2>/dev/null | head -1)
  window=$(xwininfo -root -tree | grep -F '"Profilence"' || true)
  [ -n "$log" ] && grep -qF "Profilence $APP_VERSION starting" "$log" && [ -n "$window" ] && [ -s "$database" ] && break
  sleep 0.2
done
[ -n "$log" ] || fail "the installed app wrote no log under $XDG_DATA_HOME or $XDG_CACHE_HOME"
grep -qF "Profilence $APP_VERSION starting" "$log" || fail "no « Profilence $APP_VERSION starting » in $log"
[ -n "$window" ] || fail "the installed app showed no window « Profilence »"
[ -s "$database" ] || fail "the installed app created no database at $database"
# SQLCipher: the file is not plain SQLite (whose first bytes are « SQLite format 3 »).
[ "$(head -c 15 "$database")" != "SQLite format 3" ] || fail "$database is not encrypted"

python3 "$here/close_window.py" "$pid"
status=0
deadline=$((SECONDS + 10))
while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "the installed app did not exit within 10 s of its window's closing"
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || fail "the installed app exited with status $status: $(cat "$E2E_ARTIFACTS/app.out")"
grep -qF "Profilence exiting" "$log" || fail "the installed app did not log its exit"
cp "$log" "$E2E_ARTIFACTS/"

# Its own page, through WebDriver: tauri-driver and WebKitWebDriver on ports of their own
# (E2E_INSTALL_PORT and the next one), not those of a run.sh that may be running.
for port in "$E2E_PORT" $((E2E_PORT + 1)); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && fail "port $port is taken: set E2E_INSTALL_PORT to a free one"
done
tauri-driver --port "$E2E_PORT" --native-port $((E2E_PORT + 1)) >"$E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
driver=$!
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/"$E2E_PORT") 2>/dev/null && break
  sleep 0.1
done
PROFILENCE_APP="$INSTALLED_APP" node --test --test-reporter=spec "$here/installed.mjs" ||
  fail "the installed app did not show its own page (above; screenshots in $E2E_ARTIFACTS)"
