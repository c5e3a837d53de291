//! Inventory upsert: writes what an inventory source reports about
//! computers, as a diff against what the store holds.
//!
//! For each computer of a batch: resolve names to dropdown ids (created on
//! demand), load the current state of the sections the document carries
//! (set-based, one query per section for the whole batch), then add what
//! is new, update what changed and remove what disappeared. Fields a user
//! locked are left alone; items a user deleted stay deleted (that is how
//! GLPI locks dynamic sub-items); items a user added by hand are never
//! removed. Every change of an existing computer writes a history row with
//! old and new value; a created computer gets one "created" row. The whole
//! batch is one transaction.

use std::collections::BTreeMap;

// foldhash: the upsert hashes every row key of a batch; SipHash was a
// visible share of an import.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use parc_plugin_api::messages::inventory::{
    ComputerInventory, General, OperatingSystem, Software, Upsert, UpsertOutcome,
};

use super::connected::{self, ItemRow, Kind};
use super::dropdown::{Dropdown, Resolver, Table};
use super::normalize::{self as norm, line};
use super::ports::{self, PortRow};
use super::sections::{self, Owner, Row, Section, action};
use super::{AssetError, AssetStore};
use crate::store::assets::{catalog, sections as sql};
use crate::store::datetime::Timestamp;
use crate::store::rows::{Val, delete_in, insert_many, insert_returning_ids};
use crate::store::{Tx, now};

/// Columns of `glpi_computers` an inventory sets, with the search option
/// GLPI's history uses for each (0 where parc writes no history) and the
/// dropdown whose name history shows.
pub(crate) const GENERAL: &[(&str, i32, Option<Dropdown>)] = &[
    ("name", 1, None),
    ("serial", 5, None),
    ("otherserial", 6, None),
    ("uuid", 47, None),
    ("contact", 7, None),
    ("contact_num", 8, None),
    ("comment", 16, None),
    ("manufacturers_id", 23, Some(Dropdown::Manufacturer)),
    ("computermodels_id", 40, Some(Dropdown::ComputerModel)),
    ("computertypes_id", 4, Some(Dropdown::ComputerType)),
    ("locations_id", 3, None),
    ("states_id", 31, Some(Dropdown::State)),
    ("networks_id", 32, Some(Dropdown::Network)),
    ("users_id", 70, Some(Dropdown::User)),
    ("groups_id", 71, Some(Dropdown::Group)),
    ("autoupdatesystems_id", 42, Some(Dropdown::AutoUpdateSystem)),
    // Refreshed at every inventory: stored, never logged.
    ("last_inventory_update", 0, None),
    ("last_boot", 0, None),
];

/// Everything one document resolves to.
struct Prepared {
    general: Option<Vec<Val>>,
    domain: Option<u32>,
    sections: Vec<(&'static Section, Vec<Row>)>,
    ports: Option<Vec<PortRow>>,
    /// Connected items per kind the document reports.
    connected: Vec<(&'static Kind, Vec<ItemRow>)>,
}

/// The state of one computer before the write.
#[derive(Default)]
struct Current {
    entities_id: u32,
    general: Vec<Val>,
    locked: Vec<String>,
    domains: Vec<(u32, u32)>,
}

/// `UPDATE table SET … WHERE id = …`.
type Update = (&'static str, u32, Vec<(&'static str, Val)>);

/// Writes accumulated for the whole batch, then executed in bulk.
pub(crate) struct Writes {
    inserts: BTreeMap<&'static str, (Vec<&'static str>, Vec<Vec<Val>>)>,
    deletes: BTreeMap<&'static str, Vec<u32>>,
    updates: Vec<Update>,
    logs: Vec<Vec<Val>>,
    pub(crate) consecutive_ids: bool,
    /// The batch's time (`date_mod`, `date_creation`, history): one per
    /// write, as GLPI uses one per request.
    pub(crate) stamp: Val,
}

