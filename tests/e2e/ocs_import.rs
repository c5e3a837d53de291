//! Import and synchronisation against OCS databases written by the real
//! OCS server (`tests/fixtures/ocsinventoryng/fixtures`), loaded into MariaDB:
//! every computer as in OCS, day 2's edits, merges, deletions and new
//! machines through the `ocsng` task, rules deciding, TRACE_DELETED off,
//! an OCS server that goes away in the middle of a run, and a parc process
//! killed in the middle of one.

use std::collections::HashMap;

use parc_tests::mysql::MySqlDatabase;
use parc_tests::ocs::{fixture, load_fixture, server_address};
use parc_tests::proxy::Proxy;
use parc_tests::{Backend, Parc, ocs_archive};
use serde_json::Value;

/// parc with the plugin active and one server `main` on `address`/`db`,
/// importing software and monitors (unit management).
fn connected(backend: Backend, address: &str, ocs: &MySqlDatabase) -> Parc {
    let parc = Parc::new(backend);
    parc.drop_archive(ocs_archive());
    parc.ok(&["plugin", "install", "ocsinventoryng"]);
    parc.ok(&["plugin", "activate", "ocsinventoryng"]);
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "add",
        "main",
        "--host",
        address,
        "--database",
        ocs.name(),
        "--user",
        "root",
        "--password",
        "",
    ]);
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "import_software=1",
        "import_monitor=2",
    ]);
    parc
}

/// The number `label N` in a run summary line.
fn count(summary: &str, label: &str) -> i64 {
    let at = summary
        .find(&format!("{label} "))
        .unwrap_or_else(|| panic!("no {label:?} in {summary:?}"));
    summary[at + label.len() + 1..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn opt(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Software installations OCS holds for the machines matching `condition`
/// (on `software s`): one per machine, title and version, as parc stores
/// them.
fn ocs_installations(ocs: &MySqlDatabase, condition: &str) -> i64 {
    ocs.scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT DISTINCT s.HARDWARE_ID, n.NAME, v.VERSION FROM software s \
         JOIN software_name n ON n.ID = s.NAME_ID LEFT JOIN software_version v ON v.ID = s.VERSION_ID \
         WHERE n.NAME <> 'Unavailable' AND {condition}) i"
    ))
}

/// Every OCS machine is linked exactly once and its computer carries what
/// OCS holds: identity fields per computer, components, disks, ports,
/// monitors (unit management) and software as counts over the park.
fn assert_matches_ocs(parc: &Parc, ocs: &MySqlDatabase) {
    let machines = ocs.scalar("SELECT COUNT(*) FROM hardware WHERE DEVICEID NOT LIKE '\\_%'");
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        machines
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(DISTINCT ocsid) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        machines
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(DISTINCT computers_id) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        machines
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_computers WHERE is_dynamic = 1 AND is_deleted = 0"),
        machines
    );

    let expected: HashMap<String, Vec<Option<String>>> = ocs
        .rows(
            "SELECT h.ID, h.NAME, b.SSN, h.UUID, b.SMODEL, b.SMANUFACTURER, h.OSNAME \
             FROM hardware h LEFT JOIN bios b ON b.HARDWARE_ID = h.ID",
        )
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1..].iter().map(opt).collect()))
        .collect();
    let actual = parc.rows(
        "SELECT l.ocsid, c.name, c.serial, c.uuid, m.name, mf.name, os.name \
         FROM glpi_plugin_ocsinventoryng_ocslinks l \
         JOIN glpi_computers c ON c.id = l.computers_id \
         LEFT JOIN glpi_computermodels m ON m.id = c.computermodels_id \
         LEFT JOIN glpi_manufacturers mf ON mf.id = c.manufacturers_id \
         LEFT JOIN glpi_items_operatingsystems io ON io.itemtype = 'Computer' AND io.items_id = c.id \
         LEFT JOIN glpi_operatingsystems os ON os.id = io.operatingsystems_id",
    );
    assert_eq!(actual.len() as i64, machines);
    for row in &actual {
        let ocsid = row[0].clone().unwrap();
        let got: Vec<Option<String>> = row[1..].iter().map(opt).collect();
        assert_eq!(
            got, expected[&ocsid],
            "OCS computer {ocsid}: name, serial, uuid, model, manufacturer, OS"
        );
    }

    let pairs = [
        (
            "processors",
            "SELECT COUNT(*) FROM glpi_items_deviceprocessors WHERE itemtype = 'Computer'",
            "SELECT COUNT(*) FROM cpus",
        ),
        (
            "memory modules",
            "SELECT COUNT(*) FROM glpi_items_devicememories WHERE itemtype = 'Computer'",
            "SELECT COUNT(*) FROM memories WHERE CAPACITY + 0 > 0",
        ),
        (
            "hard drives",
            "SELECT COUNT(*) FROM glpi_items_deviceharddrives WHERE itemtype = 'Computer'",
            "SELECT COUNT(*) FROM storages WHERE DISKSIZE > 0 AND (TYPE IS NULL OR TYPE = '' \
             OR LOWER(TYPE) LIKE '%disk%' OR LOWER(TYPE) LIKE '%spare%' OR LOWER(TYPE) LIKE '%fixed%')",
        ),
        (
            "volumes",
            "SELECT COUNT(*) FROM glpi_items_disks WHERE itemtype = 'Computer'",
            "SELECT COUNT(*) FROM drives WHERE TRIM(LETTER) <> '' OR TRIM(TYPE) <> ''",
        ),
        (
            "network ports",
            "SELECT COUNT(*) FROM glpi_networkports WHERE itemtype = 'Computer'",
            "SELECT COUNT(*) FROM (SELECT DISTINCT HARDWARE_ID, DESCRIPTION, LOWER(MACADDR) \
             FROM networks) p",
        ),
        (
            "monitors with a serial (one row each, on one computer)",
            "SELECT COUNT(*) FROM glpi_monitors WHERE serial <> ''",
            "SELECT COUNT(DISTINCT SERIAL) FROM monitors WHERE SERIAL <> ''",
        ),
        (
            "monitors without a serial (one row per monitor reported)",
            "SELECT COUNT(*) FROM glpi_monitors WHERE serial IS NULL OR serial = ''",
            "SELECT COUNT(*) FROM monitors WHERE SERIAL IS NULL OR SERIAL = ''",
        ),
        (
            "monitor connections",
            "SELECT COUNT(*) FROM glpi_computers_items WHERE itemtype = 'Monitor'",
            "SELECT (SELECT COUNT(DISTINCT SERIAL) FROM monitors WHERE SERIAL <> '') + \
             (SELECT COUNT(*) FROM monitors WHERE SERIAL IS NULL OR SERIAL = '')",
        ),
        (
            "software installations",
            "SELECT COUNT(*) FROM glpi_items_softwareversions WHERE itemtype = 'Computer'",
            "SELECT COUNT(*) FROM (SELECT DISTINCT s.HARDWARE_ID, n.NAME, v.VERSION \
             FROM software s JOIN software_name n ON n.ID = s.NAME_ID \
             LEFT JOIN software_version v ON v.ID = s.VERSION_ID \
             WHERE n.NAME <> 'Unavailable') i",
        ),
    ];
    for (what, parc_sql, ocs_sql) in pairs {
        assert_eq!(parc.scalar(parc_sql), ocs.scalar(ocs_sql), "{what}");
    }
}

