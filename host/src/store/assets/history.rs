//! SQL of history (`glpi_logs`).

use serde::Serialize;

use crate::store::datetime::Timestamp;
use serde_json::Value;

use crate::store::rows::placeholders;
use crate::store::{Db, StoreError, on_db, plugin_sql};

/// A `glpi_logs` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LogRow {
    /// Id.
    pub id: u32,
    /// Item type.
    pub itemtype: String,
    /// Item id.
    pub items_id: u32,
    /// Type of the linked item (components, software, …).
    pub itemtype_link: String,
    /// GLPI `HISTORY_*` action (0: a field changed).
    pub linked_action: i32,
    /// Who.
    pub user_name: Option<String>,
    /// When.
    pub date_mod: Option<Timestamp>,
    /// Search option of the changed field.
    pub id_search_option: i32,
    /// Before.
    pub old_value: Option<String>,
    /// After.
    pub new_value: Option<String>,
}

/// History of an item, oldest first.
pub async fn list(db: &Db, itemtype: &str, id: u32) -> Result<Vec<LogRow>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, itemtype, items_id, itemtype_link, linked_action, user_name, date_mod, \
         id_search_option, old_value, new_value FROM glpi_logs \
         WHERE itemtype = ? AND items_id = ? ORDER BY id",
    )
    .bind(itemtype)
    .bind(id)
    .fetch_all(pool)
    .await?))
}

/// The display names of dropdown rows: `(table, display column, id)` in,
/// `(table, id, name)` out for those that exist; one query per table.
pub async fn names(
    db: &Db,
    wanted: &[(&'static str, &'static str, u32)],
) -> Result<Vec<(&'static str, u32, String)>, StoreError> {
    let mut out = Vec::new();
    let mut tables: Vec<(&str, &str)> = wanted.iter().map(|(t, d, _)| (*t, *d)).collect();
    tables.sort_unstable();
    tables.dedup();
    for (table, display) in tables {
        let ids: Vec<Value> = wanted
            .iter()
            .filter(|(t, _, _)| *t == table)
            .map(|(_, _, id)| Value::from(*id))
            .collect();
        let sql = format!(
            "SELECT id, {display} FROM {table} WHERE id IN ({})",
            placeholders(ids.len())
        );
        for row in plugin_sql::query(db, &sql, &ids).await?.rows {
            if let (Some(id), Some(name)) = (row[0].as_u64(), row[1].as_str()) {
                out.push((table, id as u32, name.to_owned()));
            }
        }
    }
    Ok(out)
}

/// Number of history rows (all items).
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(
        on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM glpi_logs").fetch_one(pool).await?),
    )
}
