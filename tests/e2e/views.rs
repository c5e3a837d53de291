//! Views a person reads: `computer show` with names and section tables,
//! `history` in words, the computer search (`computer list --where …`),
//! and dropdowns, entities and locations edited from the CLI with GLPI's
//! rules. On SQLite, and the search and a tree move on MariaDB.

use parc_tests::{Backend, Parc};
use serde_json::{Value, json};

/// Three computers: two Dell desktops with Firefox, one HP server.
fn fill(parc: &Parc) -> Vec<String> {
    let computer = |name: &str, serial: &str, maker: &str, software: Value, ip: &str| {
        json!({"entities_id": 0, "source": "test source", "inventory": {
            "general": {"name": name, "serial": serial, "manufacturer": maker,
                        "model": format!("{maker} model"), "computer_type": "Desktop",
                        "user": "alice", "location": "HQ > Floor 2",
                        "comment": "first line\nsecond line"},
            "operating_system": {"name": "Debian GNU/Linux", "version": "12"},
            "processors": [{"designation": "Intel Core i5-10500", "manufacturer": "Intel",
                            "frequency": 3100, "nbcores": 6, "nbthreads": 12}],
            "volumes": [{"mountpoint": "/", "device": "/dev/sda1", "filesystem": "ext4",
                         "totalsize": 400000, "freesize": 200000}],
            "network_ports": [{"name": "eth0", "mac": "AA:BB:CC:00:00:01", "ip_addresses": [ip]}],
            "monitors": [{"name": "DELL P2419H", "serial": format!("MON-{name}"),
                          "manufacturer": "Dell Inc.", "model": "P2419H"}],
            "software": software
        }})
    };
    let out = parc.upsert(&json!([
        computer(
            "pc-01",
            "ABC",
            "Dell Inc.",
            json!([{"name": "Firefox", "version": "115.0", "publisher": "Mozilla"},
                        {"name": "curl", "version": "7.88"}]),
            "192.168.1.10"
        ),
        computer(
            "pc-02",
            "DEF",
            "Dell Inc.",
            json!([{"name": "Mozilla Firefox ESR", "version": "128"}]),
            "192.168.1.11"
        ),
        computer(
            "srv-01",
            "XYZ",
            "HP",
            json!([{"name": "nginx", "version": "1.22"}]),
            "10.0.0.1"
        ),
    ]));
    out.as_array()
        .unwrap()
        .iter()
        .map(|o| o["computers_id"].to_string())
        .collect()
}

