//! Items connected to computers: monitors, peripherals and printers (their
//! GLPI tables, and the connections in `glpi_computers_items`).
//!
//! Unit management: one row per physical item. An item with a serial
//! number is found again by its serial wherever it was connected before (a
//! monitor moved to another desk keeps its row and history); when several
//! computers report the same serial, the one inventoried last holds it
//! (see [`settle_serials`]). Without a serial an item is matched by name,
//! manufacturer and model among the computer's own connections. Global management: one shared row per name,
//! manufacturer and model, connected to every computer that has one.

use std::collections::{HashMap, HashSet};

use parc_plugin_api::messages::inventory::{ConnectedItem, Disconnected, Management, Monitor};

use super::AssetError;
use super::dropdown::{Dropdown, Resolver};
use super::inventory::Writes;
use super::normalize::{self as norm, line};
use super::sections::action;
use crate::store::Tx;
use crate::store::assets::sections as sql;
use crate::store::rows::{Val, insert_returning_ids};

/// A kind of connected item: its itemtype, table and dropdowns.
#[derive(Debug)]
pub(crate) struct Kind {
    /// `itemtype` in `glpi_computers_items` and history.
    pub(crate) itemtype: &'static str,
    /// Table of the items.
    pub(crate) table: &'static str,
    /// Model column and dropdown.
    pub(crate) model: (&'static str, Dropdown),
    /// Type column and dropdown.
    pub(crate) item_type: (&'static str, Dropdown),
}

/// Monitors.
pub(crate) static MONITOR: Kind = Kind {
    itemtype: "Monitor",
    table: "glpi_monitors",
    model: ("monitormodels_id", Dropdown::MonitorModel),
    item_type: ("monitortypes_id", Dropdown::MonitorType),
};

/// Peripherals (keyboards, mice, …).
pub(crate) static PERIPHERAL: Kind = Kind {
    itemtype: "Peripheral",
    table: "glpi_peripherals",
    model: ("peripheralmodels_id", Dropdown::PeripheralModel),
    item_type: ("peripheraltypes_id", Dropdown::PeripheralType),
};

/// Printers.
pub(crate) static PRINTER: Kind = Kind {
    itemtype: "Printer",
    table: "glpi_printers",
    model: ("printermodels_id", Dropdown::PrinterModel),
    item_type: ("printertypes_id", Dropdown::PrinterType),
};

/// Every kind, in the order they are written.
pub(crate) static ALL: [&Kind; 3] = [&MONITOR, &PERIPHERAL, &PRINTER];

/// A monitor reported as a connected item.
pub(crate) fn from_monitor(m: &Monitor) -> ConnectedItem {
    ConnectedItem {
        name: m.name.clone(),
        serial: m.serial.clone(),
        manufacturer: m.manufacturer.clone(),
        model: m.model.clone(),
        item_type: m.monitor_type.clone(),
        comment: m.comment.clone(),
        management: m.management,
    }
}

/// An item as an inventory reports it, dropdowns resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemRow {
    name: Option<String>,
    serial: Option<String>,
    manufacturers_id: u32,
    models_id: u32,
    types_id: u32,
    comment: Option<String>,
    global: bool,
}

impl ItemRow {
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
                self.models_id,
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

/// Resolves the items of `kind` a document reports.
pub(crate) async fn rows(
    tx: &mut Tx,
    resolver: &mut Resolver,
    kind: &Kind,
    items: &[ConnectedItem],
) -> Result<Vec<ItemRow>, AssetError> {
    let mut rows = Vec::with_capacity(items.len());
    for m in items {
        let l = |v: &Option<String>| line(v.as_deref());
        rows.push(ItemRow {
            name: l(&m.name),
            serial: l(&m.serial),
            manufacturers_id: resolver
                .dropdown(tx, Dropdown::Manufacturer, l(&m.manufacturer).as_deref())
                .await?,
            models_id: resolver
                .dropdown(tx, kind.model.1, l(&m.model).as_deref())
                .await?,
            types_id: resolver
                .dropdown(tx, kind.item_type.1, l(&m.item_type).as_deref())
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
    /// The connected item.
    pub(crate) item: u32,
    pub(crate) row: ItemRow,
}

/// Builds an [`ItemRow`] from stored columns.
pub(crate) fn stored_row(
    name: Option<String>,
    serial: Option<String>,
    manufacturers_id: u32,
    models_id: u32,
    is_global: bool,
) -> ItemRow {
    ItemRow {
        name,
        serial,
        manufacturers_id,
        models_id,
        types_id: 0,
        comment: None,
        global: is_global,
    }
}

/// The items of one kind a computer's inventory reports.
pub(crate) struct Target<'a> {
    pub(crate) computer: u32,
    pub(crate) created: bool,
    pub(crate) rows: &'a [ItemRow],
    pub(crate) source: &'a str,
    /// The fate of unit items no longer reported.
    pub(crate) disconnected: Disconnected,
}

/// Applies `disconnected` to unit items that lost their connection, except
/// those connected again in the same write (moved to another computer).
fn dispose(writes: &mut Writes, kind: &Kind, gone: &[(u32, Disconnected)], reused: &HashSet<u32>) {
    for (item, fate) in gone {
        if reused.contains(item) {
            continue;
        }
        match fate {
            Disconnected::Keep => {}
            Disconnected::Trash => {
                writes.update(kind.table, *item, vec![("is_deleted", Val::Int(1))])
            }
            Disconnected::Delete => writes.delete(kind.table, *item),
        }
    }
}

/// One computer's wish to connect a reported item: (computer, item,
/// source, created in this write).
type Wish<'a> = (u32, ItemRow, &'a str, bool);

/// Decides where a unit item with a serial hangs, and moves it there.
///
/// A unit item is connected to one computer at a time, but a serial can
/// be reported by several: a hot-desk screen every laptop that was plugged
/// into it reports, or a vendor's placeholder serial. The item goes to the
/// computer inventoried last (`last_inventory_update`), where it was seen
/// most recently; the computer holding it keeps it on a tie. So a monitor
/// moved to another desk follows it at the next inventory of its new
/// computer, and a `sync` of unchanged data moves nothing: the other
/// computers keep reporting the serial, without a connection (and without
/// a second item: the serial names one physical item). A computer whose
/// inventory carries no date counts as the oldest: between two such, the
/// item stays where it is until its holder stops reporting it.
///
/// Returns the wishes to write: every wish without a serial or of a
/// global item, and for each serial at most the one that wins. When an
/// item moves, its live connections elsewhere go now, with a "disconnected"
/// history row on the computer that loses it.
async fn settle_serials<'a>(
    tx: &mut Tx,
    writes: &mut Writes,
    kind: &Kind,
    wanted: Vec<Wish<'a>>,
    found: &[sql::UnitItem],
    dropped: &HashSet<u32>,
    changes: &mut HashMap<u32, u32>,
) -> Result<Vec<Wish<'a>>, AssetError> {
    let serial_of = |m: &ItemRow| match (m.global, &m.serial) {
        (false, Some(serial)) => Some(norm::key(serial)),
        _ => None,
    };
    // Live connections of the items found, unless this write drops them.
    let mut holders: HashMap<String, Vec<(u32, u32, &sql::UnitItem)>> = HashMap::new();
    for unit in found {
        if let Some((connection, computer)) = unit.connection
            && !dropped.contains(&connection)
        {
            holders
                .entry(norm::key(&unit.serial))
                .or_default()
                .push((connection, computer, unit));
        }
    }
    let mut computers: Vec<u32> = wanted
        .iter()
        .filter(|(_, m, _, _)| serial_of(m).is_some())
        .map(|(c, _, _, _)| *c)
        .chain(holders.values().flatten().map(|(_, c, _)| *c))
        .collect();
    computers.sort_unstable();
    computers.dedup();
    let dates = sql::inventory_dates(tx, &computers).await?;
    let date = |computer: &u32| dates.get(computer).cloned().flatten();

