//! Builds the rows of the component sections (processors … firmwares),
//! volumes, software and virtual machines from an inventory, resolving
//! catalogues, software titles and versions on the way.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use parc_plugin_api::messages::inventory::{ComputerInventory, Firmware, Software, Upsert};

use super::AssetError;
use super::dropdown::{Dropdown, Resolver, Table};
use super::normalize::{self as norm, line};
use super::sections::{self, Row, Section};
use crate::store::Tx;
use crate::store::rows::Val;

/// A catalogue row to resolve: designation, manufacturer name, and the
/// type's extra identity columns.
struct Catalog {
    section: &'static Section,
    designation: Option<String>,
    manufacturer: Option<String>,
    extra_values: Vec<Val>,
}

async fn catalog_id(
    tx: &mut Tx,
    resolver: &mut Resolver,
    c: Catalog,
) -> Result<(u32, String), AssetError> {
    let manufacturer = resolver
        .dropdown(tx, Dropdown::Manufacturer, c.manufacturer.as_deref())
        .await?;
    let designation = c.designation.unwrap_or_default();
    let (table, columns) = c.section.catalog.ok_or_else(|| {
        AssetError::Invalid(format!("section {} has no catalogue", c.section.name))
    })?;
    let values = catalog_values(&designation, manufacturer, c.extra_values);
    let id = resolver
        .resolve(
            tx,
            Table::Catalog(table),
            columns,
            &values,
            &[("is_recursive", Val::Int(1))],
            true,
            &designation,
        )
        .await?;
    Ok((id, format!("{designation} ({id})")))
}

/// The identity of a catalogue row: designation, manufacturer id, then
/// the type's extra columns.
fn catalog_values(designation: &str, manufacturer: u32, extra: Vec<Val>) -> Vec<Val> {
    let mut values = vec![Val::from(designation), Val::from(manufacturer)];
    values.extend(extra);
    values
}

/// The catalogue row of a firmware.
fn firmware_catalog(f: &Firmware) -> Catalog {
    let l = |v: &Option<String>| line(v.as_deref());
    let date = norm::date_text(f.date.as_deref());
    Catalog {
        section: &sections::FIRMWARES,
        designation: l(&f.designation),
        manufacturer: l(&f.manufacturer),
        extra_values: vec![text(&f.version), Val::from(date)],
    }
}

/// Resolves in bulk what a batch most often creates row by row otherwise:
/// its users and its firmwares (nearly one per BIOS version and date) with
/// their manufacturers. The per-computer resolution then answers them from
/// memory, and a batch costs a few multi-row statements instead of one
/// query and one INSERT per new row.
pub(super) async fn prefetch_catalogs(
    tx: &mut Tx,
    resolver: &mut Resolver,
    items: &[Upsert],
    consecutive_ids: bool,
) -> Result<(), AssetError> {
    let users = distinct(
        items
            .iter()
            .filter_map(|i| i.inventory.general.as_ref())
            .filter_map(|g| line(g.user.as_deref())),
    );
    resolver
        .dropdowns(tx, Dropdown::User, &users, consecutive_ids)
        .await?;

    let firmwares: Vec<Catalog> = items
        .iter()
        .flat_map(|i| i.inventory.firmwares.iter().flatten())
        .map(firmware_catalog)
        .collect();
    let manufacturers = distinct(firmwares.iter().filter_map(|c| c.manufacturer.clone()));
    resolver
        .dropdowns(tx, Dropdown::Manufacturer, &manufacturers, consecutive_ids)
        .await?;
    let Some((table, columns)) = sections::FIRMWARES.catalog else {
        return Ok(());
    };
    let mut keys = Vec::with_capacity(firmwares.len());
    for c in firmwares {
        let manufacturer = resolver
            .dropdown(tx, Dropdown::Manufacturer, c.manufacturer.as_deref())
            .await?;
        keys.push(catalog_values(
            &c.designation.unwrap_or_default(),
            manufacturer,
            c.extra_values,
        ));
    }
    resolver
        .resolve_many(
            tx,
            Table::Catalog(table),
            columns,
            0,
            &keys,
            &[("is_recursive", Val::Int(1))],
            true,
            consecutive_ids,
        )
        .await?;
    Ok(())
}

