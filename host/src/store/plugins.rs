//! SQL of the plugin table (`glpi_plugins`) and parc's plugin bookkeeping.

use super::datetime::Timestamp;
use serde::Serialize;

use super::{Db, StoreError, Tx, now, on_db, on_tx};

/// A `glpi_plugins` row with parc's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PluginRecord {
    /// Row id.
    pub id: u32,
    /// Plugin key (the directory name).
    pub directory: String,
    /// Name.
    pub name: String,
    /// Version last seen on disk.
    pub version: String,
    /// Stored GLPI state.
    pub state: i32,
    /// Authors.
    pub author: Option<String>,
    /// Homepage.
    pub homepage: Option<String>,
    /// License.
    pub license: Option<String>,
    /// Version whose install ran, when installed.
    pub installed_version: Option<String>,
    /// Why the plugin is in its state.
    pub reason: Option<String>,
}

/// Descriptive columns of a plugin row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginInfo<'a> {
    /// Key.
    pub directory: &'a str,
    /// Name.
    pub name: &'a str,
    /// Version.
    pub version: &'a str,
    /// Authors.
    pub author: &'a str,
    /// Homepage.
    pub homepage: &'a str,
    /// License.
    pub license: &'a str,
}

/// A row of the state change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StateChange {
    /// Row id.
    pub id: u32,
    /// Plugin key.
    pub directory: String,
    /// State before (NULL when the row was created).
    pub old_state: Option<i32>,
    /// State after.
    pub new_state: i32,
    /// Why.
    pub reason: String,
    /// When.
    pub date: Timestamp,
}

const SELECT: &str = "SELECT p.id, p.directory, p.name, p.version, p.state, p.author, \
     p.homepage, p.license, s.installed_version, s.reason \
     FROM glpi_plugins p LEFT JOIN parc_plugin_status s ON s.directory = p.directory";

/// Every plugin row, by key.
pub async fn list(db: &Db) -> Result<Vec<PluginRecord>, StoreError> {
    let sql = format!("{SELECT} ORDER BY p.directory");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
}

/// One plugin row.
pub async fn get(db: &Db, key: &str) -> Result<Option<PluginRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE p.directory = ?");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).bind(key).fetch_optional(pool).await?))
}

/// Inserts a newly discovered plugin.
pub async fn insert(
    db: &Db,
    info: &PluginInfo<'_>,
    state: i32,
    reason: &str,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, c => {
        sqlx::query(
            "INSERT INTO glpi_plugins (directory, name, version, state, author, homepage, license) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(info.directory)
        .bind(info.name)
        .bind(info.version)
        .bind(state)
        .bind(info.author)
        .bind(info.homepage)
        .bind(info.license)
        .execute(&mut **c)
        .await?;
        sqlx::query("DELETE FROM parc_plugin_status WHERE directory = ?")
            .bind(info.directory)
            .execute(&mut **c)
            .await?;
        sqlx::query(
            "INSERT INTO parc_plugin_status (directory, installed_version, reason, date_mod) \
             VALUES (?, NULL, ?, ?)",
        )
        .bind(info.directory)
        .bind(reason)
        .bind(now())
        .execute(&mut **c)
        .await?;
    });
    log_change(&mut tx, info.directory, None, state, reason).await?;
    tx.commit().await
}

/// Refreshes the descriptive columns (a new version appeared on disk).
pub async fn update_info(db: &Db, info: &PluginInfo<'_>) -> Result<(), StoreError> {
    on_db!(db, pool => { sqlx::query(
        "UPDATE glpi_plugins SET name = ?, version = ?, author = ?, homepage = ?, license = ? \
         WHERE directory = ?",
    )
    .bind(info.name)
    .bind(info.version)
    .bind(info.author)
    .bind(info.homepage)
    .bind(info.license)
    .bind(info.directory)
    .execute(pool)
    .await?; });
    Ok(())
}

/// Changes the state and records why, in one transaction. `installed`
/// updates the installed version when given (`Some(None)` clears it).
pub async fn set_state(
    db: &Db,
    key: &str,
    state: i32,
    reason: &str,
    installed: Option<Option<&str>>,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let old: Option<i32> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT state FROM glpi_plugins WHERE directory = ?",
    )
    .bind(key)
    .fetch_optional(&mut **c)
    .await?);
    let Some(old) = old else {
        return Err(StoreError::NotFound(format!("plugin {key}")));
    };
    on_tx!(&mut tx, c => {
        sqlx::query("UPDATE glpi_plugins SET state = ? WHERE directory = ?")
            .bind(state)
            .bind(key)
            .execute(&mut **c)
            .await?;
        sqlx::query("UPDATE parc_plugin_status SET reason = ?, date_mod = ? WHERE directory = ?")
            .bind(reason)
            .bind(now())
            .bind(key)
            .execute(&mut **c)
            .await?;
        if let Some(version) = installed {
            sqlx::query("UPDATE parc_plugin_status SET installed_version = ? WHERE directory = ?")
                .bind(version)
                .bind(key)
                .execute(&mut **c)
                .await?;
        }
    });
    log_change(&mut tx, key, Some(old), state, reason).await?;
    tx.commit().await
}

async fn log_change(
    tx: &mut Tx,
    key: &str,
    old: Option<i32>,
    new: i32,
    reason: &str,
) -> Result<(), StoreError> {
    on_tx!(tx, c => { sqlx::query(
        "INSERT INTO parc_plugin_state_log (directory, old_state, new_state, reason, date) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(key)
    .bind(old)
    .bind(new)
    .bind(reason)
    .bind(now())
    .execute(&mut **c)
    .await?; });
    Ok(())
}

/// The state change history of a plugin, oldest first.
pub async fn history(db: &Db, key: &str) -> Result<Vec<StateChange>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, directory, old_state, new_state, reason, date FROM parc_plugin_state_log \
         WHERE directory = ? ORDER BY id",
    )
    .bind(key)
    .fetch_all(pool)
    .await?))
}

/// Deletes the plugin row and everything it registered (clean). The record
/// of its applied migrations stays with its tables, so that installing it
/// again runs only the migrations its tables still lack.
pub async fn delete(db: &Db, key: &str) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    super::registrations::delete_all_in(&mut tx, key).await?;
    on_tx!(&mut tx, c => {
        for sql in [
            "DELETE FROM parc_plugin_status WHERE directory = ?",
            "DELETE FROM glpi_plugins WHERE directory = ?",
        ] {
            sqlx::query(sql).bind(key).execute(&mut **c).await?;
        }
    });
    log_change(&mut tx, key, None, -1, "cleaned: row deleted").await?;
    tx.commit().await
}

/// The tables whose name starts with `prefix` (a plugin's own tables,
/// `glpi_plugin_KEY_`), sorted.
pub async fn tables_with_prefix(db: &Db, prefix: &str) -> Result<Vec<String>, StoreError> {
    let pattern = format!("{}%", prefix.replace('_', "\\_"));
    let mut tables: Vec<String> =
        match db {
            Db::Sqlite(pool) => sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'",
            )
            .bind(&pattern)
            .fetch_all(pool)
            .await?,
            Db::MySql(pool) => {
                sqlx::query_scalar(
                    "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ?",
                )
                .bind(&pattern)
                .fetch_all(pool)
                .await?
            }
        };
    tables.sort();
    Ok(tables)
}
