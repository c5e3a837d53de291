//! The trash: delete moves computers to it (`is_deleted = 1`), restore
//! takes them back, purge deletes them physically with every dependent row
//! (components, software installations, volumes, ports and addresses,
//! connections, locks, and the link rows plugins declared).
//!
//! A purge of any size completes in one call, in transactions of a
//! thousand computers, reporting progress (GLPI stops past a few hundred
//! items, #14863). Purging a computer that is not in the trash is refused
//! unless forced, like GLPI's `ERROR_NOT_DELETED`.

use std::collections::HashSet;

use super::inventory::LOG_COLUMNS;
use super::sections::action;
use super::{AssetError, AssetStore};
use crate::store::assets::trash as sql;
use crate::store::datetime::Timestamp;
use crate::store::registrations;
use crate::store::rows::{Val, insert_many};
use crate::store::{Tx, now};

/// Computers purged per transaction.
const PURGE_CHUNK: usize = 1000;

impl AssetStore {
    /// Moves computers to the trash; returns those that were not there.
    pub async fn delete_computers(&self, ids: &[u32], user: &str) -> Result<Vec<u32>, AssetError> {
        self.flag(ids, true, user).await
    }

    /// Takes computers out of the trash; returns those that were in it.
    pub async fn restore_computers(&self, ids: &[u32], user: &str) -> Result<Vec<u32>, AssetError> {
        self.flag(ids, false, user).await
    }

    async fn flag(&self, ids: &[u32], deleted: bool, user: &str) -> Result<Vec<u32>, AssetError> {
        let mut tx = self.db().begin().await?;
        let known = flag_in(&mut tx, ids, deleted, user).await?;
        tx.commit().await?;
        Ok(known)
    }

    /// Ids of every computer in the trash.
    pub async fn trashed_computers(&self) -> Result<Vec<u32>, AssetError> {
        Ok(sql::all_deleted(self.db()).await?)
    }

    /// Purges computers. Without `force`, every one must be in the trash
    /// (else nothing is purged). `progress(done, total)` follows chunks.
    pub async fn purge_computers(
        &self,
        ids: &[u32],
        force: bool,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<usize, AssetError> {
        let ids = self.check_purge(ids, force).await?;
        let cascades = self.purge_cascades("Computer").await?;
        let total = ids.len();
        progress(0, total);
        let mut done = 0;
        for chunk in ids.chunks(PURGE_CHUNK) {
            let mut tx = self.db().begin().await?;
            sql::purge(&mut tx, chunk, &cascades).await?;
            tx.commit().await?;
            done += chunk.len();
            progress(done, total);
        }
        Ok(done)
    }

    /// Checks that computers can be purged (they exist and, without
    /// `force`, are in the trash); returns them sorted, without duplicates.
    pub async fn check_purge(&self, ids: &[u32], force: bool) -> Result<Vec<u32>, AssetError> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut tx = self.db().begin().await?;
        let deleted = sql::filter(&mut tx, &ids, true).await?;
        let present = sql::filter(&mut tx, &ids, false).await?;
        let seen: HashSet<u32> = deleted.iter().chain(&present).copied().collect();
        if let Some(missing) = ids.iter().find(|id| !seen.contains(id)) {
            return Err(AssetError::NotFound {
                what: "computer",
                id: *missing,
            });
        }
        if !force && let Some(first) = present.first() {
            return Err(AssetError::NotDeleted {
                what: "computer",
                id: *first,
            });
        }
        Ok(ids)
    }

    /// `(table, column)` pairs plugins registered for purges of `itemtype`.
    async fn purge_cascades(&self, itemtype: &str) -> Result<Vec<(String, String)>, AssetError> {
        let rows = registrations::list_kind(self.db(), "purge_cascade").await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                serde_json::from_str::<parc_plugin_api::messages::PurgeCascade>(&r.spec).ok()
            })
            .filter(|c| c.itemtype.eq_ignore_ascii_case(itemtype))
            .map(|c| (c.table, c.column))
            .collect())
    }
}

