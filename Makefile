# Profilence — the commands of the README:
#   make run    builds and opens the app on its default database
#   make test   every check: fmt, clippy, bindings, Rust tests, svelte-check, UI tests, end-to-end, installer
#   make package  the Linux installer (.deb, release build), its path printed last
SHELL := /bin/bash
APP := target/debug/profilence
BINDINGS := ui/src/lib/bindings
# Every cargo command here names --workspace: on one package alone cargo resolves the
# dependencies' features for that package only and builds the core and its dependencies
# once more (three builds of the core, 1.5 GB more, ran a CI machine out of disk).

.PHONY: run test deps deps-test ui app fmt-check clippy layers rust-test postgres-up postgres-down crash bindings-check ui-check ui-test e2e install-check package bench

run: deps app
	$(APP)

test: deps-test fmt-check clippy layers rust-test crash bindings-check ui-check ui-test app e2e install-check
	@echo "make test: every check passed"

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

ui:
	cd ui && npm run build

# The real app: the built UI served from the binary (a plain `cargo build` would load the dev server).
# The end-to-end tests also run the CLI beside it (e.g. `stats --json` on the app's database).
app: ui
	cargo build --workspace --locked --features profilence/custom-protocol

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --workspace --all-targets --locked -- -D warnings

# The core knows nothing of windows: no tauri crate anywhere in its dependency tree; and
# its modules import each other in one direction only (no cycle at any level of the tree).
layers:
	@if cargo tree -p profilence-core -e normal,build --prefix none | grep -q '^tauri'; then \
		echo "profilence-core depends on tauri: the core must not know about windows"; exit 1; fi
	@echo "layers: profilence-core has no tauri dependency"
	@cargo test --workspace --locked -q --test layers

# Rust tests; they also regenerate the TypeScript bindings (ts-rs) from scratch. In parallel:
# keying new SQLCipher databases from several threads at once used to fail about one run in
# ten (« An error occurred with PRAGMA key or rekey »): sqlite3_initialize marked SQLite ready
# before SQLCipher's own set-up had run, and a thread opening a connection meanwhile could not
# key it. The core now completes that set-up once before any connection is opened
# (db::open_connection); tests/key_race.rs shows it.
#
# The team mode's tests run on a real PostgreSQL 15: a throwaway server on loopback for this
# run (scripts/postgres-test-server.sh: TLS, passwords, its data in a temporary folder, the
# first free port from 55432), given to the tests as PROFILENCE_TEST_POSTGRES (the admin's
# URL) and PROFILENCE_TEST_POSTGRES_CA (its CA certificate); stopped and removed afterwards,
# even when a test fails or the run is interrupted, the tests' exit status kept.
#
# Then the core's integration tests run a second time with the team's store
# (PROFILENCE_TEST_STORE=postgres: each test on a database of its own on that server), all
# but those of what only the embedded file has (its backups, its damage, its keying, two
# processes on one file, the dashboards' facts saved in it), `layers` (it reads the
# sources) and the team mode's own, which run on the server in the first run already. A
# new test file joins both runs by itself.
ONE_RUN := backup damage key_race two_writers stats_saved layers team_store team_accounts
SERVER_SUITES := $(filter-out $(ONE_RUN),$(basename $(notdir $(wildcard crates/profilence-core/tests/*.rs))))

rust-test:
	rm -rf $(BINDINGS)
	@pg=$$(mktemp -d /tmp/profilence-postgres.XXXXXX) && \
	trap 'scripts/postgres-test-server.sh stop "$$pg"' EXIT && \
	scripts/postgres-test-server.sh start "$$pg" >/dev/null && \
	source "$$pg/env" && \
	echo "rust-test: PostgreSQL on $${PROFILENCE_TEST_POSTGRES##*@}" && \
	cargo test --workspace --locked && \
	echo "rust-test: the core's tests again, on the team's store (PostgreSQL)" && \
	PROFILENCE_TEST_STORE=postgres cargo test --workspace --locked $(addprefix --test ,$(SERVER_SUITES))

# One such server for running single tests by hand: `make postgres-up`, then source the file
# it names; `make postgres-down` stops it and removes its folder.
PG_DEV_DIR := /tmp/profilence-postgres-dev

postgres-up:
	@scripts/postgres-test-server.sh start $(PG_DEV_DIR) >/dev/null
	@echo "PostgreSQL for the tests: . $(PG_DEV_DIR)/env  (make postgres-down to stop it)"

postgres-down:
	@scripts/postgres-test-server.sh stop $(PG_DEV_DIR)

# Crash safety: the CLI killed with SIGKILL a hundred times (seeded) in the middle of an
# import and of a batch; after each kill the database is sound and holds all or nothing.
# Prints its counts.
crash:
	cargo test --workspace --locked --test crash -- --ignored --nocapture

# The generated bindings must be the committed ones: Rust and TypeScript cannot drift.
bindings-check:
	@changes=$$(git status --porcelain -- $(BINDINGS)); \
	if [ -n "$$changes" ]; then echo "TypeScript bindings differ from the Rust types; commit them:"; echo "$$changes"; exit 1; fi

ui-check:
	cd ui && npm run check

ui-test:
	cd ui && npm test

e2e:
	tests/e2e/run.sh $(APP)

# The installer (scripts/package.sh): the Tauri CLI's bundler packs the release build, UI
# embedded, into target/release/bundle/deb/.
package: deps
	scripts/package.sh release

# The installer checked as a counsellor's PC would get it: packed from the debug build of
# `make app` (the same binary as the end-to-end tests, so no release build in CI), extracted
# into a clean folder, started once, its window closed (exit 0), its page shown.
install-check: app
	scripts/package.sh debug --no-build
	tests/e2e/install.sh target/debug/bundle/deb/Profilence_*_amd64.deb

bench:
	cargo run --release -p profilence-cli -- bench --candidates 100000,1000000 --promotions 1000000 --sheets 1000
