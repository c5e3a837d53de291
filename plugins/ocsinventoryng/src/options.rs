//! A server's import options (GLPI's "Datas to import", "Import options"
//! and administrative-information tabs): which columns exist, what values
//! each accepts, and the OCS checksum mask they imply.

use parc_plugin_api::{Error, Result};

use crate::i18n::tr;

/// How a setting is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 0 or 1.
    Flag,
    /// An integer in a range.
    Range(i64, i64),
    /// Free text (may be empty).
    Text,
    /// GLPI's `deleted_behavior`: `0`, `1` or `STATE_<id>`.
    DeletedBehavior,
    /// GLPI's `deconnection_behavior`: empty, `trash` or `delete`.
    DeconnectionBehavior,
}

/// Every editable column of the server row, with its validation.
pub const SETTINGS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("comment", Kind::Text),
    ("is_active", Kind::Flag),
    ("ocs_db_host", Kind::Text),
    ("ocs_db_name", Kind::Text),
    ("ocs_db_user", Kind::Text),
    ("ocs_db_utf8", Kind::Flag),
    ("import_general_name", Kind::Flag),
    ("import_general_os", Kind::Flag),
    ("import_os_serial", Kind::Flag),
    ("import_general_serial", Kind::Flag),
    ("import_general_model", Kind::Flag),
    ("import_general_manufacturer", Kind::Flag),
    ("import_general_type", Kind::Flag),
    ("import_general_domain", Kind::Flag),
    ("import_general_contact", Kind::Flag),
    ("import_general_comment", Kind::Flag),
    ("import_general_uuid", Kind::Flag),
    ("import_ip", Kind::Flag),
    ("link_with_user", Kind::Flag),
    ("import_device_processor", Kind::Flag),
    ("import_device_memory", Kind::Flag),
    ("import_device_hdd", Kind::Flag),
    ("import_device_iface", Kind::Flag),
    ("import_device_gfxcard", Kind::Flag),
    ("import_device_sound", Kind::Flag),
    ("import_device_drive", Kind::Flag),
    ("import_device_modem", Kind::Flag),
    ("import_device_port", Kind::Flag),
    ("import_device_bios", Kind::Flag),
    ("import_device_motherboard", Kind::Flag),
    ("import_device_controller", Kind::Flag),
    ("import_device_slot", Kind::Flag),
    ("import_periph", Kind::Range(0, 2)),
    ("import_monitor", Kind::Range(0, 4)),
    ("import_monitor_comment", Kind::Flag),
    ("import_printer", Kind::Range(0, 2)),
    ("import_software", Kind::Flag),
    ("import_disk", Kind::Flag),
    ("import_registry", Kind::Flag),
    ("import_vms", Kind::Flag),
    ("ocs_url", Kind::Text),
    ("tag_limit", Kind::Text),
    ("tag_exclude", Kind::Text),
    ("deconnection_behavior", Kind::DeconnectionBehavior),
    ("use_soft_dict", Kind::Flag),
    ("cron_sync_number", Kind::Range(0, 100_000)),
    ("deleted_behavior", Kind::DeletedBehavior),
    ("use_locks", Kind::Flag),
    // Off by default (GLPI seeds it on): a purge in parc then never
    // touches OCS.
    ("allow_ocs_update", Kind::Flag),
];

/// Computer fields an OCS `accountinfo` column can feed (GLPI's
/// administrative information), and `use_date` from the DEVICEID.
pub const ADMIN_FIELDS: &[&str] = &[
    "otherserial",
    "locations_id",
    "groups_id",
    "contact_num",
    "networks_id",
    "use_date",
];

