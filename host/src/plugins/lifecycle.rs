//! GLPI's plugin transitions: install (and update), activate, deactivate,
//! uninstall, clean; each records the reason of the resulting state.
//!
//! A plugin failing or panicking never takes the host down: the error is
//! caught (by the SDK inside the plugin), the state is set as GLPI would
//! and the reason is stored and shown.

use std::sync::Arc;

use parc_plugin_api::messages::{
    ActivateReply, InstallReply, InstallRequest, MENU_SECTORS, Migration, kind,
};
use serde::Serialize;

use super::discovery::{files_present, library_altered};
use super::runtime::{Invocation, InvokeError, LoadPluginError, LoadedPlugin, PluginHost};
use super::sql_guard::table_prefix;
use super::state::PluginState;
use crate::store::{self, StoreError, plugins::PluginRecord};

/// Why a transition was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    /// No such plugin.
    #[error(
        "no plugin {0:?}: run `parc plugin list` to see the plugins found in the plugins directory"
    )]
    Unknown(String),
    /// The transition does not apply to the current state.
    #[error("plugin {key} is {label} ({code}): {what}")]
    WrongState {
        /// Key.
        key: String,
        /// Current state label.
        label: &'static str,
        /// Current state number.
        code: i32,
        /// What the user can do.
        what: String,
    },
    /// The library could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadPluginError),
    /// The plugin refused or failed; the reason is recorded.
    #[error("{0}")]
    Refused(String),
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The label of a plugin whose library no longer matches its plugin.toml.
pub const LIBRARY_ERROR: &str = "Error: library altered";

/// A plugin as listed: its row, the state computed from the disk, the reason.
#[derive(Debug, Clone, Serialize)]
pub struct PluginView {
    /// Row id.
    pub id: u32,
    /// Key (GLPI's `directory`).
    pub directory: String,
    /// Same as `directory`, under the name the CLI uses.
    pub key: String,
    /// Name.
    pub name: String,
    /// Version on disk.
    pub version: String,
    /// GLPI state number.
    pub state: i32,
    /// GLPI state label.
    pub state_label: &'static str,
    /// Why it is in that state.
    pub reason: String,
    /// Version whose install ran.
    pub installed_version: Option<String>,
    /// Authors.
    pub author: Option<String>,
    /// Homepage.
    pub homepage: Option<String>,
    /// License.
    pub license: Option<String>,
}

impl PluginHost {
    /// Every plugin, with ToBeCleaned computed for rows whose files are gone.
    pub async fn list_plugins(&self) -> Result<Vec<PluginView>, StoreError> {
        let rows = store::plugins::list(self.db()).await?;
        Ok(rows.into_iter().map(|row| self.view(row)).collect())
    }

    /// One plugin.
    pub async fn plugin(&self, key: &str) -> Result<PluginView, LifecycleError> {
        let row = self.record(key).await?;
        Ok(self.view(row))
    }

    fn view(&self, row: PluginRecord) -> PluginView {
        let mut state = PluginState::from_code(row.state);
        let mut label = state.label();
        let mut reason = row.reason.unwrap_or_default();
        if !files_present(&self.config().plugins_dir, &row.directory) {
            state = PluginState::ToBeCleaned;
            label = state.label();
            reason = format!(
                "its files are gone from {}: run `parc plugin clean {}`",
                self.config().plugins_dir.join(&row.directory).display(),
                row.directory
            );
        } else if let Some(why) = library_altered(&self.version_dir(&row.directory, &row.version)) {
            // GLPI has no state for this: the stored state stays (it is what
            // the plugin returns to once its files are put back), the label
            // says it is in error and the reason says why and what to do.
            // The loader checks the same sum and refuses to load it.
            label = LIBRARY_ERROR;
            reason = why;
        }
        PluginView {
            id: row.id,
            key: row.directory.clone(),
            directory: row.directory,
            name: row.name,
            version: row.version,
            state: state.code(),
            state_label: label,
            reason,
            installed_version: row.installed_version,
            author: row.author,
            homepage: row.homepage,
            license: row.license,
        }
    }

    async fn record(&self, key: &str) -> Result<PluginRecord, LifecycleError> {
        store::plugins::get(self.db(), key)
            .await?
            .ok_or_else(|| LifecycleError::Unknown(key.to_owned()))
    }