/// Columns of a `glpi_logs` row, in the order history rows are built.
pub(crate) const LOG_COLUMNS: &[&str] = &[
    "itemtype",
    "items_id",
    "itemtype_link",
    "linked_action",
    "user_name",
    "date_mod",
    "id_search_option",
    "old_value",
    "new_value",
];

impl Writes {
    pub(crate) fn new(consecutive_ids: bool, stamp: &Val) -> Self {
        Self {
            inserts: BTreeMap::new(),
            deletes: BTreeMap::new(),
            updates: Vec::new(),
            logs: Vec::new(),
            consecutive_ids,
            stamp: stamp.clone(),
        }
    }

    pub(crate) fn insert(&mut self, table: &'static str, columns: &[&'static str], row: Vec<Val>) {
        let entry = self
            .inserts
            .entry(table)
            .or_insert_with(|| (columns.to_vec(), Vec::new()));
        entry.1.push(row);
    }

    pub(crate) fn delete(&mut self, table: &'static str, id: u32) {
        self.deletes.entry(table).or_default().push(id);
    }

    pub(crate) fn update(&mut self, table: &'static str, id: u32, set: Vec<(&'static str, Val)>) {
        self.updates.push((table, id, set));
    }

    /// A history row on a computer.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn log(
        &mut self,
        computer: u32,
        link: &str,
        linked_action: i32,
        user: &str,
        search_option: i32,
        old: &str,
        new: &str,
    ) {
        self.logs.push(vec![
            Val::Static("Computer"),
            Val::from(computer),
            Val::from(link),
            Val::Int(i64::from(linked_action)),
            Val::from(user),
            self.stamp.clone(),
            Val::Int(i64::from(search_option)),
            Val::Text(cut(old)),
            Val::Text(cut(new)),
        ]);
    }

    async fn execute(self, tx: &mut Tx) -> Result<(), AssetError> {
        for (table, ids) in &self.deletes {
            delete_in(tx, table, "id", ids, "").await?;
        }
        // Consecutive updates of one table that set the same columns go in
        // one statement; a repeated id starts a new one (the later update
        // must win, as it would run after).
        let mut rest = self.updates.as_slice();
        while let Some((table, _, set)) = rest.first() {
            let mut ids = HashSet::new();
            let run = rest
                .iter()
                .take_while(|(t, id, s)| {
                    t == table
                        && s.len() == set.len()
                        && s.iter().zip(set).all(|(a, b)| a.0 == b.0)
                        && ids.insert(*id)
                })
                .count();
            let (group, tail) = rest.split_at(run);
            if let [(table, id, set)] = group {
                sql::update_row(tx, table, *id, set).await?;
            } else {
                let rows: Vec<(u32, &[(&str, Val)])> = group
                    .iter()
                    .map(|(_, id, set)| (*id, set.as_slice()))
                    .collect();
                sql::update_rows(tx, table, &rows).await?;
            }
            rest = tail;
        }
        for (table, (columns, rows)) in &self.inserts {
            insert_many(tx, table, columns, rows).await?;
        }
        insert_many(tx, "glpi_logs", LOG_COLUMNS, &self.logs).await?;
        Ok(())
    }
}

/// History values are `varchar(255)`.
fn cut(value: &str) -> String {
    line(Some(value)).unwrap_or_default()
}

impl AssetStore {
    /// Writes a batch of computers in one transaction: all or none. Their
    /// software may name titles and versions by position in
    /// `software_catalog` ([`Software::catalog`]).
    pub async fn upsert(
        &self,
        items: &[Upsert],
        software_catalog: &[Software],
    ) -> Result<Vec<UpsertOutcome>, AssetError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.db().begin().await?;
        let (outcomes, resolver) = self.upsert_in_tx(&mut tx, items, software_catalog).await?;
        tx.commit().await?;
        resolver.commit();
        Ok(outcomes)
    }

    /// Writes a batch inside a transaction the caller owns. The returned
    /// resolver holds the dropdown rows created here: publish it with
    /// [`Resolver::commit`] once the transaction has committed, drop it
    /// otherwise.
    pub async fn upsert_in_tx(
        &self,
        tx: &mut Tx,
        items: &[Upsert],
        software_catalog: &[Software],
    ) -> Result<(Vec<UpsertOutcome>, Resolver), AssetError> {
        let mut resolver = Resolver::new(self.caches());
        if items.is_empty() {
            return Ok((Vec::new(), resolver));
        }
        let outcomes = upsert_in(tx, &mut resolver, items, software_catalog).await?;
        Ok((outcomes, resolver))
    }
}

