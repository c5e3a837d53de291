//! The serde messages that travel through the frozen ABI.
//!
//! This is where plugin-api evolves: a minor version may add message kinds,
//! host services and fields (always `#[serde(default)]`), never remove or
//! rename them. Both sides ignore unknown fields, so a plugin built against
//! 1.0 keeps working with a 1.7 host and the reverse.
//!
//! Plugin authors normally use the typed SDK ([`crate::Plugin`],
//! [`crate::Install`], [`crate::Activation`], …); these types are public so
//! that the host, tests and tools can speak the protocol too.

use serde::{Deserialize, Serialize};

pub mod inventory;

/// Names of the host → plugin messages (`PluginObject::invoke`).
pub mod kind {
    /// Liveness check; the SDK echoes the payload.
    pub const PING: &str = "ping";
    /// `check_prerequisites`: `()` → `()`.
    pub const CHECK_PREREQUISITES: &str = "check_prerequisites";
    /// `check_config`: `()` → `()`.
    pub const CHECK_CONFIG: &str = "check_config";
    /// The plugin's own tables: `()` → `Vec<Migration>`.
    pub const MIGRATIONS: &str = "migrations";
    /// Install or update: [`super::InstallRequest`] → [`super::InstallReply`].
    pub const INSTALL: &str = "install";
    /// Uninstall: `()` → `()`.
    pub const UNINSTALL: &str = "uninstall";
    /// Activate: `()` → [`super::ActivateReply`].
    pub const ACTIVATE: &str = "activate";
    /// Deactivate: `()` → `()`.
    pub const DEACTIVATE: &str = "deactivate";
    /// Run an automatic action: [`super::TaskRequest`] → [`super::TaskReply`].
    pub const RUN_TASK: &str = "run_task";
    /// Run a CLI command: [`super::CommandRequest`] → [`super::CommandReply`].
    pub const RUN_COMMAND: &str = "run_command";
    /// Kind `before_purge`: payload [`super::PurgeNotice`], reply `()`. Sent to
    /// active plugins that asked for it ([`super::InstallReply::purge_hooks`])
    /// before items are purged; an error stops the purge.
    pub const BEFORE_PURGE: &str = "before_purge";
}

/// What a plugin library says about itself (the `describe` entry of the root
/// module). The host compares it with `plugin.toml` after loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryInfo {
    /// Plugin key (`^[a-z0-9]+$`), the directory name.
    pub key: String,
    /// Human-readable name.
    pub name: String,
    /// Plugin version (semver), from the plugin crate's `Cargo.toml`.
    pub version: String,
    /// The plugin-api version the library was built against.
    pub api: String,
    /// Semver range the host version must match.
    pub host: String,
    /// Authors.
    #[serde(default)]
    pub author: String,
    /// License (SPDX expression).
    #[serde(default)]
    pub license: String,
    /// Homepage URL.
    #[serde(default)]
    pub homepage: String,
}

/// A schema change of the plugin's own tables, in both SQL dialects.
///
/// The host runs pending migrations (in `id` order) before calling the
/// plugin's `install`, records each one, and drops every
/// `glpi_plugin_<key>_*` table at uninstall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Migration {
    /// Increasing number; never reuse or edit a shipped one.
    pub id: u32,
    /// What it does.
    pub description: String,
    /// SQL for SQLite (may hold several statements).
    pub sqlite: String,
    /// SQL for MariaDB / MySQL (may hold several statements).
    pub mysql: String,
}

/// Payload of `install`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallRequest {
    /// The version installed before, when this install is an update.
    #[serde(default)]
    pub previous_version: Option<String>,
}

