//! Capability: a CLI command.
//!
//! `parc example ARGS…` reaches [`run`] while the plugin is active. Parse
//! the arguments as you like (clap here, which also gives `--help`), write
//! the result with `out` (stdout) and messages with `err` (stderr), and
//! return the exit code.

use clap::{Parser, Subcommand};
use parc_plugin_api::{Activation, CommandRun, Host, Result};

use crate::tables::GREETINGS;

pub fn register(activation: &mut Activation) {
    activation.command("greet", "Greet someone (writes a greeting)");
    activation.command("greetings", "List the greetings written so far");
    activation.command("inventory", "Write a computer into the asset store");
    activation.command("external", "Print the rows of a query on a MySQL database");
    activation.command("seal", "Encrypt a secret with the installation's key");
    activation.command("unseal", "Decrypt a secret sealed by `seal`");
}

#[derive(Parser)]
#[command(name = "parc example", about = "The example plugin's commands")]
struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Greet someone and remember it.
    Greet {
        /// Who to greet.
        name: String,
    },
    /// List the greetings written so far.
    Greetings {
        /// Print one JSON array instead of a table (parc's listings all
        /// offer it).
        #[arg(long)]
        json: bool,
    },
    /// Write (or update) a computer in the asset store; prints its id.
    Inventory {
        /// Computer name.
        name: String,
        /// Serial number.
        #[arg(long)]
        serial: Option<String>,
    },
    /// Print the rows of a query on an external MySQL/MariaDB database.
    External {
        /// Server host name or address.
        #[arg(long)]
        host: String,
        /// Server port.
        #[arg(long)]
        port: Option<u16>,
        /// Database.
        #[arg(long)]
        database: String,
        /// User.
        #[arg(long)]
        user: String,
        /// Password.
        #[arg(long, default_value = "")]
        password: String,
        /// Rows per batch.
        #[arg(long, default_value_t = 1000)]
        batch: u32,
        /// The query.
        sql: String,
    },
    /// Encrypt a secret (as a plugin stores a password): prints the token.
    Seal {
        /// The secret.
        text: String,
    },
    /// Decrypt a token printed by `seal`.
    Unseal {
        /// The token.
        token: String,
    },
}

pub fn run(host: &Host, command: &mut CommandRun) -> Result<i32> {
    let argv = std::iter::once("parc example".to_owned()).chain(command.args().iter().cloned());
    let args = match Args::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            // --help and --version are "errors" for clap: print them where
            // clap would, with its exit code.
            let text = e.render().to_string();
            if e.use_stderr() {
                command.err(&text)?;
            } else {
                command.out(&text)?;
            }
            return Ok(e.exit_code());
        }
    };
    let db = host.db();
    match args.command {
        Cmd::Greet { name } => {
            db.execute(
                &format!("INSERT INTO {GREETINGS} (name, source) VALUES (?, ?)"),
                &[name.clone().into(), "cli".into()],
            )?;
            command.out(&format!("Hello, {name}!\n"))?;
        }
        Cmd::Inventory { name, serial } => {
            let id = crate::inventory::write_computer(host, &name, serial.as_deref())?;
            command.out(&format!("{id}\n"))?;
        }
        Cmd::External {
            host: server,
            port,
            database,
            user,
            password,
            batch,
            sql,
        } => {
            let query = crate::external::Query {
                host: server,
                port,
                database,
                user,
                password,
                sql,
                batch,
            };
            return crate::external::print_rows(host, command, query);
        }
        // Secrets: store `host.encrypt_secret(password)` in your table and
        // call `host.decrypt_secret(token)` when you need the password.
        Cmd::Seal { text } => command.out(&format!("{}\n", host.encrypt_secret(&text)?))?,
        Cmd::Unseal { token } => match host.decrypt_secret(&token) {
            Ok(text) => command.out(&format!("{text}\n"))?,
            Err(e) => {
                command.err(&format!("error: {}\n", e.message()))?;
                return Ok(1);
            }
        },
        Cmd::Greetings { json } => {
            let rows = db.query(
                &format!("SELECT name, source FROM {GREETINGS} ORDER BY id"),
                &[],
            )?;
            if json {
                let objects: Vec<serde_json::Value> = rows
                    .rows
                    .iter()
                    .map(|row| serde_json::json!({ "name": row[0], "source": row[1] }))
                    .collect();
                let text = serde_json::to_string_pretty(&objects)
                    .map_err(|e| parc_plugin_api::Error::new(e.to_string()))?;
                command.out(&format!("{text}\n"))?;
                return Ok(0);
            }
            // Listings print as parc prints its own: an aligned table.
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
            let rows: Vec<Vec<String>> = rows
                .rows
                .iter()
                .map(|row| vec![text(&row[0]), text(&row[1])])
                .collect();
            command.table(&["name", "source"], &rows)?;
        }
    }
    Ok(0)
}
