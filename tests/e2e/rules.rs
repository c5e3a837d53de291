//! The rules engine through the CLI, on SQLite and MariaDB: rules CRUD with
//! unique rankings, export/import by uuid, explained tests, RuleImportAsset
//! "is already present" against real computers, plugins' default rules and
//! criteria.

use parc_tests::{Backend, Parc, example_archive};
use serde_json::{Value, json};

const BOTH: [Backend; 2] = [Backend::Sqlite, Backend::MySql];

fn add(parc: &Parc, args: &[&str]) -> u64 {
    let mut full = vec!["rules", "add"];
    full.extend(args);
    parc.ok(&full).trim().parse().unwrap()
}

#[test]
fn rules_are_managed_from_the_cli() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        assert_eq!(
            parc.json(&["rules", "list"]),
            json!([]),
            "a fresh database holds no rules"
        );
        let eu = parc
            .ok(&["entity", "add", "Europe", "--tag", "EU"])
            .trim()
            .to_owned();
        let by_tag = add(
            &parc,
            &[
                "--collection",
                "RuleImportEntity",
                "--name",
                "Entity from tag",
                "--criterion",
                "tag",
                "regex",
                "/^(EU|US)-/",
                "--criterion",
                "tag",
                "is_not",
                "",
                "--action",
                "regex_result",
                "_affect_entity_by_tag",
                "#0",
            ],
        );
        let root = add(
            &parc,
            &[
                "--collection",
                "RuleImportEntity",
                "--name",
                "Everything else",
                "--criterion",
                "tag",
                "is",
                "*",
                "--action",
                "assign",
                "entities_id",
                "0",
            ],
        );
        let rules = parc.json(&["rules", "list", "--collection", "RuleImportEntity"]);
        assert_eq!(rules[0]["id"], by_tag);
        assert_eq!(rules[0]["ranking"], 1);
        assert_eq!(rules[1]["ranking"], 2);

        // Duplicate rankings are refused.
        let err = parc.fails(&[
            "rules",
            "add",
            "--collection",
            "RuleImportEntity",
            "--name",
            "dup",
            "--ranking",
            "1",
            "--criterion",
            "tag",
            "is",
            "x",
            "--action",
            "assign",
            "entities_id",
            "0",
        ]);
        assert!(err.contains("ranking 1 is already used"), "{err}");
        // Bad input is refused with the reason.
        for (args, expected) in [
            (
                vec![
                    "--collection",
                    "Nope",
                    "--name",
                    "x",
                    "--criterion",
                    "tag",
                    "is",
                    "x",
                ],
                "unknown rule collection",
            ),
            (
                vec![
                    "--collection",
                    "RuleImportEntity",
                    "--name",
                    "x",
                    "--criterion",
                    "color",
                    "is",
                    "x",
                ],
                "unknown criterion \"color\"",
            ),
            (
                vec![
                    "--collection",
                    "RuleImportEntity",
                    "--name",
                    "x",
                    "--criterion",
                    "tag",
                    "regex",
                    "/(/",
                ],
                "invalid regular expression",
            ),
            (
                vec![
                    "--collection",
                    "RuleImportEntity",
                    "--name",
                    "x",
                    "--criterion",
                    "name",
                    "cidr",
                    "10.0.0.0/8",
                ],
                "CIDR conditions apply to ip and subnet",
            ),
            (
                vec![
                    "--collection",
                    "RuleImportAsset",
                    "--name",
                    "x",
                    "--match",
                    "OR",
                    "--criterion",
                    "name",
                    "exists",
                    "",
                ],
                "only match with AND",
            ),
        ] {
            let mut full = vec!["rules", "add"];
            full.extend(args);
            let err = parc.fails(&full);
            assert!(err.contains(expected), "{expected}: {err}");
        }

        // Explained evaluation.
        let e = parc.json(&[
            "rules",
            "test",
            "RuleImportEntity",
            "tag=EU-Paris",
            "name=pc-1",
        ]);
        assert_eq!(e["rule"]["id"], by_tag);
        assert_eq!(e["rule"]["name"], "Entity from tag");
        assert_eq!(e["output"]["entities_id"], eu);
        assert_eq!(e["output"]["_no_rule_matches"], false);
        assert_eq!(e["output"]["_ruleid"], by_tag);
        assert_eq!(
            e["rules"].as_array().unwrap().len(),
            1,
            "stopped at the first match"
        );
        let e = parc.json(&["rules", "test", "RuleImportEntity", "tag=ASIA-1"]);
        assert_eq!(e["rule"]["id"], root);
        assert_eq!(e["rules"][0]["matched"], false);
        assert_eq!(e["rules"][0]["criteria"][0]["result"], false);
        assert_eq!(e["output"]["entities_id"], "0");

        // Rank: move "Everything else" first; disable it; delete it.
        parc.ok(&["rules", "rank", &root.to_string(), "1"]);
        let rules = parc.json(&["rules", "list"]);
        assert_eq!(rules[0]["id"], root);
        assert_eq!(rules[1]["ranking"], 2);
        assert_eq!(
            parc.json(&["rules", "test", "RuleImportEntity", "tag=EU-1"])["rule"]["id"],
            root
        );
        parc.ok(&["rules", "disable", &root.to_string()]);
        assert_eq!(
            parc.json(&["rules", "test", "RuleImportEntity", "tag=EU-1"])["rule"]["id"],
            by_tag
        );
        let e = parc.json(&["rules", "test", "RuleImportEntity", "tag=XX"]);
        assert_eq!(e["output"]["_no_rule_matches"], true);
        assert_eq!(e["rule"], Value::Null);
        parc.ok(&["rules", "enable", &root.to_string()]);
        parc.ok(&["rules", "edit", &root.to_string(), "--name", "Catch-all"]);
        assert_eq!(parc.json(&["rules", "list"])[0]["name"], "Catch-all");

        // Export, then import into another database: same rules, same uuids.
        let file = parc.data_dir().join("rules.json");
        parc.ok(&["rules", "export", file.to_str().unwrap()]);
        let exported: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(exported.as_array().unwrap().len(), 2);
        assert_eq!(
            exported[0]["criteria"][0],
            json!({"criteria": "tag", "condition": 0, "pattern": "*"})
        );
        let other = Parc::new(backend);
        other.ok(&["rules", "import", file.to_str().unwrap()]);
        let file2 = other.data_dir().join("again.json");
        other.ok(&["rules", "export", file2.to_str().unwrap()]);
        let again: Value = serde_json::from_str(&std::fs::read_to_string(&file2).unwrap()).unwrap();
        assert_eq!(again, exported);
        // Importing again replaces by uuid: no duplicates.
        other.ok(&["rules", "import", file.to_str().unwrap()]);
        assert_eq!(other.json(&["rules", "list"]).as_array().unwrap().len(), 2);

        parc.ok(&["rules", "delete", &root.to_string()]);
        assert_eq!(parc.json(&["rules", "list"]).as_array().unwrap().len(), 1);
    }
}

