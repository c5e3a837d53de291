//! SQL of automatic actions (`glpi_crontasks`, `glpi_crontasklogs`).

use super::datetime::Timestamp;
use parc_plugin_api::messages::TaskSpec;
use serde::Serialize;

use chrono::NaiveDateTime;

use super::{Backend, Db, StoreError, Tx, now, on_db, on_tx};

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
    /// Last sign of life of the process running it (parc).
    pub heartbeat: Option<Timestamp>,
    /// Host name of the process running it (parc).
    pub holder_host: Option<String>,
    /// Its pid (parc).
    pub holder_pid: Option<i64>,
    /// Its start, in clock ticks since boot (parc).
    pub holder_started: Option<i64>,
    /// The kernel's boot id when it claimed the task (parc).
    pub holder_boot: Option<String>,
}

/// A `glpi_crontasklogs` row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CronTaskLog {
    /// Row id.
    pub id: u32,
    /// Task.
    pub crontasks_id: u32,
    /// START row of the run (0 for the START row itself).
    pub crontasklogs_id: u32,
    /// When.
    pub date: Timestamp,
    /// 0 start, 1 run, 2 stop, 3 error.
    pub state: i32,
    /// Seconds since the start.
    pub elapsed: f64,
    /// Amount of work.
    pub volume: i64,
    /// Message.
    pub content: Option<String>,
}

const COLUMNS: &str = "id, itemtype, name, frequency, param, state, mode, allowmode, hourmin, \
    hourmax, logs_lifetime, lastrun, lastcode, comment, date_mod, date_creation, plugin, heartbeat, \
    holder_host, holder_pid, holder_started, holder_boot";

/// Clears the holder columns (end of a run, recovery, reset).
const NO_HOLDER: &str = "heartbeat = NULL, holder_host = NULL, holder_pid = NULL, holder_started = NULL, holder_boot = NULL";

/// The process claiming a task, as recorded with the claim.
#[derive(Debug, Clone, Copy)]
pub struct Claimant<'a> {
    /// Host name.
    pub host: &'a str,
    /// Pid.
    pub pid: u32,
    /// Start in clock ticks since boot.
    pub started: Option<i64>,
    /// Kernel boot id.
    pub boot: Option<&'a str>,
}

/// Every task, core first, then by name.
pub async fn list(db: &Db) -> Result<Vec<CronTask>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM glpi_crontasks ORDER BY plugin IS NOT NULL, plugin, name");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
}

/// One task by name.
pub async fn get(db: &Db, name: &str) -> Result<Option<CronTask>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM glpi_crontasks WHERE name = ?");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).bind(name).fetch_optional(pool).await?))
}

/// "Due" in SQL: never run, last run partial (more to do), or its
/// frequency elapsed since the last start (`?` = now).
fn due_condition(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Sqlite => {
            "(lastrun IS NULL OR lastcode < 0 OR lastrun <= datetime(?, '-' || frequency || ' seconds'))"
        }
        Backend::MySql => {
            "(lastrun IS NULL OR lastcode < 0 OR lastrun <= DATE_SUB(?, INTERVAL frequency SECOND))"
        }
    }
}

/// Scheduled tasks that are due at `now`, of the core and of active
/// plugins, in `mode` if given; core first, then the most overdue.
pub async fn due(
    db: &Db,
    mode: Option<i32>,
    now: NaiveDateTime,
) -> Result<Vec<CronTask>, StoreError> {
    let mode_filter = if mode.is_some() { " AND mode = ?" } else { "" };
    let order = match db.backend() {
        Backend::Sqlite => "strftime('%s', lastrun) + frequency",
        Backend::MySql => "UNIX_TIMESTAMP(lastrun) + frequency",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM glpi_crontasks c WHERE state = 1 AND {}{mode_filter} \
         AND (plugin IS NULL OR EXISTS (SELECT 1 FROM glpi_plugins p WHERE p.directory = c.plugin AND p.state = 1)) \
         ORDER BY plugin IS NOT NULL, lastrun IS NOT NULL, {order}, id",
        due_condition(db)
    );
    Ok(on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql).bind(now);
        if let Some(mode) = mode {
            query = query.bind(mode);
        }
        query.fetch_all(pool).await?
    }))
}