async fn upsert_in(
    tx: &mut Tx,
    resolver: &mut Resolver,
    items: &[Upsert],
    software_catalog: &[Software],
) -> Result<Vec<UpsertOutcome>, AssetError> {
    // Phase timings, logged at debug level (profiling imports).
    let started = std::time::Instant::now();
    check_references(tx, items).await?;
    let stamp = Val::Text(Timestamp(now()).to_glpi());
    let mut writes = Writes::new(catalog::mysql_consecutive_ids(tx).await?, &stamp);

    // Resolve every document first: dropdowns and catalogues are created
    // inside this transaction.
    let software = super::components::prefetch_software(
        tx,
        resolver,
        items,
        software_catalog,
        writes.consecutive_ids,
    )
    .await?;
    super::components::prefetch_catalogs(tx, resolver, items, writes.consecutive_ids).await?;
    let software_done = started.elapsed();
    let mut prepared = Vec::with_capacity(items.len());
    for item in items {
        prepared.push(prepare(tx, resolver, &software, item).await?);
    }

    let prepared_done = started.elapsed();
    // Create the new computers (their ids are needed by their sub-items).
    let mut ids: Vec<u32> = items.iter().map(|i| i.computers_id.unwrap_or(0)).collect();
    let new: Vec<usize> = (0..items.len())
        .filter(|i| items[*i].computers_id.is_none())
        .collect();
    if !new.is_empty() {
        let mut columns = vec!["entities_id", "is_dynamic", "date_creation", "date_mod"];
        columns.extend(GENERAL.iter().map(|(c, _, _)| *c));
        let rows: Vec<Vec<Val>> = new
            .iter()
            .map(|i| {
                let mut row = vec![
                    Val::from(items[*i].entities_id),
                    Val::Int(1),
                    stamp.clone(),
                    stamp.clone(),
                ];
                row.extend(
                    prepared[*i]
                        .general
                        .clone()
                        .unwrap_or_else(|| GENERAL.iter().map(|_| Val::Null).collect()),
                );
                normalize_general_for_insert(&mut row[4..]);
                row
            })
            .collect();
        let created = insert_returning_ids(
            tx,
            "glpi_computers",
            &columns,
            &rows,
            writes.consecutive_ids,
        )
        .await?;
        for (i, id) in new.iter().zip(created) {
            ids[*i] = id;
            writes.log(id, "", action::CREATE_ITEM, &items[*i].source, 0, "", "");
        }
    }

    // Current state of the computers being updated.
    let existing: Vec<u32> = items.iter().filter_map(|i| i.computers_id).collect();
    let mut current = load_current(tx, &existing).await?;
    let created: Vec<bool> = items.iter().map(|i| i.computers_id.is_none()).collect();
    let entity_of: std::collections::HashMap<u32, u32> = ids
        .iter()
        .zip(items)
        .map(|(id, item)| {
            let entity = current.get(id).map_or(item.entities_id, |c| c.entities_id);
            (*id, entity)
        })
        .collect();

    let mut changes: HashMap<u32, u32> = HashMap::new();
    let logs_before = |w: &Writes| w.logs.len();

    // General fields and domain.
    for (index, item) in items.iter().enumerate() {
        let id = ids[index];
        let before = logs_before(&writes);
        if let (Some(state), Some(general)) = (current.get_mut(&id), &prepared[index].general) {
            if item.ignore_locks {
                state.locked.clear();
            }
            diff_general(&mut writes, resolver, id, state, general, &item.source);
        }
        if let Some(domain) = prepared[index].domain {
            let had = current
                .get(&id)
                .map(|c| c.domains.clone())
                .unwrap_or_default();
            diff_domain(
                &mut writes,
                resolver,
                id,
                &had,
                domain,
                &item.source,
                created[index],
            );
        }
        *changes.entry(id).or_default() += (writes.logs.len() - before) as u32;
    }

    // Generic sections, one load per section for the whole batch.
    for section in sections::ALL {
        let targets: Vec<(usize, u32)> = (0..items.len())
            .filter(|i| {
                prepared[*i]
                    .sections
                    .iter()
                    .any(|(s, _)| std::ptr::eq(*s, section))
            })
            .map(|i| (i, ids[i]))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let owners: Vec<u32> = targets
            .iter()
            .filter(|(i, _)| !created[*i])
            .map(|(_, id)| *id)
            .collect();
        let mut stored = sql::load_section(tx, section, &owners).await?;
        if !stored.is_empty() {
            ensure_labels_loaded(tx, resolver, section).await?;
        }
        for (index, id) in targets {
            // Each section's rows are diffed once: moved, not copied.
            let rows = prepared[index]
                .sections
                .iter_mut()
                .find(|(s, _)| std::ptr::eq(*s, section))
                .map(|(_, rows)| std::mem::take(rows))
                .unwrap_or_default();
            let before = logs_before(&writes);
            let old = stored.remove(&id).unwrap_or_default();
            diff_section(
                &mut writes,
                resolver,
                section,
                id,
                entity_of[&id],
                old,
                rows,
                &items[index].source,
                created[index],
            );
            *changes.entry(id).or_default() += (writes.logs.len() - before) as u32;
        }
    }
    let consecutive_ids = writes.consecutive_ids;
    let diffed = started.elapsed();
    writes.execute(tx).await?;
    let written = started.elapsed();

    // Ports and connected items need ids of rows they create: their own
    // passes.
    let mut writes = Writes::new(consecutive_ids, &stamp);
    let port_targets: Vec<(u32, bool, &[PortRow], &str)> = (0..items.len())
        .filter_map(|i| {
            prepared[i]
                .ports
                .as_deref()
                .map(|p| (ids[i], created[i], p, items[i].source.as_str()))
        })
        .collect();
    let port_changes = ports::write(tx, &mut writes, &port_targets, &entity_of).await?;
    let mut connected_changes = Vec::new();
    for kind in connected::ALL {
        let targets: Vec<connected::Target<'_>> = (0..items.len())
            .filter_map(|i| {
                let (_, rows) = prepared[i]
                    .connected
                    .iter()
                    .find(|(k, _)| std::ptr::eq(*k, kind))?;
                Some(connected::Target {
                    computer: ids[i],
                    created: created[i],
                    rows,
                    source: &items[i].source,
                    disconnected: items[i].disconnected,
                })
            })
            .collect();
        connected_changes
            .extend(connected::write(tx, &mut writes, kind, &targets, &entity_of).await?);
    }
    for (id, n) in port_changes.into_iter().chain(connected_changes) {
        *changes.entry(id).or_default() += n;
    }
    writes.execute(tx).await?;

    let ms = |d: std::time::Duration| d.as_millis() as u64;
    tracing::debug!(
        computers = items.len(),
        software_ms = ms(software_done),
        resolve_ms = ms(prepared_done - software_done),
        diff_ms = ms(diffed - prepared_done),
        write_ms = ms(written - diffed),
        ports_connected_ms = ms(started.elapsed() - written),
        "inventory upsert"
    );
    // date_mod of computers that changed.
    let touched: Vec<u32> = ids
        .iter()
        .zip(&created)
        .filter(|(id, created)| !**created && changes.get(id).copied().unwrap_or(0) > 0)
        .map(|(id, _)| *id)
        .collect();
    sql::touch(tx, "glpi_computers", &touched).await?;

    Ok(ids
        .iter()
        .zip(&created)
        .map(|(id, created)| UpsertOutcome {
            computers_id: *id,
            created: *created,
            changes: if *created {
                1
            } else {
                changes.get(id).copied().unwrap_or(0)
            },
        })
        .collect())
}

