//! Choosing what to run: `parc cron run` (GLPI's `cron.php` arguments) and
//! the scheduler loop of `parc serve`.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Timelike;

use super::cronlog::CronLog;
use super::holder::Holder;
use super::runner::{self, Outcome, Trigger};
use super::{in_hour_window, log_state, mode, state};
use crate::plugins::PluginHost;
use crate::plugins::discovery::files_present;
use crate::store::cron::CronTask;
use crate::store::{self, StoreError, now};

/// A task Running without a heartbeat for this long is considered dead.
pub const STUCK_AFTER: Duration = Duration::from_secs(5 * 60);

/// What `parc cron run` launched.
#[derive(Debug, Clone)]
pub struct Report {
    /// Task name.
    pub task: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// Puts tasks whose process died back to Scheduled, with an ERROR row and
/// a `cron.log` line each; returns how many. A task whose holder ran on
/// this host and is gone is recovered at once; any other after
/// [`STUCK_AFTER`] without a heartbeat.
pub async fn recover_stuck(host: &Arc<PluginHost>, cronlog: &CronLog) -> Result<usize, StoreError> {
    let cutoff = now() - chrono::Duration::from_std(STUCK_AFTER).unwrap_or_default();
    let mut recovered = 0;
    for task in store::cron::running(host.db()).await? {
        let message = match Holder::of(&task) {
            Some(holder) if holder.is_gone() => format!(
                "Recovered: holder {holder} is gone (since {}); back to Scheduled",
                since(&task)
            ),
            _ if task.heartbeat.or(task.lastrun).is_none_or(|t| t.0 < cutoff) => format!(
                "Recovered: left Running by a process that stopped (last sign of life {}); back to Scheduled",
                task.heartbeat
                    .or(task.lastrun)
                    .map_or_else(|| "never".to_owned(), |t| t.to_string())
            ),
            _ => continue,
        };
        if !store::cron::recover(host.db(), &task).await? {
            continue; // another process recovered it first, or it ended
        }
        store::cron::log(host.db(), task.id, 0, log_state::ERROR, 0.0, 0, &message).await?;
        cronlog.line(&format!("{}: {message}", task.name));
        tracing::warn!(task = %task.name, "{message}");
        recovered += 1;
    }
    Ok(recovered)
}

fn since(task: &CronTask) -> String {
    task.lastrun
        .map_or_else(|| "an unknown time".to_owned(), |t| format!("{t} UTC"))
}

/// Who runs a Running task, in words: "pid N on HOST since T UTC".
pub fn running_text(task: &CronTask) -> String {
    match Holder::of(task) {
        Some(holder) => format!("{holder} since {}", since(task)),
        None => format!("since {}", since(task)),
    }
}

/// Tasks Running now (after [`recover_stuck`]), each with who runs it.
pub async fn running(host: &Arc<PluginHost>) -> Result<Vec<(String, String)>, StoreError> {
    Ok(store::cron::running(host.db())
        .await?
        .iter()
        .map(|t| (t.name.clone(), running_text(t)))
        .collect())
}

/// Tasks due now that a run would launch (of `mode` if given): Scheduled,
/// due, inside their hour window, of the core or of an active plugin whose
/// files are present; core first, most overdue next.
pub async fn due_now(host: &PluginHost, mode: Option<i32>) -> Result<Vec<CronTask>, StoreError> {
    Ok(store::cron::due(host.db(), mode, now())
        .await?
        .into_iter()
        .filter(|t| runnable_now(host, t))
        .collect())
}

fn runnable_now(host: &PluginHost, task: &CronTask) -> bool {
    let hour = chrono::Local::now().hour() as i32;
    in_hour_window(task.hourmin, task.hourmax, hour)
        && task
            .plugin
            .as_ref()
            .is_none_or(|p| files_present(&host.config().plugins_dir, p))
}

/// Runs up to `max` due tasks of `mode` (GLPI's `cron.php` without a task
/// name: external tasks only), core first, most overdue next.
pub async fn run_due(
    host: &Arc<PluginHost>,
    trigger: Trigger,
    max: usize,
) -> Result<Vec<Report>, StoreError> {
    let cronlog = CronLog::new(&host.config().data_dir);
    recover_stuck(host, &cronlog).await?;
    let wanted_mode = match trigger {
        Trigger::External => mode::EXTERNAL,
        Trigger::Internal => mode::INTERNAL,
    };
    let mut reports = Vec::new();
    let due = due_now(host, Some(wanted_mode)).await?;
    for task in due.into_iter().take(max) {
        let n = reports.len() + 1;
        let outcome = runner::run(host, &cronlog, &task, trigger, false, n, Arc::default()).await;
        reports.push(Report {
            task: task.name.clone(),
            outcome,
        });
    }
    if reports.is_empty() {
        cronlog.line(&format!("{} #1: Nothing to launch", label(trigger)));
    }
    Ok(reports)
}

fn label(trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::Internal => "Internal",
        Trigger::External => "External",
    }
}

