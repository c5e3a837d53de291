//! OCS → parc: how an OCS machine becomes a computer inventory (GLPI's
//! field matching, per import option), and the inputs the entity and link
//! rules see.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet, HashSetExt};

use parc_plugin_api::messages::inventory::{
    ComputerInventory, ConnectedItem, Controller, Drive, Firmware, General, GraphicCard, HardDrive,
    Management, Memory, Monitor, Motherboard, NetworkCard, NetworkPort, OperatingSystem, PciDevice,
    Processor, Software, SoundCard, VirtualMachine, Volume,
};
use serde_json::Value;

use crate::config::ServerConfig;
use crate::reader::{self, Machine, Reader, SoftwareRow};
use crate::setup::SOURCE;

/// The computer inventory of `machine`, with only the sections that were
/// read and that the server imports.
pub fn inventory(cfg: &ServerConfig, machine: &Machine) -> ComputerInventory {
    inventory_with(cfg, machine, None)
}

/// The inventories of a batch of machines, whose software name their
/// titles and versions by position in the returned catalog
/// ([`Software::catalog`]).
pub fn inventories(
    cfg: &ServerConfig,
    machines: &[Machine],
) -> (Vec<ComputerInventory>, Vec<Software>) {
    let mut catalog = SoftwareCatalog::default();
    let inventories = machines
        .iter()
        .map(|m| inventory_with(cfg, m, Some(&mut catalog)))
        .collect();
    (inventories, catalog.entries)
}

/// Key of a title and version: the addresses of its name, version,
/// publisher and architecture ([`reader::address`]; 0 for none).
type SoftwareKey = [usize; 4];

/// The address of an optional software text, 0 for none.
fn key_part(text: Option<&reader::Text>) -> usize {
    text.map_or(0, reader::address)
}

/// The distinct software titles and versions of a batch, by position.
#[derive(Default)]
struct SoftwareCatalog {
    positions: HashMap<SoftwareKey, u32>,
    entries: Vec<Software>,
}

impl SoftwareCatalog {
    fn position(&mut self, row: &SoftwareRow) -> u32 {
        let key = [
            key_part(row.name.as_ref()),
            key_part(row.version.as_ref()),
            key_part(row.publisher.as_ref()),
            key_part(row.arch.as_ref()),
        ];
        *self.positions.entry(key).or_insert_with(|| {
            self.entries.push(named(row, None));
            (self.entries.len() - 1) as u32
        })
    }
}

/// The installation of `row`, with its texts.
fn named(row: &SoftwareRow, date_install: Option<String>) -> Software {
    let owned = |t: &Option<reader::Text>| t.as_deref().map(str::to_owned);
    Software {
        name: owned(&row.name),
        version: owned(&row.version),
        publisher: owned(&row.publisher),
        arch: owned(&row.arch),
        date_install,
        ..Software::default()
    }
}

/// The software of a machine, one installation per name and version;
/// named in `catalog` when there is one, else inline.
fn software(machine: &Machine, mut catalog: Option<&mut SoftwareCatalog>) -> Vec<Software> {
    let mut seen = HashSet::with_capacity(machine.software.len());
    let mut out = Vec::with_capacity(machine.software.len());
    for row in &machine.software {
        let Some(name) = &row.name else {
            continue;
        };
        if !seen.insert((reader::address(name), key_part(row.version.as_ref()))) {
            continue;
        }
        let date_install = row.date_install.clone();
        out.push(match catalog.as_deref_mut() {
            Some(catalog) => Software {
                catalog: Some(catalog.position(row)),
                date_install,
                ..Software::default()
            },
            None => named(row, date_install),
        });
    }
    out
}