/// Day 1 imported into parc on `backend`: everything as in OCS, every
/// handled checksum bit cleared, and a second look finds nothing to do.
fn day1_import(backend: Backend) -> (Parc, MySqlDatabase) {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(backend, &server_address(), &ocs);
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    let hardware = ocs.scalar("SELECT COUNT(*) FROM hardware");
    assert_eq!(count(&summary, "imported"), hardware, "{summary}");
    assert_eq!(count(&summary, "failed"), 0, "{summary}");
    assert_matches_ocs(&parc, &ocs);
    let mask = parc.scalar("SELECT checksum FROM glpi_plugin_ocsinventoryng_ocsservers");
    assert!(mask > 0);
    assert_eq!(
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM hardware WHERE CHECKSUM & {mask} <> 0"
        )),
        0
    );
    let again = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&again, "synchronized"), 0, "{again}");
    let runs = parc.json(&["ocsinventoryng", "runs", "list"]);
    assert_eq!(runs[1]["imported"], hardware);
    assert_eq!(runs[1]["status"], "finished");
    (parc, ocs)
}

/// The day-2 dump loaded over day 1, then `ocsng` until it returns 0.
#[test]
fn day2_through_the_ocsng_task() {
    day2(Backend::Sqlite);
}

/// Days 1 and 2 with parc on MariaDB.
#[test]
fn day1_and_day2_on_mariadb() {
    day2(Backend::MySql);
}

fn day2(backend: Backend) {
    let (parc, ocs) = day1_import(backend);
    let plan: Value = serde_json::from_str(
        &std::fs::read_to_string(
            parc_tests::ocs::data_dir().join("fixtures/ocsweb-1k-day2.plan.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let computer_of: HashMap<String, String> = parc
        .rows("SELECT ocs_deviceid, computers_id FROM glpi_plugin_ocsinventoryng_ocslinks")
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    let computers_before = parc.scalar("SELECT COUNT(*) FROM glpi_computers");
    let modified = plan["modified"].as_array().unwrap();
    let of_kind =
        |kind: &str| -> Vec<&Value> { modified.iter().filter(|m| m["kind"] == kind).collect() };

    // A person renames one of the machines OCS will rename: the name is
    // locked. Another puts a machine OCS will update in the trash.
    let renames = of_kind("rename");
    let locked = &computer_of[renames[0]["deviceid"].as_str().unwrap()];
    parc.ok(&["computer", "edit", locked, "name=desk-of-the-director"]);
    let software = of_kind("software");
    let trashed = &computer_of[software[0]["deviceid"].as_str().unwrap()];
    parc.ok(&["computer", "delete", trashed]);
    // Small batches: the task has to come back several times.
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "cron_sync_number=30",
    ]);

    load_fixture(&ocs, "ocsweb-1k-day2");
    assert!(ocs.scalar("SELECT COUNT(*) FROM deleted_equiv") > 0);
    let mut outputs = Vec::new();
    for _ in 0..20 {
        let out = parc.ok(&["cron", "run", "--force", "ocsng"]);
        let finished = out.contains("no processing required");
        outputs.push(out);
        if finished {
            break;
        }
    }
    assert!(
        outputs.last().unwrap().contains("no processing required"),
        "{outputs:#?}"
    );
    assert!(
        outputs.iter().any(|o| o.contains("partially processed")),
        "{outputs:#?}"
    );

    assert_eq!(ocs.scalar("SELECT COUNT(*) FROM deleted_equiv"), 0);
    let hardware = ocs.scalar("SELECT COUNT(*) FROM hardware");
    let links = |sql: &str| {
        parc.scalar(&format!(
            "SELECT {sql} FROM glpi_plugin_ocsinventoryng_ocslinks"
        ))
    };
    assert_eq!(links("COUNT(*)"), hardware);
    assert_eq!(links("COUNT(DISTINCT ocsid)"), hardware);
    assert_eq!(links("COUNT(DISTINCT computers_id)"), hardware);
    let new = plan["new"].as_array().unwrap();
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_computers"),
        computers_before + new.len() as i64,
        "new machines imported once, merged ones not duplicated"
    );
    let link_of = |deviceid: &str| {
        parc.rows(&format!(
            "SELECT computers_id FROM glpi_plugin_ocsinventoryng_ocslinks WHERE ocs_deviceid = '{deviceid}'"
        ))
    };
    for m in new {
        assert_eq!(link_of(m["deviceid"].as_str().unwrap()).len(), 1, "{m}");
    }
    for m in plan["decommissioned"].as_array().unwrap() {
        let computer = &computer_of[m["deviceid"].as_str().unwrap()];
        assert_eq!(
            parc.scalar(&format!(
                "SELECT is_deleted FROM glpi_computers WHERE id = {computer}"
            )),
            1,
            "{m} goes to the trash"
        );
        assert!(link_of(m["deviceid"].as_str().unwrap()).is_empty(), "{m}");
    }
    for m in plan["reinstalled"].as_array().unwrap() {
        let old = &computer_of[m["old_deviceid"].as_str().unwrap()];
        let new = link_of(m["new_deviceid"].as_str().unwrap());
        assert_eq!(new.len(), 1, "{m}");
        assert_eq!(
            new[0][0].as_ref(),
            Some(old),
            "{m}: the link follows the merge"
        );
        assert_eq!(
            parc.scalar(&format!(
                "SELECT is_deleted FROM glpi_computers WHERE id = {old}"
            )),
            0
        );
    }
    let ocsid_of = |deviceid: &str| {
        ocs.scalar(&format!(
            "SELECT ID FROM hardware WHERE DEVICEID = '{deviceid}'"
        ))
    };
    for m in &renames {
        let computer = &computer_of[m["deviceid"].as_str().unwrap()];
        let name = parc.rows(&format!(
            "SELECT name FROM glpi_computers WHERE id = {computer}"
        ));
        let expected = if computer == locked {
            "desk-of-the-director"
        } else {
            m["renamed"][1].as_str().unwrap()
        };
        assert_eq!(name[0][0].as_deref(), Some(expected), "{m}");
    }
    for m in of_kind("software")
        .into_iter()
        .chain(of_kind("software+ram"))
    {
        let deviceid = m["deviceid"].as_str().unwrap();
        let computer = &computer_of[deviceid];
        assert_eq!(
            parc.scalar(&format!(
                "SELECT COUNT(*) FROM glpi_items_softwareversions WHERE itemtype = 'Computer' AND items_id = {computer}"
            )),
            ocs_installations(&ocs, &format!("s.HARDWARE_ID = {}", ocsid_of(deviceid))),
            "{m}"
        );
    }
    for m in of_kind("ram").into_iter().chain(of_kind("software+ram")) {
        let deviceid = m["deviceid"].as_str().unwrap();
        let computer = &computer_of[deviceid];
        assert_eq!(
            parc.scalar(&format!(
                "SELECT CAST(SUM(size) AS SIGNED) FROM glpi_items_devicememories WHERE itemtype = 'Computer' AND items_id = {computer}"
            )),
            ocs.scalar(&format!(
                "SELECT CAST(SUM(CAPACITY) AS SIGNED) FROM memories WHERE HARDWARE_ID = {} AND CAPACITY + 0 > 0",
                ocsid_of(deviceid)
            )),
            "{m}"
        );
    }
    // The computer a person trashed stays in the trash, linked and
    // synchronised; a trashed computer is not imported again.
    assert_eq!(
        parc.scalar(&format!(
            "SELECT is_deleted FROM glpi_computers WHERE id = {trashed}"
        )),
        1
    );
    assert_eq!(
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks WHERE computers_id = {trashed}"
        )),
        1
    );
    let import = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&import, "imported"), 0, "{import}");
    // Once purged, its OCS machine is new again; the purge left OCS alone
    // (allow_ocs_update is off by default).
    let trashed_ocsid = parc.scalar(&format!(
        "SELECT ocsid FROM glpi_plugin_ocsinventoryng_ocslinks WHERE computers_id = {trashed}"
    ));
    parc.ok(&["trash", "purge", trashed]);
    assert_eq!(
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM hardware WHERE ID = {trashed_ocsid}"
        )),
        1
    );
    let import = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&import, "imported"), 1, "{import}");

    let mask = parc.scalar("SELECT checksum FROM glpi_plugin_ocsinventoryng_ocsservers");
    assert_eq!(
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM hardware WHERE CHECKSUM & {mask} <> 0"
        )),
        0
    );
    let runs = parc.json(&["ocsinventoryng", "runs", "list", "--limit", "100"]);
    let runs = runs.as_array().unwrap();
    assert!(runs.iter().all(|r| r["status"] == "finished"), "{runs:#?}");
    assert!(runs.iter().any(|r| r["origin"] == "cron"));
    // Deletions and merges are counted apart, together one per row.
    let handled: i64 = runs
        .iter()
        .map(|r| r["deleted"].as_i64().unwrap() + r["merged"].as_i64().unwrap())
        .sum();
    assert_eq!(handled, ocs_deleted_equiv_rows(&plan));
    let merged: i64 = runs.iter().map(|r| r["merged"].as_i64().unwrap()).sum();
    assert_eq!(merged, plan["reinstalled"].as_array().unwrap().len() as i64);
}

