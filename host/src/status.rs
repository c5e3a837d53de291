//! The state of one installation at a glance (`parc status`): which
//! configuration file and database a command works on, where the files
//! are, the plugins and their states, and the automatic actions that are
//! due. A sysadmin reads it first when a crontab line or a service seems
//! to do nothing: most often it is pointed at another installation.

use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::cron::scheduler;
use crate::plugins::{HOST_VERSION, PluginHost};
use crate::store::StoreError;

/// What `parc status` reports.
#[derive(Debug, Serialize)]
pub struct Status {
    /// parc's version.
    pub version: &'static str,
    /// The configuration file in use, if any.
    pub config_file: Option<String>,
    /// Where a configuration file is looked for, in order.
    pub config_search: Vec<String>,
    /// The database URL, password hidden.
    pub database: String,
    /// `sqlite` or `mysql`.
    pub backend: &'static str,
    /// Data directory.
    pub data_dir: String,
    /// Plugins directory.
    pub plugins_dir: String,
    /// Address `parc serve` uses.
    pub listen: String,
    /// Language of messages.
    pub locale: String,
    /// Every known plugin with its GLPI state.
    pub plugins: Vec<PluginState>,
    /// Automatic actions due now, in the order they would run.
    pub tasks_due: Vec<DueTask>,
}

/// A plugin in the status.
#[derive(Debug, Serialize)]
pub struct PluginState {
    /// Key.
    pub key: String,
    /// Version on disk.
    pub version: String,
    /// GLPI state number.
    pub state: i32,
    /// GLPI state label.
    pub state_label: &'static str,
}

/// A due task in the status.
#[derive(Debug, Serialize)]
pub struct DueTask {
    /// Task name.
    pub name: String,
    /// Owning plugin, `None` for the core.
    pub plugin: Option<String>,
    /// "GLPI" (run by `parc serve`) or "CLI" (run by `parc cron run`).
    pub mode: &'static str,
    /// Last run, if any.
    pub lastrun: Option<String>,
}

/// Reads the status of the installation `host` works on (after a plugin
/// scan, as `parc plugin list` does).
pub async fn read(host: &Arc<PluginHost>) -> Result<Status, StoreError> {
    let config = host.config();
    let plugins = host
        .list_plugins()
        .await?
        .into_iter()
        .map(|p| PluginState {
            key: p.key,
            version: p.version,
            state: p.state,
            state_label: p.state_label,
        })
        .collect();
    let tasks_due = scheduler::due_now(host, None)
        .await?
        .into_iter()
        .map(|t| DueTask {
            mode: crate::cron::mode_label(t.mode),
            lastrun: t.lastrun.map(|d| d.to_string()),
            name: t.name,
            plugin: t.plugin,
        })
        .collect();
    Ok(Status {
        version: HOST_VERSION,
        config_file: config.file.as_ref().map(|f| f.display().to_string()),
        config_search: search_description(),
        database: config.database_display(),
        backend: host.db().backend().name(),
        data_dir: config.data_dir.display().to_string(),
        plugins_dir: config.plugins_dir.display().to_string(),
        listen: config.listen.clone(),
        locale: config.locale.clone(),
        plugins,
        tasks_due,
    })
}

fn search_description() -> Vec<String> {
    std::iter::once("--config FILE".to_owned())
        .chain(std::iter::once("$PARC_CONFIG".to_owned()))
        .chain(
            Config::search_path()
                .into_iter()
                .map(|p| p.display().to_string()),
        )
        .collect()
}
