//! `parc cron …` and `parc serve`.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;
use clap::Subcommand;

use super::output;
use super::{Context, JsonFlag};
use crate::cron::runner::{Outcome, Trigger};
use crate::cron::scheduler::{self, NamedError, Report};
use crate::store;

/// Exit code of `parc cron run TASK` (forced or not) when the task is
/// Running in a live process: nothing was started, and it is not a failure
/// of the task (1).
pub const RUNNING_EXIT: u8 = 2;

/// `parc cron …`
#[derive(Debug, Subcommand)]
pub enum CronCommand {
    /// List automatic actions.
    List(JsonFlag),
    /// Run tasks (for a system crontab): no argument = up to `cron_limit`
    /// due CLI-mode tasks; a number N = up to N; a task name = that task if
    /// it is due. Exit code 2: the task named is running in another
    /// process (which is named).
    Run {
        /// A number of tasks, or a task name.
        target: Option<String>,
        /// Run this task even if it is not due or is disabled.
        #[arg(long, value_name = "TASK", conflicts_with = "target")]
        force: Option<String>,
    },
    /// Schedule a task.
    Enable {
        /// Task name.
        task: String,
    },
    /// Disable a task.
    Disable {
        /// Task name.
        task: String,
    },
    /// Make a task due now (and a Running one Scheduled).
    Reset {
        /// Task name.
        task: String,
    },
    /// Change settings: frequency, mode, hourmin, hourmax, param, logs_lifetime.
    Edit {
        /// Task name.
        task: String,
        /// `FIELD=VALUE`…
        #[arg(required = true)]
        fields: Vec<String>,
    },
    /// The log rows of a task's runs, newest first.
    Logs {
        /// Task name.
        task: String,
        /// At most this many rows.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub(super) async fn run(ctx: &Context, command: CronCommand) -> anyhow::Result<ExitCode> {
    let db = &ctx.db;
    match command {
        CronCommand::List(flag) => {
            let tasks = crate::cron::list(db, &ctx.config.plugins_dir).await?;
            output::print(
                &tasks,
                flag.json,
                &[
                    "name",
                    "plugin",
                    "status",
                    "mode_label",
                    "frequency",
                    "lastrun",
                    "lastcode",
                ],
            )?;
        }
        CronCommand::Run { target, force } => {
            let host = &ctx.host;
            let named = |task: String, force: bool| async move {
                match scheduler::run_named(host, &task, force).await {
                    Ok(report) => Ok(Ok(report.into_iter().collect::<Vec<_>>())),
                    Err(running @ NamedError::Running { .. }) => Ok(Err(running)),
                    Err(other) => Err(other),
                }
            };
            let reports = match (target, force) {
                (_, Some(task)) => named(task, true).await?,
                (Some(target), None) => match target.parse::<usize>() {
                    Ok(n) => Ok(scheduler::run_due(host, Trigger::External, n).await?),
                    Err(_) => named(target, false).await?,
                },
                (None, None) => {
                    Ok(scheduler::run_due(host, Trigger::External, ctx.config.cron_limit).await?)
                }
            };
            let reports: Vec<Report> = match reports {
                Ok(reports) => reports,
                Err(running) => {
                    eprintln!("error: {running}");
                    return Ok(ExitCode::from(RUNNING_EXIT));
                }
            };
            if reports.is_empty() {
                println!("Nothing to launch");
                for (task, by) in scheduler::running(host).await? {
                    eprintln!("note: {task} is running ({by})");
                }
            }
            let mut failed = false;
            for report in &reports {
                match &report.outcome {
                    Outcome::Done { code, volume } => println!(
                        "{}: {} (volume {volume})",
                        report.task,
                        crate::cron::runner::code_message(*code)
                    ),
                    Outcome::Failed(error) => {
                        failed = true;
                        println!("{}: error: {error}", report.task);
                    }
                    Outcome::NotStarted(why) => println!("{why}"),
                }
            }
            if failed {
                return Ok(ExitCode::FAILURE);
            }
        }
        CronCommand::Enable { task } => {
            let change = crate::cron::set_state(db, &task, crate::cron::state::SCHEDULED).await?;
            report(&task, change.as_slice());
        }
        CronCommand::Disable { task } => {
            let change = crate::cron::set_state(db, &task, crate::cron::state::DISABLED).await?;
            report(&task, change.as_slice());
        }
        CronCommand::Reset { task } => {
            let changes = crate::cron::reset(db, &task).await?;
            report(&task, &changes);
        }
        CronCommand::Edit { task, fields } => {
            let set = fields
                .iter()
                .map(|f| crate::cron::setting(f))
                .collect::<Result<Vec<_>, _>>()?;
            let Some(changes) = crate::cron::edit(db, &task, &set).await? else {
                bail!("no automatic action named {task:?}: see `parc cron list`");
            };
            report(&task, &changes);
        }
        CronCommand::Logs { task, limit, json } => {
            let Some(row) = store::cron::get(db, &task).await? else {
                bail!("no automatic action named {task:?}: see `parc cron list`");
            };
            let logs = store::cron::logs(db, row.id, limit).await?;
            output::print(
                &logs,
                json.json,
                &[
                    "id",
                    "date",
                    "state",
                    "crontasklogs_id",
                    "elapsed",
                    "volume",
                    "content",
                ],
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr what a command changed in a task, or that nothing did.
fn report(task: &str, changes: &[crate::cron::TaskChange]) {
    if changes.is_empty() {
        eprintln!("{task}: nothing changed");
    }
    for change in changes {
        eprintln!("{task}: {change}");
    }
}

/// `parc serve`: the scheduler until Ctrl-C or SIGTERM.
pub(super) async fn serve(ctx: &Context) -> anyhow::Result<ExitCode> {
    let tick = Duration::from_secs(ctx.config.scheduler_tick.max(1));
    let config = &ctx.config;
    eprintln!(
        "parc {} serving {} ({})",
        crate::plugins::HOST_VERSION,
        config.database_display(),
        config
            .file
            .as_ref()
            .map_or("no configuration file".to_owned(), |f| format!(
                "configuration {}",
                f.display()
            ))
    );
    eprintln!(
        "  web and REST API: not in this version ({} is kept for them)",
        config.listen
    );
    eprintln!(
        "  plugin drop-in watcher: {} (scanned every {}s)",
        config.plugins_dir.display(),
        tick.as_secs()
    );
    let internal: Vec<String> = crate::cron::list(&ctx.db, &config.plugins_dir)
        .await?
        .into_iter()
        .filter(|t| {
            t.task.state != 0
                && t.task.mode == crate::cron::mode::INTERNAL
                && t.will_not_run.is_none()
        })
        .map(|t| t.task.name)
        .collect();
    eprintln!(
        "  scheduler: every {}s, {} workers; automatic actions in GLPI mode: {}",
        tick.as_secs(),
        config.scheduler_workers,
        if internal.is_empty() {
            "none".to_owned()
        } else {
            internal.join(", ")
        }
    );
    eprintln!("  Ctrl-C or SIGTERM to stop");
    let shutdown = async {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
        }
    };
    scheduler::serve(
        ctx.host.clone(),
        tick,
        ctx.config.scheduler_workers,
        shutdown,
    )
    .await;
    Ok(ExitCode::SUCCESS)
}
