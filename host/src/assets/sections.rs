//! The sub-item sections of a computer, described as data: which table,
//! which columns identify an item (to match it across inventories), which
//! columns may change, and how changes appear in history. The inventory
//! diff ([`super::inventory`]) is written once against these descriptions.

use crate::store::rows::Val;

/// GLPI's history actions (`define.php` `Log::HISTORY_*`).
pub mod action {
    /// A field of the item changed (`id_search_option` says which).
    pub const FIELD: i32 = 0;
    /// A component was added.
    pub const ADD_DEVICE: i32 = 1;
    /// A component changed.
    pub const UPDATE_DEVICE: i32 = 2;
    /// A component was removed.
    pub const DELETE_DEVICE: i32 = 3;
    /// A software version was installed.
    pub const INSTALL_SOFTWARE: i32 = 4;
    /// A software version was uninstalled.
    pub const UNINSTALL_SOFTWARE: i32 = 5;
    /// An item was disconnected.
    pub const DISCONNECT_DEVICE: i32 = 6;
    /// An item was connected.
    pub const CONNECT_DEVICE: i32 = 7;
    /// A free-text message.
    pub const LOG_SIMPLE_MESSAGE: i32 = 12;
    /// The item went to the trash.
    pub const DELETE_ITEM: i32 = 13;
    /// The item left the trash.
    pub const RESTORE_ITEM: i32 = 14;
    /// A sub-item was added.
    pub const ADD_SUBITEM: i32 = 17;
    /// A sub-item changed.
    pub const UPDATE_SUBITEM: i32 = 18;
    /// A sub-item was removed.
    pub const DELETE_SUBITEM: i32 = 19;
    /// The item was created.
    pub const CREATE_ITEM: i32 = 20;
    /// A field was locked.
    pub const LOCK_ITEM: i32 = 26;
    /// A field was unlocked.
    pub const UNLOCK_ITEM: i32 = 27;
}

/// How a section's rows hang off the computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// `itemtype = 'Computer'` and `items_id`.
    Item,
    /// `computers_id`.
    Computer,
}

/// One section of sub-items.
#[derive(Debug)]
pub struct Section {
    /// Name used in messages (`processors`, `software`, …).
    pub name: &'static str,
    /// Table of the rows.
    pub table: &'static str,
    /// How rows point at their computer.
    pub owner: Owner,
    /// Columns that identify an item across inventories.
    pub key: &'static [&'static str],
    /// Columns that may change on an identified item.
    pub values: &'static [&'static str],
    /// `itemtype_link` in history.
    pub history_type: &'static str,
    /// History actions for add, update, delete.
    pub actions: (i32, i32, i32),
    /// Extra constant columns on insert (besides owner, entity, dynamic).
    pub fixed: &'static [(&'static str, i64)],
    /// Whether the table has `date_creation`/`date_mod`.
    pub dated: bool,
    /// The catalogue of a component section and its identity columns.
    pub catalog: Option<(&'static str, &'static [&'static str])>,
}

impl Section {
    /// The owner column.
    pub fn owner_column(&self) -> &'static str {
        match self.owner {
            Owner::Item => "items_id",
            Owner::Computer => "computers_id",
        }
    }

    /// Columns of an insert, in the order of [`Row::insert_values`].
    pub fn insert_columns(&self) -> Vec<&'static str> {
        let mut columns = vec![self.owner_column()];
        if self.owner == Owner::Item {
            columns.push("itemtype");
        }
        columns.extend(["entities_id", "is_dynamic"]);
        columns.extend(self.fixed.iter().map(|(c, _)| *c));
        if self.dated {
            columns.extend(["date_creation", "date_mod"]);
        }
        columns.extend(self.key);
        columns.extend(self.values);
        columns
    }
}

/// A row of a section: key then value columns, as stored (original case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `key` columns then `values` columns.
    pub cols: Vec<Val>,
    /// How the item appears in history.
    pub label: String,
}

impl Row {
    /// The identity, folded for case-insensitive matching.
    pub fn match_key(&self, section: &Section) -> Vec<Val> {
        self.cols[..section.key.len()]
            .iter()
            .map(|v| match v.as_text() {
                Some(s) => Val::Text(super::normalize::key(s)),
                None => v.clone(),
            })
            .collect()
    }

    /// The changeable part.
    pub fn value_part<'a>(&'a self, section: &Section) -> &'a [Val] {
        &self.cols[section.key.len()..]
    }
}

macro_rules! device {
    ($name:literal, $table:literal, $type:literal, $catalog:literal, [$($identity:literal),*], [$($key:literal),*], [$($value:literal),*]) => {
        Section {
            name: $name,
            table: $table,
            owner: Owner::Item,
            key: &[$($key),*],
            values: &[$($value),*],
            history_type: $type,
            actions: (action::ADD_DEVICE, action::UPDATE_DEVICE, action::DELETE_DEVICE),
            fixed: &[],
            dated: false,
            catalog: Some(($catalog, &["designation", "manufacturers_id" $(, $identity)*])),
        }
    };
}

