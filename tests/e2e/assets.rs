//! The asset store through the CLI: inventory upserts (round trip, no-op,
//! exact history), locks, trash and purge cascades, bad input, and the
//! `assets` host service used by a real plugin. On SQLite and MariaDB.

use parc_tests::{Backend, Parc, example_archive};
use serde_json::{Value, json};

const BOTH: [Backend; 2] = [Backend::Sqlite, Backend::MySql];

/// A computer with every section.
fn inventory(name: &str) -> Value {
    json!({
        "general": {
            "name": name, "serial": format!("SN-{name}"), "otherserial": "INV-1",
            "uuid": format!("uuid-{name}"), "manufacturer": "Dell Inc.", "model": "OptiPlex 7090",
            "computer_type": "Desktop", "domain": "corp.example", "user": "alice",
            "location": "HQ > Floor 2", "comment": "first line\nsecond line",
            "last_inventory_update": "2026-11-27 10:00:00"
        },
        "operating_system": {"name": "Debian GNU/Linux", "version": "12", "architecture": "x86_64",
                             "kernel": "Linux", "kernel_version": "6.1.0-27-amd64"},
        "processors": [{"designation": "Intel Core i5-10500", "manufacturer": "Intel",
                        "frequency": 3100, "nbcores": 6, "nbthreads": 12}],
        "memories": [
            {"designation": "DIMM", "memory_type": "DDR4", "frequency": 3200, "size": 8192, "bus_id": "1"},
            {"designation": "DIMM", "memory_type": "DDR4", "frequency": 3200, "size": 8192, "bus_id": "2"}
        ],
        "hard_drives": [{"designation": "Samsung SSD 980", "manufacturer": "Samsung", "capacity": 476940, "serial": "S1"}],
        "network_cards": [{"designation": "Intel I219-LM", "manufacturer": "Intel", "mac": "AA:BB:CC:00:00:01"}],
        "graphic_cards": [{"designation": "Intel UHD 630", "manufacturer": "Intel", "memory": 1024}],
        "sound_cards": [{"designation": "Realtek ALC3246", "manufacturer": "Realtek"}],
        "drives": [{"designation": "DVD-RW", "manufacturer": "HL-DT-ST"}],
        "controllers": [{"designation": "NVMe controller", "manufacturer": "Samsung"}],
        "motherboards": [{"designation": "0W0CHX", "manufacturer": "Dell Inc.", "serial": "MB1"}],
        "firmwares": [{"designation": "BIOS", "manufacturer": "Dell Inc.", "version": "1.20.0", "date": "2024-03-01"}],
        "volumes": [
            {"mountpoint": "/", "device": "/dev/nvme0n1p2", "filesystem": "ext4", "totalsize": 400000, "freesize": 200000},
            {"mountpoint": "/boot", "device": "/dev/nvme0n1p1", "filesystem": "vfat", "totalsize": 512, "freesize": 400}
        ],
        "network_ports": [
            {"name": "eth0", "mac": "AA:BB:CC:00:00:01", "ip_addresses": ["192.168.1.10", "fe80::1"]},
            {"name": "wlan0", "mac": "AA:BB:CC:00:00:02", "ip_addresses": []}
        ],
        "monitors": [{"name": "DELL P2419H", "serial": format!("MON-{name}"), "manufacturer": "Dell Inc.", "model": "P2419H"}],
        "software": [
            {"name": "Firefox", "version": "115.0", "publisher": "Mozilla"},
            {"name": "curl", "version": "7.88"},
            {"name": "LibreOffice", "version": "7.4", "publisher": "The Document Foundation"}
        ],
        "virtual_machines": [{"name": "vm1", "uuid": "VM-UUID-1", "vcpu": 2, "ram": 2048, "state": "running", "system": "kvm"}]
    })
}