/// Claims a task for a run: one conditional UPDATE that re-checks it is
/// Scheduled and due (or, forced, only that it is not Running) and sets it
/// Running with `lastrun` = `now` and its holder. Returns whether this
/// caller won.
pub async fn claim(
    db: &Db,
    id: u32,
    now: NaiveDateTime,
    force: bool,
    by: Claimant<'_>,
) -> Result<bool, StoreError> {
    let set = "UPDATE glpi_crontasks SET state = 2, lastrun = ?, heartbeat = ?, holder_host = ?, \
               holder_pid = ?, holder_started = ?, holder_boot = ? WHERE id = ?";
    let sql = if force {
        format!("{set} AND state <> 2")
    } else {
        format!("{set} AND state = 1 AND {}", due_condition(db))
    };
    Ok(on_db!(db, pool => {
        let mut query = sqlx::query(&sql)
            .bind(now)
            .bind(now)
            .bind(by.host)
            .bind(i64::from(by.pid))
            .bind(by.started)
            .bind(by.boot)
            .bind(id);
        if !force {
            query = query.bind(now);
        }
        query.execute(pool).await?.rows_affected() == 1
    }))
}

/// Renews the heartbeat of a running task.
pub async fn heartbeat(db: &Db, id: u32, now: NaiveDateTime) -> Result<(), StoreError> {
    on_db!(db, pool => { sqlx::query("UPDATE glpi_crontasks SET heartbeat = ? WHERE id = ? AND state = 2")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?; });
    Ok(())
}

/// Ends a run: the task goes back to `state` (Scheduled, or Disabled for a
/// forced run of a disabled task) with its return code.
pub async fn finish(db: &Db, id: u32, state: i32, code: Option<i64>) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE glpi_crontasks SET state = ?, lastcode = ?, {NO_HOLDER} WHERE id = ? AND state = 2"
    );
    on_db!(db, pool => { sqlx::query(&sql)
    .bind(state)
    .bind(code)
    .bind(id)
    .execute(pool)
    .await?; });
    Ok(())
}

/// Every Running task.
pub async fn running(db: &Db) -> Result<Vec<CronTask>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM glpi_crontasks WHERE state = 2 ORDER BY name");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
}

/// Puts a Running task back to Scheduled, if it is still the same run as
/// `task` (same start, heartbeat and holder); returns whether this caller
/// did it.
pub async fn recover(db: &Db, task: &CronTask) -> Result<bool, StoreError> {
    // Null-safe equality.
    let same = match db.backend() {
        Backend::Sqlite => "IS",
        Backend::MySql => "<=>",
    };
    let sql = format!(
        "UPDATE glpi_crontasks SET state = 1, {NO_HOLDER} WHERE id = ? AND state = 2 \
         AND lastrun {same} ? AND heartbeat {same} ? AND holder_pid {same} ? AND holder_started {same} ?"
    );
    Ok(on_db!(db, pool => sqlx::query(&sql)
    .bind(task.id)
    .bind(task.lastrun.map(|t| t.0))
    .bind(task.heartbeat.map(|h| h.0))
    .bind(task.holder_pid)
    .bind(task.holder_started)
    .execute(pool)
    .await?
    .rows_affected() == 1))
}

/// Writes a log row; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn log(
    db: &Db,
    task: u32,
    start: u32,
    state: i32,
    elapsed: f64,
    volume: i64,
    content: &str,
) -> Result<u32, StoreError> {
    let content: String = content.chars().take(255).collect();
    let id = on_db!(db, pool => {
        let done = sqlx::query(
            "INSERT INTO glpi_crontasklogs (crontasks_id, crontasklogs_id, date, state, elapsed, volume, content) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(task)
        .bind(start)
        .bind(now())
        .bind(state)
        .bind(elapsed)
        .bind(volume)
        .bind(content)
        .execute(pool)
        .await?;
        super::LastId::last_id(&done)
    });
    Ok(u32::try_from(id).unwrap_or_default())
}

/// Log rows of a task, newest first.
pub async fn logs(db: &Db, task: u32, limit: u32) -> Result<Vec<CronTaskLog>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, crontasks_id, crontasklogs_id, date, state, elapsed, volume, content \
         FROM glpi_crontasklogs WHERE crontasks_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(task)
    .bind(limit)
    .fetch_all(pool)
    .await?))
}

/// Deletes log rows older than each task's `logs_lifetime` days (0: kept
/// forever); returns how many.
pub async fn clean_logs(db: &Db, now: NaiveDateTime) -> Result<u64, StoreError> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "DELETE FROM glpi_crontasklogs WHERE id IN (SELECT l.id FROM glpi_crontasklogs l \
             JOIN glpi_crontasks t ON t.id = l.crontasks_id \
             WHERE t.logs_lifetime > 0 AND l.date < datetime(?, '-' || t.logs_lifetime || ' days'))"
        }
        Backend::MySql => {
            "DELETE l FROM glpi_crontasklogs l JOIN glpi_crontasks t ON t.id = l.crontasks_id \
             WHERE t.logs_lifetime > 0 AND l.date < DATE_SUB(?, INTERVAL t.logs_lifetime DAY)"
        }
    };
    Ok(on_db!(db, pool => sqlx::query(sql).bind(now).execute(pool).await?.rows_affected()))
}

