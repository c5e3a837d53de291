#!/usr/bin/env bash
# Packs every plugin of the workspace into dist/out/<key>-<version>.tar.gz.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/dist/out}"
cd "$root"
cargo build -p parc --release
for crate in plugins/*/; do
    [ -f "$crate/Cargo.toml" ] || continue
    ./target/release/parc plugin pack "$crate" --out "$out"
done
(cd "$out" && sha256sum -- *.tar.gz > SHA256SUMS)
echo "archives in $out" >&2
