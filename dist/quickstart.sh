#!/usr/bin/env bash
# Runs parc on the embedded default (SQLite in ./parc-data) with the example
# plugin: pack, drop into the plugins directory, install, activate, use.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build -p parc --release --quiet
parc=./target/release/parc
export PARC_DATA_DIR="${PARC_DATA_DIR:-$root/parc-data}"
mkdir -p "$PARC_DATA_DIR/plugins"
"$parc" plugin pack plugins/example --out "$PARC_DATA_DIR/plugins" >/dev/null
"$parc" plugin list
state=$("$parc" plugin list --json | grep -A8 '"key": "example"' | sed -n 's/.*"state": \([0-9-]*\).*/\1/p')
case "$state" in
    2|6) "$parc" plugin install example ;;
esac
"$parc" plugin activate example
"$parc" plugin list
echo; "$parc" menu list
echo; "$parc" cron list
echo; "$parc" rules list
echo; "$parc" example greet world
echo; "$parc" example inventory demo-pc --serial DEMO-0001 >/dev/null
"$parc" computer list