/// Rows day 2 put in `deleted_equiv`: one per merge and per deletion.
fn ocs_deleted_equiv_rows(plan: &Value) -> i64 {
    (plan["reinstalled"].as_array().unwrap().len()
        + plan["decommissioned"].as_array().unwrap().len()) as i64
}

/// Adds a RuleImportEntity rule for the machines tagged `REMOTE` that
/// assigns `field` = `value`, first in the collection (before the server's
/// RootEntityOcs rule); returns its id.
/// Adds an entity rule for TAG REMOTE: placed last, after the server's
/// RootEntityOcs, it is reported as hidden for that server's machines;
/// moved first, it decides.
fn remote_machines_rule(parc: &Parc, name: &str, field: &str, value: &str) -> String {
    let output = parc.run(&[
        "rules",
        "add",
        "--collection",
        "RuleImportEntity",
        "--name",
        name,
        "--criterion",
        "tag",
        "is",
        "REMOTE",
        "--action",
        "assign",
        field,
        value,
    ]);
    assert!(output.status.success());
    let id = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    let warning = String::from_utf8(output.stderr).unwrap();
    assert!(
        warning.contains(&format!("warning: rule {id} comes after rule "))
            && warning.contains("\"RootEntityOcs (main)\"")
            && warning.contains(&format!(
                "matches every input where OCS_SERVER is \"1\": for those, rule {id} never fires"
            )),
        "{warning}"
    );
    parc.ok(&["rules", "rank", &id, "--first"]);
    id
}

/// Rules decide: a dry run explains and writes nothing; an entity rule
/// that refuses a TAG puts those machines in the not-imported list.
#[test]
fn rules_decide_and_dry_runs_write_nothing() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    let first = ocs.scalar("SELECT MIN(ID) FROM hardware");
    let decided = parc.json(&["ocsinventoryng", "import", "--dry-run", &first.to_string()]);
    let decision = &decided[0]["decisions"][0];
    assert_eq!(decision["ocsid"], first);
    assert_eq!(decision["outcome"], "imported");
    assert_eq!(decision["entities_id"], 0);
    assert_eq!(decision["entity_rule"], "RootEntityOcs (main)");
    assert!(!decision["explanation"].as_array().unwrap().is_empty());
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), 0);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_threads"),
        0
    );

    let id = remote_machines_rule(&parc, "No remote machines", "_ignore_import", "1");
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    let remote = ocs.scalar("SELECT COUNT(*) FROM accountinfo WHERE TAG = 'REMOTE'");
    let all = ocs.scalar("SELECT COUNT(*) FROM hardware");
    assert_eq!(count(&summary, "refused"), remote, "{summary}");
    assert_eq!(count(&summary, "imported"), all - remote, "{summary}");
    let refused = parc.json(&["ocsinventoryng", "notimported", "list"]);
    let refused = refused.as_array().unwrap();
    assert_eq!(refused.len() as i64, remote);
    assert!(
        refused
            .iter()
            .all(|r| r["outcome"] == "refused" && r["tag"] == "REMOTE")
    );
    let run = parc.json(&["ocsinventoryng", "runs", "show", "1"]);
    assert_eq!(run["details"].as_array().unwrap().len() as i64, all);

    // The rule goes: the refused machines import on the next run and
    // leave the not-imported list.
    parc.ok(&["rules", "delete", &id]);
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "imported"), remote, "{summary}");
    assert_eq!(
        parc.json(&["ocsinventoryng", "notimported", "list"]),
        serde_json::json!([])
    );
}

/// Two OCS machines in different batches report the serial of one
/// existing computer: the first links to it, the second (whose link rules
/// the reading thread evaluated before the first batch was written) is
/// imported, in a dry run as in a real one; never two links to one
/// computer.
#[test]
fn an_existing_computer_is_linked_once_across_batches() {
    linked_once(Backend::Sqlite, 1);
}

/// The same within one batch on MariaDB: the batch's searches go through
/// one prefetch, which reads MariaDB's unsigned ids.
#[test]
fn an_existing_computer_is_linked_once_within_a_batch_on_mariadb() {
    linked_once(Backend::MySql, 2);
}

