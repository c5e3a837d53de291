//! `parc computer …`, `parc trash …`, `parc entity …`, `parc location …`,
//! `parc history …` and `parc inventory upsert`.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;

use super::output;
use super::{Context, JsonFlag};
use crate::assets::computer::{ComputerDetails, parse_fields};
use crate::assets::dropdown_admin::{self, Changed, Deleted, Editable};
use crate::assets::inventory_document;
use crate::assets::search::{self, SearchQuery};
use crate::store::assets::trees::NodeRow;

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

/// Columns `computer list --json` adds to the default ones.
const JSON_EXTRA_COLUMNS: &[&str] = &[
    "otherserial",
    "uuid",
    "entities_id",
    "is_dynamic",
    "is_deleted",
];

const LIST_HELP: &str =
    "Fields: id, name, serial, otherserial, uuid, entity, location, manufacturer, \
model, type, state, user, os, contact, comment, date_mod, software, ip, mac, … \
(`parc computer list --fields` lists them all).

Examples:
  parc computer list --where name~pc-0 --where serial=ABC
  parc computer list --where 'manufacturer=Dell Inc.|manufacturer=HP' --sort date_mod:desc
  parc computer list --where software~firefox --columns id,name,os --csv
  parc computer list --limit 50 --page 2 --json";

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
    /// Search computers (not in the trash, unless --deleted), as GLPI's
    /// search: `--where serial=ABC --where 'name~pc-0|name~srv'`.
    #[command(after_help = LIST_HELP)]
    List {
        /// Criterion `FIELD OP VALUE`; operators: `=` equals, `!=` differs,
        /// `~` contains (case-insensitive; `^` anchors the start, `$` the
        /// end), `!~` does not contain, `<`, `>`. Repeated `--where` must all
        /// match (AND); alternatives inside one `--where` are separated by
        /// `|` (OR).
        #[arg(long = "where", value_name = "FIELD OP VALUE")]
        criteria: Vec<String>,
        /// Sort by a field, ascending or `:desc`.
        #[arg(long, value_name = "FIELD[:desc]")]
        sort: Option<String>,
        /// At most this many (a page's size; 20 with --page).
        #[arg(long)]
        limit: Option<u32>,
        /// Page number, from 1 (pages of --limit rows).
        #[arg(long)]
        page: Option<u32>,
        /// Columns to print, comma-separated field names.
        #[arg(long, value_name = "a,b,c")]
        columns: Option<String>,
        /// Print the fields one can search, sort and show, and exit.
        #[arg(long)]
        fields: bool,
        /// Print CSV instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Only computers in the trash.
        #[arg(long)]
        deleted: bool,
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
    /// Rename one; the complete names below it follow.
    Rename {
        /// Id.
        id: u32,
        /// New name.
        name: String,
    },
    /// Move one (with everything below it) under another parent.
    Move {
        /// Id.
        id: u32,
        /// New parent id (locations: 0 = the top).
        parent: u32,
    },
    /// Delete one. An entity must hold no sub-entity and no item; a
    /// location in use needs --replace-with; sub-locations move up.
    Delete {
        /// Id.
        id: u32,
        /// Location that replaces it wherever it is used.
        #[arg(long, value_name = "ID")]
        replace_with: Option<u32>,
    },
}

