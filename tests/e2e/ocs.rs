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

    servers(&parc);

    parc.ok(&["plugin", "deactivate", "ocsinventoryng"]);
    parc.ok(&["plugin", "uninstall", "ocsinventoryng"]);
    let plugin = parc.plugin("ocsinventoryng").unwrap();
    assert_eq!(plugin["state"], 2);
    assert!(
        plugin["reason"]
            .as_str()
            .unwrap()
            .contains("7 table(s) dropped"),
        "{plugin}"
    );
    let tasks = parc.json(&["cron", "list"]);
    assert!(by_plugin(&tasks, "ocsinventoryng").is_empty());
}

/// `server add` stores without connecting, with the password encrypted
/// (from stdin or the environment, never needed in argv), and gives each
/// server its RootEntityOcs rule at the next free ranking; `remove` takes
/// the rule away with the server.
fn servers(parc: &Parc) {
    use std::io::Write;
    let mut child = parc
        .command()
        .args([
            "ocsinventoryng",
            "server",
            "add",
            "PARIS",
            "--host",
            "127.0.0.1:1",
            "--database",
            "ocsweb",
            "--user",
            "ocs",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"s3cret-pw\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let paris: i64 = String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();

    let output = parc
        .command()
        .args([
            "ocsinventoryng",
            "server",
            "add",
            "LYON",
            "--host",
            "ocs-lyon",
        ])
        .env("PARC_OCS_PASSWORD", "lyon-pw")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    settings(parc);
    let err = parc.fails(&["ocsinventoryng", "server", "add", "PARIS", "--host", "x"]);
    assert!(err.contains("The OCSNG server already exists"), "{err}");

    let list = parc.json(&["ocsinventoryng", "server", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["PARIS", "LYON"]);
    assert_eq!(list[0]["id"], paris);
    assert_eq!(list[0]["ocs_db_host"], "127.0.0.1:1");
    assert_eq!(list[1]["ocs_db_name"], "ocsweb", "default database");
    assert_eq!(list[1]["ocs_db_user"], "ocsuser", "default user");
    assert_eq!(list[0]["is_active"], 1);
    assert_eq!(list[0]["cron_sync_number"], 500);
    assert!(list[0].get("ocs_db_passwd").is_none(), "never listed");
    assert_eq!(
        parc.scalar(
            "SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocsservers \
             WHERE ocs_db_passwd LIKE 'parc:v1:%' AND ocs_db_passwd NOT LIKE '%pw%'"
        ),
        2,
        "passwords are stored encrypted"
    );

    let rules = parc.json(&["rules", "list"]);
    let entity_rules: Vec<&Value> = by_plugin(&rules, "ocsinventoryng")
        .into_iter()
        .filter(|r| r["sub_type"] == "RuleImportEntity")
        .collect();
    let names: Vec<&str> = entity_rules
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["RootEntityOcs (PARIS)", "RootEntityOcs (LYON)"]);
    assert_eq!(
        entity_rules[0]["uuid"],
        format!("ocsinventoryng-rootentityocs-{paris}")
    );
    assert!(entity_rules[1]["ranking"].as_i64() > entity_rules[0]["ranking"].as_i64());

    parc.ok(&["ocsinventoryng", "server", "remove", "PARIS"]);
    let err = parc.fails(&["ocsinventoryng", "server", "remove", "PARIS"]);
    assert!(err.contains("no OCS server named PARIS"), "{err}");
    let rules = parc.json(&["rules", "list"]);
    let names: Vec<&str> = by_plugin(&rules, "ocsinventoryng")
        .iter()
        .filter(|r| r["sub_type"] == "RuleImportEntity")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["RootEntityOcs (LYON)"]);
    parc.ok(&["ocsinventoryng", "server", "remove", "LYON"]);
}

/// Step 4's options: GLPI's defaults (batch size aside), validated edits
/// under GLPI's column names, admin-info mappings, and the OCS checksum
/// mask recomputed from the options as GLPI does at every save.
fn settings(parc: &Parc) {
    let show = parc.json(&["ocsinventoryng", "server", "show", "LYON"]);
    assert_eq!(show["cron_sync_number"], 500);
    assert_eq!(show["import_monitor"], 0);
    assert_eq!(show["import_software"], 0);
    assert_eq!(show["import_disk"], 1);
    assert_eq!(show["deleted_behavior"], "1");
    assert_eq!(show["use_locks"], 1);
    assert!(show.get("ocs_db_passwd").is_none());
    // Every section but monitors, peripherals, printers and software.
    assert_eq!(show["checksum"], 524_287 - 64 - 1024 - 8192 - 65_536);

    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "LYON",
        "import_monitor=2",
        "import_software=1",
        "tag_limit=PARIS$LYON",
        "deleted_behavior=STATE_3",
        "cron_sync_number=1000",
        "admininfo.locations_id=TAG",
    ]);
    let show = parc.json(&["ocsinventoryng", "server", "show", "LYON"]);
    assert_eq!(show["import_monitor"], 2);
    assert_eq!(show["tag_limit"], "PARIS$LYON");
    assert_eq!(show["deleted_behavior"], "STATE_3");
    assert_eq!(show["cron_sync_number"], 1000);
    assert_eq!(
        show["admininfos"],
        serde_json::json!({"locations_id": "TAG"})
    );
    assert_eq!(show["checksum"], 524_287 - 1024 - 8192);

    // A bad value is refused with the accepted range; nothing is written.
    let err = parc.fails(&[
        "ocsinventoryng",
        "server",
        "edit",
        "LYON",
        "import_software=0",
        "import_monitor=7",
    ]);
    assert!(
        err.contains("import_monitor must be an integer from 0 to 4"),
        "{err}"
    );
    let show = parc.json(&["ocsinventoryng", "server", "show", "LYON"]);
    assert_eq!(show["import_software"], 1);
    assert_eq!(show["import_monitor"], 2);
}

