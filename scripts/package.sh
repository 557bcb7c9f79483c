#!/usr/bin/env bash
# Builds the Linux installer of Profilence: a .deb made by the Tauri CLI's bundler (the
# `@tauri-apps/cli` devDependency of ui/) from the app built with its UI embedded.
# Usage: scripts/package.sh [release|debug] [--no-build]
#   release (default) or debug: the cargo profile; `make test` checks a debug package made
#   with --no-build from what `make app` built (the same binary: UI embedded, --locked).
# Prints the path of each package last.
#
# Why the CLI is driven this way: it takes the folder holding tauri.conf.json as the app's
# crate and wants a Cargo.toml with a [package] beside it, but our tauri.conf.json sits at
# the root beside the workspace manifest, and the app's crate is src-tauri/. So the CLI is
# pointed at src-tauri/ (TAURI_APP_PATH) where, for the time of the run, a copy of the root
# tauri.conf.json is written with its paths rebased on src-tauri/ (removed afterwards: the
# root file stays the only one). The binary itself is built by cargo here, as `make app`
# builds it (--locked, feature custom-protocol), and `tauri bundle` only packs it.
set -euo pipefail
profile=${1:-release}
build=yes
[ "${2:-}" = --no-build ] && build=no
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The release makes what builds on Linux here: the .deb and the .rpm (AppImage does not:
# its tools are downloaded from outside the package registries). The debug package, for
# `make install-check`, is the .deb only.
case "$profile" in
  release) cargo_profile=(--release) bundle_profile=() bundles=deb,rpm ;;
  debug) cargo_profile=() bundle_profile=(--debug) bundles=deb ;;
  *) echo "usage: scripts/package.sh [release|debug] [--no-build]" >&2; exit 2 ;;
esac

if [ "$build" = yes ]; then
  (cd ui && npm run build)
  cargo build --locked "${cargo_profile[@]}" -p profilence --features custom-protocol
fi
[ -x "target/$profile/profilence" ] || { echo "package: target/$profile/profilence is not built" >&2; exit 1; }

cli_config="$root/src-tauri/tauri.conf.json"
[ -e "$cli_config" ] && { echo "package: $cli_config exists; the configuration lives at the root only" >&2; exit 1; }
trap 'rm -f "$cli_config"' EXIT
# Every path of tauri.conf.json is relative to its folder: each one the config holds is
# rebased here (a new path field must be added to this list, or the bundler will not find it).
node --input-type=module - "$root/tauri.conf.json" "$cli_config" <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
const [source, target] = process.argv.slice(2);
const config = JSON.parse(readFileSync(source, 'utf8'));
const rebase = (path) => `../${path}`;
config.build.frontendDist = rebase(config.build.frontendDist);
config.bundle.icon = config.bundle.icon.map(rebase);
writeFileSync(target, JSON.stringify(config, null, 2));
EOF

out="$root/target/$profile/bundle"
rm -rf "$out/deb" "$out/rpm"
TAURI_APP_PATH="$root/src-tauri" TAURI_FRONTEND_PATH="$root/ui" \
  ui/node_modules/.bin/tauri bundle --ci --bundles "$bundles" "${bundle_profile[@]}"

for kind in ${bundles//,/ }; do
  made=("$out/$kind"/*."$kind")
  [ ${#made[@]} -eq 1 ] && [ -f "${made[0]}" ] || { echo "package: expected one .$kind in $out/$kind" >&2; exit 1; }
  echo "package: the .$kind is ${made[0]#"$root"/}"
done
