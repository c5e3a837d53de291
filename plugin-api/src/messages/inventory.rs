//! A computer's inventory as an inventory source (a plugin such as the OCS
//! Inventory NG connector) hands it to the host's asset store.
//!
//! Every section is optional: `None` leaves what the store has for that
//! section untouched (a sync that re-read only some sections), `Some(list)`
//! is the complete new content of the section (what is missing from it is
//! removed from the computer). Strings are free text as the source reports
//! them; the store trims them, treats empty strings as absent, truncates to
//! GLPI's column sizes and resolves names (manufacturer, model, …) to
//! dropdown rows, creating them on demand.

use serde::{Deserialize, Serialize};

/// One computer's inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComputerInventory {
    /// Fields of the computer row itself.
    pub general: Option<General>,
    /// Operating system.
    pub operating_system: Option<OperatingSystem>,
    /// Processors.
    pub processors: Option<Vec<Processor>>,
    /// Memory modules.
    pub memories: Option<Vec<Memory>>,
    /// Hard drives (physical disks).
    pub hard_drives: Option<Vec<HardDrive>>,
    /// Network cards.
    pub network_cards: Option<Vec<NetworkCard>>,
    /// Graphics cards.
    pub graphic_cards: Option<Vec<GraphicCard>>,
    /// Sound cards.
    pub sound_cards: Option<Vec<SoundCard>>,
    /// Removable-media drives (optical, floppy, …).
    pub drives: Option<Vec<Drive>>,
    /// Controllers (storage, USB, …).
    pub controllers: Option<Vec<Controller>>,
    /// Motherboards.
    pub motherboards: Option<Vec<Motherboard>>,
    /// Firmwares (BIOS, UEFI).
    pub firmwares: Option<Vec<Firmware>>,
    /// Other components (GLPI's DevicePci): modems, expansion slots,
    /// ports.
    pub pci_devices: Option<Vec<PciDevice>>,
    /// Volumes (file systems).
    pub volumes: Option<Vec<Volume>>,
    /// Network ports with their IP addresses.
    pub network_ports: Option<Vec<NetworkPort>>,
    /// Monitors connected to the computer.
    pub monitors: Option<Vec<Monitor>>,
    /// Peripherals connected to the computer (keyboards, mice, scanners,
    /// …): `glpi_peripherals`, connected as monitors are.
    pub peripherals: Option<Vec<ConnectedItem>>,
    /// Printers connected to the computer: `glpi_printers`, connected as
    /// monitors are.
    pub printers: Option<Vec<ConnectedItem>>,
    /// Installed software.
    pub software: Option<Vec<Software>>,
    /// Virtual machines hosted by the computer.
    pub virtual_machines: Option<Vec<VirtualMachine>>,
}

/// Fields of `glpi_computers`; dropdowns by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct General {
    /// Computer name.
    pub name: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// Inventory number / asset tag.
    pub otherserial: Option<String>,
    /// Hardware UUID.
    pub uuid: Option<String>,
    /// Alternate username.
    pub contact: Option<String>,
    /// Alternate username number.
    pub contact_num: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Manufacturer name.
    pub manufacturer: Option<String>,
    /// Model name.
    pub model: Option<String>,
    /// Type name (Desktop, Laptop, …).
    pub computer_type: Option<String>,
    /// Location (complete name, `A > B > C`, created if missing).
    pub location: Option<String>,
    /// Status name.
    pub state: Option<String>,
    /// Network name.
    pub network: Option<String>,
    /// Domain name (`glpi_domains`, linked through `glpi_domains_items`).
    pub domain: Option<String>,
    /// Login of the user (`glpi_users.name`, created if missing).
    pub user: Option<String>,
    /// Group name (`glpi_groups`, created at the root if missing).
    pub group: Option<String>,
    /// When the source last inventoried the computer (`YYYY-MM-DD HH:MM:SS`).
    pub last_inventory_update: Option<String>,
    /// Last boot (`YYYY-MM-DD HH:MM:SS`).
    pub last_boot: Option<String>,
}

/// `glpi_items_operatingsystems` and its dropdowns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OperatingSystem {
    /// Name (`Microsoft Windows 10 Pro`, `Debian GNU/Linux`).
    pub name: Option<String>,
    /// Version (`10.0.19045`, `12`).
    pub version: Option<String>,
    /// Architecture (`x86_64`).
    pub architecture: Option<String>,
    /// Edition.
    pub edition: Option<String>,
    /// Service pack.
    pub service_pack: Option<String>,
    /// Kernel name.
    pub kernel: Option<String>,
    /// Kernel version.
    pub kernel_version: Option<String>,
    /// Product id.
    pub product_id: Option<String>,
    /// License number.
    pub license_number: Option<String>,
}

