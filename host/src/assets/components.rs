//! Builds the rows of the component sections (processors … firmwares),
//! volumes, software and virtual machines from an inventory, resolving
//! catalogues, software titles and versions on the way.

use parc_plugin_api::messages::inventory::ComputerInventory;

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
    let mut values = vec![Val::from(designation.as_str()), Val::from(manufacturer)];
    values.extend(c.extra_values);
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

/// Resolves the software titles and versions of a whole batch in bulk
/// (with the keys [`rows`] uses), so that a batch bringing thousands of
/// new titles costs a few multi-row statements, not two per title.
pub(super) async fn prefetch_software(
    tx: &mut Tx,
    resolver: &mut Resolver,
    items: &[parc_plugin_api::messages::inventory::Upsert],
    consecutive_ids: bool,
) -> Result<(), AssetError> {
    let l = |v: &Option<String>| line(v.as_deref());
    let mut titles: Vec<Vec<Val>> = Vec::new();
    // (title key, version, arch, entity)
    let mut versions: Vec<(usize, String, Option<String>, u32)> = Vec::new();
    for item in items {
        let Some(software) = &item.inventory.software else {
            continue;
        };
        let entity = item.entities_id;
        for s in software {
            let Some(name) = l(&s.name) else { continue };
            let publisher = resolver
                .dropdown(tx, Dropdown::Manufacturer, l(&s.publisher).as_deref())
                .await?;
            titles.push(vec![
                Val::from(entity),
                Val::from(name.as_str()),
                Val::from(publisher),
            ]);
            versions.push((
                titles.len() - 1,
                l(&s.version).unwrap_or_default(),
                l(&s.arch),
                entity,
            ));
        }
    }
    if titles.is_empty() {
        return Ok(());
    }
    resolver
        .resolve_many(
            tx,
            Table::Software,
            SOFTWARE_COLUMNS,
            1,
            &titles,
            &[("is_recursive", Val::Int(1))],
            true,
            consecutive_ids,
        )
        .await?;
    let mut by_entity: std::collections::BTreeMap<u32, Vec<Vec<Val>>> = Default::default();
    for (title, version, arch, entity) in versions {
        let software = resolver
            .resolve(
                tx,
                Table::Software,
                SOFTWARE_COLUMNS,
                &titles[title],
                &[("is_recursive", Val::Int(1))],
                true,
                "",
            )
            .await?;
        by_entity.entry(entity).or_default().push(vec![
            Val::from(software),
            Val::from(version.as_str()),
            Val::from(arch),
        ]);
    }
    for (entity, keys) in by_entity {
        resolver
            .resolve_many(
                tx,
                Table::SoftwareVersion,
                VERSION_COLUMNS,
                0,
                &keys,
                &[
                    ("entities_id", Val::from(entity)),
                    ("is_recursive", Val::Int(1)),
                ],
                true,
                consecutive_ids,
            )
            .await?;
    }
    Ok(())
}

/// Pushes the rows of every section the document carries.
pub(super) async fn rows(
    tx: &mut Tx,
    resolver: &mut Resolver,
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
            let date = norm::date(f.date.as_deref()).map(|d| d.to_string());
            let (id, label) = catalog_id(
                tx,
                resolver,
                Catalog {
                    section: &sections::FIRMWARES,
                    designation: l(&f.designation),
                    manufacturer: l(&f.manufacturer),
                    extra_values: vec![text(&f.version), Val::from(date)],
                },
            )
            .await?;
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
        let mut seen = std::collections::HashSet::new();
        for s in items {
            let Some(name) = l(&s.name) else { continue };
            let publisher = resolver
                .dropdown(tx, Dropdown::Manufacturer, l(&s.publisher).as_deref())
                .await?;
            let software = resolver
                .resolve(
                    tx,
                    Table::Software,
                    SOFTWARE_COLUMNS,
                    &[
                        Val::from(entity),
                        Val::from(name.as_str()),
                        Val::from(publisher),
                    ],
                    &[("is_recursive", Val::Int(1))],
                    true,
                    &name,
                )
                .await?;
            let version = l(&s.version).unwrap_or_default();
            let arch = l(&s.arch);
            let version_id = resolver
                .resolve(
                    tx,
                    Table::SoftwareVersion,
                    VERSION_COLUMNS,
                    &[
                        Val::from(software),
                        Val::from(version.as_str()),
                        Val::from(arch),
                    ],
                    &[
                        ("entities_id", Val::from(entity)),
                        ("is_recursive", Val::Int(1)),
                    ],
                    true,
                    &version,
                )
                .await?;
            // One installation per version: the table is unique on it.
            if !seen.insert(version_id) {
                continue;
            }
            let date = norm::date(s.date_install.as_deref()).map(|d| d.to_string());
            rows.push(Row {
                cols: vec![Val::from(version_id), Val::from(date)],
                label: if version.is_empty() {
                    name
                } else {
                    format!("{name} - {version}")
                },
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
