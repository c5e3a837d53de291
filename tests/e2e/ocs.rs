//! The ocsinventoryng plugin, built and packed for real.

use parc_tests::{Backend, Parc, ocs_archive};
use serde_json::Value;

fn by_plugin<'a>(rows: &'a Value, plugin: &str) -> Vec<&'a Value> {
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["plugin"] == plugin)
        .collect()
}

/// Install without any OCS server (servers are data, not configuration):
/// NotActivated (4) with its tables, tasks, link rules and criteria;
/// activation adds Tools > OCS Inventory NG; the `ocsng` task has nothing
/// to do without a server; uninstall drops the tables and tasks.
fn lifecycle(backend: Backend) {
    let parc = Parc::new(backend);
    parc.drop_archive(ocs_archive());
    parc.ok(&["plugin", "install", "ocsinventoryng"]);
    assert_eq!(parc.state("ocsinventoryng"), 4);

    let tasks = parc.json(&["cron", "list"]);
    let tasks = by_plugin(&tasks, "ocsinventoryng");
    let task = |name: &str| {
        *tasks
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("task {name} registered"))
    };
    assert_eq!(tasks.len(), 2);
    assert_eq!(task("ocsng")["frequency"], 300);
    assert_eq!(task("CleanOldThreads")["frequency"], 3600);
    assert_eq!(task("CleanOldThreads")["param"], 24);

    let rules = parc.json(&["rules", "list"]);
    let rules = by_plugin(&rules, "ocsinventoryng");
    let names: Vec<&str> = rules.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "OCS: link by serial and UUID",
            "OCS: link by serial",
            "OCS: link by UUID",
            "OCS: link by MAC address",
            "OCS: import"
        ]
    );
    assert!(rules.iter().all(|r| r["sub_type"] == "RuleImportAsset"));

    parc.ok(&["plugin", "activate", "ocsinventoryng"]);
    assert_eq!(parc.state("ocsinventoryng"), 1);
    let menu = parc.json(&["menu", "list"]);
    assert_eq!(
        menu,
        serde_json::json!([{
            "sector": "tools",
            "plugin": "ocsinventoryng",
            "label": "OCS Inventory NG",
            "path": "/plugins/ocsinventoryng/front/ocsng"
        }])
    );

    parc.ok(&["cron", "run", "--force", "ocsng"]);
    parc.ok(&["cron", "run", "--force", "CleanOldThreads"]);
    let logs = parc.json(&["cron", "logs", "ocsng"]);
    let texts: Vec<&str> = logs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["content"].as_str())
        .collect();
    assert!(texts.contains(&"no active OCS server"), "{logs}");

    parc.ok(&["plugin", "deactivate", "ocsinventoryng"]);
    parc.ok(&["plugin", "uninstall", "ocsinventoryng"]);
    let plugin = parc.plugin("ocsinventoryng").unwrap();
    assert_eq!(plugin["state"], 2);
    assert!(
        plugin["reason"]
            .as_str()
            .unwrap()
            .contains("6 table(s) dropped"),
        "{plugin}"
    );
    let tasks = parc.json(&["cron", "list"]);
    assert!(by_plugin(&tasks, "ocsinventoryng").is_empty());
}

#[test]
fn ocs_plugin_lifecycle_on_sqlite() {
    lifecycle(Backend::Sqlite);
}

#[test]
fn ocs_plugin_lifecycle_on_mariadb() {
    lifecycle(Backend::MySql);
}