fn linked_once(backend: Backend, batch: usize) {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(backend, &server_address(), &ocs);
    // Two machines with a BIOS (the serial's table).
    let first = ocs.scalar("SELECT MIN(HARDWARE_ID) FROM bios");
    let second = ocs.scalar(&format!(
        "SELECT MIN(HARDWARE_ID) FROM bios WHERE HARDWARE_ID > {first}"
    ));
    let serial = "PARC-TWIN-SERIAL-1";
    for machine in [first, second] {
        ocs.execute(&format!(
            "UPDATE bios SET SSN = '{serial}' WHERE HARDWARE_ID = {machine}"
        ));
    }
    let existing = parc.upsert(&serde_json::json!([{
        "entities_id": 0,
        "source": "a person",
        "inventory": {"general": {"name": "bought-last-year", "serial": serial}},
    }]));
    let existing = existing[0]["computers_id"].as_i64().unwrap();
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        &format!("cron_sync_number={batch}"),
    ]);
    let (first, second) = (first.to_string(), second.to_string());

    let decided = parc.json(&["ocsinventoryng", "import", "--dry-run", &first, &second]);
    let decisions = decided[0]["decisions"].as_array().unwrap();
    let outcomes: Vec<(&str, Option<i64>)> = decisions
        .iter()
        .map(|d| (d["outcome"].as_str().unwrap(), d["computers_id"].as_i64()))
        .collect();
    assert_eq!(
        outcomes,
        [("linked", Some(existing)), ("imported", None)],
        "{decided:#}"
    );

    let summary = parc.ok(&["ocsinventoryng", "import", &first, &second]);
    assert_eq!(count(&summary, "linked"), 1, "{summary}");
    assert_eq!(count(&summary, "imported"), 1, "{summary}");
    assert_eq!(
        parc.scalar(&format!(
            "SELECT ocsid FROM glpi_plugin_ocsinventoryng_ocslinks WHERE computers_id = {existing}"
        ))
        .to_string(),
        first
    );
    assert_eq!(
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_computers WHERE serial = '{serial}'"
        )),
        2
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(DISTINCT computers_id) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        2
    );
}

/// TRACE_DELETED off: the exact message, exit 1, nothing imported, the
/// refused run recorded; the task fails the same way.
#[test]
fn trace_deleted_off_refuses_with_the_message() {
    let ocs = fixture("ocsweb-1k-day1");
    ocs.execute("UPDATE config SET IVALUE = 0 WHERE NAME = 'TRACE_DELETED'");
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    let err = parc.fails(&["ocsinventoryng", "import", "--all"]);
    assert!(
        err.contains("Invalid OCSNG configuration (TRACE_DELETED must be active)"),
        "{err}"
    );
    let err = parc.fails(&["ocsinventoryng", "sync"]);
    assert!(err.contains("TRACE_DELETED must be active"), "{err}");
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), 0);
    let runs = parc.json(&["ocsinventoryng", "runs", "list"]);
    assert_eq!(runs[0]["status"], "error");
    assert!(
        runs[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("Invalid OCSNG configuration (TRACE_DELETED must be active)")
    );
    let out = parc.run(&["cron", "run", "--force", "ocsng"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("TRACE_DELETED must be active"), "{text}");
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), 0);
}

/// The OCS server goes away in the middle of an import: the run ends in
/// error, what was written is whole batches (every linked computer
/// complete, no computer without its link), and the next run completes.
#[test]
fn ocs_unreachable_mid_run_then_the_next_run_completes() {
    let ocs = fixture("ocsweb-1k-day1");
    let proxy = Proxy::start(&server_address());
    let parc = connected(Backend::Sqlite, &proxy.address(), &ocs);
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "cron_sync_number=50",
    ]);
    proxy.cut_after(1_500_000);
    let err = parc.fails(&["ocsinventoryng", "import", "--all"]);
    assert!(proxy.is_down(), "the proxy cut the connection");
    assert!(err.contains("main:"), "{err}");

    let linked = parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks");
    let all = ocs.scalar("SELECT COUNT(*) FROM hardware");
    assert!(linked > 0 && linked < all, "cut mid-run: {linked} of {all}");
    // Batches of 50 after a first one of 12 and a second of 25 (the
    // plugin ramps up to full batches); the cut comes before the ramp down.
    assert!(
        linked == 12 || (linked >= 37 && (linked - 37) % 50 == 0),
        "whole batches only: {linked}"
    );
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), linked);
    let ocsids: Vec<String> = parc
        .rows("SELECT ocsid FROM glpi_plugin_ocsinventoryng_ocslinks")
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect();
    let list = ocsids.join(",");
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_items_softwareversions WHERE itemtype = 'Computer'"),
        ocs_installations(&ocs, &format!("s.HARDWARE_ID IN ({list})")),
        "every written computer has all its software"
    );
    let runs = parc.json(&["ocsinventoryng", "runs", "list"]);
    assert_eq!(runs[0]["status"], "error", "{runs}");
    assert_eq!(runs[0]["imported"], linked);

    proxy.restore();
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "imported"), all - linked, "{summary}");
    assert_matches_ocs(&parc, &ocs);

    // A purge that must delete in OCS while OCS is down purges nothing.
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "allow_ocs_update=1",
    ]);
    proxy.cut();
    let computer = parc
        .scalar("SELECT MIN(computers_id) FROM glpi_plugin_ocsinventoryng_ocslinks")
        .to_string();
    let err = parc.fails(&["trash", "purge", "--force", &computer]);
    assert!(
        err.contains("plugin ocsinventoryng failed before the purge"),
        "{err}"
    );
    assert!(err.contains("nothing was purged"), "{err}");
    assert_eq!(
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_computers WHERE id = {computer}"
        )),
        1
    );
    assert_eq!(ocs.scalar("SELECT COUNT(*) FROM hardware"), all);
}

