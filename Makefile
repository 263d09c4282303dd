# Weir: `make run` opens the app, `make test` runs every check. Both install what they need first
# (scripts/setup.sh). Builds go to a cache outside the clone so repeated runs and CI reuse them.

SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/weir/target
APP := $(CARGO_TARGET_DIR)/release/weir-app

.PHONY: run test setup-run setup-test ui app engine lint unit e2e bench bindings clean

# Flink version of the local engine `make run` prepares (the app's default).
FLINK_VERSION ?= 2.3.0

run: setup-run engine app
	scripts/run.sh

test: setup-test
	scripts/test.sh

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

ui:
	npm --prefix ui run build

# The local engine: Flink's jars from PyPI into the cache, then the engine jar (with its class-data
# sharing archive for a faster start).
engine:
	scripts/flink-jars.sh $(FLINK_VERSION) >/dev/null
	engine/build.sh --cds $(FLINK_VERSION) >/dev/null

# The release app serving the built UI from the binary (custom-protocol), as users get it.
app: ui
	cargo build --release -p weir-app --features custom-protocol
	cargo build --release -p weir-cli

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	npm --prefix ui run typecheck

unit:
	cargo nextest run --workspace --exclude weir-app --no-fail-fast
	npm --prefix ui test

e2e: app
	WEIR_APP=$(APP) tests/e2e/run.sh

bench: app
	cargo bench -p weir-store --bench workspace
	WEIR_APP=$(APP) bench/startup.sh 5

# Rewrites ui/src/ipc/bindings.ts from the Rust IPC types.
bindings:
	WEIR_UPDATE_BINDINGS=1 cargo test -p weir --lib bindings

clean:
	rm -rf ui/dist tests/artifacts
