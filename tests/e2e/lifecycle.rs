//! The lifecycle a sysadmin drives, on both backends.

use parc_tests::{Backend, Parc, archive, example_archive, frozen_archive};
use serde_json::Value;

fn names(rows: &Value, field: &str) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The acceptance scenario: pack, drop, list (2), install (4), activate (1),
/// registrations visible, deactivate (4, gone), uninstall (2), delete files
/// (5), clean (row gone).
fn full_lifecycle(backend: Backend) {
    let parc = Parc::new(backend);
    parc.drop_archive(example_archive());

    let plugin = parc.plugin("example").expect("dropped archive discovered");
    assert_eq!(plugin["state"], 2);
    assert_eq!(plugin["state_label"], "Not installed");
    assert_eq!(plugin["version"], "1.0.0");
    assert!(
        !parc.plugins_dir().join("example-1.0.0.tar.gz").exists(),
        "archive consumed"
    );
    assert!(
        parc.plugins_dir()
            .join("example/1.0.0/plugin.toml")
            .is_file()
    );
    assert_eq!(parc.json(&["menu", "list"]), serde_json::json!([]));

    parc.ok(&["plugin", "install", "example"]);
    assert_eq!(parc.state("example"), 4);
    // Tasks and rules are registered at install, menus not yet.
    let tasks = parc.json(&["cron", "list"]);
    let task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "examplegreet")
        .expect("task registered at install");
    assert_eq!(task["plugin"], "example");
    assert_eq!(task["itemtype"], "PluginExample");
    assert!(task["frequency"].as_i64().unwrap() >= 3600);
    assert_eq!(task["state"], 1, "enabled");
    assert_eq!(task["lastrun"], Value::Null);
    let rules = parc.json(&["rules", "list"]);
    assert_eq!(names(&rules, "plugin"), ["example"]);
    assert_eq!(rules[0]["sub_type"], "RuleImportEntity");
    assert_eq!(rules[0]["uuid"], "7b0f4a8e-6d8c-4f3e-9c1a-0e5d2b7a9c41");
    assert_eq!(rules[0]["ranking"], 1);
    assert_eq!(parc.json(&["menu", "list"]), serde_json::json!([]));

    parc.ok(&["plugin", "activate", "example"]);
    assert_eq!(parc.state("example"), 1);
    let menu = parc.json(&["menu", "list"]);
    assert_eq!(
        menu,
        serde_json::json!([{
            "sector": "tools",
            "plugin": "example",
            "label": "Example greetings",
            "path": "/plugins/example/front/greetings"
        }])
    );
    // The plugin's command works and writes to its own table.
    assert_eq!(parc.ok(&["example", "greet", "Ada"]), "Hello, Ada!\n");
    assert_eq!(
        parc.ok(&["example", "greetings"]),
        "NAME  SOURCE\nAda   cli\n"
    );
    let help = parc.ok(&["example", "--help"]);
    assert!(help.contains("greet"), "plugin's own --help: {help}");

    parc.ok(&["plugin", "deactivate", "example"]);
    assert_eq!(parc.state("example"), 4);
    assert_eq!(parc.json(&["menu", "list"]), serde_json::json!([]));
    let err = parc.fails(&["example", "greet", "Bob"]);
    assert!(err.contains("no active plugin provides it"), "{err}");
    // Tasks are kept while deactivated.
    assert!(names(&parc.json(&["cron", "list"]), "name").contains(&"examplegreet".to_owned()));

    parc.ok(&["plugin", "uninstall", "example"]);
    let plugin = parc.plugin("example").unwrap();
    assert_eq!(plugin["state"], 2);
    assert!(
        plugin["reason"]
            .as_str()
            .unwrap()
            .contains("2 table(s) dropped")
    );
    assert!(!names(&parc.json(&["cron", "list"]), "name").contains(&"examplegreet".to_owned()));
    assert_eq!(parc.json(&["rules", "list"]), serde_json::json!([]));

    std::fs::remove_dir_all(parc.plugins_dir().join("example")).unwrap();
    let plugin = parc.plugin("example").unwrap();
    assert_eq!(plugin["state"], 5);
    assert_eq!(plugin["state_label"], "Error / to clean");

    parc.ok(&["plugin", "clean", "example"]);
    assert!(parc.plugin("example").is_none(), "row deleted");
}

