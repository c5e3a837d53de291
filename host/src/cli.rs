//! The `parc` command line: argument definitions (clap) and the dispatch
//! to the domain modules. stdout carries only the result (a table, or one
//! JSON document with `--json`); messages and logs go to stderr.

mod assets;
mod cron;
pub mod globals;
mod output;
mod plugin;
mod rules;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::plugins::PluginHost;
use crate::store::Db;

/// parc: IT asset management, GLPI-compatible, with plugins.
#[derive(Debug, Parser)]
#[command(name = "parc", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Configuration file (default: $PARC_CONFIG, else the first found of
    /// ./parc.toml, ~/.config/parc/parc.toml, /etc/parc/parc.toml; see
    /// `parc status`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage plugins: list, add archives, install, activate, …
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// The menu entries registered by active plugins.
    #[command(subcommand)]
    Menu(ListOnly),
    /// Automatic actions: list, run, enable, disable, reset, edit, logs.
    #[command(subcommand)]
    Cron(cron::CronCommand),
    /// Run parc's services: the scheduler of automatic actions and the
    /// plugin drop-in watcher.
    Serve,
    /// Which configuration, database and directories parc uses, its
    /// plugins and the automatic actions due now.
    Status(JsonFlag),
    /// Rules: list, add, edit, delete, enable, disable, rank, export,
    /// import, test.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Computers: add, list, show, edit, delete, locks.
    #[command(subcommand)]
    Computer(assets::ComputerCommand),
    /// The trash: list, restore, purge.
    #[command(subcommand)]
    Trash(assets::TrashCommand),
    /// Entities (the organisation tree): add, list, rename, move, delete.
    #[command(subcommand)]
    Entity(assets::TreeCommand),
    /// Locations: add, list, rename, move, delete.
    #[command(subcommand)]
    Location(assets::TreeCommand),
    /// Dropdowns (manufacturers, models, types, statuses, operating
    /// systems…): list, rename, delete.
    #[command(subcommand)]
    Dropdown(assets::DropdownCommand),
    /// History of a computer.
    History {
        /// Computer id.
        id: u32,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Write inventories into the asset store.
    #[command(subcommand)]
    Inventory(assets::InventoryCommand),
    /// The key that seals secrets plugins store (secret.key in the data
    /// directory).
    #[command(subcommand)]
    SecretKey(SecretKeyCommand),
    /// Checks a plugin library in this process and prints its metadata
    /// (used by the host itself, in a child process).
    #[command(name = "__probe-library", hide = true)]
    ProbeLibrary {
        /// Library file.
        library: PathBuf,
    },
    /// A command registered by a plugin: `parc <key> ARGS…`.
    #[command(external_subcommand)]
    External(Vec<String>),
}

/// `parc secret-key …`
#[derive(Debug, Subcommand)]
pub enum SecretKeyCommand {
    /// Start over after secret.key was lost: forget the secrets sealed with
    /// it (they must be entered again), so that the next use creates a new
    /// key. Refused while secret.key is present.
    Reset,
}

/// `--json` flag of listings.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    /// Print one JSON array of objects instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `parc plugin …`
#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// List plugins with their GLPI state (scans the plugins directory first).
    List(JsonFlag),
    /// Validate and extract a plugin archive into the plugins directory.
    Add {
        /// `<key>-<version>.tar.gz`
        archive: PathBuf,
    },
    /// Install (or update) a plugin.
    Install {
        /// Plugin key.
        key: String,
    },
    /// Activate an installed plugin.
    Activate {
        /// Plugin key.
        key: String,
    },
    /// Deactivate an active plugin.
    Deactivate {
        /// Plugin key.
        key: String,
    },
    /// Uninstall a plugin: its tables, tasks and rules are removed.
    Uninstall {
        /// Plugin key.
        key: String,
    },
    /// Forget a plugin whose files were removed. Its tables and the record
    /// of its migrations stay, so adding and installing it again goes on
    /// with its data; `--purge-data` drops them.
    Clean {
        /// Plugin key.
        key: String,
        /// Drop the plugin's tables (`glpi_plugin_KEY_*`) and the record of
        /// its migrations too: its data is lost. Asks first on a terminal.
        #[arg(long)]
        purge_data: bool,
        /// Do not ask before dropping tables (for scripts; required with
        /// `--purge-data` when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Show one plugin with the history of its state changes.
    Show {
        /// Plugin key.
        key: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Build a plugin crate in release mode and write its archive.
    Pack {
        /// Directory of the plugin crate.
        crate_dir: PathBuf,
        /// Where to write `<key>-<version>.tar.gz` (default: current directory).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
    },
}

/// A group whose only subcommand (for now) is `list`.
#[derive(Debug, Subcommand)]
pub enum ListOnly {
    /// List.
    List(JsonFlag),
}

/// An open installation: configuration, database, plugin host.
pub struct Context {
    /// Configuration.
    pub config: Config,
    /// Database (migrated).
    pub db: Db,
    /// Plugin host.
    pub host: Arc<PluginHost>,
    /// Asset store.
    pub assets: crate::assets::AssetStore,
}

impl Context {
    async fn open(config: Config) -> anyhow::Result<Self> {
        let db = Db::open(&config.database_url).await?;
        let host = PluginHost::new(config.clone(), db.clone());
        let assets = host.assets().clone();
        Ok(Self {
            config,
            db,
            host,
            assets,
        })
    }
}

/// Runs a parsed command line; returns the process exit code.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    tracing::info!(
        "configuration {}; database {}; data in {}",
        config
            .file
            .as_ref()
            .map_or("none (defaults)".to_owned(), |f| f.display().to_string()),
        config.database_display(),
        config.data_dir.display()
    );
    match cli.command {
        Command::ProbeLibrary { .. } => unreachable!("handled in main"),
        Command::Plugin(PluginCommand::Pack { crate_dir, out }) => {
            let exe = crate::plugins::probe::default_executable();
            let archive = tokio::task::spawn_blocking(move || {
                crate::plugins::pack::pack(&crate_dir, &out, &exe)
            })
            .await??;
            println!("{}", archive.display());
            Ok(ExitCode::SUCCESS)
        }
        command => {
            let ctx = Context::open(config).await?;
            let code = dispatch(&ctx, command).await;
            ctx.db.close().await;
            code
        }
    }
}