/// Each name once, sorted.
fn distinct(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Identity columns of `glpi_softwares` in the cache.
pub(super) const SOFTWARE_COLUMNS: &[&str] = &["entities_id", "name", "manufacturers_id"];
/// Identity columns of `glpi_softwareversions` in the cache.
pub(super) const VERSION_COLUMNS: &[&str] = &["softwares_id", "name", "arch"];

fn text(value: &Option<String>) -> Val {
    Val::from(line(value.as_deref()))
}

fn int(value: Option<i64>) -> Val {
    Val::Int(norm::int(value).unwrap_or(0))
}

fn opt_int(value: Option<i64>) -> Val {
    Val::int(norm::int(value))
}

/// An installation as the source sent it: entity, name, version, arch,
/// publisher (absent and empty alike).
type RawSoftware<'a> = (u32, &'a str, &'a str, &'a str, &'a str);

fn raw_software(entity: u32, s: &Software) -> RawSoftware<'_> {
    fn f(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or("")
    }
    (
        entity,
        f(&s.name),
        f(&s.version),
        f(&s.arch),
        f(&s.publisher),
    )
}

/// The key of an installation in the resolver's memo: the raw values,
/// length-prefixed so that no two installations share a key whatever
/// characters a source sends.
fn memo_key((entity, name, version, arch, publisher): &RawSoftware<'_>) -> String {
    format!(
        "{entity}:{}:{}:{}:{}:{name}{version}{arch}{publisher}",
        name.len(),
        version.len(),
        arch.len(),
        publisher.len()
    )
}

/// The software versions of a batch, resolved once per distinct
/// installation: a fleet reports the same few thousand titles on every
/// computer, so cleaning and resolving each of them per computer would be
/// most of an import's work.
pub(super) struct SoftwareIndex<'a> {
    /// Version id and history label; `None` for a nameless installation.
    versions: HashMap<RawSoftware<'a>, Option<(u32, String)>>,
    /// The same, by entity and catalog position, for installations that
    /// refer to the batch's catalog: looked up without hashing text.
    by_catalog: HashMap<(u32, u32), Option<(u32, String)>>,
}

impl SoftwareIndex<'_> {
    fn get<'b>(&'b self, entity: u32, s: &'b Software) -> Option<&'b (u32, String)> {
        if let Some(position) = s.catalog {
            return self.by_catalog.get(&(entity, position))?.as_ref();
        }
        // The keys borrow the batch; a shorter borrow looks them up.
        let versions: &HashMap<RawSoftware<'b>, Option<(u32, String)>> = &self.versions;
        versions.get(&raw_software(entity, s))?.as_ref()
    }
}

/// The title and version of an installation: its own, or those of the
/// catalog entry it refers to ([`Software::catalog`]).
fn titled<'a>(catalog: &'a [Software], s: &'a Software) -> Result<&'a Software, AssetError> {
    let Some(entry) = s.catalog else {
        return Ok(s);
    };
    if s.name.is_some() || s.version.is_some() || s.publisher.is_some() || s.arch.is_some() {
        return Err(AssetError::Invalid(format!(
            "software refers to catalog entry {entry} and names its own title or version: \
             give one or the other"
        )));
    }
    catalog.get(entry as usize).ok_or_else(|| {
        AssetError::Invalid(format!(
            "software catalog entry {entry} does not exist (the batch's catalog has {} entries)",
            catalog.len()
        ))
    })
}

/// Resolves the software titles and versions of a whole batch in bulk
/// (with the keys [`rows`] uses), so that a batch bringing thousands of
/// new titles costs a few multi-row statements, not two per title.
pub(super) async fn prefetch_software<'a>(
    tx: &mut Tx,
    resolver: &mut Resolver,
    items: &'a [Upsert],
    catalog: &'a [Software],
    consecutive_ids: bool,
) -> Result<SoftwareIndex<'a>, AssetError> {
    let mut index = resolve_software(tx, resolver, items, catalog, consecutive_ids).await?;
    // The catalog references the batch uses, answered by title and version.
    let SoftwareIndex {
        versions,
        by_catalog,
    } = &mut index;
    for ((entity, position), version) in by_catalog.iter_mut() {
        *version = versions
            .get(&raw_software(*entity, &catalog[*position as usize]))
            .cloned()
            .flatten();
    }
    Ok(index)
}

