//! Monitors connected to computers (`glpi_monitors` and the connections in
//! `glpi_computers_items`).
//!
//! Unit management: one monitor row per physical monitor. A monitor with a
//! serial number is found again by its serial wherever it was connected
//! before (a monitor moved to another desk keeps its row and history);
//! without a serial it is matched by name, manufacturer and model among the
//! computer's own connections. Global management: one shared row per
//! name, manufacturer and model, connected to every computer that has one.

use std::collections::HashMap;

use parc_plugin_api::messages::inventory::{Management, Monitor};

use super::AssetError;
use super::dropdown::{Dropdown, Resolver};
use super::inventory::Writes;
use super::normalize::{self as norm, line};
use super::sections::action;
use crate::store::assets::sections as sql;
use crate::store::datetime::Timestamp;
use crate::store::rows::{Val, insert_returning_ids};
use crate::store::{Tx, now};

/// A monitor as an inventory reports it, dropdowns resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonitorRow {
    name: Option<String>,
    serial: Option<String>,
    manufacturers_id: u32,
    monitormodels_id: u32,
    monitortypes_id: u32,
    comment: Option<String>,
    global: bool,
}

impl MonitorRow {
    /// Identity: the serial when there is one (unit), else name, maker
    /// and model.
    fn match_key(&self) -> (bool, String, String, u32, u32) {
        match (&self.serial, self.global) {
            (Some(serial), false) => (false, norm::key(serial), String::new(), 0, 0),
            _ => (
                self.global,
                String::new(),
                norm::key_opt(self.name.as_deref()),
                self.manufacturers_id,
                self.monitormodels_id,
            ),
        }
    }

    fn label(&self) -> String {
        let name = self.name.clone().unwrap_or_default();
        match &self.serial {
            Some(serial) => format!("{name} ({serial})"),
            None => name,
        }
    }
}

/// Resolves the monitors of a document.
pub(crate) async fn rows(
    tx: &mut Tx,
    resolver: &mut Resolver,
    monitors: &[Monitor],
) -> Result<Vec<MonitorRow>, AssetError> {
    let mut rows = Vec::with_capacity(monitors.len());
    for m in monitors {
        let l = |v: &Option<String>| line(v.as_deref());
        rows.push(MonitorRow {
            name: l(&m.name),
            serial: l(&m.serial),
            manufacturers_id: resolver
                .dropdown(tx, Dropdown::Manufacturer, l(&m.manufacturer).as_deref())
                .await?,
            monitormodels_id: resolver
                .dropdown(tx, Dropdown::MonitorModel, l(&m.model).as_deref())
                .await?,
            monitortypes_id: resolver
                .dropdown(tx, Dropdown::MonitorType, l(&m.monitor_type).as_deref())
                .await?,
            comment: norm::text(m.comment.as_deref()),
            global: m.management == Management::Global,
        });
    }
    Ok(rows)
}

/// A connection as stored.
pub(crate) struct Connection {
    /// `glpi_computers_items.id`.
    pub(crate) id: u32,
    /// `is_dynamic` of the connection.
    pub(crate) is_dynamic: bool,
    /// `is_deleted` of the connection (a user's lock).
    pub(crate) is_deleted: bool,
    /// The monitor.
    pub(crate) monitor: u32,
    pub(crate) row: MonitorRow,
}

/// Builds a [`MonitorRow`] from stored columns.
pub(crate) fn stored_row(
    name: Option<String>,
    serial: Option<String>,
    manufacturers_id: u32,
    monitormodels_id: u32,
    is_global: bool,
) -> MonitorRow {
    MonitorRow {
        name,
        serial,
        manufacturers_id,
        monitormodels_id,
        monitortypes_id: 0,
        comment: None,
        global: is_global,
    }
}