fn create(parc: &Parc, name: &str) -> u64 {
    let out = parc.upsert(
        &json!([{"entities_id": 0, "source": "test source", "inventory": inventory(name)}]),
    );
    assert_eq!(out[0]["created"], true);
    assert_eq!(out[0]["changes"], 1);
    out[0]["computers_id"].as_u64().unwrap()
}

fn update(parc: &Parc, id: u64, inv: Value) -> u64 {
    let out =
        parc.upsert(&json!([{"computers_id": id, "source": "test source", "inventory": inv}]));
    assert_eq!(out[0]["created"], false);
    out[0]["changes"].as_u64().unwrap()
}

fn show(parc: &Parc, id: u64) -> Value {
    parc.json(&["computer", "show", &id.to_string()])
}

fn history(parc: &Parc, id: u64) -> Vec<Value> {
    parc.json(&["history", &id.to_string()])
        .as_array()
        .unwrap()
        .clone()
}

fn count(parc: &Parc, table: &str, condition: &str) -> i64 {
    parc.scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {condition}"))
}

#[test]
fn a_full_inventory_round_trips() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let id = create(&parc, "pc-001");
        let c = show(&parc, id);
        assert_eq!(c["name"], "pc-001");
        assert_eq!(c["serial"], "SN-pc-001");
        assert_eq!(c["uuid"], "uuid-pc-001");
        assert_eq!(c["is_dynamic"], true);
        assert_eq!(c["comment"], "first line\nsecond line");
        assert_eq!(c["last_inventory_update"], "2026-11-27 10:00:00");
        for (section, expected) in [
            ("operating_system", 1),
            ("processors", 1),
            ("memories", 2),
            ("hard_drives", 1),
            ("network_cards", 1),
            ("graphic_cards", 1),
            ("sound_cards", 1),
            ("drives", 1),
            ("controllers", 1),
            ("motherboards", 1),
            ("firmwares", 1),
            ("volumes", 2),
            ("network_ports", 2),
            ("monitors", 1),
            ("software", 3),
            ("virtual_machines", 1),
            ("domains", 1),
        ] {
            assert_eq!(
                c[section].as_array().unwrap().len(),
                expected,
                "{section}: {}",
                c[section]
            );
        }
        assert_eq!(c["processors"][0]["designation"], "Intel Core i5-10500");
        assert_eq!(c["processors"][0]["frequency"], 3100);
        assert_eq!(c["memories"][1]["busID"], "2");
        assert_eq!(c["hard_drives"][0]["capacity"], 476940);
        assert_eq!(c["network_cards"][0]["mac"], "aa:bb:cc:00:00:01");
        assert_eq!(
            c["network_ports"][0]["ip_addresses"],
            "192.168.1.10,fe80::1"
        );
        assert_eq!(c["monitors"][0]["serial"], "MON-pc-001");
        assert_eq!(c["domains"][0]["name"], "corp.example");
        assert_eq!(c["virtual_machines"][0]["ram"], "2048");
        let names: Vec<&str> = c["software"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["software"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["curl", "Firefox", "LibreOffice"]);
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_manufacturers WHERE name = 'Dell Inc.'"),
            1,
            "one manufacturer row for the computer, the monitor, the motherboard, the firmware"
        );
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_locations WHERE completename = 'HQ > Floor 2'"),
            1
        );
        // Created by inventory: one history row, not one per sub-item.
        let h = history(&parc, id);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0]["linked_action"], 20);
        assert_eq!(h[0]["user_name"], "test source");
    }
}