    // Per serial, the wish of the computer inventoried last (the later
    // in the batch on a tie).
    let mut best: HashMap<String, (usize, Option<String>)> = HashMap::new();
    for (i, (computer, m, _, _)) in wanted.iter().enumerate() {
        if let Some(serial) = serial_of(m) {
            let when = date(computer);
            match best.get(&serial) {
                Some((_, newest)) if *newest > when => {}
                _ => {
                    best.insert(serial, (i, when));
                }
            }
        }
    }
    let mut keep: HashSet<usize> = HashSet::new();
    for (serial, (i, when)) in best {
        let held = holders.get(&serial).map(Vec::as_slice).unwrap_or_default();
        let holder_date = held.iter().map(|(_, c, _)| date(c)).max();
        if holder_date.is_some_and(|held_since| held_since >= when) {
            continue;
        }
        keep.insert(i);
        let (_, _, source, _) = &wanted[i];
        for (connection, computer, unit) in held {
            writes.delete("glpi_computers_items", *connection);
            writes.log(
                *computer,
                kind.itemtype,
                action::DISCONNECT_DEVICE,
                source,
                0,
                &format!(
                    "{} ({})",
                    stored_row(unit.name.clone(), Some(unit.serial.clone()), 0, 0, false).label(),
                    unit.id
                ),
                "",
            );
            *changes.entry(*computer).or_default() += 1;
        }
    }
    Ok(wanted
        .into_iter()
        .enumerate()
        .filter(|(i, (_, m, _, _))| serial_of(m).is_none() || keep.contains(i))
        .map(|(_, w)| w)
        .collect())
}

/// Diffs and writes the items of `kind` of `targets`; returns history
/// rows per computer.
pub(crate) async fn write(
    tx: &mut Tx,
    writes: &mut Writes,
    kind: &Kind,
    targets: &[Target<'_>],
    entity_of: &HashMap<u32, u32>,
) -> Result<HashMap<u32, u32>, AssetError> {
    let mut changes: HashMap<u32, u32> = HashMap::new();
    if targets.is_empty() {
        return Ok(changes);
    }
    let owners: Vec<u32> = targets
        .iter()
        .filter(|t| !t.created)
        .map(|t| t.computer)
        .collect();
    let mut stored = sql::load_connections(tx, kind, &owners).await?;
    // Items to connect: (computer, row), resolved to an id below.
    let mut wanted: Vec<Wish<'_>> = Vec::new();
    // Unit items whose connection goes, with what becomes of them.
    let mut gone: Vec<(u32, Disconnected)> = Vec::new();
    // Connections that go in this write.
    let mut dropped: HashSet<u32> = HashSet::new();
    for Target {
        computer,
        created,
        rows: items,
        source,
        disconnected,
    } in targets
    {
        let mut by_key: HashMap<_, Vec<Connection>> = HashMap::new();
        for c in stored.remove(computer).unwrap_or_default() {
            by_key.entry(c.row.match_key()).or_default().push(c);
        }
        for item in *items {
            let found = by_key
                .get_mut(&item.match_key())
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
            if found.is_none() {
                wanted.push((*computer, item.clone(), source, *created));
            }
        }
        for old in by_key.into_values().flatten() {
            if !old.is_dynamic {
                continue;
            }
            writes.delete("glpi_computers_items", old.id);
            dropped.insert(old.id);
            if !old.row.global {
                gone.push((old.item, *disconnected));
            }
            if !old.is_deleted && !created {
                writes.log(
                    *computer,
                    kind.itemtype,
                    action::DISCONNECT_DEVICE,
                    source,
                    0,
                    &format!("{} ({})", old.row.label(), old.item),
                    "",
                );
                *changes.entry(*computer).or_default() += 1;
            }
        }
    }
    // Unit items reported with a serial, found by it wherever they are.
    let serials: Vec<String> = wanted
        .iter()
        .filter(|(_, m, _, _)| !m.global)
        .filter_map(|(_, m, _, _)| m.serial.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let found = sql::find_unit_items(tx, kind, &serials).await?;
    let wanted = settle_serials(tx, writes, kind, wanted, &found, &dropped, &mut changes).await?;
    if wanted.is_empty() {
        dispose(writes, kind, &gone, &HashSet::new());
        return Ok(changes);
    }

    // Existing items to reuse: units by serial, globals by identity.
    let mut by_serial: HashMap<String, u32> =
        found.iter().map(|u| (norm::key(&u.serial), u.id)).collect();
    let mut globals: HashMap<(String, u32, u32), u32> = sql::load_global_items(tx, kind)
        .await?
        .into_iter()
        .map(|(id, name, maker, model)| ((norm::key_opt(name.as_deref()), maker, model), id))
        .collect();

    let stamp = writes.stamp.clone();
    let mut to_create: Vec<usize> = Vec::new();
    let mut item_of: Vec<Option<u32>> = vec![None; wanted.len()];
    for (i, (_, m, _, _)) in wanted.iter().enumerate() {
        let existing = if m.global {
            globals
                .get(&(
                    norm::key_opt(m.name.as_deref()),
                    m.manufacturers_id,
                    m.models_id,
                ))
                .copied()
        } else {
            m.serial
                .as_ref()
                .and_then(|s| by_serial.get(&norm::key(s)).copied())
        };
        match existing {
            Some(id) => item_of[i] = Some(id),
            None => to_create.push(i),
        }
    }
    // Create items one identity at a time (two computers reporting the
    // same new global item share one row).
    let mut created_rows: Vec<Vec<Val>> = Vec::new();
    let mut created_for: Vec<Vec<usize>> = Vec::new();
    let mut planned: HashMap<(bool, String, String, u32, u32), usize> = HashMap::new();
    for i in to_create {
        let (computer, m, _, _) = &wanted[i];
        // Unit items without a serial are never shared: each reported
        // item is a row of its own.
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
            Val::from(m.models_id),
            Val::from(m.types_id),
            Val::from(m.comment.clone()),
            Val::Int(i64::from(m.global)),
            Val::Int(1),
            stamp.clone(),
            stamp.clone(),
        ]);
    }
    let ids = insert_returning_ids(
        tx,
        kind.table,
        &[
            "entities_id",
            "name",
            "serial",
            "manufacturers_id",
            kind.model.0,
            kind.item_type.0,
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
            item_of[*i] = Some(id);
            let m = &wanted[*i].1;
            if m.global {
                globals.insert(
                    (
                        norm::key_opt(m.name.as_deref()),
                        m.manufacturers_id,
                        m.models_id,
                    ),
                    id,
                );
            } else if let Some(serial) = &m.serial {
                by_serial.insert(norm::key(serial), id);
            }
        }
    }
    for ((computer, m, source, created), item) in wanted.iter().zip(&item_of) {
        let Some(item) = *item else { continue };
        writes.insert(
            "glpi_computers_items",
            &["items_id", "computers_id", "itemtype", "is_dynamic"],
            vec![
                Val::from(item),
                Val::from(*computer),
                Val::Static(kind.itemtype),
                Val::Int(1),
            ],
        );
        if !created {
            writes.log(
                *computer,
                kind.itemtype,
                action::CONNECT_DEVICE,
                source,
                0,
                "",
                &format!("{} ({item})", m.label()),
            );
            *changes.entry(*computer).or_default() += 1;
        }
    }
    let reused: HashSet<u32> = item_of.iter().flatten().copied().collect();
    dispose(writes, kind, &gone, &reused);
    Ok(changes)
}
