//! Capability: writing computers into the asset store.
//!
//! An inventory source hands the host a document per computer; the host
//! creates or updates the computer as a diff (history, field locks, trash
//! rules are the host's business). The plugin keeps its own link rows, and
//! declares a purge cascade so the host deletes them when a computer is
//! purged.

use parc_plugin_api::messages::inventory::{ComputerInventory, General, Software, Upsert};
use parc_plugin_api::{Host, Install, Result};

use crate::tables::COMPUTERS;

pub fn register(install: &mut Install) {
    install.purge_cascade("Computer", COMPUTERS, "computers_id");
}

/// Writes (or updates, when the plugin already wrote it) a computer named
/// `name`; returns its id.
pub fn write_computer(host: &Host, name: &str, serial: Option<&str>) -> Result<u32> {
    let db = host.db();
    let known = db.query(
        &format!(
            "SELECT l.computers_id FROM {COMPUTERS} l JOIN glpi_computers c ON c.id = l.computers_id \
             WHERE c.name = ?"
        ),
        &[name.into()],
    )?;
    let existing = known
        .rows
        .first()
        .and_then(|r| r[0].as_u64())
        .map(|id| id as u32);
    let outcome = host.upsert_computers(vec![Upsert {
        computers_id: existing,
        entities_id: 0,
        source: "Example inventory".into(),
        inventory: ComputerInventory {
            general: Some(General {
                name: Some(name.into()),
                serial: serial.map(Into::into),
                ..General::default()
            }),
            software: Some(vec![Software {
                name: Some("Example agent".into()),
                version: Some(env!("CARGO_PKG_VERSION").into()),
                publisher: Some("parc developers".into()),
                ..Software::default()
            }]),
            ..ComputerInventory::default()
        },
        // Later SDK minors add fields to messages: keep the rest default.
        ..Upsert::default()
    }])?;
    let id = outcome[0].computers_id;
    if existing.is_none() {
        db.execute(
            &format!("INSERT INTO {COMPUTERS} (computers_id) VALUES (?)"),
            &[id.into()],
        )?;
    }
    Ok(id)
}