    /// The current state, computed as listed.
    async fn current(&self, key: &str) -> Result<(PluginRecord, PluginState), LifecycleError> {
        let row = self.record(key).await?;
        let state = if files_present(&self.config().plugins_dir, key) {
            PluginState::from_code(row.state)
        } else {
            PluginState::ToBeCleaned
        };
        Ok((row, state))
    }

    async fn set_state(
        &self,
        key: &str,
        state: PluginState,
        reason: &str,
        installed: Option<Option<&str>>,
    ) -> Result<(), StoreError> {
        tracing::info!(plugin = key, state = state.code(), "{reason}");
        store::plugins::set_state(self.db(), key, state.code(), reason, installed).await
    }

    /// Records a failure as the reason without changing the state.
    async fn refuse(&self, key: &str, state: PluginState, reason: String) -> LifecycleError {
        if let Err(e) = self.set_state(key, state, &reason, None).await {
            tracing::error!(plugin = key, "cannot record the reason: {e}");
        }
        LifecycleError::Refused(reason)
    }

    async fn call<R: serde::de::DeserializeOwned, P: Serialize>(
        &self,
        plugin: &Arc<LoadedPlugin>,
        kind: &str,
        payload: &P,
    ) -> Result<R, InvokeError> {
        self.invoke(
            plugin,
            kind,
            payload,
            Invocation::default(),
            Some(self.lifecycle_timeout),
        )
        .await
    }

    /// Installs (or updates, from NotUpdated) a plugin: host requirement,
    /// prerequisites, migrations, the plugin's install (tasks, rules,
    /// criteria), then `check_config` → NotActivated or ToBeConfigured.
    pub async fn install(self: &Arc<Self>, key: &str) -> Result<PluginState, LifecycleError> {
        let (row, state) = self.current(key).await?;
        match state {
            PluginState::New | PluginState::NotInstalled | PluginState::NotUpdated => {}
            other => {
                return Err(LifecycleError::WrongState {
                    key: key.to_owned(),
                    label: other.label(),
                    code: other.code(),
                    what: match other {
                        PluginState::ToBeCleaned => format!("run `parc plugin clean {key}`"),
                        PluginState::Replaced => {
                            "it was replaced by another plugin; uninstall it".to_owned()
                        }
                        _ => "it is already installed".to_owned(),
                    },
                });
            }
        }
        let previous = (state == PluginState::NotUpdated)
            .then(|| row.installed_version.clone())
            .flatten();
        let plugin = match self.load(key).await {
            Ok(plugin) => plugin,
            Err(e) => {
                return Err(self
                    .refuse(key, state, format!("install refused: {e}"))
                    .await);
            }
        };
        if let Err(e) = self
            .call::<(), _>(&plugin, kind::CHECK_PREREQUISITES, &())
            .await
        {
            let reason =
                format!("Plugin {key} prerequisites are not matching, it cannot be installed: {e}");
            return Err(self.refuse(key, state, reason).await);
        }
        let migrations: Vec<Migration> = match self.call(&plugin, kind::MIGRATIONS, &()).await {
            Ok(m) => m,
            Err(e) => {
                return Err(self
                    .refuse(key, state, format!("install failed: {e}"))
                    .await);
            }
        };
        if let Err(reason) = self.run_migrations(key, migrations).await {
            let hint = self.leftover_hint(key).await;
            return Err(self
                .refuse(key, state, format!("install failed: {reason}{hint}"))
                .await);
        }
        let request = InstallRequest {
            previous_version: previous.clone(),
        };
        let reply: InstallReply = match self.call(&plugin, kind::INSTALL, &request).await {
            Ok(reply) => reply,
            Err(e) => {
                return Err(self
                    .refuse(key, state, format!("install failed: {e}"))
                    .await);
            }
        };
        if let Err(reason) = validate_install(key, &reply) {
            return Err(self
                .refuse(key, state, format!("install failed: {reason}"))
                .await);
        }
        let itemtype = format!("Plugin{}", capitalize(key));
        if let Err(e) = store::registrations::save_install(self.db(), key, &itemtype, &reply).await
        {
            return Err(self
                .refuse(key, state, format!("install failed: {e}"))
                .await);
        }
        let version = plugin.manifest().version.clone();
        let what = match &previous {
            Some(old) => format!("updated from {old} to {version}"),
            None => format!("version {version} installed"),
        };
        let (new_state, reason) = match self.call::<(), _>(&plugin, kind::CHECK_CONFIG, &()).await {
            Ok(()) => (
                PluginState::NotActivated,
                format!("{what}; run `parc plugin activate {key}`"),
            ),
            Err(e) => (
                PluginState::ToBeConfigured,
                format!("{what} and must be configured: {e}"),
            ),
        };
        self.set_state(key, new_state, &reason, Some(Some(&version)))
            .await?;
        Ok(new_state)
    }

