//! Automatic actions (GLPI's CronTask), done with a real scheduler.
//!
//! Tasks live in `glpi_crontasks`: the core's (log cleanup, recovery of
//! stuck tasks, trash retention) and those plugins register at install
//! (kept while the plugin is deactivated, but not run; removed at
//! uninstall). A run is claimed by one conditional UPDATE, so several parc
//! processes on one database never run the same due slot twice; the
//! claim records the holder (host name, pid, process start); a task whose
//! holder on this host is gone is recovered at once, and one Running with
//! a stale heartbeat (the process renews it) after five minutes. Every run
//! writes START / RUN / STOP or ERROR rows and a line in `cron.log`.
//!
//! [`runner`] runs one task, [`scheduler`] picks due tasks (`parc serve`,
//! `parc cron run`), [`core_tasks`] are the core's own.

pub mod core_tasks;
pub mod cronlog;
pub mod holder;
pub mod runner;
pub mod scheduler;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::plugins::discovery::files_present;
use crate::plugins::state::PluginState;
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
    /// Why the task will not run whatever its state (its plugin is not
    /// active), if so.
    pub will_not_run: Option<String>,
    /// Who runs a Running task: "pid N on HOST since T UTC".
    pub holder: Option<String>,
    /// The state label (with the holder when Running), or "will not run: …".
    pub status: String,
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

/// Why a task will not run whatever its state and schedule: GLPI runs
/// the tasks of the core and of activated plugins only, and parc also
/// needs the plugin's files. `None` for core tasks and tasks of active
/// plugins.
pub async fn blocked(
    db: &Db,
    plugins_dir: &Path,
    task: &CronTask,
) -> Result<Option<String>, StoreError> {
    let Some(plugin) = &task.plugin else {
        return Ok(None);
    };
    let state = store::plugins::get(db, plugin).await?.map(|r| r.state);
    Ok(plugin_blocker(plugin, state, plugins_dir))
}

fn plugin_blocker(plugin: &str, state: Option<i32>, plugins_dir: &Path) -> Option<String> {
    match state {
        Some(1) if files_present(plugins_dir, plugin) => None,
        Some(1) => Some(format!(
            "the files of plugin {plugin} are missing from {}",
            plugins_dir.display()
        )),
        Some(code) => Some(format!(
            "plugin {plugin} is not active ({}): `parc plugin activate {plugin}`",
            PluginState::from_code(code).label()
        )),
        None => Some(format!("plugin {plugin} is not installed")),
    }
}

/// Every task, core first, each with why it will not run, if so.
pub async fn list(db: &Db, plugins_dir: &Path) -> Result<Vec<TaskView>, StoreError> {
    let mut blockers: HashMap<String, Option<String>> = HashMap::new();
    let tasks = store::cron::list(db).await?;
    for plugin in tasks.iter().filter_map(|t| t.plugin.as_ref()) {
        if !blockers.contains_key(plugin) {
            let state = store::plugins::get(db, plugin).await?.map(|r| r.state);
            blockers.insert(plugin.clone(), plugin_blocker(plugin, state, plugins_dir));
        }
    }
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
    Ok(tasks
        .into_iter()
        .map(|task| {
            let will_not_run = task
                .plugin
                .as_ref()
                .and_then(|p| blockers.get(p).cloned().flatten());
            let holder = (task.state == state::RUNNING).then(|| scheduler::running_text(&task));
            TaskView {
                status: match (&will_not_run, &holder) {
                    (Some(why), _) => format!("will not run: {why}"),
                    (None, Some(holder)) => format!("Running ({holder})"),
                    (None, None) => state_label(task.state).to_owned(),
                },
                holder,
                will_not_run,
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
            }
        })
        .collect())
}

/// A setting `parc cron edit` changes, checked: (column, value).
pub fn setting(field: &str) -> Result<(&'static str, i64), SettingError> {
    let (name, value) = field
        .split_once('=')
        .ok_or_else(|| SettingError(format!("expected FIELD=VALUE, got {field:?}")))?;
    let name = name.trim();
    let value: i64 = value
        .trim()
        .parse()
        .map_err(|_| SettingError(format!("{name} must be a number")))?;
    let column = match name {
        "frequency" if value > 0 => "frequency",
        "mode" if value == mode::INTERNAL as i64 || value == mode::EXTERNAL as i64 => "mode",
        "hourmin" if (0..=24).contains(&value) => "hourmin",
        "hourmax" if (0..=24).contains(&value) => "hourmax",
        "param" => "param",
        "logs_lifetime" if value >= 0 => "logs_lifetime",
        other => {
            return Err(SettingError(format!(
                "invalid {other}={value}: editable are frequency (> 0), mode (1 GLPI, 2 CLI), \
                 hourmin and hourmax (0–24), param, logs_lifetime (days, 0 = forever)"
            )));
        }
    };
    Ok((column, value))
}