#[test]
fn ocs_plugin_lifecycle_on_sqlite() {
    lifecycle(Backend::Sqlite);
}

#[test]
fn ocs_plugin_lifecycle_on_mariadb() {
    lifecycle(Backend::MySql);
}

/// `server test` runs GLPI's checks in order and exits 1 with GLPI's exact
/// message (English or French after the host locale) on the first failure:
/// unreachable server, TRACE_DELETED off (as OCS ships), missing rights of
/// the OCS user, inactive server; all good → GLPI's success messages and
/// the OCS version recorded.
#[test]
fn server_test_reports_glpi_checks_and_messages() {
    let ocs = parc_tests::ocs::upstream_schema();
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(ocs_archive());
    parc.ok(&["plugin", "install", "ocsinventoryng"]);
    parc.ok(&["plugin", "activate", "ocsinventoryng"]);
    let address = parc_tests::ocs::client_args();
    let host = address[0].trim_start_matches("--host=");
    let port = address[1].trim_start_matches("--port=");
    let server = format!("{host}:{port}");

    parc.ok(&[
        "ocsinventoryng",
        "server",
        "add",
        "DOWN",
        "--host",
        "127.0.0.1:1",
    ]);
    let stderr = parc.fails(&["ocsinventoryng", "server", "test", "DOWN"]);
    assert!(
        stderr.starts_with("Connection to the database failed\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot connect to MySQL server 127.0.0.1:1"),
        "{stderr}"
    );

    let add = |name: &str, user: &str, extra: &[&str]| {
        let mut args = vec![
            "ocsinventoryng",
            "server",
            "add",
            name,
            "--host",
            &server,
            "--database",
            ocs.name(),
            "--user",
            user,
        ];
        args.extend_from_slice(extra);
        let output = parc
            .command()
            .args(&args)
            .env(
                "PARC_OCS_PASSWORD",
                if user == "root" { "" } else { "ro-pw" },
            )
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    add("MAIN", "root", &[]);
    let stderr = parc.fails(&["ocsinventoryng", "server", "test", "MAIN"]);
    assert!(
        stderr.starts_with("Invalid OCSNG configuration (TRACE_DELETED must be active)\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("TRACE_DELETED = ON"),
        "how to fix it: {stderr}"
    );
    let output = parc
        .command()
        .args(["ocsinventoryng", "server", "test", "MAIN"])
        .env("PARC_LOCALE", "fr")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("Configuration OCSNG invalide (TRACE_DELETED doit être activé)\n"),
        "{stderr}"
    );

    ocs.execute("UPDATE config SET IVALUE = 1 WHERE NAME = 'TRACE_DELETED'");
    let stdout = parc.ok(&["ocsinventoryng", "server", "test", "MAIN"]);
    assert!(stdout.contains("GUI_VERSION: 7081\n"), "{stdout}");
    assert!(
        stdout.ends_with(
            "Connection to database successful\nValid OCSNG configuration and version\n"
        ),
        "{stdout}"
    );
    let checks = parc.json(&["ocsinventoryng", "server", "test", "MAIN"]);
    assert_eq!(checks["update_hardware"], true);
    assert_eq!(checks["delete_deleted_equiv"], true);
    let servers = parc.json(&["ocsinventoryng", "server", "list"]);
    assert_eq!(servers[1]["ocs_version"], "7081", "version recorded");

    // An OCS user that can read but not clear checksums.
    let user = format!("parc_ro_{}", std::process::id());
    ocs.execute(&format!(
        "DROP USER IF EXISTS '{user}'@'%'; CREATE USER '{user}'@'%' IDENTIFIED BY 'ro-pw'; \
         GRANT SELECT ON `{}`.* TO '{user}'@'%';",
        ocs.name()
    ));
    add("READONLY", &user, &[]);
    let stderr = parc.fails(&["ocsinventoryng", "server", "test", "READONLY"]);
    ocs.execute(&format!("DROP USER IF EXISTS '{user}'@'%'"));
    assert!(
        stderr.starts_with(
            "Access denied on database (Need write rights on hardware.CHECKSUM necessary)\n"
        ),
        "{stderr}"
    );

    add("OFF", "root", &["--inactive"]);
    let stderr = parc.fails(&["ocsinventoryng", "server", "test", "OFF"]);
    assert!(
        stderr.starts_with(
            "The selected server is not active. Import and synchronisation is not available\n"
        ),
        "{stderr}"
    );
}

/// `CleanOldThreads` (retention 24 hours by default) on a table with runs:
/// finished runs that ended before the retention go with their details;
/// recent ones and a run still going (no end time, however old) stay.
fn clean_old_threads(backend: Backend) {
    let parc = Parc::new(backend);
    parc.drop_archive(ocs_archive());
    parc.ok(&["plugin", "install", "ocsinventoryng"]);
    parc.ok(&["plugin", "activate", "ocsinventoryng"]);
    let hours_ago = |hours: i64| {
        if parc.database_url().starts_with("sqlite:") {
            format!("datetime('now', '-{hours} hours')")
        } else {
            format!("UTC_TIMESTAMP() - INTERVAL {hours} HOUR")
        }
    };
    // (id, start, end, status): 3 finished, 1 started.
    let runs = [
        (1, hours_ago(200), Some(hours_ago(199)), 3),
        (2, hours_ago(30), Some(hours_ago(25)), 3),
        (3, hours_ago(3), Some(hours_ago(2)), 3),
        (4, hours_ago(100), None, 1),
    ];
    for (id, start, end, status) in &runs {
        let end = end.as_deref().unwrap_or("NULL");
        parc.execute(&format!(
            "INSERT INTO glpi_plugin_ocsinventoryng_threads \
             (id, threadid, processid, start_time, end_time, status, origin) \
             VALUES ({id}, {id}, {id}, {start}, {end}, {status}, 'cli')"
        ));
        for ocsid in 1..=3 {
            parc.execute(&format!(
                "INSERT INTO glpi_plugin_ocsinventoryng_details \
                 (plugin_ocsinventoryng_threads_id, threadid, ocsid, computers_id, action) \
                 VALUES ({id}, {id}, {ocsid}, {ocsid}, 1)"
            ));
        }
    }
    let remaining = |table: &str| {
        parc.rows(&format!(
            "SELECT DISTINCT {} FROM glpi_plugin_ocsinventoryng_{table} ORDER BY 1",
            if table == "threads" {
                "id"
            } else {
                "plugin_ocsinventoryng_threads_id"
            }
        ))
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect::<Vec<_>>()
    };
    assert_eq!(remaining("threads"), ["1", "2", "3", "4"]);

    parc.ok(&["cron", "run", "--force", "CleanOldThreads"]);
    assert_eq!(remaining("threads"), ["3", "4"]);
    assert_eq!(remaining("details"), ["3", "4"]);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_details"),
        6
    );
    // Nothing more to clean: the recent run stays until it is 24 hours old.
    parc.ok(&["cron", "run", "--force", "CleanOldThreads"]);
    assert_eq!(remaining("threads"), ["3", "4"]);
}

#[test]
fn clean_old_threads_deletes_finished_runs_past_the_retention() {
    clean_old_threads(Backend::Sqlite);
}

#[test]
fn clean_old_threads_deletes_finished_runs_past_the_retention_on_mariadb() {
    clean_old_threads(Backend::MySql);
}