    /// When a migration fails on tables left without a record of the
    /// migrations that made them (a database cleaned by an older parc):
    /// what to do.
    async fn leftover_hint(&self, key: &str) -> String {
        let tables = store::plugins::tables_with_prefix(self.db(), &table_prefix(key))
            .await
            .unwrap_or_default();
        if tables.is_empty() {
            return String::new();
        }
        format!(
            " (table(s) {} exist from an earlier install: `parc plugin uninstall {key}` drops \
             them, their data is lost, then install again)",
            tables.join(", ")
        )
    }

    async fn run_migrations(
        &self,
        key: &str,
        mut migrations: Vec<Migration>,
    ) -> Result<(), String> {
        migrations.sort_by_key(|m| m.id);
        let applied = store::plugin_sql::applied_migrations(self.db(), key)
            .await
            .map_err(|e| e.to_string())?;
        let prefix = table_prefix(key);
        for migration in migrations.iter().filter(|m| !applied.contains(&m.id)) {
            for (backend, sql) in [
                (store::Backend::Sqlite, &migration.sqlite),
                (store::Backend::MySql, &migration.mysql),
            ] {
                super::sql_guard::check_script(backend, key, sql).map_err(|e| {
                    format!(
                        "migration {} ({}) refused: {e} (tables must start with {prefix})",
                        migration.id, migration.description
                    )
                })?;
            }
            store::plugin_sql::apply_migration(self.db(), key, migration)
                .await
                .map_err(|e| {
                    format!(
                        "migration {} ({}) failed: {e}",
                        migration.id, migration.description
                    )
                })?;
        }
        Ok(())
    }

    /// Activates an installed plugin: prerequisites and configuration are
    /// checked again, then the plugin registers its menu entries, pages and
    /// commands. A failure or panic leaves it NotActivated with the reason.
    pub async fn activate(self: &Arc<Self>, key: &str) -> Result<PluginState, LifecycleError> {
        let (_, state) = self.current(key).await?;
        match state {
            PluginState::NotActivated | PluginState::ToBeConfigured => {}
            PluginState::Activated => return Ok(state),
            other => {
                return Err(LifecycleError::WrongState {
                    key: key.to_owned(),
                    label: other.label(),
                    code: other.code(),
                    what: match other {
                        PluginState::NotUpdated => {
                            format!("run `parc plugin install {key}` to update it first")
                        }
                        PluginState::ToBeCleaned => format!("run `parc plugin clean {key}`"),
                        _ => format!("install it first with `parc plugin install {key}`"),
                    },
                });
            }
        }
        let plugin = match self.load(key).await {
            Ok(plugin) => plugin,
            Err(e) => {
                return Err(self
                    .refuse(key, state, format!("activation failed: {e}"))
                    .await);
            }
        };
        if let Err(e) = self
            .call::<(), _>(&plugin, kind::CHECK_PREREQUISITES, &())
            .await
        {
            let reason =
                format!("Plugin {key} prerequisites are not matching, it cannot be activated: {e}");
            return Err(self.refuse(key, state, reason).await);
        }
        if let Err(e) = self.call::<(), _>(&plugin, kind::CHECK_CONFIG, &()).await {
            let reason =
                format!("Plugin {key} configuration must be done, it cannot be activated: {e}");
            return Err(self.refuse(key, PluginState::ToBeConfigured, reason).await);
        }
        let reply: ActivateReply = match self.call(&plugin, kind::ACTIVATE, &()).await {
            Ok(reply) => reply,
            Err(e) => {
                let reason = format!("activation failed: {e}");
                return Err(self.refuse(key, PluginState::NotActivated, reason).await);
            }
        };
        if let Err(reason) = validate_activation(&reply) {
            let reason = format!("activation failed: {reason}");
            return Err(self.refuse(key, PluginState::NotActivated, reason).await);
        }
        store::registrations::save_activation(self.db(), key, &reply).await?;
        self.set_state(key, PluginState::Activated, "activated", None)
            .await?;
        Ok(PluginState::Activated)
    }