/// What a plugin registers at install: kept until uninstall.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InstallReply {
    /// Automatic actions.
    #[serde(default)]
    pub tasks: Vec<TaskSpec>,
    /// Default rules.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Rule criteria the plugin adds to a rule collection.
    #[serde(default)]
    pub criteria: Vec<CriterionSpec>,
    /// Rows of the plugin's tables to delete when an item is purged.
    #[serde(default)]
    pub purge_cascades: Vec<PurgeCascade>,
    /// Rule collections the plugin adds.
    #[serde(default)]
    pub collections: Vec<CollectionSpec>,
    /// Rule actions (output fields) the plugin adds to a collection.
    #[serde(default)]
    pub rule_actions: Vec<RuleFieldSpec>,
    /// Item types (`Computer`) whose purges the plugin wants to hear about
    /// first (kind `before_purge`).
    #[serde(default)]
    pub purge_hooks: Vec<String>,
}

/// Payload of `before_purge`: items about to be purged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurgeNotice {
    /// Item type (`Computer`).
    pub itemtype: String,
    /// Ids of the items.
    pub ids: Vec<u32>,
}

/// A rule collection a plugin adds (GLPI: a `RuleCollection` class).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionSpec {
    /// `sub_type` of its rules, e.g. `PluginExampleRuleGreeting`.
    pub sub_type: String,
    /// Title shown to users.
    pub title: String,
    /// Whether evaluation stops at the first matching rule.
    #[serde(default)]
    pub stop_on_first_match: bool,
}

/// An output field a plugin's rules may set in a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFieldSpec {
    /// Collection.
    pub sub_type: String,
    /// Output field.
    pub field: String,
    /// Label.
    pub label: String,
}

/// "When an item of `itemtype` is purged, delete the rows of `table` whose
/// `column` holds its id": run by the host in the purge's own transaction,
/// so a plugin's link rows never outlive the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeCascade {
    /// GLPI itemtype, e.g. `Computer`.
    pub itemtype: String,
    /// One of the plugin's tables (`glpi_plugin_<key>_…`).
    pub table: String,
    /// Column holding the item's id.
    pub column: String,
}

/// What a plugin registers at activation: gone at deactivation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivateReply {
    /// Menu entries.
    #[serde(default)]
    pub menu: Vec<MenuEntry>,
    /// Pages served under `/plugins/<key>/`.
    #[serde(default)]
    pub pages: Vec<PageSpec>,
    /// CLI commands, run as `parc <key> <name> …`.
    #[serde(default)]
    pub commands: Vec<CommandSpec>,
}

/// Task state: disabled (GLPI `CronTask::STATE_DISABLE`).
pub const TASK_STATE_DISABLED: i32 = 0;
/// Task state: scheduled (GLPI `CronTask::STATE_WAITING`).
pub const TASK_STATE_SCHEDULED: i32 = 1;
/// Task mode: run by the host's own scheduler (GLPI "internal").
pub const TASK_MODE_INTERNAL: i32 = 1;
/// Task mode: run by `parc cron run` from a system crontab (GLPI "CLI").
pub const TASK_MODE_EXTERNAL: i32 = 2;

/// An automatic action (a row of `glpi_crontasks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSpec {
    /// Unique task name (across parc); what `parc cron run TASK` refers to.
    pub name: String,
    /// Seconds between two runs.
    pub frequency: i64,
    /// 0 disabled, 1 scheduled.
    #[serde(default = "default_task_state")]
    pub state: i32,
    /// 1 internal (scheduler), 2 external (system cron).
    #[serde(default = "default_task_mode")]
    pub mode: i32,
    /// Allowed modes, a bit mask (3 = both).
    #[serde(default = "default_allowmode")]
    pub allowmode: i32,
    /// First hour of the run window (0–24).
    #[serde(default)]
    pub hourmin: i32,
    /// End hour of the run window (0–24, exclusive).
    #[serde(default = "default_hourmax")]
    pub hourmax: i32,
    /// Days of log retention (0 = forever).
    #[serde(default = "default_logs_lifetime")]
    pub logs_lifetime: i32,
    /// The integer parameter handed to each run.
    #[serde(default)]
    pub param: Option<i64>,
    /// Label of the parameter, shown next to it.
    #[serde(default)]
    pub param_label: Option<String>,
    /// What the task does.
    #[serde(default)]
    pub description: String,
}