/// [`inventory`], naming software in `catalog` when given.
fn inventory_with(
    cfg: &ServerConfig,
    machine: &Machine,
    catalog: Option<&mut SoftwareCatalog>,
) -> ComputerInventory {
    let hw = &machine.hardware;
    let bios = machine.bios.as_ref();
    let b = |c: &str| bios.and_then(|b| b.text(c));
    let flag = |c: &str| cfg.on(c);
    let pick = |on: bool, value: Option<String>| if on { value } else { None };

    let mut general = General {
        name: pick(flag("import_general_name"), hw.text("NAME")),
        serial: pick(flag("import_general_serial"), b("SSN")),
        uuid: pick(flag("import_general_uuid"), hw.text("UUID")),
        contact: pick(flag("import_general_contact"), hw.text("USERID")),
        comment: pick(flag("import_general_comment"), comment(machine)),
        manufacturer: pick(flag("import_general_manufacturer"), b("SMANUFACTURER")),
        model: pick(flag("import_general_model"), b("SMODEL")),
        computer_type: pick(flag("import_general_type"), b("TYPE")),
        domain: pick(flag("import_general_domain"), hw.text("WORKGROUP")),
        user: pick(flag("link_with_user"), hw.text("USERID")),
        last_inventory_update: hw.text("LASTDATE"),
        ..General::default()
    };
    for (field, column) in &cfg.admin_infos {
        let value = if column == "ASSETTAG" {
            b("ASSETTAG")
        } else {
            machine.account.as_ref().and_then(|a| a.text(column))
        };
        match field.as_str() {
            "otherserial" => general.otherserial = value,
            "locations_id" => general.location = value,
            "contact_num" => general.contact_num = value,
            "networks_id" => general.network = value,
            "groups_id" => general.group = value,
            _ => {}
        }
    }

    let mut inv = ComputerInventory {
        general: Some(general),
        ..ComputerInventory::default()
    };
    if flag("import_general_os") {
        let os_serial = flag("import_os_serial");
        inv.operating_system = Some(OperatingSystem {
            name: hw.text("OSNAME"),
            version: hw.text("OSVERSION"),
            architecture: hw.text("ARCH"),
            service_pack: hw.text("OSCOMMENTS"),
            product_id: pick(os_serial, hw.text("WINPRODID")),
            license_number: pick(os_serial, hw.text("WINPRODKEY")),
            ..OperatingSystem::default()
        });
    }
    if flag("import_device_bios") {
        inv.firmwares = Some(
            bios.filter(|_| b("BVERSION").is_some() || b("BMANUFACTURER").is_some())
                .map(|_| Firmware {
                    designation: Some("BIOS".into()),
                    manufacturer: b("BMANUFACTURER"),
                    version: b("BVERSION"),
                    date: b("BDATE").and_then(|d| bios_date(&d)),
                })
                .into_iter()
                .collect(),
        );
    }
    if flag("import_device_motherboard") {
        inv.motherboards = Some(
            bios.filter(|_| b("MMODEL").is_some())
                .map(|_| Motherboard {
                    designation: b("MMODEL"),
                    manufacturer: b("MMANUFACTURER"),
                    serial: b("MSN"),
                })
                .into_iter()
                .collect(),
        );
    }
    if machine.has(&reader::CPUS) && flag("import_device_processor") {
        inv.processors = Some(
            machine
                .rows(&reader::CPUS)
                .iter()
                .map(|r| Processor {
                    designation: r.text("TYPE"),
                    manufacturer: r.text("MANUFACTURER"),
                    frequency: r.int("SPEED").filter(|f| *f > 0),
                    nbcores: r.int("CORES").filter(|c| *c > 0),
                    nbthreads: r.int("LOGICAL_CPUS").filter(|c| *c > 0),
                    serial: r.text("SERIALNUMBER"),
                })
                .collect(),
        );
    }
    if machine.has(&reader::MEMORIES) && flag("import_device_memory") {
        inv.memories = Some(
            machine
                .rows(&reader::MEMORIES)
                .iter()
                .filter(|r| r.int("CAPACITY").unwrap_or_default() > 0)
                .map(|r| Memory {
                    designation: r.text("DESCRIPTION").or_else(|| r.text("CAPTION")),
                    memory_type: r.text("TYPE"),
                    frequency: r.int("SPEED").filter(|f| *f > 0),
                    size: r.int("CAPACITY"),
                    serial: r.text("SERIALNUMBER"),
                    ..Memory::default()
                })
                .collect(),
        );
    }
    if machine.has(&reader::STORAGES) {
        let (disks, others): (Vec<_>, Vec<_>) = machine
            .rows(&reader::STORAGES)
            .iter()
            .partition(|r| is_hard_drive(r.text("TYPE").as_deref(), r.int("DISKSIZE")));
        if flag("import_device_hdd") {
            inv.hard_drives = Some(
                disks
                    .iter()
                    .map(|r| HardDrive {
                        designation: r.text("MODEL").or_else(|| r.text("NAME")),
                        manufacturer: r.text("MANUFACTURER"),
                        capacity: r.int("DISKSIZE"),
                        serial: r.text("SERIALNUMBER"),
                    })
                    .collect(),
            );
        }
        if flag("import_device_drive") {
            inv.drives = Some(
                others
                    .iter()
                    .map(|r| Drive {
                        designation: r
                            .text("MODEL")
                            .or_else(|| r.text("NAME"))
                            .or_else(|| r.text("DESCRIPTION")),
                        manufacturer: r.text("MANUFACTURER"),
                    })
                    .collect(),
            );
        }
    }
    if machine.has(&reader::DRIVES) && flag("import_disk") {
        inv.volumes = Some(
            machine
                .rows(&reader::DRIVES)
                .iter()
                .filter_map(|r| {
                    // Windows agents give the letter, Unix agents the mount
                    // point in TYPE.
                    let mountpoint = r.text("LETTER").or_else(|| r.text("TYPE"))?;
                    Some(Volume {
                        name: r.text("VOLUMN").or_else(|| Some(mountpoint.clone())),
                        device: r.text("VOLUMN"),
                        mountpoint: Some(mountpoint),
                        filesystem: r.text("FILESYSTEM"),
                        totalsize: r.int("TOTAL"),
                        freesize: r.int("FREE"),
                    })
                })
                .collect(),
        );
    }
    if machine.has(&reader::NETWORKS) {
        let rows = machine.rows(&reader::NETWORKS);
        if flag("import_device_iface") {
            let mut seen = HashSet::new();
            inv.network_cards = Some(
                rows.iter()
                    .filter(|r| r.int("VIRTUALDEV").unwrap_or_default() == 0)
                    .filter(|r| seen.insert(mac(r.text("MACADDR")).unwrap_or_default()))
                    .map(|r| NetworkCard {
                        designation: r.text("DESCRIPTION"),
                        mac: mac(r.text("MACADDR")),
                        ..NetworkCard::default()
                    })
                    .collect(),
            );
        }
        let mut ports: Vec<NetworkPort> = Vec::new();
        for r in rows {
            let (name, mac) = (r.text("DESCRIPTION"), mac(r.text("MACADDR")));
            let ip = r
                .text("IPADDRESS")
                .filter(|_| cfg.on("import_ip"))
                .filter(|ip| ip != "0.0.0.0");
            match ports.iter_mut().find(|p| p.name == name && p.mac == mac) {
                Some(port) => port.ip_addresses.extend(ip),
                None => ports.push(NetworkPort {
                    name,
                    mac,
                    ip_addresses: ip.into_iter().collect(),
                    ifdescr: r.text("TYPE"),
                    speed: r.int("SPEED"),
                }),
            }
        }
        inv.network_ports = Some(ports);
    }
    if machine.has(&reader::VIDEOS) && flag("import_device_gfxcard") {
        inv.graphic_cards = Some(
            machine
                .rows(&reader::VIDEOS)
                .iter()
                .map(|r| GraphicCard {
                    designation: r.text("NAME").or_else(|| r.text("CHIPSET")),
                    memory: r.int("MEMORY").filter(|m| *m > 0),
                    ..GraphicCard::default()
                })
                .collect(),
        );
    }
    if machine.has(&reader::SOUNDS) && flag("import_device_sound") {
        inv.sound_cards = Some(
            machine
                .rows(&reader::SOUNDS)
                .iter()
                .map(|r| SoundCard {
                    designation: r.text("NAME").or_else(|| r.text("DESCRIPTION")),
                    manufacturer: r.text("MANUFACTURER"),
                })
                .collect(),
        );
    }
    if machine.has(&reader::CONTROLLERS) && flag("import_device_controller") {
        inv.controllers = Some(
            machine
                .rows(&reader::CONTROLLERS)
                .iter()
                .map(|r| Controller {
                    designation: r.text("NAME").or_else(|| r.text("CAPTION")),
                    manufacturer: r.text("MANUFACTURER"),
                    interface: None,
                })
                .collect(),
        );
    }
    // Other components, from three OCS tables written as one section:
    // only when every enabled table was read.
    let pci_tables: Vec<&reader::Section> = [
        (&reader::MODEMS, "import_device_modem"),
        (&reader::SLOTS, "import_device_slot"),
        (&reader::PORTS, "import_device_port"),
    ]
    .into_iter()
    .filter(|(_, option)| flag(option))
    .map(|(section, _)| section)
    .collect();
    if !pci_tables.is_empty() && pci_tables.iter().all(|s| machine.has(s)) {
        inv.pci_devices = Some(
            pci_tables
                .iter()
                .flat_map(|section| machine.rows(section))
                .filter_map(|r| {
                    let designation = r
                        .text("NAME")
                        .or_else(|| r.text("CAPTION"))
                        .or_else(|| r.text("DESIGNATION"))
                        .or_else(|| r.text("MODEL"))
                        .or_else(|| r.text("DESCRIPTION"))?;
                    Some(PciDevice {
                        designation: Some(designation),
                        manufacturer: None,
                    })
                })
                .collect(),
        );
    }
    // Linked objects: mode 1 is global management, above is per unit.
    let management = |mode: i64| {
        if mode == 1 {
            Management::Global
        } else {
            Management::Unit
        }
    };
    let monitor_mode = cfg.int("import_monitor");
    if machine.has(&reader::MONITORS) && monitor_mode > 0 {
        let mut serials = HashSet::new();
        inv.monitors = Some(
            machine
                .rows(&reader::MONITORS)
                .iter()
                .filter(|r| monitor_mode < 3 || r.text("SERIAL").is_some())
                .filter(|r| match r.text("SERIAL") {
                    Some(s) => serials.insert(s),
                    None => true,
                })
                .map(|r| Monitor {
                    name: r.text("CAPTION").or_else(|| r.text("DESCRIPTION")),
                    serial: r.text("SERIAL"),
                    manufacturer: r.text("MANUFACTURER"),
                    model: r.text("CAPTION"),
                    monitor_type: r.text("TYPE"),
                    comment: if cfg.on("import_monitor_comment") {
                        r.text("DESCRIPTION")
                    } else {
                        None
                    },
                    management: management(monitor_mode),
                })
                .collect(),
        );
    }
    // Peripherals and printers: matched by name, maker and model among the
    // computer's connections (OCS has no serial for them).
    let periph_mode = cfg.int("import_periph");
    if machine.has(&reader::INPUTS) && periph_mode > 0 {
        inv.peripherals = Some(
            machine
                .rows(&reader::INPUTS)
                .iter()
                .filter_map(|r| {
                    let name = r.text("CAPTION").or_else(|| r.text("DESCRIPTION"))?;
                    Some(ConnectedItem {
                        name: Some(name),
                        manufacturer: r.text("MANUFACTURER"),
                        item_type: r.text("TYPE"),
                        comment: r.text("INTERFACE"),
                        management: management(periph_mode),
                        ..ConnectedItem::default()
                    })
                })
                .collect(),
        );
    }
    let printer_mode = cfg.int("import_printer");
    if machine.has(&reader::PRINTERS) && printer_mode > 0 {
        inv.printers = Some(
            machine
                .rows(&reader::PRINTERS)
                .iter()
                .filter_map(|r| {
                    Some(ConnectedItem {
                        name: Some(r.text("NAME")?),
                        model: r.text("DRIVER"),
                        comment: [r.text("PORT"), r.text("DESCRIPTION")]
                            .into_iter()
                            .flatten()
                            .reduce(|a, b| format!("{a}\n{b}")),
                        management: management(printer_mode),
                        ..ConnectedItem::default()
                    })
                })
                .collect(),
        );
    }
    if machine.has(&reader::SOFTWARE) && flag("import_software") {
        inv.software = Some(software(machine, catalog));
    }
    if machine.has(&reader::VIRTUALMACHINES) && flag("import_vms") {
        inv.virtual_machines = Some(
            machine
                .rows(&reader::VIRTUALMACHINES)
                .iter()
                .map(|r| VirtualMachine {
                    name: r.text("NAME"),
                    uuid: r.text("UUID"),
                    vcpu: r.int("VCPU"),
                    ram: r.int("MEMORY"),
                    state: r.text("STATUS"),
                    system: r.text("SUBSYSTEM"),
                    vm_type: r.text("VMTYPE"),
                })
                .collect(),
        );
    }
    inv
}