/// Users, firmwares and publishers new to the store are created in bulk
/// per batch: one row each however many computers of the batch name them,
/// and a later batch naming them again (in another case) reuses them.
#[test]
fn names_a_batch_shares_are_created_once() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let item = |name: &str, user: &str, bios: &str, publisher: &str| {
            json!({"entities_id": 0, "source": "bulk", "inventory": {
                "general": {"name": name, "user": user},
                "firmwares": [{"designation": "BIOS", "manufacturer": "Lenovo",
                               "version": bios, "date": "2023-05-06"}],
                "software": [{"name": "Editor", "version": "1.0", "publisher": publisher}]
            }})
        };
        parc.upsert(&json!([
            item("pc-1", "alice", "N2IET99W", "Acme Corp"),
            item("pc-2", "alice", "N2IET99W", "Acme Corp"),
            item("pc-3", "bob", "N2IET99W", "Acme Corp"),
        ]));
        parc.upsert(&json!([
            item("pc-4", "ALICE", "n2iet99w", "ACME CORP"),
            item("pc-5", "carol", "N2IET99W", "Acme Corp"),
        ]));
        assert_eq!(count(&parc, "glpi_users", "1 = 1"), 3, "{backend:?}");
        assert_eq!(
            count(&parc, "glpi_devicefirmwares", "1 = 1"),
            1,
            "{backend:?}"
        );
        assert_eq!(
            count(
                &parc,
                "glpi_manufacturers",
                "name IN ('Lenovo', 'Acme Corp')"
            ),
            2,
            "{backend:?}"
        );
        assert_eq!(
            count(&parc, "glpi_manufacturers", "1 = 1"),
            2,
            "{backend:?}"
        );
        assert_eq!(
            count(&parc, "glpi_items_devicefirmwares", "1 = 1"),
            5,
            "{backend:?}"
        );
        assert_eq!(
            count(
                &parc,
                "glpi_computers c JOIN glpi_users u ON u.id = c.users_id",
                "u.name = 'alice'"
            ),
            3,
            "{backend:?}"
        );
    }
}

#[test]
fn upserting_the_same_document_again_changes_nothing() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let id = create(&parc, "pc-001");
        let before = show(&parc, id);
        let logs = parc.scalar("SELECT COUNT(*) FROM glpi_logs");
        assert_eq!(update(&parc, id, inventory("pc-001")), 0);
        assert_eq!(update(&parc, id, inventory("pc-001")), 0);
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_logs"),
            logs,
            "no history rows"
        );
        let after = show(&parc, id);
        assert_eq!(
            before, after,
            "not a single row rewritten (same ids, same date_mod)"
        );
    }
}

#[test]
fn a_changed_document_writes_exactly_the_expected_history() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let id = create(&parc, "pc-001");
        let mut inv = inventory("pc-001");
        inv["general"]["name"] = json!("pc-001-renamed");
        inv["general"]["model"] = json!("OptiPlex 7010");
        inv["software"][0]["version"] = json!("128.0");
        inv["memories"].as_array_mut().unwrap().pop();
        inv["volumes"][0]["freesize"] = json!(150000);
        inv["network_ports"][0]["ip_addresses"] = json!(["192.168.1.11"]);
        inv["monitors"] = json!([]);
        let changes = update(&parc, id, inv);
        let mut got: Vec<(i64, String, String, String)> = history(&parc, id)
            .iter()
            .skip(1)
            .map(|h| {
                (
                    h["linked_action"].as_i64().unwrap(),
                    h["itemtype_link"].as_str().unwrap().to_owned(),
                    h["old_value"].as_str().unwrap_or_default().to_owned(),
                    h["new_value"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        got.sort();
        let mut expected: Vec<(i64, String, String, String)> = vec![
            (0, "", "pc-001", "pc-001-renamed"),
            (0, "", "OptiPlex 7090 (1)", "OptiPlex 7010 (2)"),
            (3, "DeviceMemory", "DIMM (1)", ""),
            (4, "SoftwareVersion", "", "Firefox - 128.0"),
            (5, "SoftwareVersion", "Firefox - 115.0", ""),
            (6, "Monitor", "DELL P2419H (MON-pc-001) (1)", ""),
            (18, "Item_Disk", "/", "/"),
            (18, "NetworkPort", "192.168.1.10, fe80::1", "192.168.1.11"),
        ]
        .into_iter()
        .map(|(a, b, c, d)| (a, b.to_owned(), c.to_owned(), d.to_owned()))
        .collect();
        expected.sort();
        assert_eq!(got, expected);
        assert_eq!(changes, expected.len() as u64);
        let c = show(&parc, id);
        assert_eq!(c["memories"].as_array().unwrap().len(), 1);
        assert_eq!(c["monitors"].as_array().unwrap().len(), 0);
        assert_eq!(c["network_ports"][0]["ip_addresses"], "192.168.1.11");
        assert_eq!(c["volumes"][0]["freesize"], 150000);
        // The disconnected unit monitor stays in the inventory.
        assert_eq!(count(&parc, "glpi_monitors", "serial = 'MON-pc-001'"), 1);
    }
}

#[test]
fn locked_fields_are_left_alone_until_released() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let id = create(&parc, "pc-001");
        let sid = id.to_string();
        parc.ok(&[
            "computer",
            "edit",
            &sid,
            "name=reception-desk",
            "otherserial=ASSET-42",
        ]);
        let locks = parc.json(&["computer", "locks", &sid]);
        let fields: Vec<&str> = locks
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["name", "otherserial"]);
        let mut inv = inventory("pc-001");
        inv["general"]["serial"] = json!("NEW-SERIAL");
        update(&parc, id, inv.clone());
        let c = show(&parc, id);
        assert_eq!(c["name"], "reception-desk", "locked");
        assert_eq!(c["otherserial"], "ASSET-42", "locked");
        assert_eq!(c["serial"], "NEW-SERIAL", "not locked");
        parc.ok(&["computer", "unlock", &sid, "name"]);
        update(&parc, id, inv);
        let c = show(&parc, id);
        assert_eq!(c["name"], "pc-001");
        assert_eq!(c["otherserial"], "ASSET-42");
    }
}

