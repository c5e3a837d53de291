//! SQL of the trash: flagging, and the physical purge of computers with
//! every dependent row.

use crate::assets::sections;
use crate::store::rows::{Val, delete_in, placeholders};
use crate::store::{Db, StoreError, Tx, on_db};

use super::catalog::{execute, select_rows};

/// Ids of computers among `ids` with `is_deleted` = `deleted`.
pub async fn filter(tx: &mut Tx, ids: &[u32], deleted: bool) -> Result<Vec<u32>, StoreError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(1000) {
        let sql = format!(
            "SELECT id FROM glpi_computers WHERE is_deleted = ? AND id IN ({})",
            placeholders(chunk.len())
        );
        let mut params = vec![Val::Int(i64::from(deleted))];
        params.extend(chunk.iter().map(|id| Val::from(*id)));
        found.extend(
            select_rows(tx, &sql, &params)
                .await?
                .into_iter()
                .map(|(id, _)| id),
        );
    }
    Ok(found)
}

/// Sets `is_dynamic` on computers.
pub async fn set_dynamic(tx: &mut Tx, ids: &[u32]) -> Result<(), StoreError> {
    for chunk in ids.chunks(1000) {
        let params: Vec<Val> = chunk.iter().map(|id| Val::from(*id)).collect();
        execute(
            tx,
            &format!(
                "UPDATE glpi_computers SET is_dynamic = 1 WHERE id IN ({})",
                placeholders(chunk.len())
            ),
            &params,
        )
        .await?;
    }
    Ok(())
}

/// Ids of every computer in the trash.
pub async fn all_deleted(db: &Db) -> Result<Vec<u32>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM glpi_computers WHERE is_deleted = 1 ORDER BY id",
    )
    .fetch_all(pool)
    .await?))
}

/// Sets `is_deleted` of computers (and the denormalised flag on their
/// software installations).
pub async fn set_deleted(tx: &mut Tx, ids: &[u32], deleted: bool) -> Result<(), StoreError> {
    for chunk in ids.chunks(1000) {
        let list = placeholders(chunk.len());
        let mut params = vec![Val::Int(i64::from(deleted))];
        params.extend(chunk.iter().map(|id| Val::from(*id)));
        execute(
            tx,
            &format!("UPDATE glpi_computers SET is_deleted = ? WHERE id IN ({list})"),
            &params,
        )
        .await?;
        execute(
            tx,
            &format!(
                "UPDATE glpi_items_softwareversions SET is_deleted_item = ? \
                 WHERE itemtype = 'Computer' AND items_id IN ({list})"
            ),
            &params,
        )
        .await?;
    }
    Ok(())
}

/// The name of a status, when it exists.
pub async fn state_name(tx: &mut Tx, states_id: u32) -> Result<Option<String>, StoreError> {
    let rows = select_rows(
        tx,
        "SELECT id, name FROM glpi_states WHERE id = ?",
        &[Val::from(states_id)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .next()
        .map(|(_, v)| v[0].as_text().unwrap_or_default().to_owned()))
}

/// Status of computers among `ids`: id → (states_id, "name (id)" or none).
pub async fn states(
    tx: &mut Tx,
    ids: &[u32],
) -> Result<std::collections::HashMap<u32, (u32, Option<String>)>, StoreError> {
    let mut found = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let sql = format!(
            "SELECT c.id, c.states_id, s.name FROM glpi_computers c \
             LEFT JOIN glpi_states s ON s.id = c.states_id WHERE c.id IN ({})",
            placeholders(chunk.len())
        );
        let params: Vec<Val> = chunk.iter().map(|id| Val::from(*id)).collect();
        for (id, values) in select_rows(tx, &sql, &params).await? {
            let state = values[0].as_int() as u32;
            let label = values[1]
                .as_text()
                .filter(|_| state > 0)
                .map(|name| format!("{name} ({state})"));
            found.insert(id, (state, label));
        }
    }
    Ok(found)
}

/// Sets `states_id` of computers.
pub async fn set_state(tx: &mut Tx, ids: &[u32], states_id: u32) -> Result<(), StoreError> {
    for chunk in ids.chunks(1000) {
        let mut params = vec![Val::from(states_id)];
        params.extend(chunk.iter().map(|id| Val::from(*id)));
        execute(
            tx,
            &format!(
                "UPDATE glpi_computers SET states_id = ? WHERE id IN ({})",
                placeholders(chunk.len())
            ),
            &params,
        )
        .await?;
    }
    Ok(())
}

/// Deletes computers and every row that depends on them; `cascades` are
/// plugins' (table, column) pairs holding computer ids.
pub async fn purge(
    tx: &mut Tx,
    ids: &[u32],
    cascades: &[(String, String)],
) -> Result<u64, StoreError> {
    let computer = " AND itemtype = 'Computer'";
    for section in sections::ALL {
        match section.owner {
            sections::Owner::Item => {
                delete_in(tx, section.table, "items_id", ids, computer).await?
            }
            sections::Owner::Computer => {
                delete_in(tx, section.table, "computers_id", ids, "").await?
            }
        };
    }
    for chunk in ids.chunks(1000) {
        let list = placeholders(chunk.len());
        let params: Vec<Val> = chunk.iter().map(|id| Val::from(*id)).collect();
        let ports = format!(
            "SELECT id FROM glpi_networkports WHERE itemtype = 'Computer' AND items_id IN ({list})"
        );
        execute(
            tx,
            &format!("DELETE FROM glpi_ipaddresses WHERE mainitemtype = 'Computer' AND mainitems_id IN ({list})"),
            &params,
        )
        .await?;
        execute(
            tx,
            &format!("DELETE FROM glpi_networknames WHERE itemtype = 'NetworkPort' AND items_id IN ({ports})"),
            &params,
        )
        .await?;
        execute(
            tx,
            &format!("DELETE FROM glpi_networkportethernets WHERE networkports_id IN ({ports})"),
            &params,
        )
        .await?;
    }
    delete_in(tx, "glpi_networkports", "items_id", ids, computer).await?;
    delete_in(tx, "glpi_computers_items", "computers_id", ids, "").await?;
    delete_in(tx, "glpi_domains_items", "items_id", ids, computer).await?;
    delete_in(tx, "glpi_lockedfields", "items_id", ids, computer).await?;
    for (table, column) in cascades {
        delete_in(tx, table, column, ids, "").await?;
    }
    delete_in(tx, "glpi_computers", "id", ids, "").await
}

/// Computers in the trash since before `cutoff` (the date of their last
/// move to the trash in history, else their last change).
pub async fn trashed_before(
    db: &Db,
    cutoff: chrono::NaiveDateTime,
) -> Result<Vec<u32>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_scalar(
        "SELECT c.id FROM glpi_computers c WHERE c.is_deleted = 1 AND COALESCE( \
         (SELECT MAX(l.date_mod) FROM glpi_logs l WHERE l.itemtype = 'Computer' \
          AND l.items_id = c.id AND l.linked_action = 13), c.date_mod) < ? ORDER BY c.id",
    )
    .bind(cutoff)
    .fetch_all(pool)
    .await?))
}
