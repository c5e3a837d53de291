//! The trait plugin authors implement, and the contexts handed to it.

use crate::error::{Error, Result};
use crate::messages::{
    ActivateReply, CollectionSpec, CommandSpec, CriterionSpec, InstallReply, MenuEntry, Migration,
    PageSpec, PurgeCascade, RuleFieldSpec, RuleSpec, TaskSpec, host as msg,
};
use crate::sdk::host::Host;

/// A parc plugin. Every method but [`Plugin::new`] has a default, so a
/// plugin implements only what it uses, and new methods added in later
/// plugin-api minors never break existing plugins.
///
/// Methods are called by the host on a worker thread, possibly concurrently
/// (hence `Send + Sync`); a panic in any of them is caught by the SDK and
/// reported to the host as an error.
///
/// The lifecycle follows GLPI: `check_prerequisites` and `migrations` →
/// `install` (also used for updates) → `check_config` → `activate` ⇄
/// `deactivate` → `uninstall`.
pub trait Plugin: Send + Sync + 'static {
    /// Builds the plugin object. Keep it cheap: it runs every time the host
    /// loads the library, including for commands that do not concern it.
    fn new(host: Host) -> Result<Self>
    where
        Self: Sized;

    /// Refuses install or activation when something the plugin needs is
    /// missing (GLPI's `plugin_<key>_check_prerequisites`).
    fn check_prerequisites(&self) -> Result<()> {
        Ok(())
    }

    /// Says whether the plugin is configured enough to be activated; an
    /// error leaves it "Installed / not configured" with the message as
    /// reason (GLPI's `plugin_<key>_check_config`).
    fn check_config(&self) -> Result<()> {
        Ok(())
    }

    /// The plugin's own tables, as migrations for both SQL dialects. The
    /// host runs the pending ones before [`Plugin::install`] and drops the
    /// tables at uninstall.
    fn migrations(&self) -> Vec<Migration> {
        Vec::new()
    }

    /// Installs (or updates, see [`Install::previous_version`]) the plugin:
    /// registers its automatic actions, default rules and rule criteria.
    fn install(&self, install: &mut Install) -> Result<()> {
        let _ = install;
        Ok(())
    }

    /// Cleans up before the host drops the plugin's tables, tasks and rules.
    fn uninstall(&self) -> Result<()> {
        Ok(())
    }

    /// Activates the plugin: registers its menu entries, pages and commands.
    fn activate(&self, activation: &mut Activation) -> Result<()> {
        let _ = activation;
        Ok(())
    }

    /// Deactivates the plugin: release threads and connections here.
    fn deactivate(&self) -> Result<()> {
        Ok(())
    }

    /// Runs one of the plugin's automatic actions.
    fn run_task(&self, task: &mut TaskRun) -> Result<TaskStatus> {
        Err(Error::unsupported(format!("unknown task {}", task.name())))
    }

    /// Runs one of the plugin's CLI commands and returns the exit code.
    fn run_command(&self, command: &mut CommandRun) -> Result<i32> {
        let _ = command;
        Err(Error::unsupported("this plugin has no command"))
    }

    /// Called before items of a type the plugin registered with
    /// [`Install::before_purge`] are purged, with their ids (in chunks).
    /// An error stops the purge: nothing is purged and the user sees the
    /// message.
    fn before_purge(&self, itemtype: &str, ids: &[u32]) -> Result<()> {
        let _ = (itemtype, ids);
        Ok(())
    }

    /// Handles a message kind the SDK does not know (from a newer host).
    /// `Ok(None)` answers "unsupported".
    fn handle(&self, kind: &str, payload: &str) -> Result<Option<String>> {
        let _ = (kind, payload);
        Ok(None)
    }
}

/// Registrations made at install time.
pub struct Install {
    pub(crate) previous_version: Option<String>,
    pub(crate) reply: InstallReply,
}

impl Install {
    /// The version installed before, when this install is an update.
    pub fn previous_version(&self) -> Option<&str> {
        self.previous_version.as_deref()
    }

    /// Registers an automatic action.
    ///
    /// # Example
    /// ```
    /// use parc_plugin_api::{Install, messages::TaskSpec};
    /// fn install(install: &mut Install) {
    ///     let mut task = TaskSpec::new("examplecleanup", 3600);
    ///     task.description = "Deletes old greetings".into();
    ///     install.task(task);
    /// }
    /// ```
    pub fn task(&mut self, task: TaskSpec) -> &mut Self {
        self.reply.tasks.push(task);
        self
    }

    /// Registers a default rule (identified by its uuid).
    pub fn rule(&mut self, rule: RuleSpec) -> &mut Self {
        self.reply.rules.push(rule);
        self
    }

    /// Adds a criterion to a rule collection.
    pub fn criterion(&mut self, criterion: CriterionSpec) -> &mut Self {
        self.reply.criteria.push(criterion);
        self
    }

    /// Adds a rule collection of the plugin's own.
    pub fn collection(&mut self, collection: CollectionSpec) -> &mut Self {
        self.reply.collections.push(collection);
        self
    }

    /// Adds an output field rules of a collection may set.
    pub fn rule_action(&mut self, sub_type: &str, field: &str, label: &str) -> &mut Self {
        self.reply.rule_actions.push(RuleFieldSpec {
            sub_type: sub_type.to_owned(),
            field: field.to_owned(),
            label: label.to_owned(),
        });
        self
    }