/// The `name` column of `computer list ARGS --json`.
fn names(parc: &Parc, args: &[&str]) -> Vec<String> {
    let mut all = vec!["computer", "list"];
    all.extend(args);
    parc.json(&all)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

fn search_works(parc: &Parc) {
    fill(parc);
    // AND of criteria, contains and equals.
    assert_eq!(
        names(parc, &["--where", "name~pc-0", "--where", "serial=DEF"]),
        ["pc-02"]
    );
    // OR inside one --where.
    assert_eq!(
        names(
            parc,
            &["--where", "serial=ABC|manufacturer=HP", "--sort", "name"]
        ),
        ["pc-01", "srv-01"]
    );
    // A software criterion: one installation matches (case-insensitive).
    assert_eq!(
        names(parc, &["--where", "software~firefox"]),
        ["pc-01", "pc-02"]
    );
    assert_eq!(names(parc, &["--where", "software!~firefox"]), ["srv-01"]);
    assert_eq!(names(parc, &["--where", "ip~^10."]), ["srv-01"]);
    // Dropdowns by name, negation, sort descending, paging.
    assert_eq!(
        names(
            parc,
            &["--where", "manufacturer!=HP", "--sort", "name:desc"]
        ),
        ["pc-02", "pc-01"]
    );
    assert_eq!(
        names(parc, &["--sort", "name", "--limit", "2", "--page", "2"]),
        ["srv-01"]
    );
    assert_eq!(
        names(parc, &["--sort", "name:desc", "--limit", "1"]),
        ["srv-01"]
    );
    // A quote in a value is a value, not SQL.
    assert!(names(parc, &["--where", "name=x' OR '1'='1"]).is_empty());
}

#[test]
fn search_by_field_name_with_and_or_sort_paging() {
    search_works(&Parc::new(Backend::Sqlite));
}

#[test]
fn mariadb_search_by_field_name_with_and_or_sort_paging() {
    search_works(&Parc::new(Backend::MySql));
}

#[test]
fn search_prints_chosen_columns_as_table_csv_and_json() {
    let parc = Parc::new(Backend::Sqlite);
    fill(&parc);
    let args = [
        "computer",
        "list",
        "--where",
        "name~pc",
        "--columns",
        "name,manufacturer,os,location",
    ];
    let table = parc.ok(&args);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["NAME", "MANUFACTURER", "OS", "LOCATION"]
    );
    assert!(lines[1].starts_with("pc-01  Dell Inc."), "{table}");
    assert!(
        lines[1].contains("Debian GNU/Linux") && lines[1].ends_with("HQ > Floor 2"),
        "{table}"
    );
    let mut csv_args = args.to_vec();
    csv_args.push("--csv");
    let csv = parc.ok(&csv_args);
    assert_eq!(
        csv,
        "name,manufacturer,os,location\r\n\
         pc-01,Dell Inc.,Debian GNU/Linux,HQ > Floor 2\r\n\
         pc-02,Dell Inc.,Debian GNU/Linux,HQ > Floor 2\r\n"
    );
    // A value with a line break is quoted in CSV.
    let csv = parc.ok(&[
        "computer",
        "list",
        "--where",
        "name=pc-01",
        "--columns",
        "id,comment",
        "--csv",
    ]);
    assert!(csv.ends_with(",\"first line\nsecond line\"\r\n"), "{csv:?}");
    let rows = parc.json(&args);
    assert_eq!(
        rows[0],
        json!({"name": "pc-01", "manufacturer": "Dell Inc.", "os": "Debian GNU/Linux",
               "location": "HQ > Floor 2"})
    );
    // The default JSON keeps the raw ids and flags.
    let rows = parc.json(&["computer", "list", "--where", "name=srv-01"]);
    assert_eq!(rows[0]["entities_id"], 0);
    assert_eq!(rows[0]["entity"], "Root entity");
    assert_eq!(rows[0]["is_dynamic"], true);
    // Fields are listed.
    let fields = parc.json(&["computer", "list", "--fields"]);
    assert!(
        fields
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "software")
    );
    assert!(
        fields
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "serial" && f["search_option"] == 5)
    );
}

#[test]
fn search_errors_name_the_fields_and_write_nothing_to_stdout() {
    let parc = Parc::new(Backend::Sqlite);
    fill(&parc);
    let output = parc.run(&["computer", "list", "--where", "colour=red"]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("unknown field \"colour\""), "{err}");
    assert!(err.contains("serial") && err.contains("software"), "{err}");
    let err = parc.fails(&["computer", "list", "--columns", "name,nope"]);
    assert!(err.contains("unknown field \"nope\""), "{err}");
    let err = parc.fails(&["computer", "list", "--where", "serial"]);
    assert!(err.contains("FIELD OP VALUE"), "{err}");
    let err = parc.fails(&["computer", "list", "--where", "id~1"]);
    assert!(err.contains("does not apply to id"), "{err}");
    let err = parc.fails(&["computer", "list", "--sort", "name:sideways"]);
    assert!(err.contains("asc or desc"), "{err}");
}