/// [`prefetch_software`] by title and version; the catalog references
/// the batch uses are left unanswered in `by_catalog`.
async fn resolve_software<'a>(
    tx: &mut Tx,
    resolver: &mut Resolver,
    items: &'a [Upsert],
    catalog: &'a [Software],
    consecutive_ids: bool,
) -> Result<SoftwareIndex<'a>, AssetError> {
    let l = |v: &str| line(Some(v));
    let mut index = SoftwareIndex {
        versions: HashMap::default(),
        by_catalog: HashMap::default(),
    };
    // Installations new to this process; the others come from the memo of
    // committed writes.
    let mut distinct: Vec<RawSoftware<'a>> = Vec::new();
    for item in items {
        for s in item.inventory.software.iter().flatten() {
            if let Some(position) = s.catalog {
                index.by_catalog.insert((item.entities_id, position), None);
            }
            let raw = raw_software(item.entities_id, titled(catalog, s)?);
            if let std::collections::hash_map::Entry::Vacant(e) = index.versions.entry(raw) {
                match resolver.known_software(&memo_key(&raw)) {
                    Some(known) => {
                        e.insert(Some(known));
                    }
                    None => {
                        e.insert(None);
                        distinct.push(raw);
                    }
                }
            }
        }
    }
    // Cleaned values of each distinct installation that has a name.
    struct Clean {
        raw: usize,
        name: String,
        version: String,
        arch: Option<String>,
        title: usize,
    }
    // Publishers first, in bulk: a batch brings hundreds of new ones.
    let publishers = self::distinct(
        distinct
            .iter()
            .filter(|(_, name, ..)| l(name).is_some())
            .filter_map(|(.., publisher)| l(publisher)),
    );
    resolver
        .dropdowns(tx, Dropdown::Manufacturer, &publishers, consecutive_ids)
        .await?;
    let mut titles: Vec<Vec<Val>> = Vec::new();
    let mut title_of: HashMap<Vec<Val>, usize> = HashMap::new();
    let mut cleaned = Vec::new();
    for (i, (entity, name, version, arch, publisher)) in distinct.iter().enumerate() {
        let Some(name) = l(name) else { continue };
        let publisher = resolver
            .dropdown(tx, Dropdown::Manufacturer, l(publisher).as_deref())
            .await?;
        let title = vec![
            Val::from(*entity),
            Val::from(name.as_str()),
            Val::from(publisher),
        ];
        let next = titles.len();
        let title = *title_of.entry(title.clone()).or_insert_with(|| {
            titles.push(title);
            next
        });
        cleaned.push(Clean {
            raw: i,
            name,
            version: l(version).unwrap_or_default(),
            arch: l(arch),
            title,
        });
    }
    if titles.is_empty() {
        return Ok(index);
    }
    let title_extra = [("is_recursive", Val::Int(1))];
    resolver
        .resolve_many(
            tx,
            Table::Software,
            SOFTWARE_COLUMNS,
            1,
            &titles,
            &title_extra,
            true,
            consecutive_ids,
        )
        .await?;
    let mut title_ids = Vec::with_capacity(titles.len());
    for title in &titles {
        // Answered from memory after resolve_many.
        let id = resolver
            .resolve(
                tx,
                Table::Software,
                SOFTWARE_COLUMNS,
                title,
                &title_extra,
                true,
                "",
            )
            .await?;
        title_ids.push(id);
    }
    let version_key = |c: &Clean| {
        vec![
            Val::from(title_ids[c.title]),
            Val::from(c.version.as_str()),
            Val::from(c.arch.clone()),
        ]
    };
    let mut by_entity: BTreeMap<u32, Vec<Vec<Val>>> = BTreeMap::new();
    for c in &cleaned {
        by_entity
            .entry(distinct[c.raw].0)
            .or_default()
            .push(version_key(c));
    }
    let version_extra = |entity: u32| {
        [
            ("entities_id", Val::from(entity)),
            ("is_recursive", Val::Int(1)),
        ]
    };
    for (entity, keys) in &by_entity {
        resolver
            .resolve_many(
                tx,
                Table::SoftwareVersion,
                VERSION_COLUMNS,
                0,
                keys,
                &version_extra(*entity),
                true,
                consecutive_ids,
            )
            .await?;
    }
    for c in cleaned {
        let entity = distinct[c.raw].0;
        let id = resolver
            .resolve(
                tx,
                Table::SoftwareVersion,
                VERSION_COLUMNS,
                &version_key(&c),
                &version_extra(entity),
                true,
                "",
            )
            .await?;
        let label = if c.version.is_empty() {
            c.name
        } else {
            format!("{} - {}", c.name, c.version)
        };
        resolver.remember_software(memo_key(&distinct[c.raw]), (id, label.clone()));
        index.versions.insert(distinct[c.raw], Some((id, label)));
    }
    Ok(index)
}