/// Entities of created computers and ids of updated ones must exist.
async fn check_references(tx: &mut Tx, items: &[Upsert]) -> Result<(), AssetError> {
    let mut entities: Vec<u32> = items
        .iter()
        .filter(|i| i.computers_id.is_none())
        .map(|i| i.entities_id)
        .collect();
    entities.sort_unstable();
    entities.dedup();
    let found: HashSet<u32> = catalog::existing_ids(tx, "glpi_entities", &entities)
        .await?
        .into_iter()
        .collect();
    if let Some(missing) = entities.iter().find(|e| !found.contains(e)) {
        return Err(AssetError::NotFound {
            what: "entity",
            id: *missing,
        });
    }
    let mut computers: Vec<u32> = items.iter().filter_map(|i| i.computers_id).collect();
    computers.sort_unstable();
    let before = computers.len();
    computers.dedup();
    if computers.len() != before {
        return Err(AssetError::Invalid(
            "the same computer appears twice in one batch".to_owned(),
        ));
    }
    let found: HashSet<u32> = catalog::existing_ids(tx, "glpi_computers", &computers)
        .await?
        .into_iter()
        .collect();
    if let Some(missing) = computers.iter().find(|c| !found.contains(c)) {
        return Err(AssetError::NotFound {
            what: "computer",
            id: *missing,
        });
    }
    Ok(())
}