#[test]
fn show_prints_names_and_sections_as_tables() {
    let parc = Parc::new(Backend::Sqlite);
    let ids = fill(&parc);
    let text = parc.ok(&["computer", "show", &ids[0]]);
    let line = |label: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{label}:")))
            .unwrap_or_else(|| panic!("no {label} in\n{text}"))
            .split_once(':')
            .unwrap()
            .1
            .trim()
            .to_owned()
    };
    assert!(line("manufacturer").starts_with("Dell Inc. ("), "{text}");
    assert!(line("model").starts_with("Dell Inc. model ("), "{text}");
    assert!(line("user").starts_with("alice ("), "{text}");
    assert!(line("location").starts_with("HQ > Floor 2 ("), "{text}");
    assert_eq!(line("entity"), "Root entity (0)");
    assert_eq!(line("state"), "-");
    // The comment keeps its two lines, the second indented under the first.
    let comment = text
        .lines()
        .position(|l| l.starts_with("comment:"))
        .unwrap();
    assert!(text.lines().nth(comment).unwrap().ends_with("first line"));
    let next = text.lines().nth(comment + 1).unwrap();
    assert_eq!(next.trim(), "second line");
    assert!(next.starts_with("   "), "{text}");
    // Sections as tables with names; empty ones left out.
    assert!(
        text.contains("\nsoftware (2)\nSOFTWARE  VERSION  PUBLISHER"),
        "{text}"
    );
    assert!(text.contains("Firefox   115.0    Mozilla"), "{text}");
    assert!(text.contains("\nprocessors (1)\n"), "{text}");
    assert!(text.contains("Intel Core i5-10500  Intel"), "{text}");
    assert!(text.contains("ext4"), "{text}");
    assert!(
        text.contains("\nmonitors (1)\n") && text.contains("DELL P2419H  Dell Inc.     P2419H"),
        "{text}"
    );
    assert!(
        text.contains("\nnetwork_ports (1)\n") && text.contains("192.168.1.10"),
        "{text}"
    );
    assert!(!text.contains("hard_drives"), "{text}");
    assert!(!text.contains("software: 2"), "{text}");
    // JSON keeps its keys and adds the names.
    let shown = parc.json(&["computer", "show", &ids[0]]);
    assert!(shown["manufacturers_id"].as_u64().unwrap() > 0);
    assert_eq!(shown["names"]["manufacturers_id"], "Dell Inc.");
    assert_eq!(shown["names"]["locations_id"], "HQ > Floor 2");
    assert_eq!(shown["software"].as_array().unwrap().len(), 2);
    assert_eq!(shown["volumes"][0]["filesystem"], "ext4");
}

#[test]
fn history_tells_what_happened_in_words() {
    let parc = Parc::new(Backend::Sqlite);
    let ids = fill(&parc);
    let id = ids[0].as_str();
    let locations = parc.json(&["location", "list"]);
    let hq = locations
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["completename"] == "HQ")
        .unwrap()["id"]
        .to_string();
    parc.ok(&[
        "computer",
        "edit",
        id,
        "serial=ABC-2",
        "comment=one\ntwo\nthree",
        &format!("locations_id={hq}"),
    ]);
    parc.ok(&["computer", "delete", id]);
    parc.ok(&["trash", "restore", id]);
    parc.upsert(
        &json!([{"computers_id": id.parse::<u64>().unwrap(), "source": "test source", "inventory": {
            "general": {"name": "pc-01", "serial": "ABC-2"},
            "software": [{"name": "Firefox", "version": "128.0", "publisher": "Mozilla"}],
            "processors": [{"designation": "Intel Core i7-12700", "manufacturer": "Intel"}]
        }}]),
    );
    let text = parc.ok(&["history", id]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with("test source  Item created"), "{text}");
    assert!(
        text.contains("cli          Serial number: ABC → ABC-2"),
        "{text}"
    );
    assert!(text.contains("Location: HQ > Floor 2 ("), "{text}");
    assert!(text.contains(&format!(") → HQ ({hq})")), "{text}");
    // The multi-line comment keeps its lines, indented.
    assert!(
        text.contains(
            "Comments:\n    before:\n      first line\n      second line\n    after:\n      one\n      two\n      three\n"
        ),
        "{text}"
    );
    assert!(text.contains("cli          Put in trashbin"), "{text}");
    assert!(
        text.contains("cli          Restored from trashbin"),
        "{text}"
    );
    assert!(
        text.contains("Software installed: Firefox - 128.0"),
        "{text}"
    );
    assert!(
        text.contains("Software uninstalled: Firefox - 115.0"),
        "{text}"
    );
    assert!(
        text.contains("Component added (processor): Intel Core i7-12700"),
        "{text}"
    );
    assert!(
        text.contains("Component removed (processor): Intel Core i5-10500"),
        "{text}"
    );
    assert!(!text.contains("LINKED_ACTION"), "{text}");
    // JSON keeps GLPI's codes and adds the words.
    let rows = parc.json(&["history", id]);
    let serial = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id_search_option"] == 5)
        .unwrap();
    assert_eq!(serial["linked_action"], 0);
    assert_eq!(serial["field"], "Serial number");
    assert_eq!(
        (serial["old"].as_str(), serial["new"].as_str()),
        (Some("ABC"), Some("ABC-2"))
    );
    assert_eq!(rows[0]["linked_action"], 20);
    assert_eq!(rows[0]["event"], "Item created");
}