fn default_task_state() -> i32 {
    TASK_STATE_SCHEDULED
}
fn default_task_mode() -> i32 {
    TASK_MODE_INTERNAL
}
fn default_allowmode() -> i32 {
    3
}
fn default_hourmax() -> i32 {
    24
}
fn default_logs_lifetime() -> i32 {
    30
}

/// A rule (a row of `glpi_rules` with its criteria and actions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSpec {
    /// Stable identifier; re-installs update the rule with this uuid.
    pub uuid: String,
    /// Collection, e.g. `RuleImportEntity`, `RuleImportAsset`.
    pub sub_type: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// `AND` or `OR`.
    #[serde(default = "default_match", rename = "match")]
    pub match_: String,
    /// Active flag.
    #[serde(default = "default_true")]
    pub is_active: bool,
    /// Criteria.
    #[serde(default)]
    pub criteria: Vec<RuleCriterionSpec>,
    /// Actions.
    #[serde(default)]
    pub actions: Vec<RuleActionSpec>,
}

fn default_match() -> String {
    "AND".to_owned()
}
fn default_true() -> bool {
    true
}

/// One criterion of a rule (`glpi_rulecriterias`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCriterionSpec {
    /// Criterion key, e.g. `tag`, `name`.
    pub criteria: String,
    /// GLPI condition number (0 is, 6 regex matches, …).
    pub condition: i32,
    /// Pattern.
    pub pattern: String,
}

/// One action of a rule (`glpi_ruleactions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleActionSpec {
    /// `assign`, `regex_result`, …
    pub action_type: String,
    /// Output field, e.g. `entities_id`.
    pub field: String,
    /// Value.
    pub value: String,
}

/// A criterion a plugin adds to a rule collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionSpec {
    /// The collection (`sub_type`), e.g. `RuleImportEntity`.
    pub sub_type: String,
    /// Criterion key used in rule criteria and evaluation input.
    pub name: String,
    /// Label shown to users.
    pub label: String,
}

/// GLPI's menu sectors.
pub const MENU_SECTORS: &[&str] = &[
    "assets",
    "helpdesk",
    "management",
    "tools",
    "plugins",
    "admin",
    "config",
];

/// A menu entry, pointing at one of the plugin's pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuEntry {
    /// One of [`MENU_SECTORS`].
    pub sector: String,
    /// Label.
    pub label: String,
    /// Page path relative to `/plugins/<key>/`.
    pub page: String,
}

/// A page the plugin serves under `/plugins/<key>/<path>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSpec {
    /// Path relative to `/plugins/<key>/`.
    pub path: String,
    /// Title.
    pub title: String,
}

/// A CLI command: `parc <key> <name> …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandSpec {
    /// Subcommand name.
    pub name: String,
    /// One-line help.
    pub about: String,
}

/// Payload of `run_task`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRequest {
    /// Task name.
    pub task: String,
    /// The task's integer parameter.
    #[serde(default)]
    pub param: Option<i64>,
}

/// Result of `run_task`, in GLPI's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskReply {
    /// < 0 partial (more to do), 0 nothing to do, > 0 done.
    pub code: i64,
    /// Amount of work done, for statistics.
    #[serde(default)]
    pub volume: i64,
}

/// Payload of `run_command`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRequest {
    /// Arguments after `parc <key>`.
    pub args: Vec<String>,
    /// Whether stdout is a terminal (progress bars, colours).
    #[serde(default)]
    pub stdout_is_terminal: bool,
}

/// Result of `run_command`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandReply {
    /// Process exit code.
    pub exit_code: i32,
}

/// Plugin → host services (`HostServices::call`): names and payloads.
pub mod host {
    use serde::{Deserialize, Serialize};

