//! SQL of automatic actions (`glpi_crontasks`, `glpi_crontasklogs`).

use super::datetime::Timestamp;
use parc_plugin_api::messages::TaskSpec;
use serde::Serialize;

use super::{Db, StoreError, Tx, now, on_db, on_tx};

/// A `glpi_crontasks` row plus its owner plugin.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CronTask {
    /// Row id.
    pub id: u32,
    /// Owning class (GLPI), `Plugin<Key>` for plugin tasks.
    pub itemtype: String,
    /// Unique task name.
    pub name: String,
    /// Seconds between runs.
    pub frequency: i64,
    /// Task parameter.
    pub param: Option<i64>,
    /// 0 disabled, 1 scheduled, 2 running.
    pub state: i32,
    /// 1 internal, 2 external.
    pub mode: i32,
    /// Allowed modes (bit mask).
    pub allowmode: i32,
    /// Start hour.
    pub hourmin: i32,
    /// End hour.
    pub hourmax: i32,
    /// Days of logs kept.
    pub logs_lifetime: i32,
    /// Start of the last run.
    pub lastrun: Option<Timestamp>,
    /// Return code of the last run.
    pub lastcode: Option<i32>,
    /// Description.
    pub comment: Option<String>,
    /// Last change.
    pub date_mod: Option<Timestamp>,
    /// Creation.
    pub date_creation: Option<Timestamp>,
    /// Owner plugin key, `None` for core tasks.
    pub plugin: Option<String>,
}

/// Every task, core first, then by name.
pub async fn list(db: &Db) -> Result<Vec<CronTask>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, itemtype, name, frequency, param, state, mode, allowmode, hourmin, hourmax, \
         logs_lifetime, lastrun, lastcode, comment, date_mod, date_creation, plugin \
         FROM glpi_crontasks ORDER BY plugin IS NOT NULL, plugin, name",
    )
    .fetch_all(pool)
    .await?))
}

/// Inserts the tasks a plugin registers, leaves existing ones as the
/// administrator set them (GLPI's `CronTask::register` never updates), and
/// removes the plugin's tasks it no longer registers.
pub(super) async fn register_tasks(
    tx: &mut Tx,
    key: &str,
    itemtype: &str,
    tasks: &[TaskSpec],
) -> Result<(), StoreError> {
    for task in tasks {
        let owner: Option<Option<String>> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT plugin FROM glpi_crontasks WHERE name = ?",
        )
        .bind(&task.name)
        .fetch_optional(&mut **c)
        .await?);
        match owner {
            Some(Some(owner)) if owner.eq_ignore_ascii_case(key) => {
                on_tx!(tx, c => { sqlx::query(
                    "UPDATE glpi_crontasks SET comment = ?, itemtype = ?, date_mod = ? WHERE name = ?",
                )
                .bind(&task.description)
                .bind(itemtype)
                .bind(now())
                .bind(&task.name)
                .execute(&mut **c)
                .await?; });
            }
            Some(owner) => {
                return Err(StoreError::Conflict(format!(
                    "automatic action {:?} already belongs to {}",
                    task.name,
                    owner.map_or_else(|| "the core".to_owned(), |o| format!("plugin {o}"))
                )));
            }
            None => {
                on_tx!(tx, c => { sqlx::query(
                    "INSERT INTO glpi_crontasks (itemtype, name, frequency, param, state, mode, \
                     allowmode, hourmin, hourmax, logs_lifetime, comment, date_mod, date_creation, plugin) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(itemtype)
                .bind(&task.name)
                .bind(task.frequency)
                .bind(task.param)
                .bind(task.state)
                .bind(task.mode)
                .bind(task.allowmode)
                .bind(task.hourmin)
                .bind(task.hourmax)
                .bind(task.logs_lifetime)
                .bind(&task.description)
                .bind(now())
                .bind(now())
                .bind(key)
                .execute(&mut **c)
                .await?; });
            }
        }
    }
    let existing: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT name FROM glpi_crontasks WHERE plugin = ?",
    )
    .bind(key)
    .fetch_all(&mut **c)
    .await?);
    for name in existing {
        if !tasks.iter().any(|t| t.name.eq_ignore_ascii_case(&name)) {
            on_tx!(tx, c => {
                sqlx::query(
                    "DELETE FROM glpi_crontasklogs WHERE crontasks_id IN \
                     (SELECT id FROM glpi_crontasks WHERE name = ?)",
                )
                .bind(&name)
                .execute(&mut **c)
                .await?;
                sqlx::query("DELETE FROM glpi_crontasks WHERE name = ?")
                    .bind(&name)
                    .execute(&mut **c)
                    .await?;
            });
        }
    }
    Ok(())
}
