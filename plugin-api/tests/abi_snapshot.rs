//! The guard of the 1.x promise: every `StableAbi` layout reachable from the
//! root module (root module, plugin object, host services, error) must stay
//! exactly as released in 1.0.0. abi_stable refuses a plugin whose layouts
//! differ from the host's, so any change here would break every plugin
//! already built.
//!
//! The snapshot is abi_stable's own description of the layouts, with what
//! legitimately varies removed (type ids, addresses, source lines, patch
//! and minor versions). If this test fails, revert the change to `src/abi.rs`, or, for
//! a new major only, regenerate with `PARC_BLESS_ABI=1 cargo test -p
//! parc-plugin-api --test abi_snapshot` and record it in PENDING_CHANGES.md.

#![allow(clippy::unwrap_used)]

use abi_stable::StableAbi;
use parc_plugin_api::abi::PluginModule_Ref;

const SNAPSHOT: &str = "abi/v1.layout";

fn normalized_layout() -> String {
    let layout = <PluginModule_Ref as StableAbi>::LAYOUT;
    let dump = format!("{layout:#?}\n");
    let type_ids = regex::Regex::new(r"(?s)\n\s*type_id: UTypeId \{.*?\n\s*\},").unwrap();
    let lines = regex::Regex::new(r"\n\s*line: \d+,").unwrap();
    let versions = regex::Regex::new(r#"(package_and_version: "[^;"]+;)(\d+)\.\d+\.\d+""#).unwrap();
    let dump = type_ids.replace_all(&dump, "");
    let addresses = regex::Regex::new(r"0x[0-9a-f]{8,}").unwrap();
    let dump = lines.replace_all(&dump, "");
    let dump = addresses.replace_all(&dump, "0x…");
    versions.replace_all(&dump, "${1}${2}.x\"").into_owned()
}

#[test]
fn stable_abi_layouts_are_frozen_for_1_x() {
    let actual = normalized_layout();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("PARC_BLESS_ABI").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the ABI snapshot {}: {e}", path.display()));
    if actual != expected {
        let out =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/abi-v1.layout.actual");
        let _ = std::fs::write(&out, &actual);
        let (line, (want, got)) = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, pair)| (i + 1, pair))
            .unwrap_or((
                expected.lines().count().min(actual.lines().count()) + 1,
                ("<end>", "<end>"),
            ));
        panic!(
            "the StableAbi layouts of plugin-api changed: plugins built against 1.0 would be refused.\n\
             first difference at line {line} of {SNAPSHOT}:\n  expected: {want}\n  actual:   {got}\n\
             full layout written to {}",
            out.display()
        );
    }
}