#[test]
fn a_sub_item_the_user_deleted_stays_deleted_and_manual_items_stay() {
    let parc = Parc::new(Backend::Sqlite);
    let id = create(&parc, "pc-001");
    // A user deletes the dynamic "curl" installation (GLPI: a lock) and
    // adds a memory module by hand.
    parc.execute(&format!(
        "UPDATE glpi_items_softwareversions SET is_deleted = 1 WHERE items_id = {id} AND softwareversions_id = \
         (SELECT v.id FROM glpi_softwareversions v JOIN glpi_softwares s ON s.id = v.softwares_id WHERE s.name = 'curl')"
    ));
    parc.execute(&format!(
        "INSERT INTO glpi_items_devicememories (items_id, itemtype, devicememories_id, size, is_dynamic) \
         VALUES ({id}, 'Computer', 1, 4096, 0)"
    ));
    assert_eq!(update(&parc, id, inventory("pc-001")), 0);
    assert_eq!(
        count(
            &parc,
            "glpi_items_softwareversions",
            &format!("items_id = {id} AND is_deleted = 1")
        ),
        1
    );
    assert_eq!(
        count(
            &parc,
            "glpi_items_softwareversions",
            &format!("items_id = {id}")
        ),
        3,
        "not re-created"
    );
    assert_eq!(
        count(
            &parc,
            "glpi_items_devicememories",
            &format!("items_id = {id}")
        ),
        3,
        "manual module kept"
    );
}

