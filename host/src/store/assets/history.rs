//! SQL of history (`glpi_logs`).

use serde::Serialize;

use crate::store::datetime::Timestamp;
use crate::store::{Db, StoreError, on_db};

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

/// Number of history rows (all items).
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(
        on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM glpi_logs").fetch_one(pool).await?),
    )
}