#[test]
fn full_lifecycle_on_sqlite() {
    full_lifecycle(Backend::Sqlite);
}

#[test]
fn full_lifecycle_on_mariadb() {
    full_lifecycle(Backend::MySql);
}

#[test]
fn plugin_add_validates_and_extracts_at_once() {
    let parc = Parc::new(Backend::Sqlite);
    let stdout = parc.ok(&["plugin", "add", example_archive().to_str().unwrap()]);
    assert_eq!(stdout, "example\n");
    assert_eq!(parc.state("example"), 2);
    // Adding the same archive again is a no-op, not an error.
    parc.ok(&["plugin", "add", example_archive().to_str().unwrap()]);
    let listing = parc.ok(&["plugin", "list"]);
    assert!(listing.starts_with("KEY"), "table on stdout: {listing}");
}

#[test]
fn every_state_change_keeps_its_reason() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    parc.ok(&["plugin", "deactivate", "example"]);
    let shown = parc.json(&["plugin", "show", "example"]);
    let history: Vec<(Value, i64)> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["old_state"].clone(), h["new_state"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        history,
        [
            (Value::Null, 2),
            (2.into(), 4),
            (4.into(), 1),
            (1.into(), 4)
        ]
    );
    assert!(
        shown["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| !h["reason"].as_str().unwrap().is_empty())
    );
}

#[test]
fn a_plugin_built_against_frozen_api_1_0_keeps_loading() {
    for backend in [Backend::Sqlite, Backend::MySql] {
        let parc = Parc::new(backend);
        parc.drop_archive(frozen_archive());
        assert_eq!(parc.state("frozen"), 2);
        parc.ok(&["plugin", "install", "frozen"]);
        parc.ok(&["plugin", "activate", "frozen"]);
        assert_eq!(parc.state("frozen"), 1);
        assert_eq!(parc.ok(&["frozen", "hello"]), "hello from plugin-api 1.0\n");
        let menu = parc.json(&["menu", "list"]);
        assert_eq!(menu[0]["label"], "Frozen 1.0");
        assert!(names(&parc.json(&["cron", "list"]), "name").contains(&"frozenweekly".to_owned()));
    }
}