/// Runs the task `name` once if it is due (whatever its mode), or, with
/// `force`, even if it is not due or disabled; never while Running
/// ([`NamedError::Running`]).
/// `Ok(None)`: nothing to launch.
pub async fn run_named(
    host: &Arc<PluginHost>,
    name: &str,
    force: bool,
) -> Result<Option<Report>, NamedError> {
    let cronlog = CronLog::new(&host.config().data_dir);
    recover_stuck(host, &cronlog).await?;
    let task = store::cron::get(host.db(), name)
        .await?
        .ok_or_else(|| NamedError::Unknown(name.to_owned()))?;
    if let Some(why) = super::blocked(host.db(), &host.config().plugins_dir, &task).await? {
        cronlog.line(&format!("External #1: {name} will not run: {why}"));
        return Err(NamedError::WillNotRun(name.to_owned(), why));
    }
    if task.state == state::RUNNING {
        cronlog.line(&format!("External #1: Can't start {name}: running"));
        return Err(NamedError::Running {
            task: name.to_owned(),
            by: running_text(&task),
        });
    }
    if !force {
        let due = store::cron::due(host.db(), None, now()).await?;
        if !due.iter().any(|t| t.id == task.id) || !runnable_now(host, &task) {
            cronlog.line("External #1: Nothing to launch");
            return Ok(None);
        }
    }
    let outcome = runner::run(
        host,
        &cronlog,
        &task,
        Trigger::External,
        force,
        1,
        Arc::default(),
    )
    .await;
    if let Outcome::NotStarted(_) = outcome
        && !force
    {
        return Ok(None);
    }
    Ok(Some(Report {
        task: task.name,
        outcome,
    }))
}

/// Why a named run was refused.
#[derive(Debug, thiserror::Error)]
pub enum NamedError {
    /// No such task.
    #[error("no automatic action named {0:?}: see `parc cron list`")]
    Unknown(String),
    /// Its plugin is not active (or its files are gone): it cannot run,
    /// forced or not.
    #[error("{0} will not run: {1}")]
    WillNotRun(String, String),
    /// Running in a live process (or one on another host whose heartbeat
    /// is fresh): not started, forced or not.
    #[error(
        "{task} is running ({by}); wait for it, or if that process is stuck: parc cron reset {task}"
    )]
    Running {
        /// Task name.
        task: String,
        /// Who runs it: "pid N on HOST since T UTC".
        by: String,
    },
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The scheduler of `parc serve`: every `tick`, recovers stuck tasks,
/// picks up dropped plugin archives, and starts due internal tasks, at
/// most `workers` at a time. Returns when `shutdown` resolves, after
/// asking running tasks to stop and waiting for them (up to a minute).
pub async fn serve(
    host: Arc<PluginHost>,
    tick: Duration,
    workers: usize,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let cronlog = CronLog::new(&host.config().data_dir);
    let running: Arc<Mutex<HashSet<u32>>> = Arc::default();
    let cancel = Arc::new(AtomicBool::new(false));
    let mut jobs = tokio::task::JoinSet::new();
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    let mut launched = 0usize;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = interval.tick() => {}
            Some(_) = jobs.join_next(), if !jobs.is_empty() => continue,
        }
        if let Err(e) = recover_stuck(&host, &cronlog).await {
            tracing::error!("scheduler: {e}");
        }
        if let Err(e) = host.scan().await {
            tracing::error!("plugin scan: {e}");
        }
        let due = match due_now(&host, Some(mode::INTERNAL)).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!("scheduler: {e}");
                continue;
            }
        };
        for task in due {
            if jobs.len() >= workers.max(1) {
                break;
            }
            if !running
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(task.id)
            {
                continue;
            }
            launched += 1;
            let (host, cronlog, running, cancel) = (
                Arc::clone(&host),
                cronlog.clone(),
                Arc::clone(&running),
                Arc::clone(&cancel),
            );
            let n = launched;
            jobs.spawn(async move {
                let outcome =
                    runner::run(&host, &cronlog, &task, Trigger::Internal, false, n, cancel).await;
                running
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&task.id);
                tracing::info!(task = %task.name, "{outcome:?}");
            });
        }
    }
    cancel.store(true, Ordering::Relaxed);
    let drain = async { while jobs.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(60), drain)
        .await
        .is_err()
    {
        tracing::warn!("tasks still running at shutdown; they will be recovered as stuck");
    }
}