/// Dates the source did not give stay NULL; NOT NULL dropdown ids are 0.
fn normalize_general_for_insert(values: &mut [Val]) {
    for ((column, _, _), value) in GENERAL.iter().zip(values.iter_mut()) {
        if column.ends_with("_id") && *value == Val::Null {
            *value = Val::Int(0);
        }
    }
}

async fn load_current(tx: &mut Tx, ids: &[u32]) -> Result<HashMap<u32, Current>, AssetError> {
    let mut current: HashMap<u32, Current> = HashMap::new();
    let columns: Vec<&str> = GENERAL.iter().map(|(c, _, _)| *c).collect();
    for (id, mut values) in sql::load_computers(tx, &columns, ids).await? {
        let entities_id = values.remove(0).as_int() as u32;
        current.insert(
            id,
            Current {
                entities_id,
                general: values,
                ..Current::default()
            },
        );
    }
    for (id, field) in sql::load_locks(tx, "Computer", ids).await? {
        if let Some(c) = current.get_mut(&id) {
            c.locked.push(field);
        }
    }
    for (id, domain, row) in sql::load_domains(tx, ids).await? {
        if let Some(c) = current.get_mut(&id) {
            c.domains.push((domain, row));
        }
    }
    Ok(current)
}

fn display(resolver: &Resolver, dropdown: Option<Dropdown>, value: &Val) -> String {
    match (dropdown, value) {
        (Some(d), Val::Int(id)) if *id > 0 => resolver
            .name(Table::Dropdown(d), *id as u32)
            .map_or_else(|| id.to_string(), |name| format!("{name} ({id})")),
        (Some(_), _) => String::new(),
        (None, v) => v.to_string(),
    }
}

fn diff_general(
    writes: &mut Writes,
    resolver: &Resolver,
    id: u32,
    state: &Current,
    new: &[Val],
    source: &str,
) {
    let mut set = Vec::new();
    for (((column, option, dropdown), old), new) in GENERAL.iter().zip(&state.general).zip(new) {
        if state.locked.iter().any(|l| l == column) {
            continue;
        }
        let new = match (column.ends_with("_id"), new) {
            (true, Val::Null) => Val::Int(0),
            (_, v) => v.clone(),
        };
        if *old == new {
            continue;
        }
        if *option != 0 {
            let old_text = display(resolver, *dropdown, old);
            let new_text = display(resolver, *dropdown, &new);
            writes.log(id, "", action::FIELD, source, *option, &old_text, &new_text);
        }
        set.push((*column, new));
    }
    if !set.is_empty() {
        // An inventory that writes a computer makes it dynamic.
        set.push(("is_dynamic", Val::Int(1)));
        writes.update("glpi_computers", id, set);
    }
}