/// A refused setting, worded for people.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SettingError(pub String);

/// A task's setting or state before and after a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskChange {
    /// What changed (`state`, `frequency`, `lastrun`…).
    pub field: &'static str,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

impl std::fmt::Display for TaskChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} → {}", self.field, self.old, self.new)
    }
}

fn setting_text(column: &str, value: Option<i64>) -> String {
    match (column, value) {
        (_, None) => "-".to_owned(),
        ("mode", Some(m)) => format!("{m} ({})", mode_label(m as i32)),
        (_, Some(v)) => v.to_string(),
    }
}

fn current(task: &CronTask, column: &str) -> Option<i64> {
    match column {
        "frequency" => Some(task.frequency),
        "mode" => Some(i64::from(task.mode)),
        "hourmin" => Some(i64::from(task.hourmin)),
        "hourmax" => Some(i64::from(task.hourmax)),
        "param" => task.param,
        "logs_lifetime" => Some(i64::from(task.logs_lifetime)),
        _ => None,
    }
}

/// Applies settings to task `name`; returns what changed (nothing written
/// when nothing changes), `None` when there is no such task.
pub async fn edit(
    db: &Db,
    name: &str,
    set: &[(&'static str, i64)],
) -> Result<Option<Vec<TaskChange>>, StoreError> {
    let Some(task) = store::cron::get(db, name).await? else {
        return Ok(None);
    };
    let changes: Vec<TaskChange> = set
        .iter()
        .filter(|(column, value)| current(&task, column) != Some(*value))
        .map(|(column, value)| TaskChange {
            field: column,
            old: setting_text(column, current(&task, column)),
            new: setting_text(column, Some(*value)),
        })
        .collect();
    if !changes.is_empty() {
        store::cron::edit(db, name, set).await?;
    }
    Ok(Some(changes))
}

/// Why enabling, disabling or resetting a task failed.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// No such task.
    #[error("no automatic action named {0:?}: see `parc cron list`")]
    Unknown(String),
    /// Running: its state cannot change now.
    #[error("{0} is running: wait for it to end (or `parc cron reset {0}`)")]
    Running(String),
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Sets a task Scheduled or Disabled; returns the change (`None`: it
/// already was).
pub async fn set_state(db: &Db, name: &str, to: i32) -> Result<Option<TaskChange>, TaskError> {
    let task = store::cron::get(db, name)
        .await?
        .ok_or_else(|| TaskError::Unknown(name.to_owned()))?;
    if task.state == to {
        return Ok(None);
    }
    if task.state == state::RUNNING || !store::cron::set_state(db, name, to).await? {
        return Err(TaskError::Running(name.to_owned()));
    }
    Ok(Some(TaskChange {
        field: "state",
        old: state_label(task.state).to_owned(),
        new: state_label(to).to_owned(),
    }))
}

/// Makes a task due now (and a Running one Scheduled); returns what
/// changed.
pub async fn reset(db: &Db, name: &str) -> Result<Vec<TaskChange>, TaskError> {
    let task = store::cron::get(db, name)
        .await?
        .ok_or_else(|| TaskError::Unknown(name.to_owned()))?;
    let mut changes = Vec::new();
    if let Some(lastrun) = task.lastrun {
        changes.push(TaskChange {
            field: "lastrun",
            old: lastrun.to_string(),
            new: "never (due now)".to_owned(),
        });
    }
    if task.state == state::RUNNING {
        changes.push(TaskChange {
            field: "state",
            old: state_label(state::RUNNING).to_owned(),
            new: state_label(state::SCHEDULED).to_owned(),
        });
    }
    if let Some(code) = task.lastcode {
        changes.push(TaskChange {
            field: "lastcode",
            old: code.to_string(),
            new: "-".to_owned(),
        });
    }
    if !changes.is_empty() {
        store::cron::reset(db, name).await?;
    }
    Ok(changes)
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
    use super::{in_hour_window, setting};

    #[test]
    fn settings_are_checked() {
        assert_eq!(setting("param=3").unwrap(), ("param", 3));
        assert_eq!(setting(" mode = 2").unwrap(), ("mode", 2));
        assert!(
            setting("mode=3")
                .unwrap_err()
                .0
                .contains("mode (1 GLPI, 2 CLI)")
        );
        assert!(setting("frequency=0").is_err());
        assert!(setting("hourmax=25").is_err());
        assert!(setting("color=1").is_err());
        assert_eq!(setting("param=x").unwrap_err().0, "param must be a number");
        assert!(setting("param").unwrap_err().0.contains("FIELD=VALUE"));
    }

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