/// A validated `column = value` for the server row.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    /// A column of the server row.
    Column(&'static str, serde_json::Value),
    /// An admin-info mapping: computer field ← OCS column (empty = none).
    AdminInfo(&'static str, String),
}

/// Parses `KEY=VALUE` (a server column, or `admininfo.FIELD=OCS_COLUMN`).
pub fn parse(assignment: &str) -> Result<Setting> {
    let (key, value) = assignment.split_once('=').ok_or_else(|| {
        Error::invalid_input(tr(
            format!("expected KEY=VALUE, got {assignment:?}"),
            format!("CLÉ=VALEUR attendu, pas {assignment:?}"),
        ))
    })?;
    let (key, value) = (key.trim(), value.trim());
    if let Some(field) = key.strip_prefix("admininfo.") {
        let field = ADMIN_FIELDS.iter().find(|f| **f == field).ok_or_else(|| {
            Error::invalid_input(tr(
                format!(
                    "unknown administrative field {field:?}; one of: {}",
                    ADMIN_FIELDS.join(", ")
                ),
                format!(
                    "champ administratif inconnu {field:?} ; parmi : {}",
                    ADMIN_FIELDS.join(", ")
                ),
            ))
        })?;
        let plain = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !plain {
            return Err(Error::invalid_input(tr(
                format!(
                    "{value:?} is not an OCS column name (accountinfo column such as TAG or fields_3, or ASSETTAG)"
                ),
                format!(
                    "{value:?} n'est pas un nom de colonne OCS (colonne d'accountinfo comme TAG ou fields_3, ou ASSETTAG)"
                ),
            )));
        }
        if *field == "use_date" && !value.is_empty() && value != "DEVICEID" {
            return Err(Error::invalid_input(tr(
                "use_date can only come from DEVICEID",
                "use_date ne peut venir que de DEVICEID",
            )));
        }
        return Ok(Setting::AdminInfo(field, value.to_owned()));
    }
    let (column, kind) = SETTINGS.iter().find(|(c, _)| *c == key).ok_or_else(|| {
        let names = SETTINGS
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ");
        Error::invalid_input(tr(
            format!("unknown setting {key:?}; settings are the GLPI column names: {names}"),
            format!(
                "réglage inconnu {key:?} ; les réglages sont les noms de colonnes de GLPI : {names}"
            ),
        ))
    })?;
    let int = |lo: i64, hi: i64| -> Result<serde_json::Value> {
        match value.parse::<i64>() {
            Ok(n) if (lo..=hi).contains(&n) => Ok(n.into()),
            _ => Err(Error::invalid_input(tr(
                format!("{key} must be an integer from {lo} to {hi}, not {value:?}"),
                format!("{key} doit être un entier de {lo} à {hi}, pas {value:?}"),
            ))),
        }
    };
    let value = match kind {
        Kind::Flag => int(0, 1)?,
        Kind::Range(lo, hi) => int(*lo, *hi)?,
        Kind::Text => {
            if *column == "name" && value.is_empty() {
                return Err(Error::invalid_input(tr(
                    "a server needs a name",
                    "un serveur doit avoir un nom",
                )));
            }
            value.into()
        }
        Kind::DeletedBehavior => {
            let state = value
                .strip_prefix("STATE_")
                .is_some_and(|id| id.parse::<u32>().is_ok_and(|id| id > 0));
            if value != "0" && value != "1" && !state {
                return Err(Error::invalid_input(tr(
                    format!(
                        "deleted_behavior is 0 (only unlink), 1 (put in the trash) or STATE_<status id>, not {value:?}"
                    ),
                    format!(
                        "deleted_behavior vaut 0 (délier seulement), 1 (mettre à la corbeille) ou STATE_<id du statut>, pas {value:?}"
                    ),
                )));
            }
            value.into()
        }
        Kind::DeconnectionBehavior => {
            if !matches!(value, "" | "trash" | "delete") {
                return Err(Error::invalid_input(tr(
                    format!(
                        "deconnection_behavior is empty (keep the link), trash or delete, not {value:?}"
                    ),
                    format!(
                        "deconnection_behavior est vide (garder le lien), trash ou delete, pas {value:?}"
                    ),
                )));
            }
            value.into()
        }
    };
    Ok(Setting::Column(column, value))
}

/// OCS `CHECKSUM` bits, as the OCS server sets them.
pub mod bit {
    pub const HARDWARE: u64 = 1 << 0;
    pub const BIOS: u64 = 1 << 1;
    pub const MEMORIES: u64 = 1 << 2;
    pub const SLOTS: u64 = 1 << 3;
    pub const REGISTRY: u64 = 1 << 4;
    pub const CONTROLLERS: u64 = 1 << 5;
    pub const MONITORS: u64 = 1 << 6;
    pub const PORTS: u64 = 1 << 7;
    pub const STORAGES: u64 = 1 << 8;
    pub const DRIVES: u64 = 1 << 9;
    pub const INPUTS: u64 = 1 << 10;
    pub const MODEMS: u64 = 1 << 11;
    pub const NETWORKS: u64 = 1 << 12;
    pub const PRINTERS: u64 = 1 << 13;
    pub const SOUNDS: u64 = 1 << 14;
    pub const VIDEOS: u64 = 1 << 15;
    pub const SOFTWARE: u64 = 1 << 16;
    pub const VIRTUALMACHINES: u64 = 1 << 17;
    pub const CPUS: u64 = 1 << 18;
}

/// The sections a server's options import, as an OCS checksum mask (GLPI
/// recomputes it at every save of the server).
/// The OCS tables parc writes as one section (modems, slots and ports are
/// all "other components"): when one of them is dirty, all of them within
/// `mask` are read again, since a section is written whole.
pub fn read_together(dirty: u64, mask: u64) -> u64 {
    let pci = bit::MODEMS | bit::SLOTS | bit::PORTS;
    if dirty & pci != 0 {
        dirty | (pci & mask)
    } else {
        dirty
    }
}

pub fn checksum_mask(value: impl Fn(&str) -> i64) -> u64 {
    let on = |column: &str| value(column) != 0;
    let mut mask = 0;
    let mut set = |condition: bool, bit: u64| {
        if condition {
            mask |= bit;
        }
    };
    set(
        [
            "import_general_name",
            "import_general_os",
            "import_general_domain",
            "import_general_contact",
            "import_general_comment",
            "import_general_uuid",
            "link_with_user",
        ]
        .iter()
        .any(|c| on(c)),
        bit::HARDWARE,
    );
    set(
        [
            "import_general_serial",
            "import_general_model",
            "import_general_manufacturer",
            "import_general_type",
            "import_device_bios",
            "import_device_motherboard",
        ]
        .iter()
        .any(|c| on(c)),
        bit::BIOS,
    );
    set(on("import_device_memory"), bit::MEMORIES);
    set(on("import_device_slot"), bit::SLOTS);
    set(on("import_registry"), bit::REGISTRY);
    set(on("import_device_controller"), bit::CONTROLLERS);
    set(on("import_monitor"), bit::MONITORS);
    set(on("import_device_port"), bit::PORTS);
    set(
        on("import_device_hdd") || on("import_device_drive"),
        bit::STORAGES,
    );
    set(on("import_disk"), bit::DRIVES);
    set(on("import_periph"), bit::INPUTS);
    set(on("import_device_modem"), bit::MODEMS);
    set(on("import_ip") || on("import_device_iface"), bit::NETWORKS);
    set(on("import_printer"), bit::PRINTERS);
    set(on("import_device_sound"), bit::SOUNDS);
    set(on("import_device_gfxcard"), bit::VIDEOS);
    set(on("import_software"), bit::SOFTWARE);
    set(on("import_vms"), bit::VIRTUALMACHINES);
    set(on("import_device_processor"), bit::CPUS);
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_validated_with_actionable_errors() {
        assert_eq!(
            parse("import_monitor=3").unwrap(),
            Setting::Column("import_monitor", 3.into())
        );
        let err = parse("import_monitor=5").unwrap_err();
        assert!(err.message().contains("from 0 to 4"), "{}", err.message());
        assert_eq!(
            parse("deleted_behavior=STATE_4").unwrap(),
            Setting::Column("deleted_behavior", "STATE_4".into())
        );
        assert!(parse("deleted_behavior=purge").is_err());
        assert!(parse("deconnection_behavior=trash").is_ok());
        assert!(parse("deconnection_behavior=drop").is_err());
        assert_eq!(
            parse("tag_limit=PARIS$LYON").unwrap(),
            Setting::Column("tag_limit", "PARIS$LYON".into())
        );
        assert_eq!(
            parse("admininfo.locations_id=TAG").unwrap(),
            Setting::AdminInfo("locations_id", "TAG".into())
        );
        assert!(parse("admininfo.locations_id=TAG; DROP TABLE x").is_err());
        assert!(parse("admininfo.use_date=TAG").is_err());
        let err = parse("ocs_db_passwd=x").unwrap_err();
        assert!(
            err.message().contains("unknown setting"),
            "{}",
            err.message()
        );
        assert!(parse("no_equals").is_err());
    }

    #[test]
    fn the_default_options_select_glpis_sections() {
        let defaults = |column: &str| -> i64 {
            match column {
                "import_periph"
                | "import_monitor"
                | "import_printer"
                | "import_software"
                | "import_monitor_comment" => 0,
                _ => 1,
            }
        };
        let mask = checksum_mask(defaults);
        assert_eq!(mask & bit::MONITORS, 0);
        assert_eq!(mask & bit::SOFTWARE, 0);
        assert_ne!(mask & bit::CPUS, 0);
        assert_ne!(mask & bit::NETWORKS, 0);
        assert_eq!(checksum_mask(|_| 1), (1 << 19) - 1);
        assert_eq!(checksum_mask(|_| 0), 0);
    }
}