/// Diffs and writes the monitors of `targets`; returns history rows per
/// computer.
pub(crate) async fn write(
    tx: &mut Tx,
    writes: &mut Writes,
    targets: &[(u32, bool, &[MonitorRow], &str)],
    entity_of: &HashMap<u32, u32>,
) -> Result<HashMap<u32, u32>, AssetError> {
    let mut changes: HashMap<u32, u32> = HashMap::new();
    if targets.is_empty() {
        return Ok(changes);
    }
    let owners: Vec<u32> = targets.iter().filter(|t| !t.1).map(|t| t.0).collect();
    let mut stored = sql::load_monitor_connections(tx, &owners).await?;
    // Monitors to connect: (computer, row), resolved to an id below.
    let mut wanted: Vec<(u32, MonitorRow, &str, bool)> = Vec::new();
    for (computer, created, monitors, source) in targets {
        let mut by_key: HashMap<_, Vec<Connection>> = HashMap::new();
        for c in stored.remove(computer).unwrap_or_default() {
            by_key.entry(c.row.match_key()).or_default().push(c);
        }
        for monitor in *monitors {
            let found = by_key
                .get_mut(&monitor.match_key())
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
            if found.is_none() {
                wanted.push((*computer, monitor.clone(), source, *created));
            }
        }
        for old in by_key.into_values().flatten() {
            if !old.is_dynamic {
                continue;
            }
            writes.delete("glpi_computers_items", old.id);
            if !old.is_deleted && !created {
                writes.log(
                    *computer,
                    "Monitor",
                    action::DISCONNECT_DEVICE,
                    source,
                    0,
                    &format!("{} ({})", old.row.label(), old.monitor),
                    "",
                );
                *changes.entry(*computer).or_default() += 1;
            }
        }
    }
    // A unit monitor hangs on one computer: when several computers of the
    // batch report the same serial, the last one gets it, as it would had
    // they been inventoried one after the other.
    let mut last_with_serial: HashMap<String, usize> = HashMap::new();
    for (i, (_, m, _, _)) in wanted.iter().enumerate() {
        if let (false, Some(serial)) = (m.global, &m.serial) {
            last_with_serial.insert(norm::key(serial), i);
        }
    }
    let wanted: Vec<_> = wanted
        .into_iter()
        .enumerate()
        .filter(|(i, (_, m, _, _))| match (m.global, &m.serial) {
            (false, Some(serial)) => last_with_serial.get(&norm::key(serial)) == Some(i),
            _ => true,
        })
        .map(|(_, w)| w)
        .collect();
    if wanted.is_empty() {
        return Ok(changes);
    }

    // Existing monitors to reuse: units by serial, globals by identity.
    let serials: Vec<String> = wanted
        .iter()
        .filter(|(_, m, _, _)| !m.global)
        .filter_map(|(_, m, _, _)| m.serial.clone())
        .collect();
    let mut by_serial: HashMap<String, u32> = sql::find_unit_monitors(tx, &serials)
        .await?
        .into_iter()
        .map(|(id, serial)| (norm::key(&serial), id))
        .collect();
    let mut globals: HashMap<(String, u32, u32), u32> = sql::load_global_monitors(tx)
        .await?
        .into_iter()
        .map(|(id, name, maker, model)| ((norm::key_opt(name.as_deref()), maker, model), id))
        .collect();
    let moved: Vec<u32> = wanted
        .iter()
        .filter(|(_, m, _, _)| !m.global)
        .filter_map(|(_, m, _, _)| {
            m.serial
                .as_ref()
                .and_then(|s| by_serial.get(&norm::key(s)).copied())
        })
        .collect();
    // A unit monitor found elsewhere is moved: its old connection goes.
    sql::delete_monitor_connections(tx, &moved).await?;

    let stamp = Val::Text(Timestamp(now()).to_glpi());
    let mut to_create: Vec<usize> = Vec::new();
    let mut monitor_of: Vec<Option<u32>> = vec![None; wanted.len()];
    for (i, (_, m, _, _)) in wanted.iter().enumerate() {
        let existing = if m.global {
            globals
                .get(&(
                    norm::key_opt(m.name.as_deref()),
                    m.manufacturers_id,
                    m.monitormodels_id,
                ))
                .copied()
        } else {
            m.serial
                .as_ref()
                .and_then(|s| by_serial.get(&norm::key(s)).copied())
        };
        match existing {
            Some(id) => monitor_of[i] = Some(id),
            None => to_create.push(i),
        }
    }
    // Create monitors one identity at a time (two computers reporting the
    // same new global monitor share one row).
    let mut created_rows: Vec<Vec<Val>> = Vec::new();
    let mut created_for: Vec<Vec<usize>> = Vec::new();
    let mut planned: HashMap<(bool, String, String, u32, u32), usize> = HashMap::new();
    for i in to_create {
        let (computer, m, _, _) = &wanted[i];
        // Unit monitors without a serial are never shared: each reported
        // monitor is a row of its own.
        if m.global || m.serial.is_some() {
            let identity = m.match_key();
            if let Some(slot) = planned.get(&identity) {
                created_for[*slot].push(i);
                continue;
            }
            planned.insert(identity, created_rows.len());
        }
        created_for.push(vec![i]);
        created_rows.push(vec![
            Val::from(entity_of.get(computer).copied().unwrap_or(0)),
            Val::from(m.name.clone()),
            Val::from(m.serial.clone()),
            Val::from(m.manufacturers_id),
            Val::from(m.monitormodels_id),
            Val::from(m.monitortypes_id),
            Val::from(m.comment.clone()),
            Val::Int(i64::from(m.global)),
            Val::Int(1),
            stamp.clone(),
            stamp.clone(),
        ]);
    }
    let ids = insert_returning_ids(
        tx,
        "glpi_monitors",
        &[
            "entities_id",
            "name",
            "serial",
            "manufacturers_id",
            "monitormodels_id",
            "monitortypes_id",
            "comment",
            "is_global",
            "is_dynamic",
            "date_creation",
            "date_mod",
        ],
        &created_rows,
        writes.consecutive_ids,
    )
    .await?;
    for (slots, id) in created_for.iter().zip(ids) {
        for i in slots {
            monitor_of[*i] = Some(id);
            let m = &wanted[*i].1;
            if m.global {
                globals.insert(
                    (
                        norm::key_opt(m.name.as_deref()),
                        m.manufacturers_id,
                        m.monitormodels_id,
                    ),
                    id,
                );
            } else if let Some(serial) = &m.serial {
                by_serial.insert(norm::key(serial), id);
            }
        }
    }
    for ((computer, m, source, created), monitor) in wanted.iter().zip(monitor_of) {
        let Some(monitor) = monitor else { continue };
        writes.insert(
            "glpi_computers_items",
            &["items_id", "computers_id", "itemtype", "is_dynamic"],
            vec![
                Val::from(monitor),
                Val::from(*computer),
                Val::Static("Monitor"),
                Val::Int(1),
            ],
        );
        if !created {
            writes.log(
                *computer,
                "Monitor",
                action::CONNECT_DEVICE,
                source,
                0,
                "",
                &format!("{} ({monitor})", m.label()),
            );
            *changes.entry(*computer).or_default() += 1;
        }
    }
    Ok(changes)
}
