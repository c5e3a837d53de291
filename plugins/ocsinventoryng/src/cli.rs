//! `parc ocsinventoryng …`: the plugin's command line.

use std::io::BufRead;

use clap::{Parser, Subcommand};
use parc_plugin_api::{Activation, CommandRun, Host, Result};

use crate::i18n::tr;
use crate::server::{self, NewServer};

/// Environment variable read for the password when neither `--password`
/// nor `--password-stdin` is given (keeps it out of argv and history).
pub const PASSWORD_ENV: &str = "PARC_OCS_PASSWORD";

pub fn register(activation: &mut Activation) {
    activation.command("server", "Manage OCS Inventory NG servers");
    activation.command("new", "List OCS computers not linked yet");
    activation.command("import", "Import new computers from OCS");
    activation.command("sync", "Synchronise computers changed in OCS");
    activation.command("link", "Link an OCS computer to an existing computer");
    activation.command("links", "List and clean computer ↔ OCS links");
    activation.command("runs", "Import and synchronisation runs");
    activation.command("notimported", "OCS computers that were not imported");
}

#[derive(Parser)]
#[command(
    name = "parc ocsinventoryng",
    about = "OCS Inventory NG import and synchronisation"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
pub(crate) enum Cmd {
    /// OCS servers (several can be aggregated).
    #[command(subcommand)]
    Server(ServerCmd),
    /// List OCS computers not linked yet (keyset pages, by OCS id).
    New {
        /// Server name (default: the only active server).
        #[arg(long)]
        server: Option<String>,
        /// Show computers with an OCS id above this one (next page).
        #[arg(long, default_value_t = 0)]
        after: i64,
        /// Page size.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Only this TAG.
        #[arg(long)]
        tag: Option<String>,
        /// Only names containing this text.
        #[arg(long)]
        name: Option<String>,
        /// One JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Import new computers: entity rules, then import and link rules.
    /// Deletions recorded by OCS are processed first.
    Import {
        /// Server name (default: every active server).
        #[arg(long)]
        server: Option<String>,
        /// Every new computer (subject to the server's TAG filters).
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// OCS ids to import.
        ids: Vec<i64>,
        /// Explain what the rules decide; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Synchronise linked computers whose OCS inventory changed.
    Sync {
        /// Server name (default: every active server).
        #[arg(long)]
        server: Option<String>,
        /// Re-read every section of every linked computer.
        #[arg(long, alias = "force")]
        all: bool,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Link a new OCS computer to an existing computer (keeps its id and
    /// history), then synchronise it from OCS.
    Link {
        /// OCS id of the machine (see `parc ocsinventoryng new`).
        ocsid: i64,
        /// Id of the parc computer.
        computer: i64,
        /// Server name (default: the only active server).
        #[arg(long)]
        server: Option<String>,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Links between computers and OCS machines.
    #[command(subcommand)]
    Links(LinksCmd),
    /// Runs (manual and scheduled) with their counts.
    #[command(subcommand)]
    Runs(RunsCmd),
    /// OCS computers refused or not imported, with the reason.
    #[command(subcommand)]
    Notimported(NotImportedCmd),
}

#[derive(Subcommand)]
pub(crate) enum LinksCmd {
    /// Every link: OCS id, device id, computer, last synchronisation.
    List {
        /// Server name (default: every server).
        #[arg(long)]
        server: Option<String>,
        /// One JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Remove the links whose computer was purged or whose OCS machine no
    /// longer exists.
    Clean {
        /// Server name (default: every active server).
        #[arg(long)]
        server: Option<String>,
        /// Say what would be removed; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// One JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum RunsCmd {
    /// The latest runs, newest first.
    List {
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// One JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
    /// One run, computer by computer.
    Show {
        /// Run id.
        id: i64,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum NotImportedCmd {
    /// Every not-imported computer.
    List {
        /// One JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum ServerCmd {
    /// Add a server (stored without connecting; `server test` connects).
    Add {
        /// Unique name.
        name: String,
        /// `host` or `host:port` of the OCS MySQL/MariaDB server.
        #[arg(long)]
        host: String,
        /// OCS database.
        #[arg(long, default_value = "ocsweb")]
        database: String,
        /// OCS database user.
        #[arg(long, default_value = "ocsuser")]
        user: String,
        /// Password (prefer --password-stdin or PARC_OCS_PASSWORD: argv is
        /// visible to other users of the machine).
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Add it inactive.
        #[arg(long)]
        inactive: bool,
    },
    /// Change settings: GLPI column names (`import_monitor=2`,
    /// `tag_limit=PARIS$LYON`, `deleted_behavior=STATE_3`,
    /// `cron_sync_number=1000`, …) and `admininfo.FIELD=OCS_COLUMN`
    /// (`admininfo.locations_id=TAG`).
    Edit {
        /// Server name.
        name: String,
        /// Settings, `KEY=VALUE`.
        settings: Vec<String>,
        /// Read a new password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every setting of a server (never its password).
    Show {
        /// Server name.
        name: String,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// List the servers.
    List {
        /// One JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Connect and run the checks: connection, OCS version, TRACE_DELETED,
    /// the OCS user's rights; exits 1 with GLPI's message when one fails.
    Test {
        /// Server name.
        name: String,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Remove a server and its entity rule (imported computers stay).
    Remove {
        /// Server name.
        name: String,
    },
}

pub fn run(host: &Host, command: &mut CommandRun) -> Result<i32> {
    crate::i18n::set_locale(&host.info()?.locale);
    let argv =
        std::iter::once("parc ocsinventoryng".to_owned()).chain(command.args().iter().cloned());
    let args = match Args::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                command.err(&text)?;
            } else {
                command.out(&text)?;
            }
            return Ok(e.exit_code());
        }
    };
    let result = match args.command {
        Cmd::Server(cmd) => server_command(host, command, cmd),
        other => crate::commands::run(host, command, other),
    };
    match result {
        Ok(code) => Ok(code),
        Err(e) => {
            command.err(&format!("{} {}\n", tr("error:", "erreur :"), e.message()))?;
            Ok(1)
        }
    }
}

fn server_command(host: &Host, command: &CommandRun, cmd: ServerCmd) -> Result<i32> {
    match cmd {
        ServerCmd::Add {
            name,
            host: address,
            database,
            user,
            password,
            password_stdin,
            inactive,
        } => {
            let password = match (password, password_stdin) {
                (Some(p), _) => p,
                (None, true) => read_password()?,
                (None, false) => std::env::var(PASSWORD_ENV).unwrap_or_default(),
            };
            let id = server::add(
                host,
                &NewServer {
                    name,
                    host: address,
                    database,
                    user,
                    password,
                    active: !inactive,
                },
            )?;
            command.out(&format!("{id}\n"))?;
        }
        ServerCmd::Edit {
            name,
            settings,
            password_stdin,
        } => {
            let parsed = settings
                .iter()
                .map(|s| crate::options::parse(s))
                .collect::<Result<Vec<_>>>()?;
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let changes = server::edit(host, &name, &parsed, password.as_deref())?;
            if changes.is_empty() {
                command.err(&tr(
                    format!("{name}: nothing changed\n"),
                    format!("{name} : rien n'a changé\n"),
                ))?;
            }
            for c in &changes {
                let shown = |v: &str| {
                    if v.is_empty() {
                        tr("(empty)", "(vide)").to_owned()
                    } else {
                        v.to_owned()
                    }
                };
                let colon = tr(":", " :");
                command.err(&format!(
                    "{name}{colon} {}{colon} {} → {}\n",
                    c.setting,
                    shown(&c.old),
                    shown(&c.new),
                ))?;
            }
        }
        ServerCmd::Show { name, json } => {
            let settings = server::show(host, &name)?;
            if json {
                let text = serde_json::to_string_pretty(&settings)
                    .map_err(|e| parc_plugin_api::Error::new(e.to_string()))?;
                command.out(&format!("{text}\n"))?;
            } else {
                for (key, value) in settings {
                    let value = match value {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    command.out(&format!("{key}: {value}\n"))?;
                }
            }
        }
        ServerCmd::List { json } => {
            let servers = server::list(host)?;
            if json {
                let text = serde_json::to_string_pretty(&servers)
                    .map_err(|e| parc_plugin_api::Error::new(e.to_string()))?;
                command.out(&format!("{text}\n"))?;
            } else {
                let rows: Vec<Vec<String>> = servers
                    .into_iter()
                    .map(|s| {
                        vec![
                            s.id.to_string(),
                            s.name,
                            format!("{}/{}", s.ocs_db_host, s.ocs_db_name),
                            s.ocs_db_user,
                            if s.is_active == 1 {
                                "active"
                            } else {
                                "inactive"
                            }
                            .to_owned(),
                        ]
                    })
                    .collect();
                command.table(&["id", "name", "database", "user", "status"], &rows)?;
            }
        }
        ServerCmd::Test { name, json } => {
            let Some(found) = server::find(host, &name)? else {
                command.err(&format!(
                    "{} {}\n",
                    tr("error:", "erreur :"),
                    crate::commands::no_server(&name)
                ))?;
                return Ok(1);
            };
            let locale = host.info()?.locale;
            let checks = crate::ocs::test(host, found.id, &locale)?;
            if json {
                let text = serde_json::to_string_pretty(&checks)
                    .map_err(|e| parc_plugin_api::Error::new(e.to_string()))?;
                command.out(&format!("{text}\n"))?;
            } else {
                let yes = |b: bool| if b { tr("yes", "oui") } else { tr("no", "non") };
                let colon = tr(":", " :");
                let lines = [
                    (tr("connected", "connecté"), yes(checks.connected)),
                    ("GUI_VERSION", checks.gui_version.as_deref().unwrap_or("-")),
                    ("TRACE_DELETED", yes(checks.trace_deleted)),
                    (
                        tr("UPDATE on hardware", "UPDATE sur hardware"),
                        yes(checks.update_hardware),
                    ),
                    (
                        tr("DELETE on deleted_equiv", "DELETE sur deleted_equiv"),
                        yes(checks.delete_deleted_equiv),
                    ),
                    (tr("active", "actif"), yes(checks.is_active)),
                ];
                for (label, value) in lines {
                    command.out(&format!("{label}{colon} {value}\n"))?;
                }
                if let Some(message) = &checks.message {
                    command.out(&format!("{message}\n"))?;
                }
            }
            if let Some(error) = &checks.error {
                command.err(&format!("{error}\n"))?;
                if let Some(detail) = &checks.detail {
                    command.err(&format!("{detail}\n"))?;
                }
                return Ok(1);
            }
        }
        ServerCmd::Remove { name } => {
            if !server::remove(host, &name)? {
                command.err(&format!(
                    "{} {}\n",
                    tr("error:", "erreur :"),
                    crate::commands::no_server(&name)
                ))?;
                return Ok(1);
            }
        }
    }
    Ok(0)
}

/// The first line of standard input (the plugin runs inside the parc
/// process: its stdin is the command's).
fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        parc_plugin_api::Error::invalid_input(format!(
            "cannot read the password from standard input: {e}"
        ))
    })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
