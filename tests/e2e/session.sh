#!/usr/bin/env bash
# Inside the D-Bus session of run.sh: unlock a fresh keyring, start tauri-driver, run the
# scenarios, stop everything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

echo -n "profilence-e2e" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# Mail over TLS: two certificates for localhost, the first one trusted by the app through
# OpenSSL's SSL_CERT_FILE (the test's own authority, as an agency's would be in the
# system's store), the second one trusted by nobody.
export E2E_TLS="$HOME/tls"
mkdir -p "$E2E_TLS"
for name in trusted untrusted; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
    -keyout "$E2E_TLS/$name.key" -out "$E2E_TLS/$name.pem" 2>/dev/null
done
export SSL_CERT_FILE="$E2E_TLS/trusted.pem"
# E2E_PORT moves the drivers (tauri-driver there, WebKitWebDriver on the next port) when
# another run holds the default ones.
export E2E_PORT=${E2E_PORT:-4444}
tauri-driver --port "$E2E_PORT" --native-port $((E2E_PORT + 1)) >"$E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
driver=$!
stop() {
  kill "$driver" 2>/dev/null || true
  # Only the keyring daemon of this test home, never the user's own.
  for pid in $(pgrep -x gnome-keyring-d || true); do
    grep -qz "^HOME=$HOME\$" "/proc/$pid/environ" 2>/dev/null && kill "$pid" 2>/dev/null || true
  done
}
trap stop EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/"$E2E_PORT") 2>/dev/null && break
  sleep 0.1
done
cd "$here"
node --test --test-concurrency=1 --test-reporter=spec ${E2E_ONLY:-./*.test.mjs}