/// GLPI's comment: DESCRIPTION, plus the swap size when known.
fn comment(machine: &Machine) -> Option<String> {
    let description = machine.hardware.text("DESCRIPTION");
    let swap = machine.hardware.int("SWAP").filter(|s| *s > 0);
    match (description, swap) {
        (Some(d), Some(s)) => Some(format!("{d}\r\nSwap: {s}")),
        (Some(d), None) => Some(d),
        (None, Some(s)) => Some(format!("Swap: {s}")),
        (None, None) => None,
    }
}

/// GLPI's test for a physical disk among OCS storages.
fn is_hard_drive(kind: Option<&str>, size: Option<i64>) -> bool {
    let kind = kind.unwrap_or_default().to_lowercase();
    size.unwrap_or_default() > 0
        && (kind.contains("disk")
            || kind.contains("spare")
            || kind.contains("fixed")
            || kind.is_empty())
}

/// A MAC address in lower case; `None` when empty or all zeros.
fn mac(value: Option<String>) -> Option<String> {
    let mac = value?.to_lowercase();
    (!mac.chars().all(|c| c == '0' || c == ':' || c == '-')).then_some(mac)
}

/// OCS BIOS dates are `MM/DD/YYYY`; parc wants `YYYY-MM-DD`.
fn bios_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split('/').collect();
    match parts.as_slice() {
        [m, d, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

type Input = BTreeMap<String, Value>;

fn put(input: &mut Input, key: &str, value: Option<String>) {
    if let Some(v) = value {
        input.insert(key.to_owned(), Value::String(v));
    }
}

fn many(values: impl IntoIterator<Item = String>) -> Value {
    let mut seen = HashSet::new();
    Value::Array(
        values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .map(Value::String)
            .collect(),
    )
}

fn addresses(machine: &Machine, reader: &Reader) -> (Vec<String>, Vec<String>, Vec<String>) {
    let rows = machine.rows(&reader::NETWORKS);
    let macs = rows
        .iter()
        .filter(|r| r.int("VIRTUALDEV").unwrap_or_default() == 0)
        .filter_map(|r| mac(r.text("MACADDR")))
        .filter(|m| !reader.blacklisted_macs.contains(m))
        .collect();
    let ips = rows
        .iter()
        .filter_map(|r| r.text("IPADDRESS"))
        .filter(|ip| ip != "0.0.0.0" && ip != "127.0.0.1")
        .collect();
    let subnets = rows.iter().filter_map(|r| r.text("IPSUBNET")).collect();
    (macs, ips, subnets)
}

/// The serial, unless OCS blacklists it.
fn usable_serial(machine: &Machine, reader: &Reader) -> Option<String> {
    machine
        .bios
        .as_ref()
        .and_then(|b| b.text("SSN"))
        .filter(|s| !reader.blacklisted_serials.contains(&s.to_lowercase()))
}

/// What RuleImportEntity sees (GLPI's input plus the plugin's criteria).
pub fn entity_input(cfg: &ServerConfig, machine: &Machine, reader: &Reader) -> Input {
    let hw = &machine.hardware;
    let (_, ips, subnets) = addresses(machine, reader);
    let mut input = Input::new();
    input.insert("itemtype".into(), "Computer".into());
    input.insert("_source".into(), SOURCE.into());
    input.insert("OCS_SERVER".into(), cfg.id.to_string().into());
    put(&mut input, "tag", machine.tag());
    put(&mut input, "DESCRIPTION", hw.text("DESCRIPTION"));
    put(&mut input, "name", hw.text("NAME"));
    put(&mut input, "serial", usable_serial(machine, reader));
    put(&mut input, "domain", hw.text("WORKGROUP"));
    put(&mut input, "oscomment", hw.text("OSCOMMENTS"));
    // Every address: a condition holds when one of them satisfies it.
    input.insert("ip".into(), many(ips));
    input.insert("subnet".into(), many(subnets));
    input
}

/// What RuleImportAsset sees to link or import.
pub fn link_input(cfg: &ServerConfig, machine: &Machine, reader: &Reader, entity: u32) -> Input {
    let hw = &machine.hardware;
    let (macs, ips, _) = addresses(machine, reader);
    let mut input = Input::new();
    input.insert("itemtype".into(), "Computer".into());
    input.insert("_source".into(), SOURCE.into());
    input.insert("entities_id".into(), entity.to_string().into());
    input.insert("ocsservers_id".into(), cfg.id.to_string().into());
    put(&mut input, "tag", machine.tag());
    put(&mut input, "name", hw.text("NAME"));
    put(&mut input, "serial", usable_serial(machine, reader));
    put(&mut input, "uuid", hw.text("UUID"));
    put(
        &mut input,
        "model",
        machine.bios.as_ref().and_then(|b| b.text("SMODEL")),
    );
    input.insert("mac".into(), many(macs));
    input.insert("ip".into(), many(ips));
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bios_dates_become_iso() {
        assert_eq!(bios_date("01/13/2020").as_deref(), Some("2020-01-13"));
        assert_eq!(bios_date("1/3/2020").as_deref(), Some("2020-01-03"));
        assert_eq!(bios_date("2020-01-13"), None);
        assert_eq!(bios_date("13/45/2020"), None);
    }

    #[test]
    fn storages_split_between_disks_and_drives() {
        assert!(is_hard_drive(Some("disk"), Some(512_000)));
        assert!(is_hard_drive(Some("Fixed hard disk media"), Some(1)));
        assert!(!is_hard_drive(Some("CD-ROM Drive"), Some(0)));
        assert!(!is_hard_drive(Some("disk"), None));
        assert!(!is_hard_drive(Some("Removable Media"), Some(16_000)));
    }

    #[test]
    fn software_is_told_apart_by_text_and_catalogued_once_per_batch() {
        let mut texts = reader::Interner::default();
        let mut row = |name: &str, version: Value, date: Option<&str>| SoftwareRow {
            name: texts.intern(&name.into()),
            version: texts.intern(&version),
            publisher: texts.intern(&"Mozilla".into()),
            arch: None,
            date_install: date.map(str::to_owned),
        };
        let first = Machine {
            software: vec![
                row("Firefox", "128.0".into(), Some("2024-05-01")),
                // The same title and version again, padded: one installation.
                row(" Firefox ", "128.0 ".into(), None),
                row("Firefox", "Unavailable".into(), None),
                row("Unavailable", "1.0".into(), None),
                row("", "1.0".into(), None),
                // A version stored as a number is the same text.
                row("Thunderbird", 115.into(), None),
            ],
            ..Machine::default()
        };
        let second = Machine {
            software: vec![
                row("Thunderbird", "115".into(), None),
                row("Firefox", "128.0".into(), None),
            ],
            ..Machine::default()
        };
        let mut catalog = SoftwareCatalog::default();
        let a = software(&first, Some(&mut catalog));
        let b = software(&second, Some(&mut catalog));
        let entries: Vec<(Option<&str>, Option<&str>)> = catalog
            .entries
            .iter()
            .map(|s| (s.name.as_deref(), s.version.as_deref()))
            .collect();
        assert_eq!(
            entries,
            [
                (Some("Firefox"), Some("128.0")),
                (Some("Firefox"), None),
                (Some("Thunderbird"), Some("115")),
            ]
        );
        let positions =
            |list: &[Software]| -> Vec<Option<u32>> { list.iter().map(|s| s.catalog).collect() };
        assert_eq!(positions(&a), [Some(0), Some(1), Some(2)]);
        assert_eq!(positions(&b), [Some(2), Some(0)]);
        assert_eq!(a[0].date_install.as_deref(), Some("2024-05-01"));
        assert_eq!(catalog.entries[0].publisher.as_deref(), Some("Mozilla"));
        // Without a catalog, installations carry their texts.
        let inline = software(&second, None);
        assert_eq!(inline[1].name.as_deref(), Some("Firefox"));
        assert_eq!(inline[1].catalog, None);
    }

    #[test]
    fn macs_are_lower_case_and_zero_macs_dropped() {
        assert_eq!(
            mac(Some("F4:8E:38:02:0A:DE".into())).as_deref(),
            Some("f4:8e:38:02:0a:de")
        );
        assert_eq!(mac(Some("00:00:00:00:00:00".into())), None);
        assert_eq!(mac(None), None);
    }
}
