//! Documents and arguments people write: `parc inventory upsert` and
//! `parc computer edit` refuse what is wrong with its path or its ids, say
//! where, and write nothing.

use parc_tests::{Backend, Parc};
use serde_json::json;

fn computers(parc: &Parc) -> i64 {
    parc.scalar("SELECT COUNT(*) FROM glpi_computers")
}

/// Runs `parc inventory upsert` on `text`, expects a refusal containing
/// each of `expected`, and checks that no computer was written.
fn refused(parc: &Parc, text: &str, expected: &[&str]) -> String {
    let before = computers(parc);
    let path = parc.data_dir().join("doc.json");
    std::fs::write(&path, text).unwrap();
    let stderr = parc.fails(&["inventory", "upsert", path.to_str().unwrap()]);
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in: {stderr}");
    }
    assert!(
        !stderr.contains("invalid type: map, expected a sequence"),
        "the real error is shown: {stderr}"
    );
    assert_eq!(computers(parc), before, "nothing written for {text}");
    stderr
}

#[test]
fn an_upsert_document_is_read_strictly_and_refusals_write_nothing() {
    let parc = Parc::new(Backend::Sqlite);
    parc.ok(&["status"]);
    assert_eq!(computers(&parc), 0);

    // One object is one computer.
    let path = parc.data_dir().join("one.json");
    std::fs::write(
        &path,
        r#"{"entities_id": 0, "source": "by hand", "inventory": {"general": {"name": "pc-one"}}}"#,
    )
    .unwrap();
    let out = parc.json(&["inventory", "upsert", path.to_str().unwrap()]);
    assert_eq!(out.as_array().unwrap().len(), 1, "{out}");
    assert_eq!(out[0]["created"], true);
    assert_eq!(computers(&parc), 1);

    // Truncated JSON: serde_json's error with its position.
    refused(
        &parc,
        "[{\"source\": \"s\",\n \"inventory\": {\"general\": ",
        &["not valid JSON", "EOF while parsing", "line 2 column"],
    );
    // A lone surrogate.
    refused(
        &parc,
        r#"{"inventory": {"general": {"name": "\ud800"}}}"#,
        &["not valid JSON", "line 1 column"],
    );
    // A number as a name: the path and the position.
    refused(
        &parc,
        "[{\"source\": \"s\", \"inventory\": {\"general\": {\n  \"name\": 12}}}]",
        &[
            "[0].inventory.general.name: invalid type: integer `12`, expected a string",
            "line 2 column",
        ],
    );
    // Negative and too-large ids.
    refused(
        &parc,
        r#"[{"entities_id": -1, "inventory": {"general": {"name": "a"}}}]"#,
        &["[0].entities_id", "-1", "expected an id (0 to 4294967295)"],
    );
    refused(
        &parc,
        r#"{"computers_id": 9223372036854775808, "inventory": {}}"#,
        &["computers_id", "9223372036854775808"],
    );
    // An entity that does not exist.
    refused(
        &parc,
        r#"{"entities_id": 77, "inventory": {"general": {"name": "a"}}}"#,
        &["entity 77 does not exist"],
    );
    // A misplaced key: refused with its path, no nameless computer.
    refused(
        &parc,
        r#"{"inventory": {"name": "x"}}"#,
        &["unknown key(s) inventory.name", "inventory.general.name"],
    );
    refused(
        &parc,
        r#"[{"inventory": {"general": {"name": "x"}, "processor": []}}]"#,
        &["[0].inventory.processor"],
    );
    // No name at all for a new computer.
    refused(
        &parc,
        r#"{"inventory": {"general": {"serial": "S1"}}}"#,
        &["inventory.general.name is required"],
    );
    // Nothing else than upserts.
    refused(&parc, "42", &["expected a JSON array of upserts"]);
}

#[test]
fn computer_edit_refuses_dangling_ids_and_writes_nothing() {
    let parc = Parc::new(Backend::Sqlite);
    let out = parc.upsert(&json!([{"source": "inv", "inventory": {"general": {"name": "pc"}}}]));
    let id = out[0]["computers_id"].as_i64().unwrap().to_string();
    let before = parc.rows(&format!(
        "SELECT entities_id, locations_id, states_id, users_id, manufacturers_id, date_mod \
         FROM glpi_computers WHERE id = {id}"
    ));
    let logs = parc.scalar("SELECT COUNT(*) FROM glpi_logs");
    let stderr = parc.fails(&[
        "computer",
        "edit",
        &id,
        "name=renamed",
        "entities_id=999",
        "locations_id=777",
        "states_id=888",
        "users_id=999999",
        "manufacturers_id=12345",
    ]);
    for dangling in [
        "entities_id=999",
        "locations_id=777",
        "states_id=888",
        "users_id=999999",
        "manufacturers_id=12345",
    ] {
        assert!(stderr.contains(dangling), "{dangling} named in: {stderr}");
    }
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    let after = parc.rows(&format!(
        "SELECT entities_id, locations_id, states_id, users_id, manufacturers_id, date_mod \
         FROM glpi_computers WHERE id = {id}"
    ));
    assert_eq!(before, after);
    assert_eq!(
        parc.scalar(&format!(
            "SELECT name = 'pc' FROM glpi_computers WHERE id = {id}"
        )),
        1
    );
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_lockedfields"), 0);
    assert_eq!(parc.scalar("SELECT COUNT(*) FROM glpi_logs"), logs);

    // 0 is "none" for a dropdown, and the root entity for entities_id.
    parc.ok(&["computer", "edit", &id, "locations_id=0", "entities_id=0"]);
    // `computer add` checks the same.
    let stderr = parc.fails(&["computer", "add", "pc2", "states_id=5"]);
    assert!(stderr.contains("states_id=5"), "{stderr}");
    assert_eq!(computers(&parc), 1);
}
