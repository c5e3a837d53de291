//! Hostile or broken archives and libraries: each is refused with a clear
//! message, writes nothing outside the plugins directory (nor inside it),
//! changes no state, and leaves the host answering.

use std::path::{Path, PathBuf};

use parc_tests::archive::{self, Entry};
use parc_tests::{Backend, Parc, api2_library, example_archive};

const EXAMPLE_LIB: &str = "example/libparc_plugin_example.so";

fn example_library() -> Vec<u8> {
    archive::read_entry(example_archive(), EXAMPLE_LIB)
}

/// A plugin.toml for `key`/`version` describing `library`.
fn manifest(key: &str, version: &str, api: &str, host: &str, library: &[u8]) -> Vec<u8> {
    format!(
        "key = \"{key}\"\nname = \"Example\"\nversion = \"{version}\"\napi = \"{api}\"\nhost = \"{host}\"\n\
         author = \"parc developers\"\nlicense = \"GPL-3.0-or-later\"\n\
         homepage = \"https://example.invalid/parc/plugins/example\"\n\
         library = \"libparc_plugin_example.so\"\nsha256 = \"{}\"\n",
        archive::sha256_hex(library)
    )
    .into_bytes()
}

fn valid_manifest(library: &[u8]) -> Vec<u8> {
    manifest("example", "1.0.0", "1.0.0", ">=0.1.0, <0.2.0", library)
}

/// An archive with the example's layout but `library` as its library.
fn with_library(dir: &Path, library: Vec<u8>, manifest: Vec<u8>) -> PathBuf {
    let path = dir.join("example-1.0.0.tar.gz");
    archive::write(
        &path,
        &[
            Entry::Dir("example/"),
            Entry::File("example/plugin.toml", manifest),
            Entry::File(EXAMPLE_LIB, library),
        ],
    );
    path
}

/// `parc plugin add` refuses `archive` with a message containing
/// `expected`, and nothing changes.
fn assert_refused(parc: &Parc, archive: &Path, expected: &str) {
    let before = parc.files();
    let stderr = parc.fails(&["plugin", "add", archive.to_str().unwrap()]);
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in the error, got: {stderr}"
    );
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one-line message: {stderr}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    let after: Vec<String> = parc
        .files()
        .into_iter()
        .filter(|f| !before.contains(f))
        .filter(|f| !f.starts_with("parc.db") && f != "plugins/" && f != "plugins/.lock")
        .collect();
    assert!(
        after.is_empty(),
        "files written by a refused archive: {after:?}"
    );
    // No state change, and the host still answers.
    assert_eq!(parc.json(&["plugin", "list"]), serde_json::json!([]));
}

#[test]
fn path_traversal_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();
    let path = dir.path().join("example-1.0.0.tar.gz");
    archive::write(
        &path,
        &[
            Entry::File("example/plugin.toml", valid_manifest(&lib)),
            Entry::File(EXAMPLE_LIB, lib),
            Entry::File("example/../../escaped.txt", b"owned".to_vec()),
        ],
    );
    assert_refused(&parc, &path, "contains '..'");
    assert!(!parc.data_dir().join("escaped.txt").exists());
    assert!(
        !parc
            .data_dir()
            .parent()
            .unwrap()
            .join("escaped.txt")
            .exists()
    );
}

#[test]
fn absolute_paths_are_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("absolute-target.txt");
    let path = dir.path().join("example-1.0.0.tar.gz");
    let target_name = target.to_str().unwrap().to_owned();
    archive::write(&path, &[Entry::File(&target_name, b"owned".to_vec())]);
    assert_refused(&parc, &path, "it is absolute");
    assert!(!target.exists());
}

#[test]
fn symlinks_and_hardlinks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();
    for (entry, message) in [
        (
            Entry::Symlink("example/passwd", "/etc/passwd"),
            "symbolic link",
        ),
        (Entry::Symlink("example/up", "../../.."), "symbolic link"),
        (
            Entry::HardLink("example/passwd", "/etc/passwd"),
            "hard link",
        ),
    ] {
        let parc = Parc::new(Backend::Sqlite);
        let path = dir.path().join("example-1.0.0.tar.gz");
        archive::write(
            &path,
            &[
                Entry::File("example/plugin.toml", valid_manifest(&lib)),
                Entry::File(EXAMPLE_LIB, lib.clone()),
                entry,
            ],
        );
        assert_refused(&parc, &path, message);
    }
}