    /// When an item of `itemtype` (`Computer`) is purged, deletes the rows
    /// of one of the plugin's tables whose `column` holds its id, in the
    /// purge's own transaction.
    pub fn purge_cascade(&mut self, itemtype: &str, table: &str, column: &str) -> &mut Self {
        self.reply.purge_cascades.push(PurgeCascade {
            itemtype: itemtype.to_owned(),
            table: table.to_owned(),
            column: column.to_owned(),
        });
        self
    }

    /// Asks to be told before items of `itemtype` (`Computer`) are purged
    /// ([`Plugin::before_purge`]): to clean up outside parc, for example.
    pub fn before_purge(&mut self, itemtype: &str) -> &mut Self {
        self.reply.purge_hooks.push(itemtype.to_owned());
        self
    }
}

/// Registrations made at activation time.
#[derive(Default)]
pub struct Activation {
    pub(crate) reply: ActivateReply,
}

impl Activation {
    /// Adds a menu entry in a sector (`tools`, `admin`, …) pointing at one of
    /// the plugin's pages.
    pub fn menu(&mut self, sector: &str, label: &str, page: &str) -> &mut Self {
        self.reply.menu.push(MenuEntry {
            sector: sector.to_owned(),
            label: label.to_owned(),
            page: page.to_owned(),
        });
        self
    }

    /// Declares a page served under `/plugins/<key>/<path>`.
    pub fn page(&mut self, path: &str, title: &str) -> &mut Self {
        self.reply.pages.push(PageSpec {
            path: path.to_owned(),
            title: title.to_owned(),
        });
        self
    }

    /// Declares a CLI command, run as `parc <key> <name> …`.
    pub fn command(&mut self, name: &str, about: &str) -> &mut Self {
        self.reply.commands.push(CommandSpec {
            name: name.to_owned(),
            about: about.to_owned(),
        });
        self
    }
}

/// Outcome of an automatic action, in GLPI's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// Work was done and the task is finished (return code > 0).
    Done,
    /// There was nothing to do (return code 0).
    NothingToDo,
    /// Work was done but more remains: the host runs it again at the next
    /// tick instead of after a full period (return code < 0).
    Partial,
}

impl TaskStatus {
    /// GLPI's return code.
    pub fn code(self) -> i64 {
        match self {
            Self::Done => 1,
            Self::NothingToDo => 0,
            Self::Partial => -1,
        }
    }
}

/// One run of an automatic action.
pub struct TaskRun {
    pub(crate) host: Host,
    pub(crate) name: String,
    pub(crate) param: Option<i64>,
    pub(crate) volume: i64,
}

impl TaskRun {
    /// The task name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The task's integer parameter, as configured by the administrator.
    pub fn param(&self) -> Option<i64> {
        self.param
    }

    /// Adds to the run's volume (items processed), shown in the task logs.
    pub fn add_volume(&mut self, amount: i64) {
        self.volume += amount;
    }

    /// Writes a message to the task's run log.
    pub fn log(&self, text: &str) -> Result<()> {
        self.host.call(
            msg::TASK,
            "log",
            &msg::TaskLog {
                text: text.to_owned(),
            },
        )
    }

    /// Reports progress (`done` of `total` items) to the host, which shows
    /// it in its log.
    pub fn progress(&self, done: u64, total: u64) {
        // Progress is advisory: a host that does not know it says so, and
        // the task goes on.
        let _: Result<()> = self
            .host
            .call(msg::TASK, "progress", &msg::Progress { done, total });
    }

    /// Whether the host asked the run to stop; long tasks check it between
    /// batches and return [`TaskStatus::Partial`].
    pub fn is_cancelled(&self) -> bool {
        self.host
            .call::<_, bool>(msg::TASK, "cancelled", &())
            .unwrap_or(false)
    }

    /// The host handle.
    pub fn host(&self) -> &Host {
        &self.host
    }
}

/// One run of a plugin CLI command.
pub struct CommandRun {
    pub(crate) host: Host,
    pub(crate) args: Vec<String>,
    pub(crate) stdout_is_terminal: bool,
}

impl CommandRun {
    /// Arguments after `parc <key>` (the first is usually a subcommand).
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// Whether stdout is a terminal (to decide on progress bars).
    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_is_terminal
    }

    /// Writes to the command's standard output (the result).
    pub fn out(&self, text: &str) -> Result<()> {
        self.write("stdout", text)
    }

    /// Writes to the command's standard error (messages, progress).
    pub fn err(&self, text: &str) -> Result<()> {
        self.write("stderr", text)
    }

    /// Writes a listing to standard output as parc prints its own: an
    /// aligned table under upper-case headers ([`crate::table`]). Offer
    /// `--json` too for scripts.
    pub fn table(&self, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
        self.out(&crate::table(headers, rows))
    }

    /// The host handle.
    pub fn host(&self) -> &Host {
        &self.host
    }

    fn write(&self, stream: &str, text: &str) -> Result<()> {
        self.host.call(
            msg::CLI,
            "write",
            &msg::Write {
                stream: stream.to_owned(),
                text: text.to_owned(),
            },
        )
    }
}

impl TaskSpec {
    /// A scheduled task with GLPI's defaults (internal mode, all hours,
    /// 30 days of logs).
    pub fn new(name: &str, frequency: i64) -> Self {
        Self {
            name: name.to_owned(),
            frequency,
            state: crate::messages::TASK_STATE_SCHEDULED,
            mode: crate::messages::TASK_MODE_INTERNAL,
            allowmode: 3,
            hourmin: 0,
            hourmax: 24,
            logs_lifetime: 30,
            param: None,
            param_label: None,
            description: String::new(),
        }
    }
}