/// A processor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Processor {
    /// Model designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Frequency in MHz.
    pub frequency: Option<i64>,
    /// Cores.
    pub nbcores: Option<i64>,
    /// Threads.
    pub nbthreads: Option<i64>,
    /// Serial number.
    pub serial: Option<String>,
}

/// A memory module.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Memory {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Type (`DDR4`).
    pub memory_type: Option<String>,
    /// Frequency in MHz.
    pub frequency: Option<i64>,
    /// Size in MiB.
    pub size: Option<i64>,
    /// Serial number.
    pub serial: Option<String>,
    /// Slot.
    pub bus_id: Option<String>,
}

/// A hard drive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HardDrive {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Capacity in MiB.
    pub capacity: Option<i64>,
    /// Serial number.
    pub serial: Option<String>,
}

/// A network card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkCard {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// MAC address.
    pub mac: Option<String>,
}

/// A graphics card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GraphicCard {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Memory in MiB.
    pub memory: Option<i64>,
}

/// A sound card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SoundCard {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
}

/// An "other component" (GLPI's DevicePci): a modem, an expansion slot, a
/// port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PciDevice {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
}

/// A removable-media drive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Drive {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
}

/// A controller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Controller {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Interface (`PCI`, `USB`).
    pub interface: Option<String>,
}

/// A motherboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Motherboard {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
}

/// A firmware (BIOS).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Firmware {
    /// Designation.
    pub designation: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Release date (`YYYY-MM-DD`).
    pub date: Option<String>,
}

/// A volume (`glpi_items_disks`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Volume {
    /// Name.
    pub name: Option<String>,
    /// Device (`/dev/sda1`, `C:`).
    pub device: Option<String>,
    /// Mount point.
    pub mountpoint: Option<String>,
    /// File system (`ext4`, `NTFS`).
    pub filesystem: Option<String>,
    /// Total size in MiB.
    pub totalsize: Option<i64>,
    /// Free size in MiB.
    pub freesize: Option<i64>,
}

/// A network port with its addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPort {
    /// Port name (`eth0`).
    pub name: Option<String>,
    /// MAC address.
    pub mac: Option<String>,
    /// IP addresses (v4 or v6).
    pub ip_addresses: Vec<String>,
    /// Description of the interface.
    pub ifdescr: Option<String>,
    /// Speed in Mbit/s.
    pub speed: Option<i64>,
}

/// How a monitor is managed (GLPI's `is_global`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Management {
    /// One monitor row per physical monitor (default).
    #[default]
    Unit,
    /// One shared monitor row per model, connected to many computers.
    Global,
}

/// A monitor connected to the computer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Monitor {
    /// Name.
    pub name: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Type.
    pub monitor_type: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Unit or global management.
    pub management: Management,
}

/// A peripheral or a printer connected to the computer. Matched as
/// [`Monitor`]s are: by serial when managed per unit, by name, maker and
/// model when global.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectedItem {
    /// Name.
    pub name: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Model (`glpi_peripheralmodels` / `glpi_printermodels`).
    pub model: Option<String>,
    /// Type (`glpi_peripheraltypes` / `glpi_printertypes`).
    pub item_type: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Unit or global management.
    pub management: Management,
}

/// An installed software version.
///
/// A batch of inventories can name each title and version once, in its
/// `software_catalog` ([`StageInventories`], [`UpsertBatch`]): an
/// installation then gives only `catalog` (the entry's position) and its
/// own `date_install`. A fleet installs the same few thousand versions
/// hundreds of thousands of times; sending them once per batch spares the
/// plugin and the host most of the work of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Software {
    /// Software name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Publisher (a manufacturer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Architecture of the version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
    /// Installation date (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_install: Option<String>,
    /// Position of this installation's title and version in the batch's
    /// `software_catalog`, whose entry then gives `name`, `version`,
    /// `publisher` and `arch` (left empty here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<u32>,
}