/// The id of the row named `name` in `parc dropdown list KIND --json`.
fn dropdown_id(parc: &Parc, kind: &str, name: &str) -> String {
    parc.json(&["dropdown", "list", kind])
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {kind}"))["id"]
        .to_string()
}

#[test]
fn dropdowns_are_renamed_and_deleted_only_when_unused_or_replaced() {
    let parc = Parc::new(Backend::Sqlite);
    fill(&parc);
    let dell = dropdown_id(&parc, "manufacturers", "Dell Inc.");
    let hp = dropdown_id(&parc, "manufacturers", "HP");
    // Rename: searches and views follow, stderr says what changed.
    let out = parc.run(&[
        "dropdown",
        "rename",
        "manufacturers",
        &dell,
        "Dell Technologies",
    ]);
    assert!(out.status.success() && out.stdout.is_empty());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("\"Dell Inc.\" → \"Dell Technologies\""),
        "{said}"
    );
    assert_eq!(
        names(&parc, &["--where", "manufacturer=Dell Technologies"]),
        ["pc-01", "pc-02"]
    );
    let err = parc.fails(&["dropdown", "rename", "manufacturers", &dell, "hp"]);
    assert!(
        err.contains(&format!("manufacturer {hp} already has the name")),
        "{err}"
    );
    // In use: refused with the count and how to replace it; nothing changed.
    let err = parc.fails(&["dropdown", "delete", "manufacturers", &hp]);
    assert!(err.contains("is used by"), "{err}");
    assert!(err.contains("glpi_computers: 1"), "{err}");
    assert!(
        err.contains(&format!(
            "parc dropdown delete manufacturers {hp} --replace-with ID"
        )),
        "{err}"
    );
    assert_eq!(names(&parc, &["--where", "manufacturer=HP"]), ["srv-01"]);
    // With a replacement: the users point at it, the value is gone.
    let out = parc.run(&[
        "dropdown",
        "delete",
        "manufacturers",
        &hp,
        "--replace-with",
        &dell,
    ]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("manufacturer {hp} (HP) deleted")),
        "{said}"
    );
    assert!(
        said.contains(&format!("1 row(s) now use manufacturer {dell}")),
        "{said}"
    );
    assert_eq!(
        names(&parc, &["--where", "manufacturer=Dell Technologies"]),
        ["pc-01", "pc-02", "srv-01"]
    );
    assert!(
        parc.json(&["dropdown", "list", "manufacturers"])
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"] != "HP")
    );
    // An unused value goes without a replacement.
    let model = dropdown_id(&parc, "computermodels", "HP model");
    let err = parc.fails(&["dropdown", "delete", "computermodels", &model]);
    assert!(err.contains("glpi_computers: 1"), "{err}");
    let srv = parc.json(&["computer", "list", "--where", "name=srv-01"])[0]["id"].to_string();
    parc.ok(&["computer", "edit", &srv, "computermodels_id=0"]);
    parc.ok(&["dropdown", "delete", "computermodels", &model]);
    assert!(
        parc.json(&["dropdown", "list", "computermodels"])
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"] != "HP model")
    );
    let err = parc.fails(&["dropdown", "delete", "nonsense", "1"]);
    assert!(
        err.contains("unknown dropdown") && err.contains("manufacturers"),
        "{err}"
    );
}