    /// Service `host`, method `info`: `()` → [`HostInfo`].
    pub const HOST: &str = "host";
    /// Service `db`: methods `query`, `execute`, `begin`, `commit`, `rollback`.
    pub const DB: &str = "db";
    /// Service `cli`: method `write` ([`Write`]).
    pub const CLI: &str = "cli";
    /// Service `task`: methods `log` ([`TaskLog`]), `progress` ([`Progress`]),
    /// `cancelled` (`()` → bool).
    pub const TASK: &str = "task";
    /// Service `rules`: method `evaluate` ([`Evaluate`] → `Vec<`[`Evaluated`]`>`);
    /// `add` (`Vec<`[`crate::messages::RuleSpec`]`>` → `Vec<u32>`, the ids:
    /// rules created at run time, kept when their uuid exists) and `remove`
    /// ([`RuleRef`] → bool) for the plugin's own rules.
    pub const RULES: &str = "rules";
    /// Service `extdb`: connections to external MySQL/MariaDB databases
    /// (an OCS Inventory NG server): `connect` ([`ExtConnect`] →
    /// [`ExtConnection`]), `query` / `execute` ([`ExtStatement`] →
    /// [`Rows`] / [`Executed`]), `open` ([`ExtCursorOpen`] → [`ExtCursor`]),
    /// `fetch` ([`ExtCursor`] → [`ExtBatch`]), `close_cursor` ([`ExtCursor`])
    /// and `close` ([`ExtConnection`]). Statements are prepared, with `?`
    /// parameters; rows of a cursor arrive in batches.
    pub const EXTDB: &str = "extdb";
    /// Service `secrets`: methods `encrypt` and `decrypt` ([`Secret`] →
    /// [`Secret`]). Tokens are bound to the calling plugin and to the
    /// installation's key (kept in the host's data directory).
    pub const SECRETS: &str = "secrets";
    /// Service `assets`: method `upsert`
    /// ([`crate::messages::inventory::UpsertBatch`] →
    /// `Vec<`[`crate::messages::inventory::UpsertOutcome`]`>`), methods
    /// `stage` ([`crate::messages::inventory::StageInventories`] →
    /// [`crate::messages::inventory::Staged`]) and `unstage`
    /// ([`crate::messages::inventory::Staged`]) for inventories decoded
    /// ahead of their upsert, and method `action`
    /// ([`crate::messages::inventory::ComputerAction`] → the ids that
    /// changed).
    pub const ASSETS: &str = "assets";