async fn dispatch(ctx: &Context, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Plugin(command) => plugin::run(ctx, command).await,
        Command::Menu(ListOnly::List(flag)) => {
            let items = crate::menu::list(&ctx.db, &ctx.config.plugins_dir).await?;
            output::print(&items, flag.json, &["sector", "plugin", "label", "path"])?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Cron(command) => cron::run(ctx, command).await,
        Command::Serve => cron::serve(ctx).await,
        Command::Status(flag) => status(ctx, flag.json).await,
        Command::Rules(command) => rules::run(ctx, command).await,
        Command::Computer(command) => assets::computer(ctx, command).await,
        Command::Trash(command) => assets::trash(ctx, command).await,
        Command::Entity(command) => assets::entity(ctx, command).await,
        Command::Location(command) => assets::location(ctx, command).await,
        Command::Dropdown(command) => assets::dropdown(ctx, command).await,
        Command::History { id, json } => assets::history(ctx, id, json.json).await,
        Command::Inventory(command) => assets::inventory(ctx, command).await,
        Command::SecretKey(SecretKeyCommand::Reset) => {
            let lost = crate::secrets::reset(&ctx.db, &ctx.config.data_dir).await?;
            if lost.is_empty() {
                eprintln!("no sealed secrets were recorded; a new key is created on first use");
            } else {
                eprintln!(
                    "forgot the secrets sealed with the lost key for: {}; enter them again \
                     (a new key is created on first use)",
                    lost.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::External(args) => plugin::run_external(ctx, args).await,
        Command::ProbeLibrary { .. } => unreachable!("handled in main"),
    }
}

async fn status(ctx: &Context, json: bool) -> anyhow::Result<ExitCode> {
    let report = ctx.host.scan().await?;
    for (archive, reason) in &report.rejected {
        eprintln!("warning: {archive} refused and moved to .rejected/: {reason}");
    }
    let status = crate::status::read(&ctx.host).await?;
    if json {
        output::print_one(&status, true)?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = status.config_file.clone().unwrap_or_else(|| {
        format!(
            "none found (looked for {}); defaults apply",
            status.config_search.join(", ")
        )
    });
    println!("parc {}", status.version);
    println!("configuration: {config}");
    println!("database:      {} ({})", status.database, status.backend);
    println!("data dir:      {}", status.data_dir);
    println!("plugins dir:   {}", status.plugins_dir);
    println!("listen:        {}", status.listen);
    println!("locale:        {}", status.locale);
    println!();
    if status.plugins.is_empty() {
        println!("plugins: none (add one with `parc plugin add ARCHIVE`)");
    } else {
        output::print(
            &status.plugins,
            false,
            &["key", "version", "state", "state_label"],
        )?;
    }
    println!();
    if status.tasks_due.is_empty() {
        println!("automatic actions due: none");
    } else {
        println!("automatic actions due:");
        output::print(
            &status.tasks_due,
            false,
            &["name", "plugin", "mode", "lastrun"],
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The "Plugin commands" section of `parc --help`: the commands of the
/// active plugins of the installation `config` points at. `None` when
/// there is no installation yet (help never creates one) or it cannot be
/// read.
pub async fn plugin_commands_help(config: Option<&std::path::Path>) -> Option<String> {
    let config = Config::load(config).ok()?;
    if let Some(file) = config.database_url.strip_prefix("sqlite://")
        && !std::path::Path::new(file.split('?').next().unwrap_or(file)).exists()
    {
        return None;
    }
    let db = Db::connect(&config.database_url).await.ok()?;
    let commands = crate::store::registrations::list_active(&db, "command").await;
    db.close().await;
    let commands = commands.ok()?;
    if commands.is_empty() {
        return None;
    }
    let mut text = String::from("Plugin commands (active plugins):\n");
    let mut rows = Vec::new();
    for command in &commands {
        let about = serde_json::from_str::<parc_plugin_api::messages::CommandSpec>(&command.spec)
            .map(|spec| spec.about)
            .unwrap_or_default();
        rows.push((format!("{} {}", command.plugin, command.name), about));
    }
    let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (name, about) in rows {
        text.push_str(&format!("  {name:<width$}  {about}\n"));
    }
    Some(text)
}