/// Rows attached to computer `id`, per table.
fn attached(parc: &Parc, id: u64) -> Vec<(String, i64)> {
    let item = format!("itemtype = 'Computer' AND items_id = {id}");
    let mut tables: Vec<(String, String)> = [
        "glpi_items_operatingsystems",
        "glpi_items_deviceprocessors",
        "glpi_items_devicememories",
        "glpi_items_deviceharddrives",
        "glpi_items_devicenetworkcards",
        "glpi_items_devicegraphiccards",
        "glpi_items_devicesoundcards",
        "glpi_items_devicedrives",
        "glpi_items_devicecontrols",
        "glpi_items_devicemotherboards",
        "glpi_items_devicefirmwares",
        "glpi_items_disks",
        "glpi_items_softwareversions",
        "glpi_networkports",
        "glpi_domains_items",
        "glpi_lockedfields",
    ]
    .iter()
    .map(|t| (t.to_string(), item.clone()))
    .collect();
    tables.push((
        "glpi_computers_items".into(),
        format!("computers_id = {id}"),
    ));
    tables.push((
        "glpi_computervirtualmachines".into(),
        format!("computers_id = {id}"),
    ));
    tables.push((
        "glpi_ipaddresses".into(),
        format!("mainitemtype = 'Computer' AND mainitems_id = {id}"),
    ));
    tables.push(("glpi_computers".into(), format!("id = {id}")));
    tables
        .into_iter()
        .map(|(t, w)| {
            let n = count(parc, &t, &w);
            (t, n)
        })
        .collect()
}

#[test]
fn trash_restore_and_purge_cascade() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let id = create(&parc, "pc-001");
        let other = create(&parc, "pc-002");
        let sid = id.to_string();
        parc.ok(&["computer", "edit", &sid, "name=locked-name"]);
        let before = attached(&parc, id);
        assert!(
            before.iter().all(|(_, n)| *n > 0),
            "every table has rows: {before:?}"
        );
        let other_before = attached(&parc, other);

        // Purge refused while not in the trash.
        let err = parc.fails(&["trash", "purge", &sid]);
        assert!(err.contains("ERROR_NOT_DELETED"), "{err}");
        assert_eq!(attached(&parc, id), before);

        parc.ok(&["computer", "delete", &sid]);
        assert_eq!(parc.json(&["trash", "list"])[0]["id"], id);
        assert_eq!(
            parc.json(&["computer", "list"]).as_array().unwrap().len(),
            1
        );
        assert_eq!(
            count(
                &parc,
                "glpi_items_softwareversions",
                &format!("items_id = {id} AND is_deleted_item = 1")
            ),
            3
        );
        parc.ok(&["trash", "restore", &sid]);
        assert_eq!(parc.json(&["trash", "list"]), json!([]));
        let h = history(&parc, id);
        let actions: Vec<i64> = h
            .iter()
            .map(|r| r["linked_action"].as_i64().unwrap())
            .collect();
        assert!(actions.ends_with(&[13, 14]), "{actions:?}");

        parc.ok(&["computer", "delete", &sid]);
        parc.ok(&["trash", "purge", &sid]);
        let after = attached(&parc, id);
        assert!(after.iter().all(|(_, n)| *n == 0), "leftovers: {after:?}");
        assert_eq!(
            attached(&parc, other),
            other_before,
            "the other computer is untouched"
        );
        // Monitors are assets of their own: they stay.
        assert_eq!(count(&parc, "glpi_monitors", "serial = 'MON-pc-001'"), 1);
        // --force purges without the trash.
        parc.ok(&["trash", "purge", "--force", &other.to_string()]);
        assert_eq!(count(&parc, "glpi_computers", "1 = 1"), 0);
    }
}

/// 100,000 computers in the trash, with installations and volumes, purged
/// by one command.
#[test]
fn a_purge_of_100k_computers_completes_in_one_call() {
    for (backend, n) in [(Backend::Sqlite, 100_000), (Backend::MySql, 100_000)] {
        let parc = Parc::new(backend);
        parc.ok(&["computer", "list"]); // creates the schema
        let numbers = format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})"
        );
        let recursion = if backend == Backend::MySql {
            "SET STATEMENT max_recursive_iterations = 1000000 FOR "
        } else {
            ""
        };
        let name = if backend == Backend::Sqlite {
            "'pc-' || i"
        } else {
            "CONCAT('pc-', i)"
        };
        parc.execute(&format!(
            "{recursion}INSERT INTO glpi_computers (id, name, is_deleted, is_dynamic) {numbers} SELECT i, {name}, 1, 1 FROM n"
        ));
        parc.execute(&format!(
            "{recursion}INSERT INTO glpi_items_disks (items_id, itemtype, mountpoint, is_dynamic) {numbers} SELECT i, 'Computer', '/', 1 FROM n"
        ));
        parc.execute(&format!(
            "{recursion}INSERT INTO glpi_items_softwareversions (items_id, itemtype, softwareversions_id, is_dynamic) {numbers} SELECT i, 'Computer', 1, 1 FROM n"
        ));
        assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), n);
        let started = std::time::Instant::now();
        parc.ok(&["trash", "purge", "--all"]);
        eprintln!(
            "{backend:?}: purged {n} computers in {:?}",
            started.elapsed()
        );
        assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), 0);
        assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_items_disks"), 0);
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_items_softwareversions"),
            0
        );
    }
}