/// Pushes the rows of every section the document carries.
pub(super) async fn rows(
    tx: &mut Tx,
    resolver: &mut Resolver,
    software: &SoftwareIndex<'_>,
    inv: &ComputerInventory,
    entity: u32,
    out: &mut Vec<(&'static Section, Vec<Row>)>,
) -> Result<(), AssetError> {
    let l = |v: &Option<String>| line(v.as_deref());

    if let Some(items) = &inv.processors {
        let mut rows = Vec::new();
        for p in items {
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::PROCESSORS,
                    designation: l(&p.designation),
                    manufacturer: l(&p.manufacturer),
                    extra_values: vec![],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![
                    Val::from(id),
                    text(&p.serial),
                    int(p.frequency),
                    opt_int(p.nbcores),
                    opt_int(p.nbthreads),
                ],
                label,
            });
        }
        out.push((&sections::PROCESSORS, rows));
    }
    if let Some(items) = &inv.memories {
        let mut rows = Vec::new();
        for m in items {
            let memory_type = resolver
                .dropdown(tx, Dropdown::MemoryType, l(&m.memory_type).as_deref())
                .await?;
            let frequency = norm::int(m.frequency).map(|f| f.to_string());
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::MEMORIES,
                    designation: l(&m.designation),
                    manufacturer: l(&m.manufacturer),
                    extra_values: vec![Val::from(memory_type), Val::from(frequency)],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![Val::from(id), text(&m.serial), text(&m.bus_id), int(m.size)],
                label,
            });
        }
        out.push((&sections::MEMORIES, rows));
    }
    if let Some(items) = &inv.hard_drives {
        let mut rows = Vec::new();
        for d in items {
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::HARD_DRIVES,
                    designation: l(&d.designation),
                    manufacturer: l(&d.manufacturer),
                    extra_values: vec![],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![Val::from(id), text(&d.serial), int(d.capacity)],
                label,
            });
        }
        out.push((&sections::HARD_DRIVES, rows));
    }
    if let Some(items) = &inv.network_cards {
        let mut rows = Vec::new();
        for n in items {
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::NETWORK_CARDS,
                    designation: l(&n.designation),
                    manufacturer: l(&n.manufacturer),
                    extra_values: vec![],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![
                    Val::from(id),
                    Val::from(l(&n.mac).map(|m| m.to_lowercase())),
                ],
                label,
            });
        }
        out.push((&sections::NETWORK_CARDS, rows));
    }
    if let Some(items) = &inv.graphic_cards {
        let mut rows = Vec::new();
        for g in items {
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::GRAPHIC_CARDS,
                    designation: l(&g.designation),
                    manufacturer: l(&g.manufacturer),
                    extra_values: vec![],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![Val::from(id), int(g.memory)],
                label,
            });
        }
        out.push((&sections::GRAPHIC_CARDS, rows));
    }
    macro_rules! simple {
        ($field:ident, $section:expr) => {
            if let Some(items) = &inv.$field {
                let mut rows = Vec::new();
                for d in items {
                    let (id, label) = catalog_id(
                        tx,
                        resolver,
                        Catalog {
                            section: &$section,
                            designation: l(&d.designation),
                            manufacturer: l(&d.manufacturer),
                            extra_values: vec![],
                        },
                    )
                    .await?;
                    rows.push(Row {
                        cols: vec![Val::from(id)],
                        label,
                    });
                }
                out.push((&$section, rows));
            }
        };
    }
    simple!(sound_cards, sections::SOUND_CARDS);
    simple!(pci_devices, sections::PCI_DEVICES);
    simple!(drives, sections::DRIVES);
    if let Some(items) = &inv.controllers {
        let mut rows = Vec::new();
        for c in items {
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::CONTROLLERS,
                    designation: l(&c.designation),
                    manufacturer: l(&c.manufacturer),
                    extra_values: vec![],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![Val::from(id)],
                label,
            });
        }
        out.push((&sections::CONTROLLERS, rows));
    }
    if let Some(items) = &inv.motherboards {
        let mut rows = Vec::new();
        for m in items {
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::MOTHERBOARDS,
                    designation: l(&m.designation),
                    manufacturer: l(&m.manufacturer),
                    extra_values: vec![],
                },
            )
            .await?;
            rows.push(Row {
                cols: vec![Val::from(id), text(&m.serial)],
                label,
            });
        }
        out.push((&sections::MOTHERBOARDS, rows));
    }
    if let Some(items) = &inv.firmwares {
        let mut rows = Vec::new();
        for f in items {
            let (id, label) = catalog_id(tx, resolver, firmware_catalog(f)).await?;
            rows.push(Row {
                cols: vec![Val::from(id)],
                label,
            });
        }
        out.push((&sections::FIRMWARES, rows));
    }
    if let Some(items) = &inv.volumes {
        let mut rows = Vec::new();
        for v in items {
            let filesystem = resolver
                .dropdown(tx, Dropdown::FileSystem, l(&v.filesystem).as_deref())
                .await?;
            let label = l(&v.mountpoint)
                .or_else(|| l(&v.device))
                .or_else(|| l(&v.name))
                .unwrap_or_default();
            rows.push(Row {
                cols: vec![
                    text(&v.mountpoint),
                    text(&v.device),
                    text(&v.name),
                    Val::from(filesystem),
                    int(v.totalsize),
                    int(v.freesize),
                ],
                label,
            });
        }
        out.push((&sections::VOLUMES, rows));
    }
    if let Some(items) = &inv.software {
        let mut rows: Vec<Row> = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        for s in items {
            let Some((version_id, label)) = software.get(entity, s) else {
                continue;
            };
            // One installation per version: the table is unique on it.
            if !seen.insert(*version_id) {
                continue;
            }
            let date = norm::date_text(s.date_install.as_deref());
            rows.push(Row {
                cols: vec![Val::from(*version_id), Val::from(date)],
                label: label.clone(),
            });
        }
        out.push((&sections::SOFTWARE, rows));
    }
    if let Some(items) = &inv.virtual_machines {
        let mut rows = Vec::new();
        for vm in items {
            let state = resolver
                .dropdown(tx, Dropdown::VmState, l(&vm.state).as_deref())
                .await?;
            let system = resolver
                .dropdown(tx, Dropdown::VmSystem, l(&vm.system).as_deref())
                .await?;
            let vm_type = resolver
                .dropdown(tx, Dropdown::VmType, l(&vm.vm_type).as_deref())
                .await?;
            let name = l(&vm.name).unwrap_or_default();
            rows.push(Row {
                cols: vec![
                    Val::from(l(&vm.uuid).unwrap_or_default().to_lowercase()),
                    Val::from(name.as_str()),
                    int(vm.vcpu),
                    Val::from(norm::int(vm.ram).map(|r| r.to_string()).unwrap_or_default()),
                    Val::from(state),
                    Val::from(system),
                    Val::from(vm_type),
                ],
                label: name,
            });
        }
        out.push((&sections::VIRTUAL_MACHINES, rows));
    }
    Ok(())
}