fn diff_domain(
    writes: &mut Writes,
    resolver: &Resolver,
    id: u32,
    had: &[(u32, u32)],
    domain: u32,
    source: &str,
    created: bool,
) {
    for (old, row) in had.iter().filter(|(d, _)| *d != domain) {
        writes.delete("glpi_domains_items", *row);
        if !created {
            let name = display(resolver, Some(Dropdown::Domain), &Val::Int(i64::from(*old)));
            writes.log(id, "Domain", action::DELETE_SUBITEM, source, 0, &name, "");
        }
    }
    if domain != 0 && !had.iter().any(|(d, _)| *d == domain) {
        writes.insert(
            "glpi_domains_items",
            &["domains_id", "items_id", "itemtype", "domainrelations_id"],
            vec![
                Val::from(domain),
                Val::from(id),
                Val::Static("Computer"),
                Val::Int(0),
            ],
        );
        if !created {
            let name = display(
                resolver,
                Some(Dropdown::Domain),
                &Val::Int(i64::from(domain)),
            );
            writes.log(id, "Domain", action::ADD_SUBITEM, source, 0, "", &name);
        }
    }
}

/// A stored row of a section.
pub(crate) struct Stored {
    pub(crate) id: u32,
    pub(crate) is_deleted: bool,
    pub(crate) is_dynamic: bool,
    pub(crate) row: Row,
}