/// A real 1.1.0 of the example plugin (its sources plus a third
/// migration, built and packed by the test) dropped next to an installed
/// 1.0.0: To update (6) until `plugin install` updates it; the new
/// migration ran once, the greetings written by 1.0.0 are kept (with the
/// new column's default), and the plugin's `install` was told it updates
/// from 1.0.0 (it logs it).
fn update(backend: Backend) {
    let parc = Parc::new(backend);
    parc.drop_archive(example_archive());
    let installed = parc.run(&["-v", "plugin", "install", "example"]);
    assert!(installed.status.success());
    let log = String::from_utf8_lossy(&installed.stderr);
    assert!(!log.contains("updating the example plugin"), "{log}");
    parc.ok(&["plugin", "activate", "example"]);
    parc.ok(&["example", "greet", "Ada"]);
    let migrations = "SELECT COUNT(*) FROM parc_plugin_migrations WHERE plugin = 'example'";
    assert_eq!(parc.scalar(migrations), 2);

    parc.drop_archive(&parc_tests::example_update_archive("1.1.0"));
    let plugin = parc.plugin("example").unwrap();
    assert_eq!(plugin["state"], 6, "{plugin}");
    assert_eq!(plugin["state_label"], "To update");
    assert_eq!(plugin["version"], "1.1.0");
    assert_eq!(plugin["installed_version"], "1.0.0");
    // Not active until updated: its commands and menu are gone.
    assert_eq!(parc.json(&["menu", "list"]), serde_json::json!([]));
    parc.fails(&["plugin", "activate", "example"]);
    // Nothing of 1.1.0 ran yet.
    assert_eq!(parc.scalar(migrations), 2);

    let updated = parc.run(&["-v", "plugin", "install", "example"]);
    let log = String::from_utf8_lossy(&updated.stderr);
    assert!(updated.status.success(), "{log}");
    assert!(
        log.contains("updating the example plugin from 1.0.0"),
        "install received previous_version: {log}"
    );
    let plugin = parc.plugin("example").unwrap();
    assert_eq!(plugin["state"], 4);
    assert_eq!(plugin["installed_version"], "1.1.0");
    assert!(
        plugin["reason"]
            .as_str()
            .unwrap()
            .contains("updated from 1.0.0 to 1.1.0")
    );
    // Migration 3 ran, once, after the two of 1.0.0; 1.0.0's data is kept.
    assert_eq!(
        parc.rows(
            "SELECT id, description FROM parc_plugin_migrations WHERE plugin = 'example' \
             ORDER BY id"
        )
        .last()
        .unwrap(),
        &vec![
            Some("3".to_owned()),
            Some("greetings get a mood".to_owned())
        ]
    );
    assert_eq!(parc.scalar(migrations), 3);
    assert_eq!(
        parc.rows("SELECT name, source, mood FROM glpi_plugin_example_greetings"),
        vec![vec![
            Some("Ada".to_owned()),
            Some("cli".to_owned()),
            Some("plain".to_owned())
        ]]
    );
    parc.ok(&["plugin", "activate", "example"]);
    assert_eq!(
        parc.ok(&["example", "greetings"]),
        "NAME  SOURCE\nAda   cli\n"
    );
    // The task was not duplicated.
    let tasks = names(&parc.json(&["cron", "list"]), "name");
    assert_eq!(tasks.iter().filter(|t| *t == "examplegreet").count(), 1);
    // Both versions are on disk: the loaded 1.0.0 library was never overwritten.
    assert!(parc.plugins_dir().join("example/1.0.0").is_dir());
    assert!(parc.plugins_dir().join("example/1.1.0").is_dir());
}

#[test]
fn a_new_version_on_disk_is_to_update_and_install_updates_it() {
    update(Backend::Sqlite);
}

#[test]
fn a_plugin_update_runs_its_new_migration_on_mariadb() {
    update(Backend::MySql);
}

#[test]
fn oldname_in_another_manifest_marks_the_old_plugin_replaced() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);

    // The frozen fixture, repacked with `oldname = "example"`.
    let frozen = frozen_archive();
    let library = archive::read_entry(frozen, "frozen/libparc_plugin_frozen.so");
    let manifest = String::from_utf8(archive::read_entry(frozen, "frozen/plugin.toml")).unwrap();
    let manifest = format!("{manifest}oldname = \"example\"\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frozen-1.0.0.tar.gz");
    archive::write(
        &path,
        &[
            archive::Entry::Dir("frozen/"),
            archive::Entry::File("frozen/plugin.toml", manifest.into_bytes()),
            archive::Entry::File("frozen/libparc_plugin_frozen.so", library),
        ],
    );
    parc.ok(&["plugin", "add", path.to_str().unwrap()]);
    let example = parc.plugin("example").unwrap();
    assert_eq!(example["state"], 7);
    assert_eq!(example["state_label"], "Replaced");
    assert!(example["reason"].as_str().unwrap().contains("frozen"));
    // A replaced plugin can still be uninstalled.
    parc.ok(&["plugin", "uninstall", "example"]);
}