#[test]
fn bad_input_is_normalised_or_refused_whole() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        // A computer whose entity does not exist: refused, nothing written,
        // even with a valid computer in the same batch.
        let stderr = {
            let path = parc.data_dir().join("bad.json");
            std::fs::write(
                &path,
                serde_json::to_vec(&json!([
                    {"entities_id": 0, "source": "s", "inventory": inventory("good")},
                    {"entities_id": 999, "source": "s", "inventory": inventory("bad")}
                ]))
                .unwrap(),
            )
            .unwrap();
            parc.fails(&["inventory", "upsert", path.to_str().unwrap()])
        };
        assert!(stderr.contains("entity 999 does not exist"), "{stderr}");
        assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), 0);
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_items_softwareversions"),
            0
        );
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_manufacturers"),
            0,
            "no ghost dropdowns"
        );

        // 10 kB strings are cut to the column size, control characters
        // dropped, blank values absent, invalid dates ignored.
        let mut inv = inventory("pc-001");
        inv["general"]["name"] = json!(format!("  {}\u{0}", "é".repeat(10_000)));
        inv["general"]["contact"] = json!("   ");
        inv["general"]["last_inventory_update"] = json!("yesterday");
        inv["software"][0]["name"] = json!("x".repeat(10_000));
        let out = parc.upsert(&json!([{"entities_id": 0, "source": "s", "inventory": inv}]));
        let id = out[0]["computers_id"].as_u64().unwrap();
        let c = show(&parc, id);
        assert_eq!(c["name"].as_str().unwrap().chars().count(), 255);
        assert!(c["name"].as_str().unwrap().chars().all(|ch| ch == 'é'));
        assert_eq!(c["contact"], Value::Null);
        assert_eq!(c["last_inventory_update"], Value::Null);
        assert!(
            c["software"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["software"].as_str().unwrap().len() == 255)
        );

        // A person's document must name a new computer (GLPI's import
        // rules refuse an unnamed one); with only a name, the rest takes
        // GLPI's defaults.
        let path = parc.data_dir().join("bare.json");
        std::fs::write(&path, r#"[{"inventory": {"general": {}}}]"#).unwrap();
        let stderr = parc.fails(&["inventory", "upsert", path.to_str().unwrap()]);
        assert!(
            stderr.contains("inventory.general.name is required"),
            "{stderr}"
        );
        let out = parc.upsert(
            &json!([{"entities_id": 0, "source": "s", "inventory": {"general": {"name": "bare"}}}]),
        );
        let bare = show(&parc, out[0]["computers_id"].as_u64().unwrap());
        assert_eq!(bare["serial"], Value::Null);
        assert_eq!(bare["manufacturers_id"], 0);

        // Duplicate serials are two computers; names compare case-insensitively.
        let mut twin = inventory("PC-001");
        twin["general"]["manufacturer"] = json!("DELL INC.");
        twin["software"][0]["name"] = json!("FIREFOX");
        let out = parc.upsert(&json!([{"entities_id": 0, "source": "s", "inventory": twin}]));
        assert_eq!(out[0]["created"], true);
        let twin = show(&parc, out[0]["computers_id"].as_u64().unwrap());
        assert_eq!(
            twin["manufacturers_id"], c["manufacturers_id"],
            "DELL INC. is Dell Inc."
        );
        assert_eq!(
            parc.scalar("SELECT COUNT(*) FROM glpi_softwares WHERE name = 'Firefox'"),
            1
        );
        // (the same software title, whatever its case; counted through the
        // backend's case-insensitive comparison)
    }
}