/// OCS 2.12 (the upstream schema with its updates, GUI_VERSION 7081) reads
/// like 2.11; so does the legacy `softwares` table of older servers.
#[test]
fn upstream_2_12_schema_and_legacy_software_table() {
    let ocs = parc_tests::ocs::upstream_schema();
    ocs.execute(
        "UPDATE config SET IVALUE = 1 WHERE NAME = 'TRACE_DELETED';
         INSERT INTO hardware (ID, DEVICEID, NAME, WORKGROUP, OSNAME, OSVERSION, OSCOMMENTS, MEMORY,
           SWAP, IPADDR, LASTDATE, LASTCOME, USERID, DESCRIPTION, USERAGENT, CHECKSUM, UUID, ARCH)
         VALUES (41, 'ws-2-12-2026-11-28-10-00-00', 'ws-2-12', 'corp.example.com',
           'Debian GNU/Linux 13', '13', 'Debian GNU/Linux 13 (trixie)', 8000, 1024, '10.1.2.3',
           '2026-11-28 10:00:00', '2026-11-28 10:00:00', 'alice', 'x86_64/00-01-02',
           'OCS-NG_unified_unix_agent_v2.10.2', 262143, 'UUID-2-12', 'x86_64');
         INSERT INTO bios (HARDWARE_ID, SMANUFACTURER, SMODEL, SSN, TYPE, BMANUFACTURER, BVERSION, BDATE)
         VALUES (41, 'Lenovo', 'ThinkCentre M70q', 'SN-2-12', 'Desktop', 'LENOVO', 'M3AKT5', '05/06/2024');
         INSERT INTO accountinfo (HARDWARE_ID, TAG) VALUES (41, 'LYON');
         INSERT INTO cpus (HARDWARE_ID, MANUFACTURER, TYPE, SPEED, CORES, LOGICAL_CPUS)
         VALUES (41, 'Intel', 'Intel(R) Core(TM) i5-12400T', '1800', 6, 12);
         INSERT INTO software_name (ID, NAME) VALUES (500, 'bash');
         INSERT INTO software_version (ID, VERSION) VALUES (500, '5.2.37');
         INSERT INTO software (HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID, INSTALLDATE, ARCHITECTURE)
         VALUES (41, 500, 1, 500, '2026-01-02 00:00:00', 'amd64');",
    );
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    let test = parc.json(&["ocsinventoryng", "server", "test", "main"]);
    assert_eq!(test["gui_version"], "7081");
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "imported"), 1, "{summary}");
    let computer = parc.rows(
        "SELECT c.name, c.serial, c.uuid, c.contact, p.designation, s.name, v.name, s.manufacturers_id \
         FROM glpi_computers c \
         JOIN glpi_items_deviceprocessors ip ON ip.items_id = c.id \
         JOIN glpi_deviceprocessors p ON p.id = ip.deviceprocessors_id \
         JOIN glpi_items_softwareversions iv ON iv.items_id = c.id \
         JOIN glpi_softwareversions v ON v.id = iv.softwareversions_id \
         JOIN glpi_softwares s ON s.id = v.softwares_id",
    );
    assert_eq!(
        computer,
        vec![vec![
            Some("ws-2-12".to_owned()),
            Some("SN-2-12".to_owned()),
            Some("UUID-2-12".to_owned()),
            Some("alice".to_owned()),
            Some("Intel(R) Core(TM) i5-12400T".to_owned()),
            Some("bash".to_owned()),
            Some("5.2.37".to_owned()),
            // OCS's "Unavailable" publisher is no publisher.
            Some("0".to_owned()),
        ]]
    );

    // An older server: software in one `softwares` table.
    ocs.execute(
        "RENAME TABLE software_name TO software_name_unused;
         CREATE TABLE softwares (ID INT NOT NULL AUTO_INCREMENT PRIMARY KEY, HARDWARE_ID INT NOT NULL,
           PUBLISHER VARCHAR(255), NAME VARCHAR(255), VERSION VARCHAR(255), FOLDER TEXT,
           COMMENTS TEXT, FILENAME VARCHAR(255), FILESIZE INT DEFAULT 0, SOURCE INT,
           GUID VARCHAR(255), LANGUAGE VARCHAR(255), INSTALLDATE DATETIME, BITSWIDTH INT);
         INSERT INTO hardware (ID, DEVICEID, NAME, LASTDATE, LASTCOME, CHECKSUM)
         VALUES (42, 'old-pc-2026-11-28-11-00-00', 'old-pc', '2026-11-28 11:00:00',
           '2026-11-28 11:00:00', 262143);
         INSERT INTO bios (HARDWARE_ID, SSN) VALUES (42, 'SN-OLD');
         INSERT INTO softwares (HARDWARE_ID, PUBLISHER, NAME, VERSION, INSTALLDATE)
         VALUES (42, 'Mozilla', 'Firefox', '115.0', '2025-06-01 00:00:00'),
                (42, NULL, 'Notepad++', '8.6', NULL);",
    );
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "imported"), 1, "{summary}");
    let titles = parc.rows(
        "SELECT s.name FROM glpi_computers c \
         JOIN glpi_items_softwareversions iv ON iv.items_id = c.id \
         JOIN glpi_softwareversions v ON v.id = iv.softwareversions_id \
         JOIN glpi_softwares s ON s.id = v.softwares_id WHERE c.name = 'old-pc' ORDER BY s.name",
    );
    assert_eq!(
        titles,
        vec![
            vec![Some("Firefox".to_owned())],
            vec![Some("Notepad++".to_owned())]
        ]
    );
}

/// The list of new computers pages by OCS id and filters by TAG and name;
/// deletions follow `deleted_behavior` (here a status instead of the
/// trash), also for the `'NULL'` string older plugins wrote.
#[test]
fn new_computers_list_and_deleted_behavior_status() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    let first = parc.json(&["ocsinventoryng", "new", "--limit", "5"]);
    let first = first.as_array().unwrap();
    assert_eq!(first.len(), 5);
    let ids: Vec<i64> = first.iter().map(|r| r["ocsid"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let after = ids[4].to_string();
    let next = parc.json(&["ocsinventoryng", "new", "--limit", "5", "--after", &after]);
    assert!(next[0]["ocsid"].as_i64().unwrap() > ids[4]);
    let remote = parc.json(&[
        "ocsinventoryng",
        "new",
        "--limit",
        "2000",
        "--tag",
        "REMOTE",
    ]);
    assert_eq!(
        remote.as_array().unwrap().len() as i64,
        ocs.scalar("SELECT COUNT(*) FROM accountinfo WHERE TAG = 'REMOTE'")
    );
    let named = parc.json(&[
        "ocsinventoryng",
        "new",
        "--name",
        "lyo-lt",
        "--limit",
        "2000",
    ]);
    assert_eq!(
        named.as_array().unwrap().len() as i64,
        ocs.scalar("SELECT COUNT(*) FROM hardware WHERE NAME LIKE '%LYO-LT%'")
    );

    let picked: Vec<String> = ids[..3].iter().map(i64::to_string).collect();
    let mut args = vec!["ocsinventoryng", "import"];
    args.extend(picked.iter().map(String::as_str));
    let summary = parc.ok(&args);
    assert_eq!(count(&summary, "imported"), 3, "{summary}");
    let listed = parc.json(&["ocsinventoryng", "new", "--limit", "2000"]);
    assert_eq!(
        listed.as_array().unwrap().len() as i64,
        ocs.scalar("SELECT COUNT(*) FROM hardware") - 3
    );

    parc.execute("INSERT INTO glpi_states (id, name) VALUES (7, 'Removed from OCS')");
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "deleted_behavior=STATE_7",
    ]);
    ocs.execute(&format!(
        "INSERT INTO deleted_equiv (DELETED, EQUIVALENT) VALUES ('{}', NULL), ('{}', 'NULL')",
        ids[0], ids[1]
    ));
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&summary, "deleted"), 2, "{summary}");
    assert_eq!(ocs.scalar("SELECT COUNT(*) FROM deleted_equiv"), 0);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_computers WHERE states_id = 7 AND is_deleted = 0"),
        2
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        1
    );

    // allow_ocs_update on: purging the last linked computer deletes its
    // machine in OCS, from every table.
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "allow_ocs_update=1",
    ]);
    let computer = parc.scalar("SELECT computers_id FROM glpi_plugin_ocsinventoryng_ocslinks");
    let ocsid = ids[2];
    assert!(
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM software WHERE HARDWARE_ID = {ocsid}"
        )) > 0
    );
    parc.ok(&["trash", "purge", "--force", &computer.to_string()]);
    assert_eq!(
        ocs.scalar(&format!("SELECT COUNT(*) FROM hardware WHERE ID = {ocsid}")),
        0
    );
    for table in ["bios", "software", "cpus", "networks", "accountinfo"] {
        assert_eq!(
            ocs.scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE HARDWARE_ID = {ocsid}"
            )),
            0,
            "{table}"
        );
    }
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        0
    );
}