/// Sets the state (0 disabled, 1 scheduled) of a task that is not running.
pub async fn set_state(db: &Db, name: &str, state: i32) -> Result<bool, StoreError> {
    Ok(on_db!(db, pool => sqlx::query(
        "UPDATE glpi_crontasks SET state = ?, date_mod = ? WHERE name = ? AND state <> 2",
    )
    .bind(state)
    .bind(now())
    .bind(name)
    .execute(pool)
    .await?
    .rows_affected() == 1))
}

/// Makes a task due now (`lastrun` NULL) and a Running one Scheduled.
pub async fn reset(db: &Db, name: &str) -> Result<bool, StoreError> {
    Ok(on_db!(db, pool => sqlx::query(
        &format!("UPDATE glpi_crontasks SET lastrun = NULL, lastcode = NULL, {NO_HOLDER}, \
         state = CASE WHEN state = 2 THEN 1 ELSE state END, date_mod = ? WHERE name = ?"),
    )
    .bind(now())
    .bind(name)
    .execute(pool)
    .await?
    .rows_affected() == 1))
}

/// Sets administrator settings of a task (`frequency`, `mode`, …).
pub async fn edit(db: &Db, name: &str, set: &[(&str, i64)]) -> Result<bool, StoreError> {
    let assignments: Vec<String> = set.iter().map(|(c, _)| format!("{c} = ?")).collect();
    let sql = format!(
        "UPDATE glpi_crontasks SET {}, date_mod = ? WHERE name = ?",
        assignments.join(", ")
    );
    Ok(on_db!(db, pool => {
        let mut query = sqlx::query(&sql);
        for (_, value) in set {
            query = query.bind(*value);
        }
        query.bind(now()).bind(name).execute(pool).await?.rows_affected() == 1
    }))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::scratch;

    /// A claim records its holder, a second claim loses, recovery applies
    /// only to the run it read, and the end of a run clears the holder.
    async fn claims_record_their_holder(db: &Db) {
        let task = get(db, "logs").await.unwrap().expect("the core task logs");
        let by = Claimant {
            host: "host-a",
            pid: 4242,
            started: Some(123_456),
            boot: Some("boot-1"),
        };
        let at = now();
        assert!(claim(db, task.id, at, false, by).await.unwrap(), "due: won");
        let other = Claimant { pid: 7, ..by };
        assert!(
            !claim(db, task.id, at, true, other).await.unwrap(),
            "Running: lost"
        );
        let held = get(db, "logs").await.unwrap().unwrap();
        assert_eq!(held.state, 2);
        assert_eq!(held.holder_host.as_deref(), Some("host-a"));
        assert_eq!(held.holder_pid, Some(4242));
        assert_eq!(held.holder_started, Some(123_456));
        assert_eq!(held.holder_boot.as_deref(), Some("boot-1"));
        assert_eq!(running(db).await.unwrap(), vec![held.clone()]);

        // A stale read (another holder) recovers nothing.
        let stale = CronTask {
            holder_pid: Some(1),
            ..held.clone()
        };
        assert!(!recover(db, &stale).await.unwrap());
        assert!(recover(db, &held).await.unwrap());
        let recovered = get(db, "logs").await.unwrap().unwrap();
        assert_eq!(recovered.state, 1);
        assert_eq!((recovered.holder_host, recovered.holder_pid), (None, None));
        assert!(!recover(db, &held).await.unwrap(), "once");

        assert!(claim(db, task.id, now(), true, other).await.unwrap());
        finish(db, task.id, 1, Some(1)).await.unwrap();
        let done = get(db, "logs").await.unwrap().unwrap();
        assert_eq!((done.state, done.lastcode), (1, Some(1)));
        assert_eq!(
            (done.holder_pid, done.holder_started, done.heartbeat),
            (None, None, None)
        );
    }

    #[test]
    fn claims_record_their_holder_on_sqlite() {
        scratch::on_sqlite(|db| async move { claims_record_their_holder(&db).await });
    }

    #[test]
    fn claims_record_their_holder_on_mariadb() {
        scratch::on_mariadb("parc_cron_holder", |db| async move {
            claims_record_their_holder(&db).await
        });
    }
}
