//! `parc plugin …` and the dispatch of plugin-registered commands.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use parc_plugin_api::messages::{CommandReply, CommandRequest, kind};
use serde::Serialize;

use super::output;
use super::{Context, PluginCommand};
use crate::plugins::runtime::{Invocation, StdOutput};
use crate::store;

const LIST_COLUMNS: &[&str] = &["key", "name", "version", "state", "state_label", "reason"];

pub(super) async fn run(ctx: &Context, command: PluginCommand) -> anyhow::Result<ExitCode> {
    let host = &ctx.host;
    match command {
        PluginCommand::List(flag) => {
            let report = host.scan().await?;
            for (archive, reason) in &report.rejected {
                eprintln!("warning: {archive} refused and moved to .rejected/: {reason}");
            }
            let plugins = host.list_plugins().await?;
            output::print(&plugins, flag.json, LIST_COLUMNS)?;
        }
        PluginCommand::Add { archive } => {
            let extracted = host.add_archive(&archive).await?;
            let m = &extracted.manifest;
            if extracted.already_present {
                eprintln!(
                    "{} {} is already present in {}",
                    m.key,
                    m.version,
                    extracted.dir.display()
                );
            } else {
                eprintln!(
                    "{} {} added to {}",
                    m.key,
                    m.version,
                    extracted.dir.display()
                );
            }
            println!("{}", m.key);
        }
        PluginCommand::Install { key } => {
            host.scan().await?;
            let state = host.install(&key).await?;
            report(ctx, &key, state.code()).await?;
        }
        PluginCommand::Activate { key } => {
            host.scan().await?;
            let state = host.activate(&key).await?;
            report(ctx, &key, state.code()).await?;
        }
        PluginCommand::Deactivate { key } => {
            let state = host.deactivate(&key).await?;
            report(ctx, &key, state.code()).await?;
        }
        PluginCommand::Uninstall { key } => {
            let state = host.uninstall(&key).await?;
            report(ctx, &key, state.code()).await?;
        }
        PluginCommand::Clean {
            key,
            purge_data,
            yes,
        } => {
            let plan = host.clean_plan(&key, purge_data).await?;
            if purge_data && !plan.tables.is_empty() && !yes {
                confirm_purge(&key, &plan.tables)?;
            }
            let done = host.clean(&key, purge_data).await?;
            let tables = done.tables.join(", ");
            match (done.purge, done.tables.is_empty()) {
                (_, true) => eprintln!("{key}: cleaned (it had no tables)"),
                (true, false) => eprintln!(
                    "{key}: cleaned; {} table(s) dropped: {tables}",
                    done.tables.len()
                ),
                (false, false) => eprintln!(
                    "{key}: cleaned; its table(s) {tables} are kept: add and install it again \
                     to go on with its data, or run `parc plugin clean {key} --purge-data` to \
                     drop them"
                ),
            }
        }
        PluginCommand::Show { key, json } => {
            host.scan().await?;
            #[derive(Serialize)]
            struct Shown {
                #[serde(flatten)]
                plugin: crate::plugins::PluginView,
                history: Vec<store::plugins::StateChange>,
                registrations: Vec<store::registrations::Registration>,
            }
            let shown = Shown {
                plugin: host.plugin(&key).await?,
                history: store::plugins::history(&ctx.db, &key).await?,
                registrations: store::registrations::list_for(&ctx.db, &key).await?,
            };
            if json.json {
                output::print_one(&shown, true)?;
            } else {
                output::print_one(&shown.plugin, false)?;
                for change in &shown.history {
                    println!(
                        "{}  {} -> {}  {}",
                        change.date,
                        change.old_state.map_or("-".to_owned(), |s| s.to_string()),
                        change.new_state,
                        change.reason
                    );
                }
            }
        }
        PluginCommand::Pack { .. } => unreachable!("handled without a database"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the state reached on stderr ("key: Enabled (1)").
async fn report(ctx: &Context, key: &str, _state: i32) -> anyhow::Result<()> {
    let view = ctx.host.plugin(key).await?;
    eprintln!(
        "{key}: {} ({}) — {}",
        view.state_label, view.state, view.reason
    );
    Ok(())
}

/// `parc <key> ARGS…`: runs a command of an active plugin.
pub(super) async fn run_external(ctx: &Context, args: Vec<String>) -> anyhow::Result<ExitCode> {
    let Some((key, rest)) = args.split_first() else {
        bail!("missing command");
    };
    let commands = store::registrations::list_active(&ctx.db, "command").await?;
    if !commands.iter().any(|c| &c.plugin == key) {
        let known: Vec<String> = commands
            .iter()
            .map(|c| c.plugin.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        bail!(
            "unrecognized command '{key}': no active plugin provides it{} (see `parc --help` and `parc plugin list`)",
            if known.is_empty() {
                String::new()
            } else {
                format!("; plugin commands: {}", known.join(", "))
            }
        );
    }
    let plugin = ctx
        .host
        .load(key)
        .await
        .with_context(|| format!("cannot run `parc {key}`"))?;
    let request = CommandRequest {
        args: rest.to_vec(),
        stdout_is_terminal: std::io::stdout().is_terminal(),
    };
    let invocation = Invocation {
        output: Some(Arc::new(StdOutput)),
        ..Invocation::default()
    };
    let reply: CommandReply = ctx
        .host
        .invoke(&plugin, kind::RUN_COMMAND, &request, invocation, None)
        .await
        .with_context(|| format!("parc {key}"))?;
    Ok(ExitCode::from(
        u8::try_from(reply.exit_code.clamp(0, 255)).unwrap_or(1),
    ))
}

/// Asks before tables are dropped: on a terminal, a yes/no question; else
/// a refusal naming `--yes` (a script must say it means it).
fn confirm_purge(key: &str, tables: &[String]) -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    if !std::io::stdin().is_terminal() {
        bail!(
            "dropping the {} table(s) of plugin {key} ({}) loses their data: add --yes to confirm",
            tables.len(),
            tables.join(", ")
        );
    }
    eprint!(
        "Drop the {} table(s) of plugin {key} ({})? Their data is lost. [y/N] ",
        tables.len(),
        tables.join(", ")
    );
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        bail!("nothing dropped: the plugin's tables are kept");
    }
}