/// Import options: TAG filters, TAG → location (administrative
/// information), monitors by serial only (mode 3), no software.
#[test]
fn tag_filters_admin_info_and_monitor_mode_3() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "tag_exclude=REMOTE",
        "import_monitor=3",
        "import_software=0",
        "admininfo.locations_id=TAG",
        "admininfo.groups_id=TAG",
    ]);
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    let kept = "SELECT HARDWARE_ID FROM accountinfo WHERE TAG <> 'REMOTE'";
    assert_eq!(
        count(&summary, "imported"),
        ocs.scalar(&format!("SELECT COUNT(*) FROM ({kept}) k")),
        "{summary}"
    );
    let by_location = parc.rows(
        "SELECT l.name, COUNT(*) FROM glpi_computers c JOIN glpi_locations l ON l.id = c.locations_id \
         GROUP BY l.name ORDER BY l.name",
    );
    let expected = ocs.rows(
        "SELECT TAG, COUNT(*) FROM accountinfo WHERE TAG <> 'REMOTE' GROUP BY TAG ORDER BY TAG",
    );
    assert_eq!(by_location, expected);
    let by_group = parc.rows(
        "SELECT g.completename, COUNT(*) FROM glpi_computers c JOIN glpi_groups g ON g.id = c.groups_id \
         GROUP BY g.completename ORDER BY g.completename",
    );
    assert_eq!(by_group, expected);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_monitors WHERE serial IS NULL OR serial = ''"),
        0,
        "mode 3 skips monitors without a serial"
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_monitors"),
        ocs.scalar(&format!(
            "SELECT COUNT(DISTINCT SERIAL) FROM monitors WHERE SERIAL <> '' AND HARDWARE_ID IN ({kept})"
        ))
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_items_softwareversions"),
        0
    );
    // The excluded TAG stays out of the task's imports too.
    let out = parc.ok(&["cron", "run", "--force", "ocsng"]);
    assert!(out.contains("no processing required"), "{out}");

    // use_locks off: a name edited in parc is overwritten by OCS's.
    let (computer, ocsid) = {
        let row = parc.rows("SELECT computers_id, ocsid FROM glpi_plugin_ocsinventoryng_ocslinks ORDER BY ocsid LIMIT 1");
        (row[0][0].clone().unwrap(), row[0][1].clone().unwrap())
    };
    parc.ok(&["computer", "edit", &computer, "name=edited-in-parc"]);
    parc.ok(&["ocsinventoryng", "server", "edit", "main", "use_locks=0"]);
    ocs.execute(&format!(
        "UPDATE hardware SET NAME = 'renamed-in-ocs', LASTDATE = LASTDATE + INTERVAL 1 DAY, \
         CHECKSUM = CHECKSUM | 1 WHERE ID = {ocsid}"
    ));
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&summary, "synchronized"), 1, "{summary}");
    let name = parc.rows(&format!(
        "SELECT name FROM glpi_computers WHERE id = {computer}"
    ));
    assert_eq!(name[0][0].as_deref(), Some("renamed-in-ocs"));
}

