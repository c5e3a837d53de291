//! SQL of field locks (`glpi_lockedfields`).

use serde::Serialize;

use crate::store::datetime::Timestamp;
use crate::store::{Db, StoreError, Tx, now, on_db, on_tx};

/// A `glpi_lockedfields` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LockRow {
    /// Id.
    pub id: u32,
    /// Item type.
    pub itemtype: Option<String>,
    /// Item id.
    pub items_id: u32,
    /// Locked column.
    pub field: String,
    /// Value the inventory last reported for it.
    pub value: Option<String>,
    /// Creation.
    pub date_creation: Option<Timestamp>,
}

/// Locks of an item (or of every item when `id` is `None`).
pub async fn list(db: &Db, itemtype: &str, id: Option<u32>) -> Result<Vec<LockRow>, StoreError> {
    let filter = if id.is_some() {
        " AND items_id = ?"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, itemtype, items_id, field, value, date_creation FROM glpi_lockedfields \
         WHERE itemtype = ?{filter} ORDER BY items_id, field"
    );
    Ok(on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql).bind(itemtype);
        if let Some(id) = id {
            query = query.bind(id);
        }
        query.fetch_all(pool).await?
    }))
}

/// Locks `field` of an item (no-op if already locked).
pub async fn lock(tx: &mut Tx, itemtype: &str, id: u32, field: &str) -> Result<bool, StoreError> {
    let exists: Option<u32> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT id FROM glpi_lockedfields WHERE itemtype = ? AND items_id = ? AND field = ?",
    )
    .bind(itemtype)
    .bind(id)
    .bind(field)
    .fetch_optional(&mut **c)
    .await?);
    if exists.is_some() {
        return Ok(false);
    }
    on_tx!(tx, c => {
        sqlx::query(
            "INSERT INTO glpi_lockedfields (itemtype, items_id, field, is_global, date_creation, date_mod) \
             VALUES (?, ?, ?, 0, ?, ?)",
        )
        .bind(itemtype)
        .bind(id)
        .bind(field)
        .bind(now())
        .bind(now())
        .execute(&mut **c)
        .await?;
    });
    Ok(true)
}

/// Releases locks of an item (all of them when `fields` is empty).
pub async fn release(
    db: &Db,
    itemtype: &str,
    id: u32,
    fields: &[String],
) -> Result<u64, StoreError> {
    let mut released = 0;
    if fields.is_empty() {
        released += on_db!(db, pool => sqlx::query(
            "DELETE FROM glpi_lockedfields WHERE itemtype = ? AND items_id = ?",
        )
        .bind(itemtype)
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
    }
    for field in fields {
        released += on_db!(db, pool => sqlx::query(
            "DELETE FROM glpi_lockedfields WHERE itemtype = ? AND items_id = ? AND field = ?",
        )
        .bind(itemtype)
        .bind(id)
        .bind(field)
        .execute(pool)
        .await?
        .rows_affected());
    }
    Ok(released)
}
