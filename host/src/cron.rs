//! Automatic actions (GLPI's CronTask), done with a real scheduler.
//!
//! Tasks live in `glpi_crontasks`: the core's (log cleanup, recovery of
//! stuck tasks, trash retention) and those plugins register at install
//! (kept while the plugin is deactivated, but not run; removed at
//! uninstall). A run is claimed by one conditional UPDATE, so several parc
//! processes on one database never run the same due slot twice; the
//! process running a task renews a heartbeat, and a task Running with a
//! stale heartbeat is recovered automatically. Every run writes START /
//! RUN / STOP or ERROR rows and a line in `cron.log`.
//!
//! [`runner`] runs one task, [`scheduler`] picks due tasks (`parc serve`,
//! `parc cron run`), [`core_tasks`] are the core's own.

pub mod core_tasks;
pub mod cronlog;
pub mod runner;
pub mod scheduler;

use serde::Serialize;

use crate::store::{self, Db, StoreError, cron::CronTask};

/// Task states (`CronTask::STATE_*`).
pub mod state {
    /// Disabled.
    pub const DISABLED: i32 = 0;
    /// Scheduled (GLPI's "waiting").
    pub const SCHEDULED: i32 = 1;
    /// Running.
    pub const RUNNING: i32 = 2;
}

/// Run modes (`CronTask::MODE_*`).
pub mod mode {
    /// Run by parc's own scheduler (`parc serve`); GLPI's "GLPI" mode.
    pub const INTERNAL: i32 = 1;
    /// Run by `parc cron run` from a system crontab; GLPI's "CLI" mode.
    pub const EXTERNAL: i32 = 2;
}

/// Log row states (`CronTaskLog::STATE_*`).
pub mod log_state {
    /// A run started.
    pub const START: i32 = 0;
    /// A message during a run.
    pub const RUN: i32 = 1;
    /// A run ended.
    pub const STOP: i32 = 2;
    /// A run failed.
    pub const ERROR: i32 = 3;
}

/// A task as listed, with the labels of its state and mode.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    /// The row.
    #[serde(flatten)]
    pub task: CronTask,
    /// "Disabled", "Scheduled" or "Running".
    pub state_label: &'static str,
    /// "GLPI" (internal) or "CLI" (external), as GLPI labels them.
    pub mode_label: &'static str,
    /// What the parameter means (GLPI's `cronInfo` "parameter"), for
    /// plugin tasks that gave one.
    pub param_label: Option<String>,
}

/// GLPI's label of a task state.
pub fn state_label(state: i32) -> &'static str {
    match state {
        0 => "Disabled",
        1 => "Scheduled",
        2 => "Running",
        _ => "Unknown",
    }
}

/// GLPI's label of a task mode.
pub fn mode_label(mode: i32) -> &'static str {
    match mode {
        1 => "GLPI",
        2 => "CLI",
        _ => "Unknown",
    }
}

/// Every task, core first.
pub async fn list(db: &Db) -> Result<Vec<TaskView>, StoreError> {
    let labels: std::collections::HashMap<String, String> =
        store::registrations::list_kind(db, "task")
            .await?
            .into_iter()
            .filter_map(|r| {
                let spec: parc_plugin_api::messages::TaskSpec =
                    serde_json::from_str(&r.spec).ok()?;
                Some((spec.name, spec.param_label?))
            })
            .collect();
    Ok(store::cron::list(db)
        .await?
        .into_iter()
        .map(|task| TaskView {
            state_label: state_label(task.state),
            mode_label: mode_label(task.mode),
            param_label: labels
                .get(&task.name)
                .cloned()
                .or_else(|| match task.name.as_str() {
                    "purgetrash" => Some("Days in the trash before the purge".to_owned()),
                    _ => None,
                }),
            task,
        })
        .collect())
}

/// Whether the current hour is inside a task's window `[hourmin,
/// hourmax)`, which wraps around midnight when `hourmin > hourmax`; GLPI
/// never runs a task whose bounds are equal.
pub fn in_hour_window(hourmin: i32, hourmax: i32, hour: i32) -> bool {
    if hourmin < hourmax {
        hourmin <= hour && hour < hourmax
    } else if hourmin > hourmax {
        hourmin <= hour || hour < hourmax
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::in_hour_window;

    #[test]
    fn hour_windows_follow_glpi() {
        assert!(in_hour_window(0, 24, 0) && in_hour_window(0, 24, 23));
        assert!(in_hour_window(8, 18, 8) && !in_hour_window(8, 18, 18));
        // Wrap-around: 22:00 to 06:00.
        assert!(in_hour_window(22, 6, 23) && in_hour_window(22, 6, 0) && in_hour_window(22, 6, 5));
        assert!(!in_hour_window(22, 6, 6) && !in_hour_window(22, 6, 12));
        assert!(!in_hour_window(5, 5, 5));
    }
}