#[test]
fn device_files_are_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example-1.0.0.tar.gz");
    archive::write(
        &path,
        &[Entry::Dir("example/"), Entry::CharDevice("example/null")],
    );
    assert_refused(&parc, &path, "character device");
}

#[test]
fn a_2_gib_decompression_bomb_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example-1.0.0.tar.gz");
    archive::write(
        &path,
        &[
            Entry::Dir("example/"),
            Entry::Zeros("example/bomb", 2 << 30),
        ],
    );
    let compressed = std::fs::metadata(&path).unwrap().len();
    assert!(
        compressed < 16 << 20,
        "a real bomb: {compressed} bytes compressed"
    );
    assert_refused(&parc, &path, "expands beyond 256 MiB");
}

#[test]
fn many_small_files_beyond_the_limit_are_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example-1.0.0.tar.gz");
    let names: Vec<String> = (0..9).map(|i| format!("example/part{i}")).collect();
    let mut entries = vec![Entry::Dir("example/")];
    entries.extend(names.iter().map(|n| Entry::Zeros(n, 32 << 20)));
    archive::write(&path, &entries);
    assert_refused(&parc, &path, "expands beyond 256 MiB");
}

#[test]
fn key_mismatches_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();

    // Archive name says "example", the top directory is "other".
    let parc = Parc::new(Backend::Sqlite);
    let path = dir.path().join("example-1.0.0.tar.gz");
    archive::write(
        &path,
        &[
            Entry::File("other/plugin.toml", valid_manifest(&lib)),
            Entry::File("other/libparc_plugin_example.so", lib.clone()),
        ],
    );
    assert_refused(&parc, &path, "must be under the <key>/ directory");

    // Archive name and directory say "example", the manifest says "other".
    let parc = Parc::new(Backend::Sqlite);
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("other", "1.0.0", "1.0.0", ">=0.1.0", &lib),
    );
    assert_refused(
        &parc,
        &path,
        "key mismatch: the archive name says \"example\", plugin.toml says \"other\"",
    );

    // Version in the name differs from the manifest's.
    let parc = Parc::new(Backend::Sqlite);
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("example", "1.0.1", "1.0.0", ">=0.1.0", &lib),
    );
    assert_refused(&parc, &path, "version mismatch");

    // An archive name that is not <key>-<version>.tar.gz at all.
    let parc = Parc::new(Backend::Sqlite);
    let bad_name = dir.path().join("Example_plugin.tar.gz");
    std::fs::copy(example_archive(), &bad_name).unwrap();
    assert_refused(&parc, &bad_name, "must be <key>-<version>.tar.gz");
}

#[test]
fn bad_semver_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("example", "1.0.0", "one", ">=0.1.0", &lib),
    );
    assert_refused(&parc, &path, "invalid api \"one\"");
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("example", "1.0.0", "1.0.0", "at least 0.1", &lib),
    );
    assert_refused(&parc, &path, "invalid host \"at least 0.1\"");
}

#[test]
fn an_unmet_host_requirement_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("example", "1.0.0", "1.0.0", ">=9.0.0, <10.0.0", &lib),
    );
    assert_refused(
        &parc,
        &path,
        "This plugin requires parc >=9.0.0, <10.0.0; this is parc 0.1.0.",
    );
}

#[test]
fn a_library_of_another_plugin_api_major_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let lib = std::fs::read(api2_library()).unwrap();
    // Declared honestly: refused from plugin.toml, before the library is opened.
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("example", "1.0.0", "2.0.0", ">=0.1.0", &lib),
    );
    assert_refused(&parc, &path, "built against plugin-api 2.0.0");
    // Declared as 1.0.0: abi_stable's own check refuses the library.
    let path = with_library(dir.path(), lib.clone(), valid_manifest(&lib));
    assert_refused(
        &parc,
        &path,
        "was built against plugin-api 2.0.0, this host provides plugin-api 1.0.0",
    );
}