#[test]
fn computers_entities_and_locations_from_the_cli() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let a = parc.ok(&["entity", "add", "Europe", "--tag", "EU"]);
        let a = a.trim().to_owned();
        let b = parc
            .ok(&["entity", "add", "Paris", "--parent", &a])
            .trim()
            .to_owned();
        let entities = parc.json(&["entity", "list"]);
        let paris = entities
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == json!(b.parse::<u64>().unwrap()))
            .unwrap();
        assert_eq!(paris["completename"], "Root entity > Europe > Paris");
        assert_eq!(paris["level"], 3);
        let err = parc.fails(&["entity", "add", "Europe"]);
        assert!(err.contains("already exists"), "{err}");

        let hq = parc.ok(&["location", "add", "HQ"]).trim().to_owned();
        parc.ok(&["location", "add", "Floor 1", "--parent", &hq]);
        let locations = parc.json(&["location", "list"]);
        assert!(
            locations
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["completename"] == "HQ > Floor 1")
        );

        let id = parc.ok(&[
            "computer",
            "add",
            "desk-01",
            "serial=ABC",
            &format!("entities_id={b}"),
        ]);
        let id = id.trim();
        assert!(id.parse::<u32>().is_ok(), "bare id on stdout: {id:?}");
        let listed = parc.json(&["computer", "list"]);
        assert_eq!(listed[0]["serial"], "ABC");
        assert_eq!(listed[0]["entities_id"], json!(b.parse::<u64>().unwrap()));
        assert_eq!(listed[0]["is_dynamic"], false);
        let err = parc.fails(&["computer", "add", "x", "entities_id=4242"]);
        assert!(err.contains("entity 4242 does not exist"), "{err}");
        let err = parc.fails(&["computer", "edit", id, "is_deleted=1"]);
        assert!(err.contains("unknown or read-only field"), "{err}");
        // A manual computer is not locked by edits.
        parc.ok(&["computer", "edit", id, "name=desk-02"]);
        assert_eq!(parc.json(&["computer", "locks", id]), json!([]));
        let h = parc.json(&["history", id]);
        assert_eq!(h[1]["old_value"], "desk-01");
        assert_eq!(h[1]["new_value"], "desk-02");
        assert_eq!(parc.json(&["computer", "list", "--deleted"]), json!([]));
    }
}

#[test]
fn a_plugin_writes_computers_and_its_links_die_with_the_purge() {
    let parc = Parc::new(Backend::Sqlite);
    parc.drop_archive(example_archive());
    parc.ok(&["plugin", "install", "example"]);
    parc.ok(&["plugin", "activate", "example"]);
    let id = parc
        .ok(&["example", "inventory", "kiosk-1", "--serial", "K1"])
        .trim()
        .to_owned();
    // Again: the plugin finds its computer and updates it (no duplicate).
    assert_eq!(
        parc.ok(&["example", "inventory", "kiosk-1", "--serial", "K2"])
            .trim(),
        id
    );
    let c = parc.json(&["computer", "show", &id]);
    assert_eq!(c["serial"], "K2");
    assert_eq!(c["software"][0]["software"], "Example agent");
    assert_eq!(
        count(
            &parc,
            "glpi_plugin_example_computers",
            &format!("computers_id = {id}")
        ),
        1
    );
    parc.ok(&["computer", "delete", &id]);
    parc.ok(&["trash", "purge", &id]);
    assert_eq!(
        count(&parc, "glpi_plugin_example_computers", "1 = 1"),
        0,
        "purge cascade"
    );
    // The computer stays dynamic when the plugin goes away.
    let id = parc
        .ok(&["example", "inventory", "kiosk-2"])
        .trim()
        .to_owned();
    parc.ok(&["plugin", "uninstall", "example"]);
    assert_eq!(parc.json(&["computer", "show", &id])["is_dynamic"], true);
}

