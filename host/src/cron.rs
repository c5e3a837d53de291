//! Automatic actions (GLPI's CronTask): the task registry.
//!
//! Tasks live in `glpi_crontasks`; plugins register theirs at install and
//! they are removed at uninstall. This module lists them for the CLI; the
//! scheduler comes with the automatic-actions issue.

use serde::Serialize;

use crate::store::{self, Db, StoreError, cron::CronTask};

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
    Ok(store::cron::list(db)
        .await?
        .into_iter()
        .map(|task| TaskView {
            state_label: state_label(task.state),
            mode_label: mode_label(task.mode),
            task,
        })
        .collect())
}