/// Peripherals (OCS `inputs`) per unit and printers as global items: each
/// reported peripheral connected once, identical printers sharing one row,
/// and a peripheral gone from OCS disconnected at the next sync. Modems,
/// slots and ports become "other components", kept whole when only one
/// of their tables changes. Registry values follow OCS.
fn linked_objects_and_other_components(backend: Backend) {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(backend, &server_address(), &ocs);
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "import_periph=2",
        "import_printer=1",
        "import_monitor=0",
        "import_software=0",
    ]);
    // The fixture has no printers: three machines get some, two of them
    // the same model.
    let first: Vec<i64> = ocs
        .rows("SELECT ID FROM hardware ORDER BY ID LIMIT 3")
        .into_iter()
        .map(|r| r[0].as_deref().unwrap().parse().unwrap())
        .collect();
    ocs.execute(&format!(
        "INSERT INTO printers (HARDWARE_ID, NAME, DRIVER, PORT, DESCRIPTION) VALUES \
         ({a}, 'HP LaserJet 4000', 'HP PCL6', 'USB001', NULL), \
         ({b}, 'HP LaserJet 4000', 'HP PCL6', 'USB001', NULL), \
         ({c}, 'Canon iR-ADV C5535', 'Canon Generic Plus', 'IP_10.0.0.7', 'floor 2')",
        a = first[0],
        b = first[1],
        c = first[2]
    ));
    ocs.execute(&format!(
        "INSERT INTO modems (HARDWARE_ID, NAME, MODEL, DESCRIPTION, TYPE) VALUES \
         ({a}, 'Sierra EM7455', 'EM7455', 'LTE modem', 'WWAN'); \
         INSERT INTO slots (HARDWARE_ID, NAME, DESCRIPTION, DESIGNATION) VALUES \
         ({a}, 'PCIe x16', 'System Slot', 'J6B2'); \
         INSERT INTO ports (HARDWARE_ID, TYPE, NAME, CAPTION, DESCRIPTION) VALUES \
         ({a}, 'Serial', 'COM1', 'Communications Port', NULL); \
         INSERT INTO regconfig (NAME, REGTREE, REGKEY, REGVALUE) VALUES \
         ('AgentVersion', 2, 'SOFTWARE/Contoso/Agent', 'Version'); \
         INSERT INTO registry (HARDWARE_ID, NAME, REGVALUE) VALUES ({a}, 'AgentVersion', '1.2.3')",
        a = first[0]
    ));
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "failed"), 0, "{summary}");
    let other_components = |parc: &Parc| {
        parc.rows(&format!(
            "SELECT d.designation FROM glpi_items_devicepcis i \
             JOIN glpi_devicepcis d ON d.id = i.devicepcis_id \
             JOIN glpi_plugin_ocsinventoryng_ocslinks l ON l.computers_id = i.items_id \
             WHERE i.itemtype = 'Computer' AND i.is_dynamic = 1 AND l.ocsid = {} \
             ORDER BY d.designation",
            first[0]
        ))
    };
    let designations = |names: &[&str]| -> Vec<Vec<Option<String>>> {
        names.iter().map(|n| vec![Some((*n).to_owned())]).collect()
    };
    assert_eq!(
        other_components(&parc),
        designations(&["COM1", "PCIe x16", "Sierra EM7455"])
    );
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_items_devicepcis"), 3);
    let registry = |parc: &Parc| {
        parc.rows(
            "SELECT l.ocsid, r.hive, r.path, r.value, r.ocs_name \
             FROM glpi_plugin_ocsinventoryng_registrykeys r \
             JOIN glpi_plugin_ocsinventoryng_ocslinks l ON l.computers_id = r.computers_id",
        )
    };
    let key = |value: &str| {
        vec![vec![
            Some(first[0].to_string()),
            Some("2".to_owned()),
            Some("SOFTWARE/Contoso/Agent".to_owned()),
            Some(value.to_owned()),
            Some("AgentVersion".to_owned()),
        ]]
    };
    assert_eq!(registry(&parc), key("1.2.3"));
    // Only the slots (and the registry) changed: the modem and the port
    // stay.
    ocs.execute(&format!(
        "DELETE FROM slots WHERE HARDWARE_ID = {a}; \
         UPDATE registry SET REGVALUE = '1.3.0' WHERE HARDWARE_ID = {a}; \
         UPDATE hardware SET CHECKSUM = CHECKSUM | 8 | 16 WHERE ID = {a}",
        a = first[0]
    ));
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&summary, "synchronized"), 1, "{summary}");
    assert_eq!(
        other_components(&parc),
        designations(&["COM1", "Sierra EM7455"])
    );
    assert_eq!(registry(&parc), key("1.3.0"));

    let named = "COALESCE(NULLIF(TRIM(CAPTION), ''), NULLIF(TRIM(DESCRIPTION), '')) IS NOT NULL";
    let reported = ocs.scalar(&format!("SELECT COUNT(*) FROM inputs WHERE {named}"));
    assert!(reported > 100, "the fixture reports peripherals");
    let per_computer = |parc: &Parc| {
        parc.rows(
            "SELECT l.ocsid, COUNT(*) FROM glpi_computers_items ci \
             JOIN glpi_plugin_ocsinventoryng_ocslinks l ON l.computers_id = ci.computers_id \
             WHERE ci.itemtype = 'Peripheral' AND ci.is_dynamic = 1 \
             GROUP BY l.ocsid ORDER BY l.ocsid",
        )
    };
    // Named peripherals per machine, as OCS reports them now.
    let in_ocs = || {
        ocs.rows(&format!(
            "SELECT HARDWARE_ID, COUNT(*) FROM inputs WHERE {named} \
             GROUP BY HARDWARE_ID ORDER BY HARDWARE_ID"
        ))
    };
    let expected = in_ocs();
    assert_eq!(per_computer(&parc), expected);
    // Unit management: a row per reported peripheral, dynamic, in the
    // computer's entity.
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_peripherals WHERE is_dynamic = 1 AND is_global = 0"),
        reported
    );
    assert_eq!(
        parc.scalar(
            "SELECT COUNT(*) FROM glpi_peripherals p JOIN glpi_peripheraltypes t \
             ON t.id = p.peripheraltypes_id"
        ),
        ocs.scalar(&format!(
            "SELECT COUNT(*) FROM inputs WHERE {named} AND TRIM(COALESCE(TYPE, '')) <> ''"
        ))
    );
    // Global printers: one row per model, connected to each machine.
    assert_eq!(
        parc.rows("SELECT name, is_global FROM glpi_printers ORDER BY name"),
        vec![
            vec![Some("Canon iR-ADV C5535".to_owned()), Some("1".to_owned())],
            vec![Some("HP LaserJet 4000".to_owned()), Some("1".to_owned())],
        ]
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_computers_items WHERE itemtype = 'Printer'"),
        3
    );
    let model = parc.rows(
        "SELECT m.name FROM glpi_printers p JOIN glpi_printermodels m ON m.id = p.printermodels_id \
         WHERE p.name = 'HP LaserJet 4000'",
    );
    assert_eq!(model, vec![vec![Some("HP PCL6".to_owned())]]);

    // A peripheral unplugged in OCS is disconnected at the next sync and,
    // with deconnection_behavior=trash, goes to the trash; nothing is
    // duplicated.
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "deconnection_behavior=trash",
    ]);
    let machine = expected[0][0].clone().unwrap();
    ocs.execute(&format!(
        "DELETE FROM inputs WHERE HARDWARE_ID = {machine} AND {named} ORDER BY ID LIMIT 1"
    ));
    ocs.execute(&format!(
        "UPDATE hardware SET LASTDATE = LASTDATE + INTERVAL 1 DAY, CHECKSUM = CHECKSUM | 1024 \
         WHERE ID = {machine}"
    ));
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&summary, "synchronized"), 1, "{summary}");
    let after = in_ocs();
    assert_eq!(per_computer(&parc), after);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_peripherals"),
        reported
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_peripherals WHERE is_deleted = 1"),
        1
    );
    // With delete, the next unplugged one is deleted for good.
    parc.ok(&[
        "ocsinventoryng",
        "server",
        "edit",
        "main",
        "deconnection_behavior=delete",
    ]);
    let other = expected[1][0].clone().unwrap();
    ocs.execute(&format!(
        "DELETE FROM inputs WHERE HARDWARE_ID = {other} AND {named} ORDER BY ID LIMIT 1; \
         UPDATE hardware SET CHECKSUM = CHECKSUM | 1024 WHERE ID = {other}"
    ));
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&summary, "synchronized"), 1, "{summary}");
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_peripherals"),
        reported - 1
    );
    let after = in_ocs();
    assert_eq!(per_computer(&parc), after);
    let again = parc.ok(&["ocsinventoryng", "sync", "--all"]);
    assert_eq!(count(&again, "failed"), 0, "{again}");
    assert_eq!(per_computer(&parc), after);
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_printers"), 2);
}

#[test]
fn peripherals_printers_and_other_components_on_sqlite() {
    linked_objects_and_other_components(Backend::Sqlite);
}

#[test]
fn peripherals_printers_and_other_components_on_mariadb() {
    linked_objects_and_other_components(Backend::MySql);
}

/// A batch the host refuses (here: an entity rule naming an entity that
/// was removed behind the rules' back, as a SQL script or another tool
/// would; parc itself refuses to save a rule naming a missing entity) is
/// retried computer by computer: the others are imported, the refused ones
/// fail alone with the host's reason, in the run and in the not-imported
/// list.
#[test]
fn a_computer_the_host_refuses_fails_alone() {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    let entity = parc.ok(&["entity", "add", "Remote"]).trim().to_owned();
    remote_machines_rule(
        &parc,
        "Remote machines to a deleted entity",
        "entities_id",
        &entity,
    );
    parc.execute(&format!("DELETE FROM glpi_entities WHERE id = {entity}"));
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    let remote = ocs.scalar("SELECT COUNT(*) FROM accountinfo WHERE TAG = 'REMOTE'");
    let all = ocs.scalar("SELECT COUNT(*) FROM hardware");
    assert!(remote > 0);
    assert_eq!(count(&summary, "failed"), remote, "{summary}");
    assert_eq!(count(&summary, "imported"), all - remote, "{summary}");
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_computers"),
        all - remote
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        all - remote
    );
    // The run's details say the same: a computer that could not be
    // written is "failed" there too, never "imported".
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_details WHERE action = 3"),
        remote
    );
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_details WHERE action = 0"),
        all - remote
    );
    let failed = parc.json(&["ocsinventoryng", "notimported", "list"]);
    let failed = failed.as_array().unwrap();
    assert_eq!(failed.len() as i64, remote);
    assert!(
        failed
            .iter()
            .all(|r| r["tag"] == "REMOTE"
                && r["reason"].as_str().unwrap_or_default().contains(&entity)),
        "{failed:#?}"
    );
}