#[test]
fn two_processes_scanning_at_once_extract_each_archive_once() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.drop_archive(frozen_archive());
    let children: Vec<_> = (0..4)
        .map(|_| {
            parc.command()
                .args(["plugin", "list", "--json"])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let plugins = parc.json(&["plugin", "list"]);
    let mut keys = names(&plugins, "key");
    keys.sort();
    assert_eq!(keys, ["example", "frozen"]);
    let leftovers: Vec<String> = parc
        .files()
        .into_iter()
        .filter(|f| f.contains(".incoming-") || f.contains(".rejected") || f.ends_with(".tar.gz"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A plugin whose files were deleted, cleaned, then added again: its
/// tables and the record of its migrations were kept, so the install goes
/// on with its data; `clean --purge-data` drops them after confirmation.
fn clean_and_come_back(backend: Backend) {
    let parc = Parc::new(backend);
    let archive = example_archive().to_str().unwrap();
    parc.ok(&["plugin", "add", archive]);
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    parc.ok(&["example", "greet", "Ada"]);
    let migrations = "SELECT COUNT(*) FROM parc_plugin_migrations WHERE plugin = 'example'";
    let greetings = "SELECT COUNT(*) FROM glpi_plugin_example_greetings";
    assert_eq!(parc.scalar(migrations), 2);

    // The files go, the plugin is cleaned: its data stays.
    std::fs::remove_dir_all(parc.plugins_dir().join("example")).unwrap();
    let err = parc.fails(&["plugin", "uninstall", "example"]);
    assert!(err.contains("--purge-data"), "{err}");
    let out = parc.run(&["plugin", "clean", "example"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("glpi_plugin_example_greetings") && stderr.contains("kept"),
        "{stderr}"
    );
    assert!(parc.plugin("example").is_none(), "row deleted");
    assert_eq!(parc.scalar(migrations), 2);
    assert_eq!(parc.scalar(greetings), 1);

    // Added and installed again: it goes on where it was.
    parc.ok(&["plugin", "add", archive]);
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    assert_eq!(
        parc.ok(&["example", "greetings"]),
        "NAME  SOURCE\nAda   cli\n"
    );

    // Files gone again; purging asks, and a script must say --yes.
    std::fs::remove_dir_all(parc.plugins_dir().join("example")).unwrap();
    let err = parc.fails(&["plugin", "clean", "example", "--purge-data"]);
    assert!(err.contains("--yes"), "{err}");
    assert!(parc.plugin("example").is_some(), "nothing done");
    assert_eq!(parc.scalar(greetings), 1);
    let out = parc.run(&["plugin", "clean", "example", "--purge-data", "--yes"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 table(s) dropped"));
    assert!(parc.plugin("example").is_none());
    assert_eq!(parc.scalar(migrations), 0);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugins WHERE directory = 'example'"),
        0
    );
    // A fresh start.
    parc.ok(&["plugin", "add", archive]);
    parc.ok(&["plugin", "install", "example"]);
    assert_eq!(parc.scalar(greetings), 0);
}

#[test]
fn a_cleaned_plugin_comes_back_with_its_data_on_sqlite() {
    clean_and_come_back(Backend::Sqlite);
}

#[test]
fn a_cleaned_plugin_comes_back_with_its_data_on_mariadb() {
    clean_and_come_back(Backend::MySql);
}

/// Tables left without the record of their migrations (a database cleaned
/// by an older parc): the install says what to do, and uninstall does it.
#[test]
fn leftover_tables_without_migration_records_are_not_a_dead_end() {
    let parc = Parc::new(Backend::Sqlite);
    let archive = example_archive().to_str().unwrap();
    parc.ok(&["plugin", "add", archive]);
    parc.ok(&["plugin", "install", "example"]);
    std::fs::remove_dir_all(parc.plugins_dir().join("example")).unwrap();
    parc.ok(&["plugin", "clean", "example"]);
    parc.execute("DELETE FROM parc_plugin_migrations");
    parc.ok(&["plugin", "add", archive]);
    let err = parc.fails(&["plugin", "install", "example"]);
    assert!(
        err.contains("already exists") && err.contains("parc plugin uninstall example"),
        "{err}"
    );
    let out = parc.run(&["plugin", "uninstall", "example"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(parc.state("example"), 2);
    parc.ok(&["plugin", "install", "example"]);
    assert_eq!(parc.state("example"), 4);
}