#[test]
fn an_inventory_file_with_invalid_utf8_is_refused_with_nothing_written() {
    let parc = Parc::new(Backend::Sqlite);
    let mut bytes = serde_json::to_vec(
        &json!([{"entities_id": 0, "source": "s", "inventory": inventory("pc-001")}]),
    )
    .unwrap();
    let at = bytes.windows(6).position(|w| w == b"pc-001").unwrap();
    bytes[at] = 0xff;
    let path = parc.data_dir().join("latin1.json");
    std::fs::write(&path, bytes).unwrap();
    let stderr = parc.fails(&["inventory", "upsert", path.to_str().unwrap()]);
    assert!(
        stderr.contains("stream did not contain valid UTF-8") || stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_computers"), 0);
}

/// A unit monitor whose serial two computers report (a hot-desk screen):
/// one monitor, held by the computer inventoried last; an older inventory
/// of the other computer changes nothing, a newer one moves it there with
/// a "disconnected" row on the computer that loses it.
#[test]
fn a_serial_two_computers_report_hangs_on_the_one_inventoried_last() {
    for backend in BOTH {
        let parc = Parc::new(backend);
        let doc = |name: &str, date: &str| {
            json!({
                "general": {"name": name, "last_inventory_update": date},
                "monitors": [{"name": "Hot desk", "serial": "HOTDESK-1", "management": "unit"}]
            })
        };
        let write = |id: Option<u64>, name: &str, date: &str| {
            let mut item = json!({"entities_id": 0, "source": "test source",
                                  "inventory": doc(name, date)});
            if let Some(id) = id {
                item["computers_id"] = json!(id);
            }
            let out = parc.upsert(&json!([item]));
            (
                out[0]["computers_id"].as_u64().unwrap(),
                out[0]["changes"].as_u64().unwrap(),
            )
        };
        let holder = || {
            parc.scalar(
                "SELECT ci.computers_id FROM glpi_computers_items ci \
                 JOIN glpi_monitors m ON m.id = ci.items_id AND ci.itemtype = 'Monitor' \
                 WHERE m.serial = 'HOTDESK-1'",
            ) as u64
        };
        let (a, _) = write(None, "pc-a", "2026-11-27 10:00:00");
        let (b, _) = write(None, "pc-b", "2026-11-26 10:00:00");
        assert_eq!(holder(), a, "{backend:?}");
        assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_monitors"), 1);
        let logs = || parc.scalar("SELECT COUNT(*) FROM glpi_logs");
        let before = logs();
        // Unchanged documents, again and in any order: nothing moves.
        assert_eq!(write(Some(b), "pc-b", "2026-11-26 10:00:00").1, 0);
        assert_eq!(write(Some(a), "pc-a", "2026-11-27 10:00:00").1, 0);
        assert_eq!(holder(), a);
        assert_eq!(logs(), before);

        // pc-b inventoried later: the screen is on its desk now.
        assert_eq!(write(Some(b), "pc-b", "2026-11-28 10:00:00").1, 1);
        assert_eq!(holder(), b);
        let disconnected = parc.rows(&format!(
            "SELECT old_value FROM glpi_logs WHERE items_id = {a} AND itemtype_link = 'Monitor' \
             AND linked_action = 6"
        ));
        assert_eq!(disconnected.len(), 1, "{disconnected:?}");
        assert!(
            disconnected[0][0]
                .as_deref()
                .unwrap()
                .starts_with("Hot desk (HOTDESK-1)")
        );
        assert_eq!(write(Some(a), "pc-a", "2026-11-27 10:00:00").1, 0);
        assert_eq!(holder(), b);
        assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_monitors"), 1);
    }
}