    /// Facts about the host.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct HostInfo {
        /// Host (parc) version.
        pub host_version: String,
        /// plugin-api version the host was built with.
        pub api_version: String,
        /// `sqlite` or `mysql`.
        pub backend: String,
        /// User interface language, e.g. `en`, `fr`.
        #[serde(default)]
        pub locale: String,
        /// The plugin's own data directory (created on demand).
        #[serde(default)]
        pub data_dir: String,
    }

    /// A statement with positional `?` parameters.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Statement {
        /// SQL text with `?` placeholders.
        pub sql: String,
        /// Parameters: null, bool, integer, float or string.
        #[serde(default)]
        pub params: Vec<serde_json::Value>,
        /// Transaction handle from `begin`, if any.
        #[serde(default)]
        pub tx: Option<u64>,
    }

    /// Result of `query`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct Rows {
        /// Column names.
        pub columns: Vec<String>,
        /// Rows, each with one value per column.
        pub rows: Vec<Vec<serde_json::Value>>,
    }

    /// Result of `execute`.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Executed {
        /// Rows affected.
        pub rows_affected: u64,
        /// Last inserted id, when the statement inserted a row.
        #[serde(default)]
        pub last_insert_id: Option<i64>,
    }

    /// A transaction handle (`begin` result, `commit`/`rollback` payload).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Tx {
        /// Handle.
        pub tx: u64,
    }

    /// Output of a CLI command.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Write {
        /// `stdout` or `stderr`.
        pub stream: String,
        /// Text, written as is.
        pub text: String,
    }

    /// Progress of a task run.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Progress {
        /// Items done.
        pub done: u64,
        /// Items in all.
        pub total: u64,
    }

    /// Inputs to evaluate against a rule collection (one load of the rules
    /// for the whole batch).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Evaluate {
        /// Collection (`sub_type`), e.g. `RuleImportEntity`.
        pub sub_type: String,
        /// Inputs: criterion → a string or an array of strings.
        pub inputs: Vec<std::collections::BTreeMap<String, serde_json::Value>>,
        /// Return the per-rule explanation.
        pub explain: bool,
        /// For "is already present" criteria: skip computers whose id is in
        /// this `(table, column)` of the plugin (already linked ones).
        pub exclude: Option<(String, String)>,
    }

    /// The outcome of one evaluation.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Evaluated {
        /// The rule that matched first.
        pub rules_id: Option<u32>,
        /// Its name.
        pub rule_name: Option<String>,
        /// Output fields (`entities_id`, `_ignore_import`, `action`,
        /// `found_id`, `_no_rule_matches`, `_ruleid`, …).
        pub output: std::collections::BTreeMap<String, serde_json::Value>,
        /// Per-rule explanation, when asked.
        pub explanation: Vec<serde_json::Value>,
    }

    /// Payload of `extdb.connect`.
    #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ExtConnect {
        /// Host name or address.
        pub host: String,
        /// TCP port (3306 when absent).
        #[serde(default)]
        pub port: Option<u16>,
        /// Database name.
        pub database: String,
        /// User.
        pub user: String,
        /// Password (may be empty).
        #[serde(default)]
        pub password: String,
        /// Connections kept at most (default 4).
        #[serde(default)]
        pub max_connections: Option<u32>,
        /// Milliseconds to wait for a connection (default 10 000).
        #[serde(default)]
        pub connect_timeout_ms: Option<u64>,
        /// Milliseconds a statement (or one batch of a cursor) may take
        /// (default 300 000).
        #[serde(default)]
        pub statement_timeout_ms: Option<u64>,
    }

    impl std::fmt::Debug for ExtConnect {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ExtConnect")
                .field("host", &self.host)
                .field("port", &self.port)
                .field("database", &self.database)
                .field("user", &self.user)
                .finish_non_exhaustive()
        }
    }

    /// An open external connection pool.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ExtConnection {
        /// Handle.
        pub conn: u64,
    }

    /// A statement on an external connection.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct ExtStatement {
        /// Connection handle.
        pub conn: u64,
        /// SQL with `?` placeholders.
        pub sql: String,
        /// Parameters: null, bool, integer, float or string.
        #[serde(default)]
        pub params: Vec<serde_json::Value>,
    }

    /// Payload of `extdb.open`: a query whose rows are fetched in batches.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct ExtCursorOpen {
        /// The statement.
        #[serde(flatten)]
        pub statement: ExtStatement,
        /// Rows per batch (default 1 000).
        #[serde(default)]
        pub batch: Option<u32>,
    }

    /// A cursor handle.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ExtCursor {
        /// Handle.
        pub cursor: u64,
    }

    /// One batch of a cursor.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct ExtBatch {
        /// Column names (empty when the query returned no row).
        #[serde(default)]
        pub columns: Vec<String>,
        /// Rows.
        #[serde(default)]
        pub rows: Vec<Vec<serde_json::Value>>,
        /// No row follows this batch.
        #[serde(default)]
        pub done: bool,
    }

    /// Payload and result of `secrets.encrypt` / `secrets.decrypt`.
    #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Secret {
        /// The plain text, or the encrypted token.
        pub text: String,
    }

    impl std::fmt::Debug for Secret {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // Secrets never reach logs through `{:?}`.
            f.write_str("Secret(…)")
        }
    }

    /// A rule of the calling plugin, by uuid.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RuleRef {
        /// The rule's uuid.
        pub uuid: String,
    }

    /// A line of a task's run log.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TaskLog {
        /// Message (the host truncates it to 200 characters, like GLPI).
        pub text: String,
    }
}
