//! Dropdowns and catalogues, resolved by name and created on demand.
//!
//! An inventory names things (manufacturer "Dell Inc.", model "OptiPlex
//! 7090", processor "Intel Core i5-10500"); the store needs ids. The
//! [`Resolver`] answers from process-wide caches, loaded once per table, and
//! creates what is missing inside the caller's transaction. Values it
//! creates only reach the shared cache when the transaction commits
//! ([`Resolver::commit`]), so a rolled-back import leaves no ghost ids.
//! Names compare case-insensitively, like GLPI's collation.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::{Arc, Mutex};

use super::normalize::key;
use crate::store::assets::catalog;
use crate::store::rows::Val;
use crate::store::{StoreError, Tx};

/// A plain dropdown: a table of `id, name` (+ comment, dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dropdown {
    /// `glpi_manufacturers`.
    Manufacturer,
    /// `glpi_computermodels`.
    ComputerModel,
    /// `glpi_computertypes`.
    ComputerType,
    /// `glpi_states`.
    State,
    /// `glpi_networks`.
    Network,
    /// `glpi_operatingsystems`.
    OperatingSystem,
    /// `glpi_operatingsystemversions`.
    OsVersion,
    /// `glpi_operatingsystemarchitectures`.
    OsArchitecture,
    /// `glpi_operatingsystemeditions`.
    OsEdition,
    /// `glpi_operatingsystemservicepacks`.
    OsServicePack,
    /// `glpi_operatingsystemkernels`.
    OsKernel,
    /// `glpi_monitormodels`.
    MonitorModel,
    /// `glpi_monitortypes`.
    MonitorType,
    /// `glpi_peripheralmodels`.
    PeripheralModel,
    /// `glpi_peripheraltypes`.
    PeripheralType,
    /// `glpi_printermodels`.
    PrinterModel,
    /// `glpi_printertypes`.
    PrinterType,
    /// `glpi_devicememorytypes`.
    MemoryType,
    /// `glpi_devicefirmwaretypes`.
    FirmwareType,
    /// `glpi_filesystems`.
    FileSystem,
    /// `glpi_virtualmachinestates`.
    VmState,
    /// `glpi_virtualmachinesystems`.
    VmSystem,
    /// `glpi_virtualmachinetypes`.
    VmType,
    /// `glpi_autoupdatesystems` (inventory sources).
    AutoUpdateSystem,
    /// `glpi_users`, by login.
    User,
    /// `glpi_domains`.
    Domain,
    /// `glpi_groups`.
    Group,
}

impl Dropdown {
    /// Its table.
    pub fn table(self) -> &'static str {
        match self {
            Self::Manufacturer => "glpi_manufacturers",
            Self::ComputerModel => "glpi_computermodels",
            Self::ComputerType => "glpi_computertypes",
            Self::State => "glpi_states",
            Self::Network => "glpi_networks",
            Self::OperatingSystem => "glpi_operatingsystems",
            Self::OsVersion => "glpi_operatingsystemversions",
            Self::OsArchitecture => "glpi_operatingsystemarchitectures",
            Self::OsEdition => "glpi_operatingsystemeditions",
            Self::OsServicePack => "glpi_operatingsystemservicepacks",
            Self::OsKernel => "glpi_operatingsystemkernels",
            Self::MonitorModel => "glpi_monitormodels",
            Self::MonitorType => "glpi_monitortypes",
            Self::PeripheralModel => "glpi_peripheralmodels",
            Self::PeripheralType => "glpi_peripheraltypes",
            Self::PrinterModel => "glpi_printermodels",
            Self::PrinterType => "glpi_printertypes",
            Self::MemoryType => "glpi_devicememorytypes",
            Self::FirmwareType => "glpi_devicefirmwaretypes",
            Self::FileSystem => "glpi_filesystems",
            Self::VmState => "glpi_virtualmachinestates",
            Self::VmSystem => "glpi_virtualmachinesystems",
            Self::VmType => "glpi_virtualmachinetypes",
            Self::AutoUpdateSystem => "glpi_autoupdatesystems",
            Self::User => "glpi_users",
            Self::Domain => "glpi_domains",
            Self::Group => "glpi_groups",
        }
    }

    fn extra(self) -> Vec<(&'static str, Val)> {
        match self {
            // States and groups are tree dropdowns: one created by name
            // is at the root (its complete name, set by `dropdown`, is its
            // name).
            Self::State | Self::Group => vec![("level", Val::Int(1))],
            Self::Domain => vec![("is_recursive", Val::Int(1))],
            _ => Vec::new(),
        }
    }

    fn dated(self) -> bool {
        !matches!(self, Self::AutoUpdateSystem)
    }
}