#[test]
fn a_shared_library_that_is_not_a_plugin_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("lib.c");
    std::fs::write(&source, "int answer(void) { return 42; }\n").unwrap();
    let so = dir.path().join("libnotaplugin.so");
    let status = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&so)
        .arg(&source)
        .status()
        .expect("a C compiler");
    assert!(status.success());
    let lib = std::fs::read(&so).unwrap();
    let path = with_library(dir.path(), lib.clone(), valid_manifest(&lib));
    assert_refused(&parc, &path, "is not a parc plugin");
}

#[test]
fn a_truncated_library_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let mut lib = example_library();
    lib.truncate(lib.len() / 3);
    let path = with_library(dir.path(), lib.clone(), valid_manifest(&lib));
    let stderr = parc.fails(&["plugin", "add", path.to_str().unwrap()]);
    assert!(
        stderr.contains("crashed the loader process") || stderr.contains("cannot open"),
        "{stderr}"
    );
    assert_refused(&parc, &path, "libparc_plugin_example.so");
}

#[test]
fn a_sha256_mismatch_is_refused() {
    let parc = Parc::new(Backend::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();
    let mut tampered = lib.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0xff;
    let path = with_library(dir.path(), tampered, valid_manifest(&lib));
    assert_refused(
        &parc,
        &path,
        "sha256 mismatch for libparc_plugin_example.so",
    );
}

#[test]
fn a_refused_drop_in_moves_to_rejected_with_its_reason() {
    let parc = Parc::new(Backend::MySql);
    let dir = tempfile::tempdir().unwrap();
    let lib = example_library();
    let path = with_library(
        dir.path(),
        lib.clone(),
        manifest("example", "1.0.0", "1.0.0", ">=9.0.0", &lib),
    );
    parc.drop_archive(&path);
    // The scan reports and goes on: the listing still succeeds.
    assert_eq!(parc.json(&["plugin", "list"]), serde_json::json!([]));
    let rejected = parc.plugins_dir().join(".rejected");
    assert!(rejected.join("example-1.0.0.tar.gz").is_file());
    let reason = std::fs::read_to_string(rejected.join("example-1.0.0.tar.gz.reason")).unwrap();
    assert!(
        reason.contains("This plugin requires parc >=9.0.0"),
        "{reason}"
    );
    assert!(!parc.plugins_dir().join("example-1.0.0.tar.gz").exists());
    assert!(!parc.plugins_dir().join("example").exists());
}

#[test]
fn a_modified_library_on_disk_is_not_loaded() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "list"]);
    let library = parc
        .plugins_dir()
        .join("example/1.0.0/libparc_plugin_example.so");
    let mut bytes = std::fs::read(&library).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&library, bytes).unwrap();
    let stderr = parc.fails(&["plugin", "install", "example"]);
    assert!(
        stderr.contains("does not match its plugin.toml checksum"),
        "{stderr}"
    );
    let plugin = parc.plugin("example").unwrap();
    assert_eq!(plugin["state"], 2);
    assert_eq!(plugin["state_label"], "Error: library altered");
    assert!(plugin["reason"].as_str().unwrap().contains("sha256"));
}

#[test]
fn an_enabled_plugin_whose_library_was_altered_is_listed_in_error() {
    let parc = Parc::new(Backend::Sqlite);
    parc.ok(&["plugin", "add", example_archive().to_str().unwrap()]);
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    assert_eq!(parc.plugin("example").unwrap()["state_label"], "Enabled");
    let library = parc
        .plugins_dir()
        .join("example/1.0.0/libparc_plugin_example.so");
    // Same size, one byte changed.
    let mut bytes = std::fs::read(&library).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&library, bytes).unwrap();

    let plugin = parc.plugin("example").unwrap();
    assert_eq!(plugin["state_label"], "Error: library altered", "{plugin}");
    let reason = plugin["reason"].as_str().unwrap();
    assert!(
        reason.contains("sha256") && reason.contains("not loaded") && reason.contains("plugin add"),
        "{reason}"
    );
    let table = parc.ok(&["plugin", "list"]);
    assert!(table.contains("Error: library altered"), "{table}");
    let shown = parc.json(&["plugin", "show", "example"]);
    assert_eq!(shown["state_label"], "Error: library altered", "{shown}");
    // Never loaded: its command is refused with the reason.
    let err = parc.fails(&["example", "greet", "Ada"]);
    assert!(err.contains("checksum"), "{err}");
}
