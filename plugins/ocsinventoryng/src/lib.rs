//! # OCS Inventory NG for parc
//!
//! Imports and synchronises computers from OCS Inventory NG databases
//! (`ocsweb` on MySQL/MariaDB), as GLPI's ocsinventoryng plugin does, with
//! its tables, rules and automatic actions. Built on `parc-plugin-api`
//! only: the OCS database is read through the host's `extdb` service and
//! computers are written through the host's inventory upsert.
//!
//! | module | holds |
//! |---|---|
//! | `schema` | the plugin's tables (GLPI's names), for both dialects |
//! | `setup` | automatic actions, default link rules, criteria, menu |
//! | `runs` | run records and their retention |
//! | `server` | OCS servers, with encrypted passwords and their entity rule |
//! | `options` | import options: validation, admin-info fields, checksum mask |
//! | `config` | one server's settings as a run reads them |
//! | `ocs` | the connection to an OCS database and its checks (`server test`) |
//! | `reader` | set-based reads of OCS machines and their sections |
//! | `mapping` | OCS → parc inventory, and the inputs of the rules |
//! | `links` | links made and cleaned by hand (`link`, `links clean`) |
//! | `process` | one run: deletions and merges, import, synchronisation |
//! | `purge` | what a purge in parc does to OCS (`allow_ocs_update`) |
//! | `i18n` | GLPI's messages in English and French |
//! | `cli`, `commands` | `parc ocsinventoryng …` |

// mimalloc: a run parses and maps hundreds of thousands of OCS rows into
// short strings; the system allocator's malloc/free took 7% of an import's
// CPU. The host has its own copy: nothing allocated here is freed there
// (abi_stable types free through their creator's vtable).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;
mod config;
mod i18n;
mod links;
mod mapping;
mod ocs;
mod options;
mod process;
mod purge;
mod reader;
mod runs;
mod schema;
mod server;
mod setup;

use parc_plugin_api::messages::Migration;
use parc_plugin_api::{
    Activation, CommandRun, Host, Install, Plugin, Result, TaskRun, TaskStatus, export_plugin,
};

/// The plugin object.
pub struct OcsInventoryNg {
    host: Host,
}

impl Plugin for OcsInventoryNg {
    fn new(host: Host) -> Result<Self> {
        Ok(Self { host })
    }

    fn migrations(&self) -> Vec<Migration> {
        schema::migrations()
    }

    fn install(&self, install: &mut Install) -> Result<()> {
        // Servers are data, not configuration: the plugin installs and
        // activates without any, and `ocsng` has nothing to do until one
        // is added.
        setup::register(install);
        Ok(())
    }

    fn activate(&self, activation: &mut Activation) -> Result<()> {
        setup::activate(activation);
        cli::register(activation);
        Ok(())
    }

    fn run_command(&self, command: &mut CommandRun) -> Result<i32> {
        cli::run(&self.host, command)
    }

    fn before_purge(&self, itemtype: &str, ids: &[u32]) -> Result<()> {
        if itemtype.eq_ignore_ascii_case("Computer") {
            purge::before_purge(&self.host, ids)?;
        }
        Ok(())
    }

    fn run_task(&self, run: &mut TaskRun) -> Result<TaskStatus> {
        i18n::set_locale(&self.host.info()?.locale);
        match run.name() {
            setup::TASK_CLEAN_RUNS => {
                let deleted = runs::clean_old(&self.host, run.param().unwrap_or(24))?;
                run.add_volume(deleted as i64);
                Ok(if deleted > 0 {
                    TaskStatus::Done
                } else {
                    TaskStatus::NothingToDo
                })
            }
            setup::TASK_SYNC => self.run_sync_task(run),
            other => Err(parc_plugin_api::Error::unsupported(format!(
                "unknown task {other}"
            ))),
        }
    }
}

impl OcsInventoryNg {
    /// `ocsng`: every active server, `cron_sync_number` computers each;
    /// partial (< 0) while work remains anywhere.
    fn run_sync_task(&self, run: &mut TaskRun) -> Result<TaskStatus> {
        let servers = self.host.db().query(
            &format!(
                "SELECT id FROM {} WHERE is_active = 1 ORDER BY id",
                schema::SERVERS
            ),
            &[],
        )?;
        if servers.rows.is_empty() {
            run.log(i18n::tr("no active OCS server", "aucun serveur OCS actif"))?;
            return Ok(TaskStatus::NothingToDo);
        }
        let locale = self.host.info()?.locale;
        let (mut remaining, mut volume, mut failures) = (false, 0u64, Vec::new());
        for row in &servers.rows {
            let cfg = config::ServerConfig::load(&self.host, row[0].as_i64().unwrap_or_default())?;
            let plan = process::Plan {
                mode: process::Mode::Task,
                budget: Some(cfg.batch_size()),
                dry_run: false,
                origin: "cron",
            };
            let host = run.host().clone();
            let mut progress = |_: &str, done: u64, total: u64| {
                let _: Result<()> = host.call(
                    parc_plugin_api::messages::host::TASK,
                    "progress",
                    &parc_plugin_api::messages::host::Progress { done, total },
                );
            };
            let cancelled = || run.is_cancelled();
            match process::run(&self.host, &cfg, &plan, &locale, &mut progress, &cancelled) {
                Ok(outcome) => {
                    volume += outcome.counts.total();
                    remaining |= outcome.remaining;
                    run.log(&format!(
                        "{}: {}",
                        cfg.name,
                        runs::counts_text(&outcome.counts)
                    ))?;
                }
                Err(e) => {
                    run.log(&format!("{}: {}", cfg.name, e.message()))?;
                    failures.push(format!("{}: {}", cfg.name, e.message()));
                }
            }
        }
        run.add_volume(volume as i64);
        if !failures.is_empty() {
            return Err(parc_plugin_api::Error::new(failures.join("; ")));
        }
        Ok(if remaining {
            TaskStatus::Partial
        } else if volume > 0 {
            TaskStatus::Done
        } else {
            TaskStatus::NothingToDo
        })
    }
}

export_plugin!(
    OcsInventoryNg,
    key = "ocsinventoryng",
    name = "OCS Inventory NG",
    host = ">=0.1.0, <0.2.0"
);
