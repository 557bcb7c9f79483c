#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server on loopback for the tests (team mode), its data in DIR.
#   scripts/postgres-test-server.sh start DIR [PORT]   prints the admin's connection URL
#   scripts/postgres-test-server.sh stop DIR           stops it and removes DIR
# Without PORT, start takes the first free port from 55432 on (a leftover server holding one
# does not fail the run). start writes DIR/env, to source:
#   export PROFILENCE_TEST_POSTGRES=postgres://profilence_admin:PASSWORD@127.0.0.1:PORT/postgres
#   export PROFILENCE_TEST_POSTGRES_CA=DIR/ca.crt   (the CA of the server's certificate)
# The server requires a password (scram-sha-256) on 127.0.0.1, with or without TLS; its
# certificate is for `localhost` and 127.0.0.1, so sslmode=verify-full works with either.
# profilence_admin is a superuser with a password made for each run (DIR/admin-password).
# initdb refuses root: as root the server runs as the `postgres` user (Debian's package makes
# it); run by another user, it runs as that user. fsync=off: for tests only.
# Both commands are quiet on success, safe to repeat, and print the server's log on failure.
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1 dir=$2 port=${3:-}
# Debian 12's PostgreSQL 15; elsewhere (Ubuntu) the newest installed.
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/pg_ctl" ] || bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
role=profilence_admin
first_port=55432 last_port=55531
# Written first into DIR: only a folder holding it is ever emptied or removed by this script.
marker=.profilence-test-postgres

if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL is missing (/usr/lib/postgresql/15/bin): run scripts/install-deps.sh test" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || { echo "the '$owner' system user is missing: install PostgreSQL (scripts/install-deps.sh test)" >&2; exit 1; }
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

fail() {
  echo "postgres-test-server: $1" >&2
  local log
  for log in "${@:2}"; do
    [ -s "$log" ] && { echo "--- tail of $log" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

# Owned by someone else, DIR must be empty or one of ours before anything is written or removed.
check_ours() {
  [ -e "$dir/$marker" ] && return 0
  [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && fail "$dir is not empty and was not made by this script: left as it is"
  return 0
}

# The server's main process, when it is alive. A killed one may linger as a zombie for a while
# (PID 1 reaps it late here): pg_ctl would take it for a live server.
server_pid() {
  local pid state
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$(stat -c %U "/proc/$pid")" = "$owner" ] || return 1
  echo "$pid"
}
running() { server_pid >/dev/null; }

# Fast (sessions ended, clean shut-down), else immediate, else SIGKILL to the server's main
# process (its other processes leave when it is gone).
halt() {
  local pid
  running || return 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>>"$dir/pg_ctl.log" && return 0
  echo "postgres-test-server: the server in $dir did not stop in 20 s: stopping it at once" >&2
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>>"$dir/pg_ctl.log" && return 0
  pid=$(server_pid) && kill -KILL "$pid" 2>/dev/null
  for _ in $(seq 50); do running || return 0; sleep 0.1; done
  return 1
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop() {
  [ -e "$dir" ] || return 0
  dir=$(cd "$dir" && pwd -P)
  cd /
  check_ours
  halt || fail "could not stop the server in $dir" "$dir/pg_ctl.log" "$dir/postgres.log"
  rm -rf "$dir"
}

start() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  cd /  # the server's user may not be allowed into the caller's folder
  check_ours
  if running; then
    if [ -f "$dir/env" ]; then
      sed -n 's/^export PROFILENCE_TEST_POSTGRES=//p' "$dir/env"
      return 0
    fi
    halt || fail "could not stop the leftover server in $dir" "$dir/pg_ctl.log" "$dir/postgres.log"
  fi
  # A leftover (stopped, or killed) cluster: start again from nothing.
  find "$dir" -mindepth 1 -delete
  touch "$dir/$marker"
  chown "$owner:" "$dir"
  chmod 0700 "$dir"

  # The admin's password: hex, so it needs no escaping in a URL.
  (umask 077 && openssl rand -hex 24 >"$dir/admin-password")
  chown "$owner:" "$dir/admin-password"
  as_owner "$bin/initdb" -D "$dir/data" -U "$role" --pwfile="$dir/admin-password" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 --no-sync --no-instructions >"$dir/initdb.log" 2>&1 \
    || fail "initdb failed" "$dir/initdb.log"
  password=$(cat "$dir/admin-password")

  # TLS: a CA of this run only, and the server's certificate for localhost and 127.0.0.1 signed by it.
  (
    set -e
    cd "$dir"
    umask 077
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 7 -subj "/CN=Profilence test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server.key
    openssl req -new -key server.key -subj "/CN=localhost" -out server.csr
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
      -sha256 -days 7 -extfile server.ext -out server.crt
    rm ca.key server.csr server.ext
    chmod 0644 ca.crt server.crt
    chmod 0600 server.key
    chown "$owner:" server.key server.crt
  ) >"$dir/openssl.log" 2>&1 || fail "the TLS certificates could not be made" "$dir/openssl.log"

  cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/postgres-test-server.sh: a throwaway server for the tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
password_encryption = 'scram-sha-256'
EOF
  # Passwords on TCP, with or without TLS; on the socket (in DIR, mode 0700), the server's own
  # OS user alone, as the admin.
  cat >"$dir/data/pg_hba.conf" <<EOF
# TYPE   DATABASE USER             ADDRESS       METHOD
local    all      $role peer map=admin
hostssl  all      all              127.0.0.1/32  scram-sha-256
host     all      all              127.0.0.1/32  scram-sha-256
EOF
  echo "admin $owner $role" >"$dir/data/pg_ident.conf"

  local candidates
  if [ -n "$port" ]; then
    candidates=("$port")
  else
    mapfile -t candidates < <(seq "$first_port" "$last_port")
  fi
  local started=""
  for port in "${candidates[@]}"; do
    port_taken "$port" && continue
    rm -f "$dir/postgres.log"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-p $port" -w -t 30 start \
      >/dev/null 2>>"$dir/pg_ctl.log"; then
      started=yes
      break
    fi
    # Taken between the check and the start: try the next one; anything else is a failure.
    if ! { [ ${#candidates[@]} -gt 1 ] && grep -q "could not bind" "$dir/postgres.log" 2>/dev/null; }; then
      break
    fi
  done
  if [ -z "$started" ]; then
    if [ ! -s "$dir/postgres.log" ]; then
      [ ${#candidates[@]} -eq 1 ] && fail "port $port on 127.0.0.1 is taken"
      fail "no free port on 127.0.0.1 from ${candidates[0]} to $port"
    fi
    fail "the server did not start (port $port)" "$dir/pg_ctl.log" "$dir/postgres.log"
  fi

  url="postgres://$role:$password@127.0.0.1:$port/postgres"
  printf 'export PROFILENCE_TEST_POSTGRES=%s\nexport PROFILENCE_TEST_POSTGRES_CA=%q\n' "$url" "$dir/ca.crt" >"$dir/env"
  echo "$url"
}

case $command in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