    /// Deactivates: menus, pages and commands vanish, tasks stop running.
    pub async fn deactivate(self: &Arc<Self>, key: &str) -> Result<PluginState, LifecycleError> {
        let (row, state) = self.current(key).await?;
        let stored = PluginState::from_code(row.state);
        if stored != PluginState::Activated {
            return Err(LifecycleError::WrongState {
                key: key.to_owned(),
                label: state.label(),
                code: state.code(),
                what: "it is not active".to_owned(),
            });
        }
        let mut reason = "deactivated".to_owned();
        if state != PluginState::ToBeCleaned {
            match self.load(key).await {
                Ok(plugin) => {
                    if let Err(e) = self.call::<(), _>(&plugin, kind::DEACTIVATE, &()).await {
                        reason = format!("deactivated (the plugin reported: {e})");
                    }
                }
                Err(e) => reason = format!("deactivated without calling the plugin: {e}"),
            }
        }
        store::registrations::clear_activation(self.db(), key).await?;
        self.set_state(key, PluginState::NotActivated, &reason, None)
            .await?;
        Ok(PluginState::NotActivated)
    }

    /// Uninstalls: deactivates if needed, calls the plugin's uninstall,
    /// removes its tasks, rules and registrations and drops its tables; the
    /// row is kept (NotInstalled).
    pub async fn uninstall(self: &Arc<Self>, key: &str) -> Result<PluginState, LifecycleError> {
        let (row, state) = self.current(key).await?;
        let stored = PluginState::from_code(row.state);
        if state == PluginState::ToBeCleaned {
            return Err(LifecycleError::WrongState {
                key: key.to_owned(),
                label: state.label(),
                code: state.code(),
                what: format!(
                    "its files are gone: `parc plugin clean {key}` forgets it and keeps its                      tables, `parc plugin clean {key} --purge-data` drops them too"
                ),
            });
        }
        if !(stored.is_installed() || stored == PluginState::Replaced) {
            // Not installed, but tables may be left from an earlier install
            // (cleaned, then added again): uninstall drops them.
            let tables = store::plugins::tables_with_prefix(self.db(), &table_prefix(key)).await?;
            let migrations = store::plugin_sql::applied_migrations(self.db(), key).await?;
            if tables.is_empty() && migrations.is_empty() {
                return Err(LifecycleError::WrongState {
                    key: key.to_owned(),
                    label: state.label(),
                    code: state.code(),
                    what: "it is not installed and has no tables".to_owned(),
                });
            }
            let dropped =
                store::plugin_sql::drop_plugin_tables(self.db(), key, &table_prefix(key)).await?;
            let reason = format!(
                "not installed; {} table(s) left from an earlier install dropped",
                dropped.len()
            );
            self.set_state(key, stored, &reason, None).await?;
            return Ok(stored);
        }
        let mut notes = Vec::new();
        match self.load(key).await {
            Ok(plugin) => {
                if stored == PluginState::Activated
                    && let Err(e) = self.call::<(), _>(&plugin, kind::DEACTIVATE, &()).await
                {
                    notes.push(format!("deactivate reported: {e}"));
                }
                if let Err(e) = self.call::<(), _>(&plugin, kind::UNINSTALL, &()).await {
                    notes.push(format!("uninstall reported: {e}"));
                }
            }
            Err(e) => notes.push(format!("the plugin was not called: {e}")),
        }
        store::registrations::delete_all(self.db(), key).await?;
        let dropped =
            store::plugin_sql::drop_plugin_tables(self.db(), key, &table_prefix(key)).await?;
        let mut reason = format!("uninstalled ({} table(s) dropped)", dropped.len());
        if !notes.is_empty() {
            reason = format!("{reason}; {}", notes.join("; "));
        }
        self.set_state(key, PluginState::NotInstalled, &reason, Some(None))
            .await?;
        Ok(PluginState::NotInstalled)
    }

