//! One run of one task: claim, START row, heartbeat, the work itself (core
//! function or plugin invocation), STOP or ERROR row, `cron.log`.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use parc_plugin_api::messages::{TaskReply, TaskRequest, kind};

use super::cronlog::CronLog;
use super::holder::Holder;
use super::{core_tasks, log_state, state};
use crate::plugins::PluginHost;
use crate::plugins::runtime::{Invocation, TaskLog};
use crate::store::cron::CronTask;
use crate::store::{self, now};

/// How often a running task renews its heartbeat.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(30);

/// Who launched the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// parc's scheduler (`parc serve`).
    Internal,
    /// `parc cron run` (system crontab).
    External,
}

impl Trigger {
    fn label(self) -> &'static str {
        match self {
            Self::Internal => "Internal",
            Self::External => "External",
        }
    }

    fn mode_label(self) -> &'static str {
        match self {
            Self::Internal => "GLPI",
            Self::External => "CLI",
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The task ran; GLPI's return code and volume.
    Done {
        /// < 0 partial, 0 nothing to do, > 0 done.
        code: i64,
        /// Amount of work.
        volume: i64,
    },
    /// The task failed (error or panic); the message.
    Failed(String),
    /// The task did not start (not due, already running, plugin inactive).
    NotStarted(String),
}

/// GLPI's wording of a return code.
pub fn code_message(code: i64) -> &'static str {
    match code {
        c if c > 0 => "Action completed, fully processed",
        0 => "Action completed, no processing required",
        _ => "Action completed, partially processed",
    }
}

/// Writes a plugin's `task.log` lines as RUN rows of the run.
struct DbTaskLog {
    host: Arc<PluginHost>,
    task: u32,
    start: u32,
    started: Instant,
}

impl TaskLog for DbTaskLog {
    fn log(&self, text: &str) {
        let elapsed = self.started.elapsed().as_secs_f64();
        let result = self.host.handle().block_on(store::cron::log(
            self.host.db(),
            self.task,
            self.start,
            log_state::RUN,
            elapsed,
            0,
            text,
        ));
        if let Err(e) = result {
            tracing::warn!(task = self.task, "cannot write a task log row: {e}");
        }
    }
}

/// Runs `task` once. `force` runs it even if it is not due or disabled
/// (never while it is Running); `n` numbers the launch in `cron.log`.
pub async fn run(
    host: &Arc<PluginHost>,
    cronlog: &CronLog,
    task: &CronTask,
    trigger: Trigger,
    force: bool,
    n: usize,
    cancelled: Arc<AtomicBool>,
) -> Outcome {
    let prefix = format!("{} #{n}", trigger.label());
    match super::blocked(host.db(), &host.config().plugins_dir, task).await {
        Ok(None) => {}
        Ok(Some(why)) => {
            return Outcome::NotStarted(format!("{} will not run: {why}", task.name));
        }
        Err(e) => return Outcome::Failed(format!("{}: {e}", task.name)),
    }
    let me = Holder::current();
    let claimant = store::cron::Claimant {
        host: &me.host,
        pid: me.pid,
        started: me.started,
        boot: me.boot.as_deref(),
    };
    match store::cron::claim(host.db(), task.id, now(), force, claimant).await {
        Ok(true) => {}
        Ok(false) => {
            cronlog.line(&format!("{prefix}: Can't start {}", task.name));
            return Outcome::NotStarted(format!(
                "{}: not started (already running in another process, or no longer due)",
                task.name
            ));
        }
        Err(e) => return Outcome::Failed(format!("{}: cannot claim the task: {e}", task.name)),
    }
    let started = Instant::now();
    let db = host.db();
    let start = store::cron::log(
        db,
        task.id,
        0,
        log_state::START,
        0.0,
        0,
        &format!("Run mode: {}", trigger.mode_label()),
    )
    .await
    .unwrap_or_default();
    cronlog.line(&format!("{prefix}: Launch {}", task.name));
    tracing::info!(task = %task.name, "launch");

    // Heartbeat until the run ends, so another process can tell a live
    // run from one whose process died.
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let beat_db = db.clone();
    let id = task.id;
    let beat = tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                _ = tokio::time::sleep(HEARTBEAT_EVERY) => {
                    if let Err(e) = store::cron::heartbeat(&beat_db, id, now()).await {
                        tracing::warn!(task = id, "cannot renew the heartbeat: {e}");
                    }
                }
            }
        }
    });

    let result = match &task.plugin {
        None => core_tasks::run(host, task, &cancelled).await,
        Some(plugin) => run_plugin_task(host, plugin, task, start, started, cancelled).await,
    };
    let _ = stop.send(());
    let _ = beat.await;

    let restore = if force && task.state == state::DISABLED {
        state::DISABLED
    } else {
        state::SCHEDULED
    };
    let elapsed = started.elapsed().as_secs_f64();
    match result {
        Ok((code, volume)) => {
            let message = code_message(code);
            let _ = store::cron::finish(db, task.id, restore, Some(code)).await;
            let _ = store::cron::log(
                db,
                task.id,
                start,
                log_state::STOP,
                elapsed,
                volume,
                message,
            )
            .await;
            cronlog.line(&format!(
                "{prefix}: {}: {message} (volume {volume})",
                task.name
            ));
            Outcome::Done { code, volume }
        }
        Err(error) => {
            let _ = store::cron::finish(db, task.id, restore, None).await;
            let _ =
                store::cron::log(db, task.id, start, log_state::ERROR, elapsed, 0, &error).await;
            cronlog.line(&format!(
                "{prefix}: Error during {} execution: {error}",
                task.name
            ));
            tracing::error!(task = %task.name, "{error}");
            Outcome::Failed(error)
        }
    }
}

async fn run_plugin_task(
    host: &Arc<PluginHost>,
    plugin: &str,
    task: &CronTask,
    start: u32,
    started: Instant,
    cancelled: Arc<AtomicBool>,
) -> Result<(i64, i64), String> {
    let loaded = host.load(plugin).await.map_err(|e| e.to_string())?;
    let invocation = Invocation {
        output: None,
        task_log: Some(Arc::new(DbTaskLog {
            host: Arc::clone(host),
            task: task.id,
            start,
            started,
        })),
        cancelled,
    };
    let request = TaskRequest {
        task: task.name.clone(),
        param: task.param,
    };
    let reply: TaskReply = host
        .invoke(&loaded, kind::RUN_TASK, &request, invocation, None)
        .await
        .map_err(|e| e.to_string())?;
    Ok((reply.code, reply.volume))
}
