//! The menu registry: entries plugins register at activation, by GLPI
//! sector (`assets`, `tools`, `admin`, …).
//!
//! Rebuilt from the database on every read, so an entry appears the moment
//! its plugin is activated and vanishes when it is deactivated (GLPI keeps
//! the menu in the session and needs a new login).

use parc_plugin_api::messages::{MENU_SECTORS, MenuEntry};
use serde::Serialize;

use crate::plugins::discovery::files_present;
use crate::store::{self, Db, StoreError};

/// One menu entry as shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuItem {
    /// GLPI sector.
    pub sector: String,
    /// Owner plugin key.
    pub plugin: String,
    /// Label.
    pub label: String,
    /// URL path of the page.
    pub path: String,
}

/// Every entry of active plugins whose files are present, ordered by
/// GLPI's sector order, then plugin, then registration order.
pub async fn list(db: &Db, plugins_dir: &std::path::Path) -> Result<Vec<MenuItem>, StoreError> {
    let rows = store::registrations::list_active(db, "menu").await?;
    let mut items: Vec<MenuItem> = rows
        .into_iter()
        .filter(|r| files_present(plugins_dir, &r.plugin))
        .filter_map(|r| {
            let entry: MenuEntry = serde_json::from_str(&r.spec).ok()?;
            Some(MenuItem {
                path: format!(
                    "/plugins/{}/{}",
                    r.plugin,
                    entry.page.trim_start_matches('/')
                ),
                sector: entry.sector,
                plugin: r.plugin,
                label: entry.label,
            })
        })
        .collect();
    let rank = |sector: &str| {
        MENU_SECTORS
            .iter()
            .position(|s| *s == sector)
            .unwrap_or(usize::MAX)
    };
    items.sort_by_key(|i| rank(&i.sector));
    Ok(items)
}
