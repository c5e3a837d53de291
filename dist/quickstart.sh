#!/usr/bin/env bash
# parc's first run on the embedded default (SQLite, nothing to set up):
#  1. installs the `parc` binary with `cargo install --path host` (into
#     ~/.cargo/bin, or $CARGO_INSTALL_ROOT/bin);
#  2. packs this repository's plugins into dist/out/;
#  3. adds, installs and activates the example and OCS Inventory NG plugins
#     in the installation parc uses by default (`parc status` says where:
#     ~/.local/share/parc without a configuration file);
#  4. shows what they registered, and the next command to point parc at an
#     OCS server.
# Set PARC_CONFIG or PARC_DATA_DIR first to use another installation.
# Rerunning it is harmless: what is already there is kept.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building and installing parc (cargo install --path host; the first build takes a few minutes)"
cargo install --locked --path host
bin="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
parc="$bin/parc"
echo "parc is installed as $parc"
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "note: $bin is not on your PATH; add it (export PATH=\"$bin:\$PATH\") to type \`parc\`" ;;
esac

step "The installation parc uses"
"$parc" status

step "Packing the plugins into dist/out/ (release builds)"
mkdir -p dist/out
archives=()
for crate in plugins/example plugins/ocsinventoryng; do
    archives+=("$("$parc" plugin pack "$crate" --out dist/out)")
done

# State of plugin $1 in `parc plugin list --json` (GLPI's numbers).
state_of() {
    "$parc" plugin list --json | tr -d '\n ' |
        sed -n "s/.*\"key\":\"$1\"[^}]*\"state\":\([0-9-]*\).*/\1/p"
}

for archive in "${archives[@]}"; do
    key=$("$parc" plugin add "$archive")
    step "Plugin $key: install and activate"
    case "$(state_of "$key")" in
        2|6) "$parc" plugin install "$key" ;;
    esac
    [ "$(state_of "$key")" = 1 ] || "$parc" plugin activate "$key"
done

step "Plugins"
"$parc" plugin list
step "Menu entries (the OCS plugin's page is under Tools)"
"$parc" menu list
step "Automatic actions (ocsng synchronises OCS servers; run them with \`parc serve\` or a crontab)"
"$parc" cron list
step "Import rules (entity rules and import/link rules the OCS plugin installed)"
"$parc" rules list

step "The example plugin at work"
"$parc" example greet world
"$parc" example inventory demo-pc --serial DEMO-0001 >/dev/null
"$parc" computer list

# The crontab line must name the same installation as this shell did.
cron_env=""
[ -n "${PARC_DATA_DIR:-}" ] && cron_env="PARC_DATA_DIR=$PARC_DATA_DIR "
[ -n "${PARC_CONFIG:-}" ] && cron_env="PARC_CONFIG=$PARC_CONFIG "

step "Next: point parc at your OCS Inventory NG database"
cat <<EOF
  echo "\$OCS_PASSWORD" | $parc ocsinventoryng server add MAIN --host ocs.example.com:3306 \\
      --database ocsweb --user ocs --password-stdin
  $parc ocsinventoryng server test MAIN
  $parc ocsinventoryng import --all --dry-run     # what the rules decide, nothing written
  $parc ocsinventoryng import --all
then keep it in sync: either run \`$parc serve\` as a service (it runs the automatic
actions in GLPI mode, ocsng included), or hand ocsng to the system cron (crontab -e):
  $parc cron edit ocsng mode=2
  * * * * * $cron_env$parc cron run
EOF