fn entity_moves(parc: &Parc) {
    let a = parc.ok(&["entity", "add", "A"]).trim().to_owned();
    let b = parc
        .ok(&["entity", "add", "B", "--parent", &a])
        .trim()
        .to_owned();
    let c = parc
        .ok(&["entity", "add", "C", "--parent", &b])
        .trim()
        .to_owned();
    let d = parc.ok(&["entity", "add", "D"]).trim().to_owned();
    let completename = |id: &str| {
        parc.json(&["entity", "list"])
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"].as_u64() == id.parse().ok())
            .map(|e| {
                (
                    e["completename"].as_str().unwrap().to_owned(),
                    e["level"].as_i64().unwrap(),
                )
            })
            .unwrap()
    };
    // Moving B under D takes C along.
    let out = parc.run(&["entity", "move", &b, &d]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("\"Root entity > A > B\" → \"Root entity > D > B\""),
        "{said}"
    );
    assert!(
        said.contains("1 complete name(s) below it updated"),
        "{said}"
    );
    assert_eq!(completename(&c), ("Root entity > D > B > C".to_owned(), 4));
    // A cycle is refused, and changes nothing.
    let err = parc.fails(&["entity", "move", &d, &c]);
    assert!(err.contains("or below it"), "{err}");
    assert_eq!(completename(&d), ("Root entity > D".to_owned(), 2));
    let err = parc.fails(&["entity", "move", "0", &a]);
    assert!(err.contains("root entity"), "{err}");
    // Renaming renames the subtree's complete names.
    parc.ok(&["entity", "rename", &d, "Delta"]);
    assert_eq!(
        completename(&c),
        ("Root entity > Delta > B > C".to_owned(), 4)
    );
    // Deleting: never the root, not with sub-entities, not with items.
    assert!(
        parc.fails(&["entity", "delete", "0"])
            .contains("root entity cannot be deleted")
    );
    let err = parc.fails(&["entity", "delete", &b]);
    assert!(err.contains("has 1 sub-entities"), "{err}");
    parc.ok(&["computer", "add", "in-c", &format!("entities_id={c}")]);
    let err = parc.fails(&["entity", "delete", &c]);
    assert!(err.contains("holds 1 item(s) (glpi_computers: 1)"), "{err}");
    parc.ok(&["entity", "delete", &a]);
    assert!(
        parc.json(&["entity", "list"])
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["name"] != "A")
    );
}

#[test]
fn entities_move_with_their_subtree_and_refuse_cycles() {
    entity_moves(&Parc::new(Backend::Sqlite));
}

#[test]
fn mariadb_entities_move_with_their_subtree_and_refuse_cycles() {
    entity_moves(&Parc::new(Backend::MySql));
}

#[test]
fn locations_move_and_are_deleted_with_a_replacement() {
    let parc = Parc::new(Backend::Sqlite);
    fill(&parc);
    let list = || parc.json(&["location", "list"]);
    let id_of = |name: &str| {
        list()
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["completename"] == name)
            .unwrap()["id"]
            .to_string()
    };
    let hq = id_of("HQ");
    let floor = id_of("HQ > Floor 2");
    let annex = parc.ok(&["location", "add", "Annex"]).trim().to_owned();
    let room = parc
        .ok(&["location", "add", "Room 12", "--parent", &floor])
        .trim()
        .to_owned();
    parc.ok(&["location", "move", &floor, &annex]);
    assert_eq!(id_of("Annex > Floor 2 > Room 12"), room);
    assert_eq!(
        names(&parc, &["--where", "location=Annex > Floor 2"]),
        ["pc-01", "pc-02", "srv-01"]
    );
    assert!(
        parc.fails(&["location", "move", &annex, &room])
            .contains("or below it")
    );
    // In use: refused; replaced: computers follow, sub-locations move up.
    let err = parc.fails(&["location", "delete", &floor]);
    assert!(
        err.contains("used by 3 row(s)") && err.contains("--replace-with"),
        "{err}"
    );
    let out = parc.run(&["location", "delete", &floor, "--replace-with", &hq]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 child(ren) moved up"));
    assert_eq!(id_of("Annex > Room 12"), room);
    assert_eq!(
        names(&parc, &["--where", "location=HQ"]),
        ["pc-01", "pc-02", "srv-01"]
    );
}