/// Processors.
pub static PROCESSORS: Section = device!(
    "processors",
    "glpi_items_deviceprocessors",
    "DeviceProcessor",
    "glpi_deviceprocessors",
    [],
    ["deviceprocessors_id", "serial"],
    ["frequency", "nbcores", "nbthreads"]
);
/// Memory modules.
pub static MEMORIES: Section = device!(
    "memories",
    "glpi_items_devicememories",
    "DeviceMemory",
    "glpi_devicememories",
    ["devicememorytypes_id", "frequence"],
    ["devicememories_id", "serial", "busID"],
    ["size"]
);
/// Hard drives.
pub static HARD_DRIVES: Section = device!(
    "hard_drives",
    "glpi_items_deviceharddrives",
    "DeviceHardDrive",
    "glpi_deviceharddrives",
    [],
    ["deviceharddrives_id", "serial"],
    ["capacity"]
);
/// Network cards.
pub static NETWORK_CARDS: Section = device!(
    "network_cards",
    "glpi_items_devicenetworkcards",
    "DeviceNetworkCard",
    "glpi_devicenetworkcards",
    [],
    ["devicenetworkcards_id", "mac"],
    []
);
/// Graphics cards.
pub static GRAPHIC_CARDS: Section = device!(
    "graphic_cards",
    "glpi_items_devicegraphiccards",
    "DeviceGraphicCard",
    "glpi_devicegraphiccards",
    [],
    ["devicegraphiccards_id"],
    ["memory"]
);
/// Sound cards.
pub static SOUND_CARDS: Section = device!(
    "sound_cards",
    "glpi_items_devicesoundcards",
    "DeviceSoundCard",
    "glpi_devicesoundcards",
    [],
    ["devicesoundcards_id"],
    []
);
/// Drives.
pub static DRIVES: Section = device!(
    "drives",
    "glpi_items_devicedrives",
    "DeviceDrive",
    "glpi_devicedrives",
    [],
    ["devicedrives_id"],
    []
);
/// Controllers.
pub static CONTROLLERS: Section = device!(
    "controllers",
    "glpi_items_devicecontrols",
    "DeviceControl",
    "glpi_devicecontrols",
    [],
    ["devicecontrols_id"],
    []
);
/// Motherboards.
pub static MOTHERBOARDS: Section = device!(
    "motherboards",
    "glpi_items_devicemotherboards",
    "DeviceMotherboard",
    "glpi_devicemotherboards",
    [],
    ["devicemotherboards_id", "serial"],
    []
);
/// Firmwares.
pub static FIRMWARES: Section = device!(
    "firmwares",
    "glpi_items_devicefirmwares",
    "DeviceFirmware",
    "glpi_devicefirmwares",
    ["version", "date"],
    ["devicefirmwares_id"],
    []
);

/// Other components (modems, slots, ports).
pub static PCI_DEVICES: Section = device!(
    "pci_devices",
    "glpi_items_devicepcis",
    "DevicePci",
    "glpi_devicepcis",
    [],
    ["devicepcis_id"],
    []
);

/// Volumes.
pub static VOLUMES: Section = Section {
    name: "volumes",
    table: "glpi_items_disks",
    owner: Owner::Item,
    key: &["mountpoint", "device"],
    values: &["name", "filesystems_id", "totalsize", "freesize"],
    history_type: "Item_Disk",
    actions: (
        action::ADD_SUBITEM,
        action::UPDATE_SUBITEM,
        action::DELETE_SUBITEM,
    ),
    fixed: &[],
    dated: true,
    catalog: None,
};

/// Installed software.
pub static SOFTWARE: Section = Section {
    name: "software",
    table: "glpi_items_softwareversions",
    owner: Owner::Item,
    key: &["softwareversions_id"],
    values: &["date_install"],
    history_type: "SoftwareVersion",
    actions: (
        action::INSTALL_SOFTWARE,
        action::UPDATE_SUBITEM,
        action::UNINSTALL_SOFTWARE,
    ),
    fixed: &[("is_deleted_item", 0), ("is_template_item", 0)],
    dated: false,
    catalog: None,
};

/// Hosted virtual machines.
pub static VIRTUAL_MACHINES: Section = Section {
    name: "virtual_machines",
    table: "glpi_computervirtualmachines",
    owner: Owner::Computer,
    key: &["uuid", "name"],
    values: &[
        "vcpu",
        "ram",
        "virtualmachinestates_id",
        "virtualmachinesystems_id",
        "virtualmachinetypes_id",
    ],
    history_type: "ComputerVirtualMachine",
    actions: (
        action::ADD_SUBITEM,
        action::UPDATE_SUBITEM,
        action::DELETE_SUBITEM,
    ),
    fixed: &[],
    dated: true,
    catalog: None,
};

/// The operating system (one row).
pub static OPERATING_SYSTEM: Section = Section {
    name: "operating_system",
    table: "glpi_items_operatingsystems",
    owner: Owner::Item,
    key: &[],
    values: &[
        "operatingsystems_id",
        "operatingsystemversions_id",
        "operatingsystemservicepacks_id",
        "operatingsystemarchitectures_id",
        "operatingsystemkernelversions_id",
        "operatingsystemeditions_id",
        "license_number",
        "licenseid",
    ],
    history_type: "Item_OperatingSystem",
    actions: (
        action::ADD_SUBITEM,
        action::UPDATE_SUBITEM,
        action::DELETE_SUBITEM,
    ),
    fixed: &[],
    dated: true,
    catalog: None,
};

/// Every generic section, in the order they are written.
pub static ALL: [&Section; 15] = [
    &OPERATING_SYSTEM,
    &PROCESSORS,
    &MEMORIES,
    &HARD_DRIVES,
    &NETWORK_CARDS,
    &GRAPHIC_CARDS,
    &SOUND_CARDS,
    &DRIVES,
    &CONTROLLERS,
    &MOTHERBOARDS,
    &FIRMWARES,
    &PCI_DEVICES,
    &VOLUMES,
    &SOFTWARE,
    &VIRTUAL_MACHINES,
];