#[test]
fn import_asset_rules_find_existing_computers() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let out = parc.upsert(&json!([{"entities_id": 0, "source": "s", "inventory": {
            "general": {"name": "pc-1", "serial": "SER-1", "uuid": "ABCD-1"},
            "network_ports": [{"name": "eth0", "mac": "AA:BB:CC:DD:EE:01", "ip_addresses": ["10.0.0.5"]}]
        }}]));
        let id = out[0]["computers_id"].as_u64().unwrap();
        add(
            &parc,
            &[
                "--collection",
                "RuleImportAsset",
                "--name",
                "Link by serial + uuid",
                "--criterion",
                "serial",
                "find",
                "1",
                "--criterion",
                "uuid",
                "find",
                "1",
                "--action",
                "assign",
                "_inventory",
                "0",
            ],
        );
        add(
            &parc,
            &[
                "--collection",
                "RuleImportAsset",
                "--name",
                "Link by MAC or refuse",
                "--criterion",
                "mac",
                "find",
                "1",
                "--action",
                "assign",
                "_inventory",
                "1",
            ],
        );
        add(
            &parc,
            &[
                "--collection",
                "RuleImportAsset",
                "--name",
                "Import named",
                "--criterion",
                "name",
                "exists",
                "",
                "--action",
                "assign",
                "_inventory",
                "0",
            ],
        );
        // uuid compared case-insensitively.
        let e = parc.json(&[
            "rules",
            "test",
            "RuleImportAsset",
            "serial=SER-1",
            "uuid=abcd-1",
            "name=x",
        ]);
        assert_eq!(e["output"]["action"], 2, "{e}");
        assert_eq!(e["output"]["found_id"], id);
        // Several MACs: any of them present links.
        let e = parc.json(&[
            "rules",
            "test",
            "RuleImportAsset",
            "mac=00:00:00:00:00:00",
            "mac=aa:bb:cc:dd:ee:01",
        ]);
        assert_eq!(e["output"]["found_id"], id, "{e}");
        // Unknown MAC with link-or-refuse: refused.
        let e = parc.json(&[
            "rules",
            "test",
            "RuleImportAsset",
            "mac=00:00:00:00:00:09",
            "name=new",
        ]);
        assert_eq!(e["output"]["action"], 0, "{e}");
        // No MAC: that rule is skipped ("a value seems missing"), import.
        let e = parc.json(&[
            "rules",
            "test",
            "RuleImportAsset",
            "serial=OTHER",
            "uuid=X",
            "name=new",
        ]);
        assert_eq!(e["output"]["action"], 1, "{e}");
        // A computer in the trash is still found (GLPI links it back).
        parc.ok(&["computer", "delete", &id.to_string()]);
        let e = parc.json(&[
            "rules",
            "test",
            "RuleImportAsset",
            "serial=SER-1",
            "uuid=ABCD-1",
        ]);
        assert_eq!(e["output"]["found_id"], id);
    }
}

#[test]
fn plugins_install_default_rules_and_criteria() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    // The plugin's criterion is unknown until it is installed.
    let err = parc.fails(&[
        "rules",
        "add",
        "--collection",
        "RuleImportEntity",
        "--name",
        "x",
        "--criterion",
        "example_greeting",
        "is",
        "hello",
        "--action",
        "assign",
        "entities_id",
        "0",
    ]);
    assert!(err.contains("unknown criterion"), "{err}");
    parc.ok(&["plugin", "install", "example"]);
    add(
        &parc,
        &[
            "--collection",
            "RuleImportEntity",
            "--name",
            "Greeted",
            "--criterion",
            "example_greeting",
            "is",
            "hello",
            "--action",
            "assign",
            "entities_id",
            "0",
        ],
    );
    let rules = parc.json(&["rules", "list"]);
    let default = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["plugin"] == "example")
        .unwrap();
    assert_eq!(default["uuid"], "7b0f4a8e-6d8c-4f3e-9c1a-0e5d2b7a9c41");
    assert_eq!(default["is_active"], false);
    // Uninstall removes its rules, keeps the administrator's; reinstall
    // does not duplicate.
    parc.ok(&["plugin", "uninstall", "example"]);
    assert_eq!(parc.json(&["rules", "list"]).as_array().unwrap().len(), 1);
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "uninstall", "example"]);
    parc.ok(&["plugin", "install", "example"]);
    let rules = parc.json(&["rules", "list"]);
    assert_eq!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["plugin"] == "example")
            .count(),
        1
    );
}