#[allow(clippy::too_many_arguments)]
fn diff_section(
    writes: &mut Writes,
    resolver: &Resolver,
    section: &'static Section,
    computer: u32,
    entity: u32,
    stored: Vec<Stored>,
    rows: Vec<Row>,
    source: &str,
    created: bool,
) {
    let (add, update, remove) = section.actions;
    // Existing rows by identity; dynamic ones first so they match first.
    let mut by_key: HashMap<Vec<Val>, Vec<Stored>> = HashMap::new();
    for s in stored {
        by_key.entry(s.row.match_key(section)).or_default().push(s);
    }
    for candidates in by_key.values_mut() {
        candidates.sort_by_key(|s| std::cmp::Reverse(s.is_dynamic));
    }
    let columns = section.insert_columns();
    let stamp = writes.stamp.clone();
    for row in rows {
        // A new computer has nothing stored: no identity to compute.
        let matched = if by_key.is_empty() {
            None
        } else {
            by_key
                .get_mut(&row.match_key(section))
                .and_then(|c| (!c.is_empty()).then(|| c.remove(0)))
        };
        match matched {
            Some(old) => {
                // A dynamic item the user deleted is locked: leave it.
                if old.is_deleted {
                    continue;
                }
                let new_values = row.value_part(section);
                if old.row.value_part(section) != new_values {
                    let set: Vec<(&'static str, Val)> = section
                        .values
                        .iter()
                        .copied()
                        .zip(new_values.iter().cloned())
                        .collect();
                    writes.update(section.table, old.id, set);
                    if !created {
                        writes.log(
                            computer,
                            section.history_type,
                            update,
                            source,
                            0,
                            &stored_label(resolver, section, &old.row.cols),
                            &row.label,
                        );
                    }
                }
            }
            None => {
                if !created {
                    writes.log(
                        computer,
                        section.history_type,
                        add,
                        source,
                        0,
                        "",
                        &row.label,
                    );
                }
                let mut values = Vec::with_capacity(columns.len());
                values.push(Val::from(computer));
                if section.owner == Owner::Item {
                    values.push(Val::Static("Computer"));
                }
                values.extend([Val::from(entity), Val::Int(1)]);
                values.extend(section.fixed.iter().map(|(_, v)| Val::Int(*v)));
                if section.dated {
                    values.extend([stamp.clone(), stamp.clone()]);
                }
                values.extend(row.cols);
                writes.insert(section.table, &columns, values);
            }
        }
    }
    // What the inventory no longer reports: dynamic rows go away (quietly
    // when the user had already deleted them); manual rows stay.
    for old in by_key.into_values().flatten() {
        if !old.is_dynamic {
            continue;
        }
        writes.delete(section.table, old.id);
        if !old.is_deleted {
            writes.log(
                computer,
                section.history_type,
                remove,
                source,
                0,
                &stored_label(resolver, section, &old.row.cols),
                "",
            );
        }
    }
}

/// Loads the lookup tables that name stored rows of `section`.
async fn ensure_labels_loaded(
    tx: &mut Tx,
    resolver: &mut Resolver,
    section: &Section,
) -> Result<(), AssetError> {
    if let Some((catalog, columns)) = section.catalog {
        resolver
            .ensure_loaded(tx, Table::Catalog(catalog), columns)
            .await?;
    } else if std::ptr::eq(section, &sections::SOFTWARE) {
        resolver
            .ensure_loaded(tx, Table::Software, super::components::SOFTWARE_COLUMNS)
            .await?;
        resolver
            .ensure_loaded(
                tx,
                Table::SoftwareVersion,
                super::components::VERSION_COLUMNS,
            )
            .await?;
    } else if std::ptr::eq(section, &sections::OPERATING_SYSTEM) {
        resolver
            .ensure_loaded(tx, Table::Dropdown(Dropdown::OperatingSystem), &["name"])
            .await?;
    }
    Ok(())
}

/// How a stored row appears in history (as [`Row::label`] does for new
/// rows).
fn stored_label(resolver: &Resolver, section: &Section, cols: &[Val]) -> String {
    let id = |v: &Val| v.as_int() as u32;
    if let Some((catalog, _)) = section.catalog {
        let component = id(&cols[0]);
        return match resolver.name(Table::Catalog(catalog), component) {
            Some(name) => format!("{name} ({component})"),
            None => component.to_string(),
        };
    }
    if std::ptr::eq(section, &sections::SOFTWARE) {
        let version = resolver.row(Table::SoftwareVersion, id(&cols[0]));
        let software = version
            .as_ref()
            .and_then(|v| resolver.name(Table::Software, id(&v[0])));
        return match (software, version) {
            (Some(s), Some(v)) if !v[1].to_string().is_empty() => format!("{s} - {}", v[1]),
            (Some(s), _) => s,
            _ => cols[0].to_string(),
        };
    }
    if std::ptr::eq(section, &sections::OPERATING_SYSTEM) {
        return resolver
            .name(Table::Dropdown(Dropdown::OperatingSystem), id(&cols[0]))
            .unwrap_or_default();
    }
    // Volumes (mount point, device) and virtual machines (uuid, name).
    cols.iter()
        .take(section.key.len())
        .map(ToString::to_string)
        .find(|s| !s.is_empty())
        .unwrap_or_default()
}

/// Resolves one document.
async fn prepare(
    tx: &mut Tx,
    resolver: &mut Resolver,
    software: &super::components::SoftwareIndex<'_>,
    item: &Upsert,
) -> Result<Prepared, AssetError> {
    let inv: &ComputerInventory = &item.inventory;
    let source = line(Some(&item.source));
    let general = match &inv.general {
        Some(g) => Some(general_values(tx, resolver, g, source.as_deref()).await?),
        None => None,
    };
    let domain = match inv.general.as_ref() {
        Some(g) => Some(
            resolver
                .dropdown(tx, Dropdown::Domain, line(g.domain.as_deref()).as_deref())
                .await?,
        ),
        None => None,
    };
    let mut sections = Vec::new();
    if let Some(os) = &inv.operating_system {
        sections.push((
            &sections::OPERATING_SYSTEM,
            operating_system(tx, resolver, os).await?,
        ));
    }
    super::components::rows(tx, resolver, software, inv, item.entities_id, &mut sections).await?;
    let ports = inv.network_ports.as_ref().map(|p| ports::rows(p));
    let mut connected = Vec::new();
    if let Some(monitors) = &inv.monitors {
        let items: Vec<_> = monitors.iter().map(connected::from_monitor).collect();
        let rows = connected::rows(tx, resolver, &connected::MONITOR, &items).await?;
        connected.push((&connected::MONITOR, rows));
    }
    for (kind, items) in [
        (&connected::PERIPHERAL, &inv.peripherals),
        (&connected::PRINTER, &inv.printers),
    ] {
        if let Some(items) = items {
            connected.push((kind, connected::rows(tx, resolver, kind, items).await?));
        }
    }
    Ok(Prepared {
        general,
        domain,
        sections,
        ports,
        connected,
    })
}

async fn general_values(
    tx: &mut Tx,
    resolver: &mut Resolver,
    g: &General,
    source: Option<&str>,
) -> Result<Vec<Val>, AssetError> {
    let l = |v: &Option<String>| line(v.as_deref());
    let location = super::location::resolve_path(tx, resolver, l(&g.location).as_deref()).await?;
    let datetime = |v: &Option<String>| {
        norm::datetime(v.as_deref()).map_or(Val::Null, |d| Val::Text(Timestamp(d).to_glpi()))
    };
    Ok(vec![
        Val::from(l(&g.name)),
        Val::from(l(&g.serial)),
        Val::from(l(&g.otherserial)),
        Val::from(l(&g.uuid)),
        Val::from(l(&g.contact)),
        Val::from(l(&g.contact_num)),
        Val::from(norm::text(g.comment.as_deref())),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::Manufacturer, l(&g.manufacturer).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::ComputerModel, l(&g.model).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::ComputerType, l(&g.computer_type).as_deref())
                .await?,
        ),
        Val::from(location),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::State, l(&g.state).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::Network, l(&g.network).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::User, l(&g.user).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::Group, l(&g.group).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::AutoUpdateSystem, source)
                .await?,
        ),
        datetime(&g.last_inventory_update),
        datetime(&g.last_boot),
    ])
}