/// A lookup table: identity columns → id, and id → display name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// A plain dropdown, by name.
    Dropdown(Dropdown),
    /// A component catalogue (`glpi_device*`), by designation, manufacturer
    /// and the type's identity columns.
    Catalog(&'static str),
    /// `glpi_softwares`, by entity, name and publisher.
    Software,
    /// `glpi_softwareversions`, by software, name and architecture.
    SoftwareVersion,
    /// `glpi_operatingsystemkernelversions`, by kernel and name.
    KernelVersion,
    /// `glpi_locations`, by parent and name.
    Location,
}

impl Table {
    /// Index of the identity column that names a row.
    fn display_index(self) -> usize {
        match self {
            Self::Software | Self::SoftwareVersion | Self::KernelVersion | Self::Location => 1,
            Self::Dropdown(_) | Self::Catalog(_) => 0,
        }
    }

    fn table(self) -> &'static str {
        match self {
            Self::Dropdown(d) => d.table(),
            Self::Catalog(table) => table,
            Self::Software => "glpi_softwares",
            Self::SoftwareVersion => "glpi_softwareversions",
            Self::KernelVersion => "glpi_operatingsystemkernelversions",
            Self::Location => "glpi_locations",
        }
    }
}

#[derive(Debug, Default)]
struct Cached {
    by_key: HashMap<Vec<Val>, u32>,
    rows: HashMap<u32, Vec<Val>>,
}

/// A software installation as a source reported it (a key built by
/// `components::memo_key`) → its version id and history label.
type SoftwareMemo = HashMap<String, (u32, String)>;

/// Process-wide caches of lookup tables.
#[derive(Debug, Default, Clone)]
pub struct Caches {
    inner: Arc<Mutex<HashMap<Table, Cached>>>,
    /// Installations already resolved by a committed write: the next batch
    /// reporting them skips cleaning and resolving.
    software: Arc<Mutex<SoftwareMemo>>,
}