    /// What `clean` would do to plugin `key`, or why it does not apply:
    /// the plugin's tables (kept, or dropped with `purge`).
    pub async fn clean_plan(&self, key: &str, purge: bool) -> Result<CleanPlan, LifecycleError> {
        let tables = store::plugins::tables_with_prefix(self.db(), &table_prefix(key)).await?;
        let migrations = store::plugin_sql::applied_migrations(self.db(), key).await?;
        let Some(row) = store::plugins::get(self.db(), key).await? else {
            // Cleaned already: only its data can be left, for --purge-data.
            if purge && !(tables.is_empty() && migrations.is_empty()) {
                return Ok(CleanPlan {
                    forget_row: false,
                    tables,
                    purge,
                });
            }
            if !purge && !tables.is_empty() {
                return Err(LifecycleError::Refused(format!(
                    "plugin {key} was cleaned already; its table(s) {} remain: run                      `parc plugin clean {key} --purge-data` to drop them",
                    tables.join(", ")
                )));
            }
            return Err(LifecycleError::Unknown(key.to_owned()));
        };
        let state = if files_present(&self.config().plugins_dir, key) {
            PluginState::from_code(row.state)
        } else {
            PluginState::ToBeCleaned
        };
        if state != PluginState::ToBeCleaned {
            let what = if !tables.is_empty() || !migrations.is_empty() {
                format!(
                    "its files are present, so clean does not apply; `parc plugin uninstall {key}`                      drops its tables"
                )
            } else {
                "its files are present; clean only applies once they are removed".to_owned()
            };
            return Err(LifecycleError::WrongState {
                key: key.to_owned(),
                label: state.label(),
                code: state.code(),
                what,
            });
        }
        Ok(CleanPlan {
            forget_row: true,
            tables,
            purge,
        })
    }

    /// Forgets a plugin whose files are gone: its row and what it
    /// registered. Its tables and the record of its applied migrations stay
    /// (as GLPI keeps a cleaned plugin's tables), so adding it again and
    /// installing finds them and goes on; with `purge`, they are dropped.
    /// The caller confirms a purge first ([`Self::clean_plan`]).
    pub async fn clean(&self, key: &str, purge: bool) -> Result<CleanPlan, LifecycleError> {
        let plan = self.clean_plan(key, purge).await?;
        if plan.forget_row {
            store::plugins::delete(self.db(), key).await?;
        }
        if purge {
            store::plugin_sql::drop_plugin_tables(self.db(), key, &table_prefix(key)).await?;
        }
        tracing::info!(plugin = key, purge, tables = plan.tables.len(), "cleaned");
        Ok(plan)
    }
}

/// What `clean` does.
#[derive(Debug, Clone, Serialize)]
pub struct CleanPlan {
    /// The plugin's row is deleted (false: it was cleaned before).
    pub forget_row: bool,
    /// The plugin's tables: kept, or dropped when `purge`.
    pub tables: Vec<String>,
    /// Whether the tables and migration records are dropped.
    pub purge: bool,
}

fn capitalize(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Splits a migration into statements for the guard (string literals with
/// semicolons are rare in DDL; the guard refuses what it cannot parse).
fn validate_install(key: &str, reply: &InstallReply) -> Result<(), String> {
    for task in &reply.tasks {
        if task.name.is_empty() || task.frequency <= 0 {
            return Err(format!(
                "task {:?} needs a name and a positive frequency",
                task.name
            ));
        }
        if !(0..=24).contains(&task.hourmin) || !(0..=24).contains(&task.hourmax) {
            return Err(format!("task {}: hours must be within 0–24", task.name));
        }
    }
    for rule in &reply.rules {
        if rule.uuid.is_empty() || rule.sub_type.is_empty() {
            return Err(format!("rule {:?} needs a uuid and a sub_type", rule.name));
        }
        if !matches!(rule.match_.as_str(), "AND" | "OR") {
            return Err(format!("rule {}: match must be AND or OR", rule.name));
        }
        for c in &rule.criteria {
            crate::rules::collections::check_plugin_criterion(key, &rule.sub_type, &c.criteria)?;
        }
    }
    for criterion in &reply.criteria {
        if criterion.name.is_empty() {
            return Err(format!(
                "plugin {key} registered a rule criterion without a name"
            ));
        }
        crate::rules::collections::check_plugin_criterion(
            key,
            &criterion.sub_type,
            &criterion.name,
        )?;
    }
    Ok(())
}

fn validate_activation(reply: &ActivateReply) -> Result<(), String> {
    for entry in &reply.menu {
        if !MENU_SECTORS.contains(&entry.sector.as_str()) {
            return Err(format!(
                "menu entry {:?}: unknown sector {:?} (one of {})",
                entry.label,
                entry.sector,
                MENU_SECTORS.join(", ")
            ));
        }
        if !reply.pages.iter().any(|p| p.path == entry.page) {
            return Err(format!(
                "menu entry {:?} points at undeclared page {:?}",
                entry.label, entry.page
            ));
        }
    }
    for command in &reply.commands {
        if command.name.is_empty()
            || command.name.starts_with('-')
            || command.name.contains(char::is_whitespace)
        {
            return Err(format!("invalid command name {:?}", command.name));
        }
    }
    Ok(())
}