/// Moves computers to the trash (or out of it) inside `tx`, with their
/// history rows; returns those whose flag changed. Unknown ids are an
/// error.
pub async fn flag_in(
    tx: &mut Tx,
    ids: &[u32],
    deleted: bool,
    user: &str,
) -> Result<Vec<u32>, AssetError> {
    let known = sql::filter(tx, ids, !deleted).await?;
    let already = sql::filter(tx, ids, deleted).await?;
    let seen: HashSet<u32> = known.iter().chain(&already).copied().collect();
    if let Some(missing) = ids.iter().find(|id| !seen.contains(id)) {
        return Err(AssetError::NotFound {
            what: "computer",
            id: *missing,
        });
    }
    sql::set_deleted(tx, &known, deleted).await?;
    let linked_action = if deleted {
        action::DELETE_ITEM
    } else {
        action::RESTORE_ITEM
    };
    log_computers(tx, &known, linked_action, 0, user, |_| {
        (String::new(), String::new())
    })
    .await?;
    Ok(known)
}

/// Marks computers dynamic (kept up to date by an inventory source) inside
/// `tx`, with `note` as a history message on each; returns them. Unknown
/// ids are an error.
pub async fn mark_dynamic_in(
    tx: &mut Tx,
    ids: &[u32],
    note: &str,
    user: &str,
) -> Result<Vec<u32>, AssetError> {
    let mut known = sql::filter(tx, ids, false).await?;
    known.extend(sql::filter(tx, ids, true).await?);
    if let Some(missing) = ids.iter().find(|id| !known.contains(id)) {
        return Err(AssetError::NotFound {
            what: "computer",
            id: *missing,
        });
    }
    sql::set_dynamic(tx, &known).await?;
    log_computers(tx, &known, action::LOG_SIMPLE_MESSAGE, 0, user, |_| {
        (String::new(), note.to_owned())
    })
    .await?;
    Ok(known)
}

/// Sets the status of computers inside `tx`, with a history row per
/// computer whose status changed (search option 31, GLPI's "Status");
/// returns those. Unknown computers or status are an error.
pub async fn set_state_in(
    tx: &mut Tx,
    ids: &[u32],
    states_id: u32,
    user: &str,
) -> Result<Vec<u32>, AssetError> {
    let state_name = sql::state_name(tx, states_id)
        .await?
        .ok_or(AssetError::NotFound {
            what: "status",
            id: states_id,
        })?;
    let current = sql::states(tx, ids).await?;
    if let Some(missing) = ids.iter().find(|id| !current.contains_key(id)) {
        return Err(AssetError::NotFound {
            what: "computer",
            id: *missing,
        });
    }
    let mut changed: Vec<u32> = current
        .iter()
        .filter(|(_, (state, _))| *state != states_id)
        .map(|(id, _)| *id)
        .collect();
    changed.sort_unstable();
    sql::set_state(tx, &changed, states_id).await?;
    let new = format!("{state_name} ({states_id})");
    log_computers(tx, &changed, action::FIELD, 31, user, |id| {
        (current[&id].1.clone().unwrap_or_default(), new.clone())
    })
    .await?;
    Ok(changed)
}

/// Writes one history row per computer of a trash or status change.
async fn log_computers(
    tx: &mut Tx,
    ids: &[u32],
    linked_action: i32,
    search_option: i64,
    user: &str,
    values: impl Fn(u32) -> (String, String),
) -> Result<(), AssetError> {
    let stamp = Val::Text(Timestamp(now()).to_glpi());
    let logs: Vec<Vec<Val>> = ids
        .iter()
        .map(|id| {
            let (old, new) = values(*id);
            vec![
                Val::Static("Computer"),
                Val::from(*id),
                Val::from(""),
                Val::Int(i64::from(linked_action)),
                Val::from(user),
                stamp.clone(),
                Val::Int(search_option),
                Val::from(old.as_str()),
                Val::from(new.as_str()),
            ]
        })
        .collect();
    insert_many(tx, "glpi_logs", LOG_COLUMNS, &logs).await?;
    Ok(())
}
