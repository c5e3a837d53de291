//! History of items (`glpi_logs`), as GLPI records it, and told in words:
//! GLPI stores codes (`linked_action` 20, `id_search_option` 5), a person
//! reads "Item created" or "Serial number: A → B". The words are made
//! here, once, for the CLI and the later API and web UI.

use serde::Serialize;

use super::search::{self, Source};
use super::sections::action;
use super::{AssetError, AssetStore};
use crate::store::assets::history::{self as sql, LogRow};

/// A history row with what happened, in words.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    /// The row, with GLPI's codes.
    #[serde(flatten)]
    pub log: LogRow,
    /// The label of the changed field (GLPI's search option label), for a
    /// field change.
    pub field: Option<String>,
    /// What happened: "Serial number changed", "Software installed", …
    pub event: String,
    /// What was there before, in words (a dropdown by its name).
    pub old: Option<String>,
    /// What is there now.
    pub new: Option<String>,
}

/// What a linked item type is called (`DeviceProcessor` → `processor`).
fn item_kind(itemtype: &str) -> String {
    match itemtype {
        "DeviceProcessor" => "processor",
        "DeviceMemory" => "memory",
        "DeviceHardDrive" => "hard drive",
        "DeviceNetworkCard" => "network card",
        "DeviceGraphicCard" => "graphics card",
        "DeviceSoundCard" => "sound card",
        "DeviceDrive" => "drive",
        "DeviceControl" => "controller",
        "DeviceMotherboard" => "system board",
        "DeviceFirmware" => "firmware",
        "DevicePci" => "PCI device",
        "Item_Disk" => "volume",
        "SoftwareVersion" => "software",
        "ComputerVirtualMachine" => "virtual machine",
        "Item_OperatingSystem" => "operating system",
        "Domain" => "domain",
        "NetworkPort" => "network port",
        "Monitor" => "monitor",
        "Peripheral" => "device",
        "Printer" => "printer",
        "" => "item",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A stored value, `None` when empty.
fn present(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

/// Words for one row; `name_of` names a dropdown id stored bare (a
/// location logged as `12`).
pub fn describe(log: &LogRow, name_of: impl Fn(&str, &str) -> Option<String>) -> HistoryEntry {
    let kind = item_kind(&log.itemtype_link);
    let mut old = present(&log.old_value);
    let mut new = present(&log.new_value);
    let mut field = None;
    let event = match log.linked_action {
        action::FIELD => {
            let known = search::field_of_option(log.id_search_option);
            let label = known.map_or_else(
                || format!("field {}", log.id_search_option),
                |f| f.label.to_owned(),
            );
            if let Some(f) = known
                && let Source::Dropdown { table, .. } = f.source
            {
                for value in [&mut old, &mut new] {
                    if let Some(v) = value.as_deref()
                        && v.parse::<u32>().is_ok_and(|id| id != 0)
                        && let Some(name) = name_of(table, v)
                    {
                        *value = Some(format!("{name} ({v})"));
                    }
                    if value.as_deref() == Some("0") {
                        *value = None;
                    }
                }
            }
            field = Some(label.clone());
            format!("{label} changed")
        }
        action::ADD_DEVICE => format!("Component added ({kind})"),
        action::UPDATE_DEVICE => format!("Component changed ({kind})"),
        action::DELETE_DEVICE => format!("Component removed ({kind})"),
        action::INSTALL_SOFTWARE => "Software installed".to_owned(),
        action::UNINSTALL_SOFTWARE => "Software uninstalled".to_owned(),
        action::DISCONNECT_DEVICE => format!("Disconnected ({kind})"),
        action::CONNECT_DEVICE => format!("Connected ({kind})"),
        action::LOG_SIMPLE_MESSAGE => "Message".to_owned(),
        action::DELETE_ITEM => "Put in trashbin".to_owned(),
        action::RESTORE_ITEM => "Restored from trashbin".to_owned(),
        action::ADD_SUBITEM => format!("Added ({kind})"),
        action::UPDATE_SUBITEM => format!("Changed ({kind})"),
        action::DELETE_SUBITEM => format!("Removed ({kind})"),
        action::CREATE_ITEM => "Item created".to_owned(),
        action::LOCK_ITEM => format!("Locked ({kind})"),
        action::UNLOCK_ITEM => format!("Unlocked ({kind})"),
        other => format!("Action {other} ({kind})"),
    };
    HistoryEntry {
        log: log.clone(),
        field,
        event,
        old,
        new,
    }
}

impl AssetStore {
    /// History of a computer, oldest first.
    pub async fn history(&self, id: u32) -> Result<Vec<LogRow>, AssetError> {
        Ok(sql::list(self.db(), "Computer", id).await?)
    }

    /// History of a computer in words, oldest first.
    pub async fn history_entries(&self, id: u32) -> Result<Vec<HistoryEntry>, AssetError> {
        let rows = self.history(id).await?;
        // Dropdown ids logged bare, named with one query per table.
        let mut wanted: Vec<(&'static str, &'static str, u32)> = Vec::new();
        for row in rows.iter().filter(|r| r.linked_action == action::FIELD) {
            if let Some(Source::Dropdown { table, display, .. }) =
                search::field_of_option(row.id_search_option).map(|f| f.source)
            {
                for value in [&row.old_value, &row.new_value].into_iter().flatten() {
                    if let Ok(id) = value.parse::<u32>()
                        && id != 0
                    {
                        wanted.push((table, display, id));
                    }
                }
            }
        }
        let names = sql::names(self.db(), &wanted).await?;
        Ok(rows
            .iter()
            .map(|row| {
                describe(row, |table, id| {
                    names
                        .iter()
                        .find(|(t, i, _)| *t == table && i.to_string() == id)
                        .map(|(_, _, name)| name.clone())
                })
            })
            .collect())
    }

    /// Number of history rows in the database.
    pub async fn history_count(&self) -> Result<i64, AssetError> {
        Ok(sql::count(self.db()).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(action: i32, option: i32, link: &str, old: &str, new: &str) -> LogRow {
        LogRow {
            id: 1,
            itemtype: "Computer".to_owned(),
            items_id: 1,
            itemtype_link: link.to_owned(),
            linked_action: action,
            user_name: None,
            date_mod: None,
            id_search_option: option,
            old_value: Some(old.to_owned()),
            new_value: Some(new.to_owned()),
        }
    }

    #[test]
    fn codes_become_words() {
        let e = describe(&log(0, 5, "", "A", "B"), |_, _| None);
        assert_eq!(e.field.as_deref(), Some("Serial number"));
        assert_eq!(e.event, "Serial number changed");
        assert_eq!((e.old.as_deref(), e.new.as_deref()), (Some("A"), Some("B")));
        let e = describe(&log(0, 3, "", "0", "7"), |table, id| {
            (table == "glpi_locations" && id == "7").then(|| "HQ > Floor 2".to_owned())
        });
        assert_eq!((e.old, e.new.as_deref()), (None, Some("HQ > Floor 2 (7)")));
        assert_eq!(
            describe(&log(4, 0, "SoftwareVersion", "", "Firefox 115"), |_, _| {
                None
            })
            .event,
            "Software installed"
        );
        assert_eq!(
            describe(&log(1, 0, "DeviceProcessor", "", "i5"), |_, _| None).event,
            "Component added (processor)"
        );
        assert_eq!(
            describe(&log(13, 0, "", "", ""), |_, _| None).event,
            "Put in trashbin"
        );
        assert_eq!(
            describe(&log(20, 0, "", "", ""), |_, _| None).event,
            "Item created"
        );
    }
}
