//! # The example plugin: a tutorial for parc plugin authors
//!
//! This crate is the smallest plugin that uses every capability of the
//! plugin API, one file per capability:
//!
//! | file | capability |
//! |---|---|
//! | `tables.rs` | its own database table, created at install, dropped at uninstall |
//! | `task.rs` | an automatic action (hourly) |
//! | `rules.rs` | a rule criterion and a default rule |
//! | `menu.rs` | a page and its **Tools** menu entry |
//! | `command.rs` | a CLI command, `parc example greet NAME`; secrets kept at rest (`seal`/`unseal`) |
//! | `external.rs` | reading another application's MySQL database, streamed in batches |
//! | `inventory.rs` | writing a computer into the asset store, with a purge cascade |
//!
//! The plugin greets people: the command and the task write greetings into
//! `glpi_plugin_example_greetings`.
//!
//! ## Build, pack, install
//!
//! ```text
//! parc plugin pack plugins/example --out dist/out   # builds in release, writes example-1.0.0.tar.gz
//! parc plugin add dist/out/example-1.0.0.tar.gz     # or drop it into the plugins directory
//! parc plugin install example
//! parc plugin activate example
//! parc example greet world
//! ```
//!
//! ## Rules every plugin follows
//!
//! * Depend on `parc-plugin-api` only, implement [`Plugin`], call
//!   [`export_plugin!`] once. The crate type is `cdylib`.
//! * Keep `panic = "unwind"` (the default): panics are caught and reported.
//! * Log with `tracing`: events reach the host's log.
//! * Never use tokio or a database driver from the plugin: call host
//!   services (`host.db()`, …), which are plain synchronous calls.

mod command;
mod external;
mod inventory;
mod menu;
mod rules;
mod tables;
mod task;

use parc_plugin_api::messages::Migration;
use parc_plugin_api::tracing;
use parc_plugin_api::{
    Activation, CommandRun, Host, Install, Plugin, Result, TaskRun, TaskStatus, export_plugin,
};

/// The plugin object. The host creates it once per process, on first use.
pub struct Example {
    host: Host,
}

impl Plugin for Example {
    fn new(host: Host) -> Result<Self> {
        // Keep construction cheap: no I/O here, the host may load the
        // library only to run a command of another plugin's neighbour.
        Ok(Self { host })
    }

    fn migrations(&self) -> Vec<Migration> {
        tables::migrations()
    }

    fn install(&self, install: &mut Install) -> Result<()> {
        if let Some(previous) = install.previous_version() {
            // An update from the version that was installed (`None` on a
            // first install). The new migrations already ran; adapt data
            // here if needed. The log line is how the tests see that the
            // host passed the old version (`parc -v plugin install`).
            tracing::info!("updating the example plugin from {previous}");
        }
        task::register(install);
        rules::register(install);
        inventory::register(install);
        Ok(())
    }

    fn uninstall(&self) -> Result<()> {
        // The host drops our tables, tasks and rules after this returns;
        // clean up anything else the plugin created (files, …) here.
        tracing::info!("example plugin uninstalled");
        Ok(())
    }

    fn activate(&self, activation: &mut Activation) -> Result<()> {
        menu::register(activation);
        command::register(activation);
        Ok(())
    }

    fn run_task(&self, run: &mut TaskRun) -> Result<TaskStatus> {
        task::run(&self.host, run)
    }

    fn run_command(&self, command: &mut CommandRun) -> Result<i32> {
        command::run(&self.host, command)
    }
}

// Exports the plugin. The key is the directory name in the plugins folder
// (lowercase letters and digits); `host` is the range of parc versions this
// plugin supports. Version, authors, license and homepage come from
// Cargo.toml.
export_plugin!(
    Example,
    key = "example",
    name = "Example",
    host = ">=0.1.0, <0.2.0"
);
