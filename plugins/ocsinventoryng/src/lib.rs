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
//! | `ocs` | the connection to an OCS database and its checks (`server test`) |
//! | `i18n` | GLPI's messages in English and French |
//! | `cli` | `parc ocsinventoryng …` |
//!
//! Work in progress: import, synchronisation and deletions
//! land in the next increments (see the project's issue 5).

mod cli;
mod i18n;
mod ocs;
mod options;
mod runs;
mod schema;
mod server;
mod setup;

use parc_plugin_api::messages::Migration;
use parc_plugin_api::{
    Activation, CommandRun, Host, Install, Plugin, Result, TaskRun, TaskStatus, export_plugin,
    tracing,
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

    fn run_task(&self, run: &mut TaskRun) -> Result<TaskStatus> {
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
            setup::TASK_SYNC => {
                let servers = self.host.db().query(
                    &format!(
                        "SELECT COUNT(*) FROM {} WHERE is_active = 1",
                        schema::SERVERS
                    ),
                    &[],
                )?;
                let active = servers.rows[0][0].as_i64().unwrap_or_default();
                tracing::info!(active, "ocsng: active OCS servers");
                if active > 0 {
                    return Err(parc_plugin_api::Error::unsupported(
                        "import and synchronisation are not available in this version of the plugin",
                    ));
                }
                run.log("no active OCS server")?;
                Ok(TaskStatus::NothingToDo)
            }
            other => Err(parc_plugin_api::Error::unsupported(format!(
                "unknown task {other}"
            ))),
        }
    }
}

export_plugin!(
    OcsInventoryNg,
    key = "ocsinventoryng",
    name = "OCS Inventory NG",
    host = ">=0.1.0, <0.2.0"
);
