//! `parc computer …`, `parc trash …`, `parc entity …`, `parc location …`,
//! `parc history …` and `parc inventory upsert`.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use parc_plugin_api::messages::inventory::{Upsert, UpsertBatch};

use super::output;
use super::{Context, JsonFlag};
use crate::assets::computer::parse_fields;

/// Author of changes made from the command line, in history.
const CLI_USER: &str = "cli";

const COMPUTER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "serial",
    "uuid",
    "entities_id",
    "is_dynamic",
    "is_deleted",
];

/// `parc computer …`
#[derive(Debug, Subcommand)]
pub enum ComputerCommand {
    /// Add a computer; prints its id.
    Add {
        /// Name.
        name: String,
        /// More fields, `FIELD=VALUE` (GLPI column names: serial, uuid, entities_id, …).
        fields: Vec<String>,
    },
    /// List computers (not in the trash, unless --deleted).
    List {
        /// Only computers in the trash.
        #[arg(long)]
        deleted: bool,
        /// At most this many.
        #[arg(long)]
        limit: Option<u32>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show a computer with all its sections.
    Show {
        /// Computer id.
        id: u32,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change fields (`FIELD=VALUE`); locks them on a dynamic computer.
    Edit {
        /// Computer id.
        id: u32,
        /// `FIELD=VALUE`…
        #[arg(required = true)]
        fields: Vec<String>,
    },
    /// Move computers to the trash.
    Delete {
        /// Computer ids.
        #[arg(required = true)]
        ids: Vec<u32>,
    },
    /// List locked fields (of one computer, or all).
    Locks {
        /// Computer id.
        id: Option<u32>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Release locked fields (all of them when none is named).
    Unlock {
        /// Computer id.
        id: u32,
        /// Fields to unlock.
        fields: Vec<String>,
    },
}

/// `parc trash …`
#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// Computers in the trash.
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Take computers out of the trash.
    Restore {
        /// Computer ids.
        #[arg(required = true)]
        ids: Vec<u32>,
    },
    /// Delete computers for good, with everything attached to them.
    Purge {
        /// Computer ids.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<u32>,
        /// Every computer in the trash.
        #[arg(long)]
        all: bool,
        /// Purge even computers that are not in the trash.
        #[arg(long)]
        force: bool,
    },
}

/// `parc entity …` / `parc location …`
#[derive(Debug, Subcommand)]
pub enum TreeCommand {
    /// Add one; prints its id.
    Add {
        /// Name.
        name: String,
        /// Parent id (default: the root / the top).
        #[arg(long, default_value_t = 0)]
        parent: u32,
        /// Entity (locations only).
        #[arg(long, default_value_t = 0)]
        entity: u32,
        /// Comment.
        #[arg(long)]
        comment: Option<String>,
        /// Inventory TAG mapped to it (entities only).
        #[arg(long)]
        tag: Option<String>,
    },
    /// List them.
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// `parc inventory …`
#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Write computers from a JSON document (an array of upserts, or
    /// `{"items": […]}`), in one transaction; prints the outcomes.
    Upsert {
        /// JSON file, or `-` for stdin.
        file: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub(super) async fn computer(ctx: &Context, command: ComputerCommand) -> anyhow::Result<ExitCode> {
    let store = &ctx.assets;
    match command {
        ComputerCommand::Add { name, fields } => {
            let fields = parse_fields(&fields)?;
            println!("{}", store.add_computer(&name, &fields, CLI_USER).await?);
        }
        ComputerCommand::List {
            deleted,
            limit,
            json,
        } => {
            let rows = store.list_computers(deleted, limit).await?;
            output::print(&rows, json.json, COMPUTER_COLUMNS)?;
        }
        ComputerCommand::Show { id, json } => {
            let details = store.computer_details(id).await?;
            if json.json {
                output::print_one(&details, true)?;
            } else {
                output::print_one(&details.computer, false)?;
                for (name, rows) in &details.sections {
                    let count = rows.as_array().map_or(0, Vec::len);
                    println!("{name}: {count}");
                }
            }
        }
        ComputerCommand::Edit { id, fields } => {
            let fields = parse_fields(&fields)?;
            let locked = store.edit_computer(id, &fields, CLI_USER).await?;
            if !locked.is_empty() {
                eprintln!("locked on this dynamic computer: {}", locked.join(", "));
            }
        }
        ComputerCommand::Delete { ids } => {
            let moved = store.delete_computers(&ids, CLI_USER).await?;
            eprintln!("{} computer(s) moved to the trash", moved.len());
        }
        ComputerCommand::Locks { id, json } => {
            let locks = store.locks(id).await?;
            output::print(
                &locks,
                json.json,
                &["items_id", "field", "value", "date_creation"],
            )?;
        }
        ComputerCommand::Unlock { id, fields } => {
            let released = store.release_locks(id, &fields).await?;
            eprintln!("{released} lock(s) released");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn trash(ctx: &Context, command: TrashCommand) -> anyhow::Result<ExitCode> {
    let store = &ctx.assets;
    match command {
        TrashCommand::List { json } => {
            let rows = store.list_computers(true, None).await?;
            output::print(&rows, json.json, COMPUTER_COLUMNS)?;
        }
        TrashCommand::Restore { ids } => {
            let restored = store.restore_computers(&ids, CLI_USER).await?;
            eprintln!("{} computer(s) restored", restored.len());
        }
        TrashCommand::Purge { ids, all, force } => {
            let ids = if all {
                store.trashed_computers().await?
            } else {
                ids
            };
            let bar = progress_bar(ids.len() as u64, "purging");
            let purged = ctx
                .host
                .purge_computers(&ids, force, &mut |done, _| {
                    if let Some(bar) = &bar {
                        bar.set_position(done as u64);
                    }
                })
                .await?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            eprintln!("{purged} computer(s) purged");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn entity(ctx: &Context, command: TreeCommand) -> anyhow::Result<ExitCode> {
    match command {
        TreeCommand::Add {
            name,
            parent,
            comment,
            tag,
            ..
        } => {
            let id = ctx
                .assets
                .add_entity(&name, parent, comment.as_deref(), tag.as_deref())
                .await?;
            println!("{id}");
        }
        TreeCommand::List { json } => {
            let rows = ctx.assets.entities().await?;
            output::print(
                &rows,
                json.json,
                &["id", "name", "entities_id", "completename", "level", "tag"],
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn location(ctx: &Context, command: TreeCommand) -> anyhow::Result<ExitCode> {
    match command {
        TreeCommand::Add {
            name,
            parent,
            entity,
            comment,
            tag,
        } => {
            if tag.is_some() {
                bail!("--tag applies to entities, not locations");
            }
            let id = ctx
                .assets
                .add_location(&name, parent, entity, comment.as_deref())
                .await?;
            println!("{id}");
        }
        TreeCommand::List { json } => {
            let rows = ctx.assets.locations().await?;
            output::print(
                &rows,
                json.json,
                &["id", "name", "locations_id", "completename", "entities_id"],
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn history(ctx: &Context, id: u32, json: bool) -> anyhow::Result<ExitCode> {
    ctx.assets.computer(id).await?;
    let rows = ctx.assets.history(id).await?;
    output::print(
        &rows,
        json,
        &[
            "id",
            "date_mod",
            "user_name",
            "linked_action",
            "itemtype_link",
            "id_search_option",
            "old_value",
            "new_value",
        ],
    )?;
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn inventory(
    ctx: &Context,
    command: InventoryCommand,
) -> anyhow::Result<ExitCode> {
    let InventoryCommand::Upsert { file, json } = command;
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read stdin")?;
    } else {
        text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?;
    }
    let items: Vec<Upsert> = match serde_json::from_str::<Vec<Upsert>>(&text) {
        Ok(items) => items,
        Err(_) => {
            serde_json::from_str::<UpsertBatch>(&text)
                .with_context(|| {
                    format!("{file} is not an inventory batch (a JSON array of upserts)")
                })?
                .items
        }
    };
    let outcomes = ctx.assets.upsert(&items, &[]).await?;
    output::print(
        &outcomes,
        json.json,
        &["computers_id", "created", "changes"],
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr when it is a terminal.
pub(super) fn progress_bar(total: u64, what: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{what} {{bar:40}} {{pos}}/{{len}} ({{eta}})"
    )) {
        bar.set_style(style);
    }
    Some(bar)
}