/// `parc dropdown …`
#[derive(Debug, Subcommand)]
pub enum DropdownCommand {
    /// List the values of a dropdown.
    List {
        /// Dropdown (manufacturers, computermodels, computertypes, states,
        /// operatingsystems, operatingsystemversions, …).
        kind: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Rename a value.
    Rename {
        /// Dropdown.
        kind: String,
        /// Id.
        id: u32,
        /// New name.
        name: String,
    },
    /// Delete a value; one in use needs --replace-with, as GLPI asks for a
    /// replacement.
    Delete {
        /// Dropdown.
        kind: String,
        /// Id.
        id: u32,
        /// Value that replaces it wherever it is used.
        #[arg(long, value_name = "ID")]
        replace_with: Option<u32>,
    },
}

/// `parc inventory …`
#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Write computers from a JSON document (an array of upserts, one
    /// upsert object, or `{"items": […]}`), in one transaction; prints the
    /// outcomes. Unknown keys, values of the wrong type and unknown ids are
    /// refused with their path, and nothing is written.
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
            criteria,
            sort,
            limit,
            page,
            columns,
            fields,
            csv,
            deleted,
            json,
        } => {
            if fields {
                let rows: Vec<_> = search::FIELDS
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "name": f.name,
                            "label": f.label,
                            "search_option": f.option,
                        })
                    })
                    .collect();
                output::print(&rows, json.json, &["name", "label", "search_option"])?;
                return Ok(ExitCode::SUCCESS);
            }
            let limit = limit.or(page.map(|_| 20));
            if page == Some(0) || limit == Some(0) {
                bail!("--page and --limit start at 1");
            }
            let mut query = SearchQuery {
                criteria: SearchQuery::parse_criteria(&criteria)?,
                sort: sort.as_deref().map(SearchQuery::parse_sort).transpose()?,
                limit,
                offset: (page.unwrap_or(1) - 1).saturating_mul(limit.unwrap_or(0)),
                columns: columns
                    .as_deref()
                    .map(SearchQuery::parse_columns)
                    .transpose()?
                    .unwrap_or_default(),
                deleted,
            };
            if query.columns.is_empty() && json.json {
                // JSON carries the raw ids and flags too.
                query.columns = search::DEFAULT_COLUMNS
                    .iter()
                    .chain(JSON_EXTRA_COLUMNS)
                    .map(|c| search::field(c))
                    .collect::<Result<_, _>>()?;
            }
            let found = store.search_computers(&query).await?;
            if json.json {
                output::print_one(&found.objects(), true)?;
            } else {
                output::print_rows(&found.columns, &found.rows, csv)?;
            }
        }
        ComputerCommand::Show { id, json } => {
            let details = store.computer_details(id).await?;
            if json.json {
                output::print_one(&details, true)?;
            } else {
                print_computer(&details)?;
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

/// The fields `computer show` prints, in order: (label, column).
const SHOW_FIELDS: &[(&str, &str)] = &[
    ("id", "id"),
    ("name", "name"),
    ("entity", "entities_id"),
    ("serial", "serial"),
    ("otherserial", "otherserial"),
    ("uuid", "uuid"),
    ("manufacturer", "manufacturers_id"),
    ("model", "computermodels_id"),
    ("type", "computertypes_id"),
    ("state", "states_id"),
    ("location", "locations_id"),
    ("user", "users_id"),
    ("user_tech", "users_id_tech"),
    ("group", "groups_id"),
    ("group_tech", "groups_id_tech"),
    ("contact", "contact"),
    ("contact_num", "contact_num"),
    ("network", "networks_id"),
    ("source", "autoupdatesystems_id"),
    ("is_dynamic", "is_dynamic"),
    ("is_deleted", "is_deleted"),
    ("is_recursive", "is_recursive"),
    ("date_creation", "date_creation"),
    ("date_mod", "date_mod"),
    ("last_inventory_update", "last_inventory_update"),
    ("last_boot", "last_boot"),
    ("comment", "comment"),
];

/// Sections `computer show` prints as tables, with their columns.
const SHOW_SECTIONS: &[(&str, &[&str])] = &[
    (
        "operating_system",
        &[
            "operatingsystem",
            "version",
            "architecture",
            "edition",
            "servicepack",
            "kernel",
            "kernel_version",
        ],
    ),
    (
        "processors",
        &[
            "designation",
            "manufacturer",
            "frequency",
            "nbcores",
            "nbthreads",
            "serial",
        ],
    ),
    (
        "memories",
        &[
            "designation",
            "manufacturer",
            "type",
            "catalog_frequence:frequency",
            "size",
            "busID",
            "serial",
        ],
    ),
    (
        "hard_drives",
        &["designation", "manufacturer", "capacity", "serial"],
    ),
    ("network_cards", &["designation", "manufacturer", "mac"]),
    ("graphic_cards", &["designation", "manufacturer", "memory"]),
    ("sound_cards", &["designation", "manufacturer"]),
    ("drives", &["designation", "manufacturer"]),
    ("controllers", &["designation", "manufacturer"]),
    ("motherboards", &["designation", "manufacturer", "serial"]),
    (
        "firmwares",
        &[
            "designation",
            "manufacturer",
            "catalog_version:version",
            "catalog_date:date",
        ],
    ),
    ("pci_devices", &["designation", "manufacturer"]),
    (
        "volumes",
        &[
            "name",
            "mountpoint",
            "device",
            "filesystem",
            "totalsize",
            "freesize",
        ],
    ),
    (
        "software",
        &["software", "version", "publisher", "date_install"],
    ),
    (
        "virtual_machines",
        &["name", "uuid", "vcpu", "ram", "state", "system", "type"],
    ),
    ("network_ports", &["name", "mac", "ifdescr", "ip_addresses"]),
    ("domains", &["name"]),
    ("monitors", &["name", "manufacturer", "model", "serial"]),
    ("peripherals", &["name", "manufacturer", "model", "serial"]),
    ("printers", &["name", "manufacturer", "model", "serial"]),
    ("locks", &["field", "value", "date_creation"]),
];

/// `computer show` as text: the fields with the names of the dropdowns
/// (`Dell Inc. (3)`), a multi-line comment indented under its label, then
/// each non-empty section as a table.
fn print_computer(details: &ComputerDetails) -> anyhow::Result<()> {
    let row = serde_json::to_value(&details.computer)?;
    let width = SHOW_FIELDS.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 1;
    for (label, column) in SHOW_FIELDS {
        let value = &row[*column];
        let text = match (details.names.get(*column), value.as_u64()) {
            (Some(name), Some(id)) => format!("{} ({id})", output::cell(name)),
            (None, Some(0)) if column.ends_with("_id") || column.contains("_id_") => "-".to_owned(),
            _ => output::cell(value),
        };
        let mut lines = text.lines();
        println!(
            "{:width$} {}",
            format!("{label}:"),
            lines.next().unwrap_or_default()
        );
        for line in lines {
            println!("{:width$} {line}", "");
        }
    }
    for (name, columns) in SHOW_SECTIONS {
        if let Some(rows) = details.sections.get(*name).and_then(|v| v.as_array())
            && !rows.is_empty()
        {
            output::print_section(name, rows, columns)?;
        }
    }
    Ok(())
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
        other => return tree_change(ctx, &dropdown_admin::ENTITIES, other).await,
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
        other => return tree_change(ctx, &dropdown_admin::LOCATIONS, other).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// Rename, move or delete of an entity or location.
async fn tree_change(
    ctx: &Context,
    e: &Editable,
    command: TreeCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        TreeCommand::Rename { id, name } => {
            let changed = ctx.assets.rename_node(e, id, &name).await?;
            report_change(e, &changed, "renamed");
        }
        TreeCommand::Move { id, parent } => {
            let changed = ctx.assets.move_node(e, id, parent).await?;
            report_change(e, &changed, "moved");
        }
        TreeCommand::Delete { id, replace_with } => {
            let deleted = ctx.assets.delete_node(e, id, replace_with).await?;
            report_delete(e, &deleted);
        }
        TreeCommand::Add { .. } | TreeCommand::List { .. } => unreachable!("handled by caller"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr what a rename or move changed.
fn report_change(e: &Editable, changed: &Changed, verb: &str) {
    let path = |row: &NodeRow| row.completename.clone().unwrap_or_else(|| row.name.clone());
    eprintln!(
        "{} {} {verb}: {:?} → {:?}",
        e.what,
        changed.after.id,
        path(&changed.before),
        path(&changed.after)
    );
    if changed.descendants > 0 {
        eprintln!("{} complete name(s) below it updated", changed.descendants);
    }
}

/// Says on stderr what a delete did.
fn report_delete(e: &Editable, deleted: &Deleted) {
    let row = &deleted.row;
    eprintln!(
        "{} {} ({}) deleted",
        e.what,
        row.id,
        row.completename.as_deref().unwrap_or(&row.name)
    );
    if let Some(to) = deleted.replaced_with {
        eprintln!("{} row(s) now use {} {to}", deleted.replaced, e.what);
    }
    if deleted.children_moved > 0 {
        eprintln!(
            "{} child(ren) moved up to its parent",
            deleted.children_moved
        );
    }
}

pub(super) async fn dropdown(ctx: &Context, command: DropdownCommand) -> anyhow::Result<ExitCode> {
    match command {
        DropdownCommand::List { kind, json } => {
            let e = dropdown_admin::dropdown(&kind)?;
            let rows = ctx.assets.dropdown_rows(e).await?;
            let columns: &[&str] = if e.parent.is_some() {
                &["id", "name", "parent", "completename", "level"]
            } else {
                &["id", "name"]
            };
            output::print(&rows, json.json, columns)?;
        }
        DropdownCommand::Rename { kind, id, name } => {
            let e = dropdown_admin::dropdown(&kind)?;
            let changed = ctx.assets.rename_node(e, id, &name).await?;
            report_change(e, &changed, "renamed");
        }
        DropdownCommand::Delete {
            kind,
            id,
            replace_with,
        } => {
            let e = dropdown_admin::dropdown(&kind)?;
            let deleted = ctx.assets.delete_node(e, id, replace_with).await?;
            report_delete(e, &deleted);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn history(ctx: &Context, id: u32, json: bool) -> anyhow::Result<ExitCode> {
    ctx.assets.computer(id).await?;
    let entries = ctx.assets.history_entries(id).await?;
    if json {
        return output::print(&entries, true, &[]).map(|()| ExitCode::SUCCESS);
    }
    let dates: Vec<String> = entries
        .iter()
        .map(|e| {
            e.log
                .date_mod
                .as_ref()
                .map_or("-".to_owned(), |d| d.to_glpi())
        })
        .collect();
    let users: Vec<&str> = entries
        .iter()
        .map(|e| e.log.user_name.as_deref().unwrap_or("-"))
        .collect();
    let user_width = users.iter().map(|u| u.chars().count()).max().unwrap_or(0);
    for ((entry, date), user) in entries.iter().zip(&dates).zip(&users) {
        let (old, new) = (entry.old.as_deref(), entry.new.as_deref());
        let prefix = format!("{date}  {user:user_width$}  ");
        let what = entry.field.as_deref().unwrap_or(&entry.event);
        if old.unwrap_or_default().contains('\n') || new.unwrap_or_default().contains('\n') {
            // Multi-line values keep their layout, indented.
            println!("{prefix}{what}:");
            for (title, value) in [("before", old), ("after", new)] {
                println!("    {title}:");
                for line in value.unwrap_or("-").lines() {
                    println!("      {line}");
                }
            }
            continue;
        }
        let detail = match (old, new, entry.field.is_some()) {
            (old, new, true) => format!(": {} → {}", old.unwrap_or("-"), new.unwrap_or("-")),
            (Some(old), Some(new), false) => format!(": {old} → {new}"),
            (Some(value), None, false) | (None, Some(value), false) => format!(": {value}"),
            (None, None, false) => String::new(),
        };
        println!("{prefix}{what}{detail}");
    }
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
    let items = inventory_document::parse(&text).with_context(|| format!("{file} refused"))?;
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
