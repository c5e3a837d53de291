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

/// Runs `parc ARGS`, asserts success, returns (stdout, stderr).
fn ok_with_stderr(parc: &Parc, args: &[&str]) -> (String, String) {
    let output = parc.run(args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "parc {} failed: {stderr}",
        args.join(" ")
    );
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

/// (id, name, ranking) of a collection's rules, by ranking.
fn ranked(parc: &Parc, collection: &str) -> Vec<(u64, String, i64)> {
    parc.json(&["rules", "list", "--collection", collection])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_u64().unwrap(),
                r["name"].as_str().unwrap().to_owned(),
                r["ranking"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn entity_rule(name: &str, criterion: [&str; 3], action: [&str; 3]) -> Vec<String> {
    let mut args: Vec<String> = ["rules", "add", "--collection", "RuleImportEntity", "--name"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(name.to_owned());
    args.push("--criterion".to_owned());
    args.extend(criterion.iter().map(|s| s.to_string()));
    args.push("--action".to_owned());
    args.extend(action.iter().map(|s| s.to_string()));
    args
}

fn add_placed(parc: &Parc, args: &[String], placement: &[&str]) -> (u64, String) {
    let mut full: Vec<&str> = args.iter().map(String::as_str).collect();
    full.extend(placement);
    let (out, err) = ok_with_stderr(parc, &full);
    (out.trim().parse().unwrap(), err)
}

/// `--first` / `--before ID` insert a rule at that place (the others move
/// down, rankings stay unique), a rule added after a catch-all is reported
/// with the command that fixes it, and `rules rank` says what it moved.
fn placing_rules_before_a_catch_all(backend: Backend) {
    let parc = Parc::new(backend);
    let eu = parc
        .ok(&["entity", "add", "Europe", "--tag", "EU"])
        .trim()
        .to_owned();
    let (catch_all, err) = add_placed(
        &parc,
        &entity_rule(
            "Everything",
            ["tag", "is", "*"],
            ["assign", "entities_id", "0"],
        ),
        &[],
    );
    assert!(!err.contains("warning"), "{err}");
    // Added last, as before: behind the catch-all, it can never fire.
    let eu_rule_args = entity_rule(
        "Europe by tag",
        ["tag", "regex", "/^(EU)-/"],
        ["regex_result", "_affect_entity_by_tag", "#0"],
    );
    let (by_tag, err) = add_placed(&parc, &eu_rule_args, &[]);
    assert!(
        err.contains(&format!(
            "warning: rule {by_tag} comes after rule {catch_all} \"Everything\" (ranking 1), \
             which always matches: rule {by_tag} never fires. Move it before that rule: \
             parc rules rank {by_tag} --before {catch_all}"
        )),
        "{err}"
    );
    let test = |args: &[&str]| {
        let mut full = vec!["rules", "test", "RuleImportEntity"];
        full.extend(args);
        parc.json(&full)
    };
    assert_eq!(test(&["tag=EU-1"])["rule"]["id"], catch_all);
    // The fix the warning gives: it says what moved, and the rule fires.
    let (_, err) = ok_with_stderr(
        &parc,
        &[
            "rules",
            "rank",
            &by_tag.to_string(),
            "--before",
            &catch_all.to_string(),
        ],
    );
    assert_eq!(
        err,
        format!(
            "rule {by_tag} \"Europe by tag\": ranking 2 → 1\n\
             rule {catch_all} \"Everything\": ranking 1 → 2\n"
        )
    );
    let e = test(&["tag=EU-1"]);
    assert_eq!(e["rule"]["id"], by_tag);
    assert_eq!(e["output"]["entities_id"], eu);
    let (_, err) = ok_with_stderr(&parc, &["rules", "rank", &by_tag.to_string(), "1"]);
    assert_eq!(
        err,
        format!("rule {by_tag}: already there, nothing changed\n")
    );
    // Moving the catch-all first names the rule it now hides.
    let (_, err) = ok_with_stderr(&parc, &["rules", "rank", &catch_all.to_string(), "--first"]);
    assert!(err.contains("ranking 2 → 1"), "{err}");
    assert!(
        err.contains(&format!(
            "warning: rule {by_tag} comes after rule {catch_all} \"Everything\""
        )),
        "{err}"
    );
    ok_with_stderr(&parc, &["rules", "rank", &by_tag.to_string(), "--first"]);

    // --first: ranking 1, every other rule one down.
    let (us, err) = add_placed(
        &parc,
        &entity_rule(
            "US",
            ["tag", "regex", "/^US-/"],
            ["assign", "entities_id", "0"],
        ),
        &["--first"],
    );
    assert!(!err.contains("warning"), "{err}");
    // --before: at the catch-all's ranking, the catch-all one down.
    let (paris, err) = add_placed(
        &parc,
        &entity_rule(
            "Paris",
            ["name", "regex", "/^paris-/"],
            ["assign", "entities_id", &eu],
        ),
        &["--before", &catch_all.to_string()],
    );
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(
        ranked(&parc, "RuleImportEntity"),
        [
            (us, "US".to_owned(), 1),
            (by_tag, "Europe by tag".to_owned(), 2),
            (paris, "Paris".to_owned(), 3),
            (catch_all, "Everything".to_owned(), 4),
        ]
    );
    assert_eq!(test(&["tag=XX", "name=paris-7"])["rule"]["id"], paris);
    assert_eq!(test(&["tag=XX", "name=lyon-7"])["rule"]["id"], catch_all);

    // A rule of another collection, or none: refused, nothing written.
    let asset = add(
        &parc,
        &[
            "--collection",
            "RuleImportAsset",
            "--name",
            "Import",
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
    let before = ranked(&parc, "RuleImportEntity");
    let mut wrong: Vec<&str> = eu_rule_args.iter().map(String::as_str).collect();
    let asset_id = asset.to_string();
    wrong.extend(["--before", &asset_id]);
    let err = parc.fails(&wrong);
    assert!(
        err.contains(&format!(
            "rule {asset} is a RuleImportAsset rule, not a RuleImportEntity one"
        )),
        "{err}"
    );
    let mut missing: Vec<&str> = eu_rule_args.iter().map(String::as_str).collect();
    missing.extend(["--before", "9999"]);
    assert!(parc.fails(&missing).contains("no rule 9999"));
    let err = parc.fails(&["rules", "rank", &by_tag.to_string(), "--before", &asset_id]);
    assert!(err.contains("is not a RuleImportEntity rule"), "{err}");
    assert_eq!(ranked(&parc, "RuleImportEntity"), before);

    // Enable / disable say what changed; enabling a hidden rule warns.
    let (_, err) = ok_with_stderr(&parc, &["rules", "disable", &us.to_string()]);
    assert_eq!(err, format!("rule {us}: active → inactive\n"));
    let (_, err) = ok_with_stderr(&parc, &["rules", "disable", &us.to_string()]);
    assert_eq!(
        err,
        format!("rule {us}: already inactive, nothing changed\n")
    );
    ok_with_stderr(&parc, &["rules", "rank", &us.to_string(), "5"]);
    let (_, err) = ok_with_stderr(&parc, &["rules", "enable", &us.to_string()]);
    assert!(
        err.starts_with(&format!("rule {us}: inactive → active\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("warning: rule {us} comes after rule {catch_all}")),
        "{err}"
    );
}

#[test]
fn rules_are_placed_first_or_before_another_and_hidden_rules_are_reported() {
    placing_rules_before_a_catch_all(Backend::Sqlite);
}

#[test]
fn rules_are_placed_before_another_on_mariadb() {
    placing_rules_before_a_catch_all(Backend::MySql);
}

/// `rules edit` replaces, adds and removes criteria and actions, validated
/// as `rules add` validates, and says what changed; a refused edit writes
/// nothing.
#[test]
fn rules_edit_changes_criteria_and_actions() {
    let parc = Parc::new(Backend::Sqlite);
    let eu = parc
        .ok(&["entity", "add", "Europe", "--tag", "EU"])
        .trim()
        .to_owned();
    let id = add(
        &parc,
        &[
            "--collection",
            "RuleImportEntity",
            "--name",
            "Europe",
            "--criterion",
            "tag",
            "is",
            "EU",
            "--action",
            "assign",
            "entities_id",
            "0",
        ],
    )
    .to_string();
    let (_, err) = ok_with_stderr(
        &parc,
        &[
            "rules",
            "edit",
            &id,
            "--criterion",
            "tag",
            "regex",
            "/^(EU)-/",
            "--action",
            "regex_result",
            "_affect_entity_by_tag",
            "#0",
        ],
    );
    assert_eq!(
        err,
        format!(
            "rule {id}: criterion removed: tag is \"EU\"\n\
             rule {id}: criterion added: tag regular expression matches \"/^(EU)-/\"\n\
             rule {id}: action removed: assign entities_id \"0\"\n\
             rule {id}: action added: regex_result _affect_entity_by_tag \"#0\"\n"
        )
    );
    let e = parc.json(&["rules", "test", "RuleImportEntity", "tag=EU-9"]);
    assert_eq!(e["output"]["entities_id"], eu);

    // Add and remove by number, as `rules show` numbers them.
    parc.ok(&[
        "rules",
        "edit",
        &id,
        "--add-criterion",
        "name",
        "begin",
        "pc-",
        "--add-action",
        "assign",
        "is_recursive",
        "1",
    ]);
    let show = parc.ok(&["rules", "show", &id]);
    assert!(show.contains("  2. name starting with \"pc-\""), "{show}");
    assert!(show.contains("  2. assign is_recursive \"1\""), "{show}");
    let (_, err) = ok_with_stderr(
        &parc,
        &[
            "rules",
            "edit",
            &id,
            "--remove-criterion",
            "1",
            "--remove-action",
            "2",
            "--match",
            "or",
        ],
    );
    assert_eq!(
        err,
        format!(
            "rule {id}: match: \"AND\" → \"OR\"\n\
             rule {id}: criterion removed: tag regular expression matches \"/^(EU)-/\"\n\
             rule {id}: action removed: assign is_recursive \"1\"\n"
        )
    );
    let shown = parc.json(&["rules", "show", &id]);
    assert_eq!(
        shown["criteria"],
        json!([{"criteria": "name", "condition": 4, "pattern": "pc-"}])
    );
    assert_eq!(shown["match"], "OR");
    assert_eq!(shown["id"], id.parse::<u64>().unwrap());
    let (_, err) = ok_with_stderr(&parc, &["rules", "edit", &id, "--match", "OR"]);
    assert_eq!(err, format!("rule {id}: nothing changed\n"));

    // Refused edits write nothing.
    let before = parc.json(&["rules", "show", &id]);
    for (args, expected) in [
        (
            vec!["--remove-criterion", "1"],
            "a rule needs at least one criterion",
        ),
        (vec!["--remove-criterion", "4"], "no criterion 4"),
        (
            vec!["--name", "Renamed", "--add-criterion", "color", "is", "x"],
            "unknown criterion \"color\"",
        ),
        (
            vec!["--add-criterion", "tag", "regex", "/(/"],
            "invalid regular expression",
        ),
        // GLPI 9's OCS plugin name for the inventory tag: one name per
        // criterion, the host's.
        (
            vec!["--add-criterion", "TAG", "is", "EU"],
            "unknown criterion \"TAG\" for RuleImportEntity (GLPI 10 and parc call it \"tag\")",
        ),
        (
            vec!["--add-criterion", "IPADDRESS", "cidr", "10.0.0.0/8"],
            "(GLPI 10 and parc call it \"ip\")",
        ),
        (
            vec!["--add-action", "assign", "nothing", "1"],
            "unknown action field \"nothing\"",
        ),
        (
            vec!["--add-criterion", "tag", "sounds_like", "x"],
            "unknown condition \"sounds_like\"",
        ),
    ] {
        let mut full = vec!["rules", "edit", id.as_str()];
        full.extend(args);
        let err = parc.fails(&full);
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert_eq!(parc.json(&["rules", "show", &id]), before);
    assert!(
        parc.fails(&["rules", "edit", "9999", "--name", "x"])
            .contains("no rule 9999")
    );

    // An edit that makes the rule catch everything names the rules it hides.
    let (later, _) = add_placed(
        &parc,
        &entity_rule(
            "Later",
            ["serial", "is", "S-1"],
            ["assign", "entities_id", "0"],
        ),
        &[],
    );
    let (_, err) = ok_with_stderr(
        &parc,
        &["rules", "edit", &id, "--criterion", "name", "regex", "/.*/"],
    );
    assert!(
        err.contains(&format!(
            "warning: rule {later} comes after rule {id} \"Europe\" (ranking 1), which always \
             matches"
        )),
        "{err}"
    );
}

/// `rules collections` says what fills each criterion and what each action
/// expects; plugins' criteria keep their labels.
#[test]
fn rules_collections_describe_criteria_and_actions() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    let collections = parc.json(&["rules", "collections"]);
    let collection = |name: &str| {
        collections
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["sub_type"] == name)
            .cloned()
            .unwrap()
    };
    let find = |list: &Value, key: &str, field: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c[key] == field)
            .cloned()
            .unwrap_or_else(|| panic!("no {field}"))
    };
    let entity = collection("RuleImportEntity");
    assert_eq!(entity["stop_on_first_match"], true);
    let tag = find(&entity["criteria"], "key", "tag");
    assert_eq!(tag["label"], "Inventory tag");
    assert!(tag["filled_by"].as_str().unwrap().contains("inventory tag"));
    let by_tag = find(&entity["actions"], "field", "_affect_entity_by_tag");
    assert_eq!(by_tag["action_type"], "regex_result");
    assert!(
        by_tag["expects"]
            .as_str()
            .unwrap()
            .contains("#0: the first capture group")
    );
    let greeting = find(&entity["criteria"], "key", "example_greeting");
    assert_eq!(greeting["label"], "Example: greeting");
    assert_eq!(greeting["plugin"], "example");
    assert!(
        greeting["filled_by"]
            .as_str()
            .unwrap()
            .contains("example plugin")
    );
    let asset = collection("RuleImportAsset");
    assert_eq!(asset["and_only"], true);
    let inventory = find(&asset["actions"], "field", "_inventory");
    let expects = inventory["expects"].as_str().unwrap();
    for value in [
        "0 = Link if possible",
        "1 = Link if possible, otherwise imports declined",
        "2 = Import denied",
    ] {
        assert!(expects.contains(value), "{expects}");
    }
    let text = parc.ok(&["rules", "collections"]);
    assert!(text.contains("RuleImportEntity: Rules for assigning an item to an entity"));
    assert!(text.contains("Entity from TAG (regex_result): a text naming an entity tag"));
    assert!(text.contains("Action types:"));
}

/// `rules import` of a file where one rule has a pattern parc cannot use
/// (GLPI saves invalid regular expressions): the others import, that one
/// is stored inactive with the reason in its comment and reported, and
/// the exit code is 3. Ids that point at nothing are refused whole, by
/// import and add alike.
fn import_keeps_invalid_patterns_inactive(backend: Backend) {
    let parc = Parc::new(backend);
    let rule = |uuid: &str, name: &str, pattern: &str, entity: &str| {
        json!({
            "uuid": uuid,
            "sub_type": "RuleImportEntity",
            "name": name,
            "criteria": [{"criteria": "tag", "condition": 6, "pattern": pattern}],
            "actions": [{"action_type": "assign", "field": "entities_id", "value": entity}],
        })
    };
    let file = parc.data_dir().join("glpi.json");
    let write = |rules: Value| std::fs::write(&file, rules.to_string()).unwrap();
    write(json!([
        rule("u-eu", "EU machines", "/^EU-/", "0"),
        rule("u-bad", "Broken", "/(unclosed/", "0"),
        rule("u-ahead", "Not test machines", "/^(?!test)/", "0"),
    ]));
    let output = parc.run(&["rules", "import", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("3 rule(s) imported"), "{stderr}");
    assert!(
        stderr.contains("\"Broken\" imported inactive: invalid regular expression \"/(unclosed/\""),
        "{stderr}"
    );
    let rules = parc.json(&["rules", "list"]);
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), 3);
    let broken = rules.iter().find(|r| r["name"] == "Broken").unwrap();
    assert_eq!(broken["is_active"], false);
    let id = broken["id"].to_string();
    let shown = parc.json(&["rules", "show", &id]);
    assert!(
        shown["comment"]
            .as_str()
            .unwrap()
            .starts_with("Imported inactive: invalid regular expression"),
        "{shown}"
    );
    // The look-ahead rule works (PCRE's syntax); the broken one is skipped.
    let e = parc.json(&["rules", "test", "RuleImportEntity", "tag=prod-1"]);
    assert_eq!(e["rule"]["name"], "Not test machines", "{e}");
    let e = parc.json(&["rules", "test", "RuleImportEntity", "tag=test-1"]);
    assert_eq!(e["rule"], Value::Null, "{e}");
    // Fixing the pattern drops the note.
    parc.ok(&[
        "rules",
        "edit",
        &id,
        "--criterion",
        "tag",
        "regex",
        "/^(B)-/",
    ]);
    parc.ok(&["rules", "enable", &id]);
    assert_eq!(parc.json(&["rules", "show", &id]).get("comment"), None);

    // An action pointing at entity 999: the whole file is refused.
    write(json!([
        rule("u-new", "New", "/^N-/", "0"),
        rule("u-999", "Nowhere", "/^X-/", "999"),
    ]));
    let err = parc.fails(&["rules", "import", file.to_str().unwrap()]);
    assert!(
        err.contains(
            "rule 2 (\"Nowhere\"): action entities_id: no entity 999; see `parc entity list`"
        ),
        "{err}"
    );
    assert_eq!(parc.json(&["rules", "list"]).as_array().unwrap().len(), 3);
    for (field, message) in [
        ("entities_id", "no entity 999"),
        ("locations_id", "no location 999"),
        ("users_id_tech", "no user 999"),
        ("groups_id_tech", "no group 999"),
    ] {
        let err = parc.fails(&[
            "rules",
            "add",
            "--collection",
            "RuleImportEntity",
            "--name",
            "x",
            "--criterion",
            "tag",
            "is",
            "x",
            "--action",
            "assign",
            field,
            "999",
        ]);
        assert!(err.contains(&format!("action {field}: {message}")), "{err}");
    }
    assert_eq!(parc.json(&["rules", "list"]).as_array().unwrap().len(), 3);
}

#[test]
fn import_keeps_invalid_patterns_inactive_on_sqlite() {
    import_keeps_invalid_patterns_inactive(Backend::Sqlite);
}

#[test]
fn import_keeps_invalid_patterns_inactive_on_mariadb() {
    import_keeps_invalid_patterns_inactive(Backend::MySql);
}
