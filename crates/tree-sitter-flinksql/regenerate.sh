#!/usr/bin/env sh
# Regenerates src/ (parser.c, grammar.json, node-types.json, tree_sitter/*.h) from grammar.js.
# Needs tree-sitter-cli 0.27 (`cargo install tree-sitter-cli --locked`); its built-in JS runtime
# evaluates grammar.js, so node is not needed. `cargo test -p tree-sitter-flinksql` fails when src/
# is stale.
set -eu
cd "$(dirname "$0")"
tree-sitter generate --js-runtime native