/// A virtual machine hosted by the computer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VirtualMachine {
    /// Name.
    pub name: Option<String>,
    /// UUID.
    pub uuid: Option<String>,
    /// Virtual CPUs.
    pub vcpu: Option<i64>,
    /// Memory in MiB.
    pub ram: Option<i64>,
    /// State (`running`, `off`).
    pub state: Option<String>,
    /// Virtualisation system (`kvm`, `VMware`).
    pub system: Option<String>,
    /// Type.
    pub vm_type: Option<String>,
}

/// One computer to write: create it or update an existing one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Upsert {
    /// The computer to update; `None` creates one.
    pub computers_id: Option<u32>,
    /// Entity of a created computer (and of its software titles).
    pub entities_id: u32,
    /// Name of the inventory source (GLPI's "automatic update system",
    /// written in history as the author of changes).
    pub source: String,
    /// The inventory.
    pub inventory: ComputerInventory,
    /// Overwrite fields a person edited (locked fields) too: for sources
    /// configured without locks (GLPI's "use automatic locks" off). The
    /// locks stay, and apply again to updates without this flag.
    pub ignore_locks: bool,
    /// What happens to a monitor, peripheral or printer managed per unit
    /// that the inventory no longer reports (its connection is removed in
    /// every case): GLPI's OCS "behaviour when disconnecting".
    pub disconnected: Disconnected,
}

/// The fate of a unit-managed connected item that disappeared from an
/// inventory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Disconnected {
    /// It stays, disconnected (default).
    #[default]
    Keep,
    /// It goes to the trash.
    Trash,
    /// It is deleted for good.
    Delete,
}

/// Payload of service `assets`, method `upsert`: computers written in one
/// transaction (all or none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpsertBatch {
    /// The computers.
    pub items: Vec<Upsert>,
    /// Write inside this open plugin transaction (from `db.begin`) instead
    /// of a transaction of its own, so that the plugin's own rows (links,
    /// run details) commit or roll back with the computers.
    pub tx: Option<u64>,
    /// Take the inventories from a staged set instead of `items`
    /// (whose `inventory` is then ignored).
    pub staged: Option<StagedRef>,
    /// The titles and versions the inventories' software refer to by
    /// position ([`Software::catalog`]); a staged set brings its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub software_catalog: Vec<Software>,
}

/// Payload of service `assets`, method `stage`: inventories for the host
/// to decode now and keep for a later `upsert`. A plugin stages the next
/// batch from a second thread while the current one is written, so that
/// decoding a batch overlaps with writing the one before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StageInventories {
    /// The inventories, referred to later by their position.
    pub inventories: Vec<ComputerInventory>,
    /// The titles and versions their software refer to by position
    /// ([`Software::catalog`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub software_catalog: Vec<Software>,
}

/// Reply of `assets`/`stage`, and payload of `assets`/`unstage` (which
/// drops a staged set that will not be written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Staged {
    /// The staged set.
    pub staged: u64,
    /// How many inventories it holds.
    pub count: u32,
}

/// The inventories of an [`UpsertBatch`] taken from a staged set: the set
/// is consumed by the upsert (written or not).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StagedRef {
    /// The staged set.
    pub staged: u64,
    /// For each item of the batch, the position of its inventory in the
    /// set; each position at most once.
    pub positions: Vec<u32>,
}

/// What [`ComputerAction`] does.
pub mod computer_action {
    /// Move to the trash (`is_deleted = 1`).
    pub const TRASH: &str = "trash";
    /// Take out of the trash.
    pub const RESTORE: &str = "restore";
    /// Set the status (`states_id`).
    pub const SET_STATE: &str = "set_state";
    /// Mark as kept up to date by an inventory source (`is_dynamic = 1`),
    /// as a computer linked to one by hand is; `note` is written in its
    /// history ("Linked to OCS computer 42").
    pub const MARK_DYNAMIC: &str = "mark_dynamic";
}

/// Payload of service `assets`, method `action`: one action on computers,
/// with its history rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComputerAction {
    /// One of [`computer_action`].
    pub action: String,
    /// The computers.
    pub computers: Vec<u32>,
    /// For `set_state`: the status id (`glpi_states`).
    pub states_id: Option<u32>,
    /// For `mark_dynamic`: the history message.
    pub note: Option<String>,
    /// Author written in history (the plugin's source name).
    pub source: String,
    /// Run inside this open plugin transaction.
    pub tx: Option<u64>,
}

/// What happened to one computer of a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpsertOutcome {
    /// The computer's id.
    pub computers_id: u32,
    /// Whether it was created.
    pub created: bool,
    /// Number of history rows written (0 = nothing changed).
    pub changes: u32,
}
