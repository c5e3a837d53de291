//! `parc cron …` and `parc serve`.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;
use clap::Subcommand;

use super::output;
use super::{Context, JsonFlag};
use crate::cron::runner::Outcome;
use crate::cron::scheduler::{self, Report};
use crate::store;

/// `parc cron …`
#[derive(Debug, Subcommand)]
pub enum CronCommand {
    /// List automatic actions.
    List(JsonFlag),
    /// Run tasks (for a system crontab): no argument = up to `cron_limit`
    /// due CLI-mode tasks; a number N = up to N; a task name = that task if
    /// it is due.
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
            let tasks = crate::cron::list(db).await?;
            output::print(
                &tasks,
                flag.json,
                &[
                    "name",
                    "plugin",
                    "state_label",
                    "mode_label",
                    "frequency",
                    "lastrun",
                    "lastcode",
                ],
            )?;
        }
        CronCommand::Run { target, force } => {
            let host = &ctx.host;
            let reports: Vec<Report> = match (target, force) {
                (_, Some(task)) => scheduler::run_named(host, &task, true)
                    .await?
                    .into_iter()
                    .collect(),
                (Some(target), None) => match target.parse::<usize>() {
                    Ok(n) => {
                        scheduler::run_due(host, crate::cron::runner::Trigger::External, n).await?
                    }
                    Err(_) => scheduler::run_named(host, &target, false)
                        .await?
                        .into_iter()
                        .collect(),
                },
                (None, None) => {
                    scheduler::run_due(
                        host,
                        crate::cron::runner::Trigger::External,
                        ctx.config.cron_limit,
                    )
                    .await?
                }
            };
            if reports.is_empty() {
                println!("Nothing to launch");
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
            set_state(ctx, &task, crate::cron::state::SCHEDULED).await?
        }
        CronCommand::Disable { task } => {
            set_state(ctx, &task, crate::cron::state::DISABLED).await?
        }
        CronCommand::Reset { task } => {
            if !store::cron::reset(db, &task).await? {
                bail!("no automatic action named {task:?}: see `parc cron list`");
            }
            eprintln!("{task}: due now");
        }
        CronCommand::Edit { task, fields } => {
            let mut set = Vec::new();
            for field in &fields {
                let (name, value) = field
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("expected FIELD=VALUE, got {field:?}"))?;
                let value: i64 = value
                    .trim()
                    .parse()
                    .map_err(|_| anyhow::anyhow!("{name} must be a number"))?;
                let column = match name.trim() {
                    "frequency" if value > 0 => "frequency",
                    "mode" if value == 1 || value == 2 => "mode",
                    "hourmin" if (0..=24).contains(&value) => "hourmin",
                    "hourmax" if (0..=24).contains(&value) => "hourmax",
                    "param" => "param",
                    "logs_lifetime" if value >= 0 => "logs_lifetime",
                    other => bail!(
                        "invalid {other}={value}: editable are frequency (> 0), mode (1 GLPI, 2 CLI), \
                         hourmin and hourmax (0–24), param, logs_lifetime (days, 0 = forever)"
                    ),
                };
                set.push((column, value));
            }
            if !store::cron::edit(db, &task, &set).await? {
                bail!("no automatic action named {task:?}: see `parc cron list`");
            }
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

async fn set_state(ctx: &Context, task: &str, state: i32) -> anyhow::Result<()> {
    if store::cron::set_state(&ctx.db, task, state).await? {
        return Ok(());
    }
    match store::cron::get(&ctx.db, task).await? {
        None => bail!("no automatic action named {task:?}: see `parc cron list`"),
        Some(_) => bail!("{task} is running: wait for it to end (or `parc cron reset {task}`)"),
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
    let internal: Vec<String> = crate::cron::list(&ctx.db)
        .await?
        .into_iter()
        .filter(|t| t.task.state != 0 && t.task.mode == crate::cron::mode::INTERNAL)
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