async fn operating_system(
    tx: &mut Tx,
    resolver: &mut Resolver,
    os: &OperatingSystem,
) -> Result<Vec<Row>, AssetError> {
    let l = |v: &Option<String>| line(v.as_deref());
    let name = l(&os.name);
    if name.is_none() {
        return Ok(Vec::new());
    }
    let kernel = resolver
        .dropdown(tx, Dropdown::OsKernel, l(&os.kernel).as_deref())
        .await?;
    let kernel_version = match l(&os.kernel_version) {
        Some(version) => {
            resolver
                .resolve(
                    tx,
                    Table::KernelVersion,
                    &["operatingsystemkernels_id", "name"],
                    &[Val::from(kernel), Val::from(version.as_str())],
                    &[],
                    true,
                    &version,
                )
                .await?
        }
        None => 0,
    };
    let cols = vec![
        Val::from(
            resolver
                .dropdown(tx, Dropdown::OperatingSystem, name.as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::OsVersion, l(&os.version).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::OsServicePack, l(&os.service_pack).as_deref())
                .await?,
        ),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::OsArchitecture, l(&os.architecture).as_deref())
                .await?,
        ),
        Val::from(kernel_version),
        Val::from(
            resolver
                .dropdown(tx, Dropdown::OsEdition, l(&os.edition).as_deref())
                .await?,
        ),
        Val::from(l(&os.license_number)),
        Val::from(l(&os.product_id)),
    ];
    let label = [name, l(&os.version), l(&os.architecture)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(vec![Row { cols, label }])
}
