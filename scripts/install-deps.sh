#!/usr/bin/env bash
# Installs what is missing to build Profilence (`run`) or to build and test it (`test`)
# on Debian 12 / Ubuntu 22.04+. Safe to run again: it only installs what is absent.
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)

build_packages=(build-essential pkg-config curl file libssl-dev libdbus-1-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
# Real window under Xvfb, WebDriver for WebKit, a Secret Service keychain, screenshots.
test_packages=(xvfb xauth webkit2gtk-driver dbus gnome-keyring libsecret-tools imagemagick poppler-utils)
# The end-to-end tests' mail server on loopback, for Debian's /usr/bin/python3, and its TLS certificates.
test_packages+=(python3-aiosmtpd openssl)
# The employers' replies are read from a real IMAP server in the tests: Dovecot on loopback.
test_packages+=(dovecot-imapd)
# The installer check (tests/e2e/install.sh): xwininfo finds the installed app's window.
test_packages+=(x11-utils)
# The team mode's tests run on a throwaway PostgreSQL 15 server on loopback (unaccent is in it).
test_packages+=(postgresql)

packages=("${build_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "Rust is required: install rustup, then run this again (rust-toolchain.toml pins the version)." >&2; exit 1; }
# rust-toolchain.toml pins a release. On a machine that has that release only under the
# name `stable` and cannot download (offline agency PCs, CI), give it the pinned name.
pinned=$(sed -n 's/^channel = "\(.*\)"/\1/p' "$root/rust-toolchain.toml")
if command -v rustup >/dev/null && ! rustup toolchain list | grep -q "^$pinned"; then
  stable=$(RUSTUP_TOOLCHAIN=stable rustc --version 2>/dev/null | awk '{print $2}')
  if [ "$stable" = "$pinned" ]; then
    echo "Using the installed stable toolchain as Rust $pinned"
    host=$(RUSTUP_TOOLCHAIN=stable rustc -vV | sed -n 's/^host: //p')
    # `rustup toolchain link` refuses release names: alias the folder as rustup lays it out.
    ln -s "$(RUSTUP_TOOLCHAIN=stable rustc --print sysroot)" "$(rustup show home)/toolchains/$pinned-$host"
  fi
fi
command -v node >/dev/null || { echo "Node.js 20 or newer is required." >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "Node.js 20 or newer is required (found $(node --version))." >&2; exit 1; }

# npm dependencies, from the committed lockfiles, when absent or older than the lockfile.
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "Installing npm packages in ${dir#"$root"/}"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
}
npm_install "$root/ui"

if [ "$mode" = test ]; then
  npm_install "$root/tests/e2e"
  if ! command -v tauri-driver >/dev/null; then
    echo "Installing tauri-driver"
    cargo install tauri-driver --locked --quiet
  fi
fi