impl Caches {
    /// Forgets everything (after a purge of dropdown rows, say).
    pub fn clear(&self) {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.software
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Identity of a row: text parts folded for case-insensitive comparison.
fn fold(values: &[Val]) -> Vec<Val> {
    values
        .iter()
        .map(|v| match v.as_text() {
            Some(s) => Val::Text(key(s)),
            None => v.clone(),
        })
        .collect()
}

/// Resolves names to ids within one transaction.
pub struct Resolver {
    caches: Caches,
    pending: HashMap<Table, Cached>,
    /// Exact (unfolded) keys already resolved by this resolver: the hot
    /// path of a batch where the same titles recur on every computer.
    memo: HashMap<Table, HashMap<Vec<Val>, u32>>,
    /// Tables this resolver loaded itself, inside its transaction: a miss
    /// there is new (the transaction's snapshot is what was loaded), so no
    /// confirming query is needed.
    loaded_here: HashSet<Table>,
    /// Installations resolved here, published with the rest on commit.
    pending_software: SoftwareMemo,
}

impl Resolver {
    /// A resolver over `caches`.
    pub fn new(caches: &Caches) -> Self {
        Self {
            caches: caches.clone(),
            pending: HashMap::new(),
            memo: HashMap::new(),
            loaded_here: HashSet::new(),
            pending_software: HashMap::new(),
        }
    }

    /// Publishes what this resolver created (call after COMMIT).
    pub fn commit(self) {
        let mut shared = self.caches.inner.lock().unwrap_or_else(|p| p.into_inner());
        for (table, cached) in self.pending {
            let entry = shared.entry(table).or_default();
            entry.by_key.extend(cached.by_key);
            entry.rows.extend(cached.rows);
        }
        drop(shared);
        self.caches
            .software
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(self.pending_software);
    }

    /// The version id and label of an installation resolved before, by its
    /// raw key (see [`SoftwareMemo`]).
    pub(crate) fn known_software(&self, key: &str) -> Option<(u32, String)> {
        if let Some(hit) = self.pending_software.get(key) {
            return Some(hit.clone());
        }
        self.caches
            .software
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    /// Remembers an installation resolved in this transaction.
    pub(crate) fn remember_software(&mut self, key: String, resolved: (u32, String)) {
        self.pending_software.insert(key, resolved);
    }

    /// The identity values of a row, when known to the cache.
    pub fn row(&self, table: Table, id: u32) -> Option<Vec<Val>> {
        if let Some(row) = self.pending.get(&table).and_then(|c| c.rows.get(&id)) {
            return Some(row.clone());
        }
        let shared = self.caches.inner.lock().unwrap_or_else(|p| p.into_inner());
        shared.get(&table).and_then(|c| c.rows.get(&id)).cloned()
    }

    /// The display name of an id, when known to the cache.
    pub fn name(&self, table: Table, id: u32) -> Option<String> {
        self.row(table, id)
            .and_then(|row| row.get(table.display_index()).map(ToString::to_string))
    }

    /// Loads `table` into the cache if it is not there yet (so names of
    /// stored rows can be shown in history).
    pub async fn ensure_loaded(
        &mut self,
        tx: &mut Tx,
        table: Table,
        columns: &[&str],
    ) -> Result<(), StoreError> {
        self.lookup(tx, table, columns, &[]).await.map(|_| ())
    }

    /// The id of a plain dropdown value, created if missing; 0 when `name`
    /// is absent.
    pub async fn dropdown(
        &mut self,
        tx: &mut Tx,
        dropdown: Dropdown,
        name: Option<&str>,
    ) -> Result<u32, StoreError> {
        let Some(name) = name else { return Ok(0) };
        let values = [Val::from(name)];
        let mut extra = dropdown.extra();
        if matches!(dropdown, Dropdown::State | Dropdown::Group) {
            extra.push(("completename", Val::from(name)));
        }
        self.resolve(
            tx,
            Table::Dropdown(dropdown),
            &["name"],
            &values,
            &extra,
            dropdown.dated(),
            name,
        )
        .await
    }

    /// Resolves many values of a plain dropdown at once, with the bulk
    /// statements of [`Resolver::resolve_many`]; [`Resolver::dropdown`]
    /// then answers them from memory. Tree dropdowns (states, groups),
    /// whose rows carry their own complete name, go one by one.
    pub async fn dropdowns(
        &mut self,
        tx: &mut Tx,
        dropdown: Dropdown,
        names: &[String],
        consecutive_ids: bool,
    ) -> Result<(), StoreError> {
        if matches!(dropdown, Dropdown::State | Dropdown::Group) {
            for name in names {
                self.dropdown(tx, dropdown, Some(name)).await?;
            }
            return Ok(());
        }
        let keys: Vec<Vec<Val>> = names.iter().map(|n| vec![Val::from(n.as_str())]).collect();
        self.resolve_many(
            tx,
            Table::Dropdown(dropdown),
            &["name"],
            0,
            &keys,
            &dropdown.extra(),
            dropdown.dated(),
            consecutive_ids,
        )
        .await
    }

    /// The id of a row of `table` identified by `columns` = `values`,
    /// created (with `extra` columns) if missing. `label` is its display
    /// name in history.
    #[allow(clippy::too_many_arguments)]
    pub async fn resolve(
        &mut self,
        tx: &mut Tx,
        table: Table,
        columns: &[&str],
        values: &[Val],
        extra: &[(&str, Val)],
        dated: bool,
        label: &str,
    ) -> Result<u32, StoreError> {
        if let Some(id) = self.memo.get(&table).and_then(|m| m.get(values)) {
            return Ok(*id);
        }
        let folded = fold(values);
        let id = match self.lookup(tx, table, columns, &folded).await? {
            Some(id) => id,
            None => {
                // Not cached. Unless this resolver loaded the table in its own
                // transaction, another process may have created it since.
                let found = if self.loaded_here.contains(&table) {
                    None
                } else {
                    catalog::find(tx, table.table(), columns, values).await?
                };
                let id = match found {
                    Some(id) => id,
                    None => {
                        catalog::insert(tx, table.table(), columns, values, extra, dated).await?
                    }
                };
                let pending = self.pending.entry(table).or_default();
                pending.by_key.insert(folded, id);
                pending.rows.insert(id, values.to_vec());
                id
            }
        };
        let _ = label;
        self.memo
            .entry(table)
            .or_default()
            .insert(values.to_vec(), id);
        Ok(id)
    }

    /// Resolves many rows of `table` at once, creating the missing ones
    /// with one probe query and multi-row INSERTs instead of a query and
    /// an INSERT each; afterwards [`Resolver::resolve`] answers them from
    /// memory. Rows are identified as in `resolve`; `probe` is the index of
    /// an indexed identity column to search by.
    #[allow(clippy::too_many_arguments)]
    pub async fn resolve_many(
        &mut self,
        tx: &mut Tx,
        table: Table,
        columns: &[&str],
        probe: usize,
        keys: &[Vec<Val>],
        extra: &[(&str, Val)],
        dated: bool,
        consecutive_ids: bool,
    ) -> Result<(), StoreError> {
        let mut missing: Vec<(Vec<Val>, Vec<Val>)> = Vec::new();
        let mut seen = HashSet::new();
        for values in keys {
            if self
                .memo
                .get(&table)
                .is_some_and(|m| m.contains_key(values))
            {
                continue;
            }
            let folded = fold(values);
            if let Some(id) = self.lookup(tx, table, columns, &folded).await? {
                self.memo
                    .entry(table)
                    .or_default()
                    .insert(values.clone(), id);
            } else if seen.insert(folded.clone()) {
                missing.push((values.clone(), folded));
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        // Another process may have created some since the cache was
        // loaded, unless this resolver loaded the table in its transaction.
        if !self.loaded_here.contains(&table) {
            let mut probes: Vec<Val> = missing.iter().map(|(v, _)| v[probe].clone()).collect();
            probes.sort_by_key(|v| v.to_string());
            probes.dedup();
            probes.retain(|v| !matches!(v, Val::Null));
            let found = catalog::find_by_probe(tx, table.table(), columns, probe, &probes).await?;
            let mut by_key: HashMap<Vec<Val>, (u32, Vec<Val>)> = HashMap::new();
            for (id, values) in found {
                let entry = by_key.entry(fold(&values)).or_insert((id, values.clone()));
                if id < entry.0 {
                    *entry = (id, values);
                }
            }
            let pending = self.pending.entry(table).or_default();
            let memo = self.memo.entry(table).or_default();
            missing.retain(|(values, folded)| match by_key.get(folded) {
                Some((id, stored)) => {
                    pending.by_key.insert(folded.clone(), *id);
                    pending.rows.insert(*id, stored.clone());
                    memo.insert(values.clone(), *id);
                    false
                }
                None => true,
            });
        }
        if missing.is_empty() {
            return Ok(());
        }
        let rows: Vec<Vec<Val>> = missing.iter().map(|(v, _)| v.clone()).collect();
        let ids = catalog::insert_many_returning(
            tx,
            table.table(),
            columns,
            &rows,
            extra,
            dated,
            consecutive_ids,
        )
        .await?;
        let pending = self.pending.entry(table).or_default();
        let memo = self.memo.entry(table).or_default();
        for ((values, folded), id) in missing.into_iter().zip(ids) {
            pending.by_key.insert(folded, id);
            pending.rows.insert(id, values.clone());
            memo.insert(values, id);
        }
        Ok(())
    }

    async fn lookup(
        &mut self,
        tx: &mut Tx,
        table: Table,
        columns: &[&str],
        folded: &[Val],
    ) -> Result<Option<u32>, StoreError> {
        if let Some(id) = self.pending.get(&table).and_then(|c| c.by_key.get(folded)) {
            return Ok(Some(*id));
        }
        let loaded = {
            let shared = self.caches.inner.lock().unwrap_or_else(|p| p.into_inner());
            match shared.get(&table) {
                Some(cached) => return Ok(cached.by_key.get(folded).copied()),
                None => false,
            }
        };
        if !loaded {
            let rows = catalog::load(tx, table.table(), columns).await?;
            let mut cached = Cached::default();
            for (id, values) in rows {
                cached.by_key.entry(fold(&values)).or_insert(id);
                cached.rows.insert(id, values);
            }
            let found = cached.by_key.get(folded).copied();
            self.loaded_here.insert(table);
            self.caches
                .inner
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entry(table)
                .or_insert(cached);
            return Ok(found);
        }
        Ok(None)
    }
}