/// parc killed (SIGKILL) in the middle of an import loses nothing: the
/// batches it committed stay whole (each computer with its link), and the
/// next run imports exactly the rest.
#[test]
fn a_killed_import_loses_nothing_and_the_next_run_completes() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(Backend::Sqlite, &server_address(), &ocs);
    let all = ocs.scalar("SELECT COUNT(*) FROM hardware");
    let links = "SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_ocslinks";
    let mut import = parc
        .command()
        .args(["ocsinventoryng", "import", "--all"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while parc.scalar(links) == 0 {
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import ended before a first batch was seen"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(10));
    }
    import.kill().unwrap();
    import.wait().unwrap();

    let linked = parc.scalar(links);
    assert!(linked > 0 && linked < all, "{linked} of {all}");
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), linked);
    assert_eq!(
        parc.scalar(
            "SELECT COUNT(*) FROM glpi_computers c JOIN glpi_plugin_ocsinventoryng_ocslinks l \
             ON l.computers_id = c.id"
        ),
        linked,
        "every committed computer has its link"
    );

    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "imported"), all - linked, "{summary}");
    assert_eq!(count(&summary, "failed"), 0, "{summary}");
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), all);
    assert_eq!(
        parc.scalar("SELECT COUNT(DISTINCT ocsid) FROM glpi_plugin_ocsinventoryng_ocslinks"),
        all
    );
    assert_eq!(parc.scalar(links), all);
    // The killed run is closed, in error, by the next one; its counts are
    // those of the batches it committed.
    let runs = parc.json(&["ocsinventoryng", "runs", "list"]);
    let killed = runs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == 1)
        .unwrap();
    assert_eq!(killed["status"], "error", "{killed}");
    assert!(
        killed["error"]
            .as_str()
            .unwrap()
            .starts_with("interrupted: process"),
        "{killed}"
    );
    assert_eq!(killed["imported"], linked, "{killed}");
}

/// What a `sync --all` could touch: history rows, connections, monitors
/// and their connections' computers.
fn park_state(parc: &Parc) -> (i64, i64, i64, Vec<Vec<Option<String>>>) {
    (
        parc.scalar("SELECT COUNT(*) FROM glpi_logs"),
        parc.scalar("SELECT COUNT(*) FROM glpi_computers_items"),
        parc.scalar("SELECT COUNT(*) FROM glpi_monitors"),
        parc.rows(
            "SELECT id, items_id, computers_id, itemtype, is_deleted FROM glpi_computers_items \
             ORDER BY id",
        ),
    )
}

/// A monitor serial several machines report (the fixture's hot-desk
/// screens, `HOTDESK00nn`, each plugged into up to 11 laptops): one
/// monitor, connected to the machine OCS inventoried last, and a
/// `sync --all` of unchanged OCS data writes nothing, however often. When
/// another of those machines is inventoried later, the monitor moves to it.
fn shared_monitor_serials(backend: Backend) {
    let ocs = fixture("ocsweb-1k-day1");
    let parc = connected(backend, &server_address(), &ocs);
    let summary = parc.ok(&["ocsinventoryng", "import", "--all"]);
    assert_eq!(count(&summary, "failed"), 0, "{summary}");

    // Per shared serial, the machine with the newest LASTDATE (the fixture
    // has no tie at the top).
    let newest = ocs.rows(
        "SELECT m.SERIAL, h.ID FROM monitors m JOIN hardware h ON h.ID = m.HARDWARE_ID \
         WHERE m.SERIAL IN (SELECT SERIAL FROM monitors WHERE SERIAL <> '' \
           GROUP BY SERIAL HAVING COUNT(DISTINCT HARDWARE_ID) > 1) \
         AND h.LASTDATE = (SELECT MAX(h2.LASTDATE) FROM monitors m2 \
           JOIN hardware h2 ON h2.ID = m2.HARDWARE_ID WHERE m2.SERIAL = m.SERIAL)",
    );
    assert!(newest.len() >= 20, "{newest:?}");
    for row in &newest {
        let (serial, ocsid) = (row[0].clone().unwrap(), row[1].clone().unwrap());
        assert_eq!(
            parc.scalar(&format!(
                "SELECT COUNT(*) FROM glpi_monitors WHERE serial = '{serial}'"
            )),
            1,
            "{serial}"
        );
        let holders = parc.rows(&format!(
            "SELECT ci.computers_id FROM glpi_computers_items ci \
             JOIN glpi_monitors m ON m.id = ci.items_id AND ci.itemtype = 'Monitor' \
             WHERE m.serial = '{serial}'"
        ));
        let newest_computer = parc.scalar(&format!(
            "SELECT computers_id FROM glpi_plugin_ocsinventoryng_ocslinks WHERE ocsid = {ocsid}"
        ));
        assert_eq!(
            holders,
            vec![vec![Some(newest_computer.to_string())]],
            "{serial} is on the machine inventoried last"
        );
    }

    let before = park_state(&parc);
    for _ in 0..2 {
        let again = parc.ok(&["ocsinventoryng", "sync", "--all"]);
        assert_eq!(count(&again, "failed"), 0, "{again}");
        let after = park_state(&parc);
        assert_eq!(
            (after.0, after.1, after.2),
            (before.0, before.1, before.2),
            "{again}"
        );
        assert!(after.3 == before.3, "connections moved: {again}");
    }

    // The screen is plugged into another of its laptops, which OCS then
    // inventories: the monitor follows, with one history row on each side.
    let serial = newest[0][0].clone().unwrap();
    let other = ocs.scalar(&format!(
        "SELECT MIN(HARDWARE_ID) FROM monitors WHERE SERIAL = '{serial}' \
         AND HARDWARE_ID <> {}",
        newest[0][1].clone().unwrap()
    ));
    ocs.execute(&format!(
        "UPDATE hardware SET LASTDATE = LASTDATE + INTERVAL 1 DAY, CHECKSUM = CHECKSUM | 65 \
         WHERE ID = {other}"
    ));
    let computer = |ocsid: &str| {
        parc.scalar(&format!(
            "SELECT computers_id FROM glpi_plugin_ocsinventoryng_ocslinks WHERE ocsid = {ocsid}"
        ))
    };
    let (old_holder, new_holder) = (
        computer(newest[0][1].as_deref().unwrap()),
        computer(&other.to_string()),
    );
    let logs = |computer: i64, action: i64| {
        parc.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_logs WHERE itemtype = 'Computer' AND items_id = {computer} \
             AND itemtype_link = 'Monitor' AND linked_action = {action}"
        ))
    };
    let (disconnects, connects) = (logs(old_holder, 6), logs(new_holder, 7));
    let summary = parc.ok(&["ocsinventoryng", "sync"]);
    assert_eq!(count(&summary, "synchronized"), 1, "{summary}");
    assert_eq!(
        parc.rows(&format!(
            "SELECT ci.computers_id FROM glpi_computers_items ci \
             JOIN glpi_monitors m ON m.id = ci.items_id AND ci.itemtype = 'Monitor' \
             WHERE m.serial = '{serial}'"
        )),
        vec![vec![Some(new_holder.to_string())]]
    );
    assert_eq!(logs(old_holder, 6), disconnects + 1);
    assert_eq!(logs(new_holder, 7), connects + 1);
    let before = park_state(&parc);
    let again = parc.ok(&["ocsinventoryng", "sync", "--all"]);
    assert!(park_state(&parc) == before, "{again}");
}

#[test]
fn shared_monitor_serials_sync_all_writes_nothing() {
    shared_monitor_serials(Backend::Sqlite);
}

#[test]
fn shared_monitor_serials_sync_all_writes_nothing_on_mariadb() {
    shared_monitor_serials(Backend::MySql);
}
