//! `parc rules …`: list, collections, show, add, edit, delete, enable,
//! disable, rank, export, import, test.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use serde_json::Value;

use super::output;
use super::{Context, JsonFlag};
use crate::rules::edit::RuleEdit;
use crate::rules::{
    self, ActionDocument, CriterionDocument, Move, Placement, RuleDocument, condition,
};

/// `parc rules …`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List rules by collection and ranking.
    List {
        /// Only this collection (`sub_type`), e.g. RuleImportEntity.
        #[arg(long)]
        collection: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// The collections with their criteria (what fills them) and actions
    /// (the values they expect).
    Collections {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// A rule with its numbered criteria and actions.
    Show {
        /// Rule id.
        id: u32,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Add a rule (last of its collection unless --first, --before or
    /// --ranking); prints its id.
    Add {
        /// Collection (`sub_type`).
        #[arg(long)]
        collection: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// AND or OR.
        #[arg(long, default_value = "AND")]
        r#match: String,
        /// This ranking, which must be free (default: last).
        #[arg(long, conflicts_with_all = ["first", "before"])]
        ranking: Option<i32>,
        /// First of its collection: the other rules move down by one.
        #[arg(long, conflicts_with = "before")]
        first: bool,
        /// At the place of rule ID, which moves down by one with the rules
        /// after it.
        #[arg(long, value_name = "ID")]
        before: Option<u32>,
        /// Description.
        #[arg(long, default_value = "")]
        description: String,
        /// Create it inactive.
        #[arg(long)]
        inactive: bool,
        /// A criterion: CRITERIA CONDITION PATTERN (condition as a number
        /// or a name: is, is_not, contains, regex, exists, cidr, find…).
        #[arg(long = "criterion", num_args = 3, value_names = ["CRITERIA", "CONDITION", "PATTERN"])]
        criteria: Vec<String>,
        /// An action: TYPE FIELD VALUE (type: assign, regex_result,
        /// append_regex_result).
        #[arg(long = "action", num_args = 3, value_names = ["TYPE", "FIELD", "VALUE"])]
        actions: Vec<String>,
    },
    /// Change a rule's name, description, matching, criteria or actions
    /// (numbered as `parc rules show` numbers them); prints what changed.
    Edit {
        /// Rule id.
        id: u32,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New description.
        #[arg(long)]
        description: Option<String>,
        /// AND or OR.
        #[arg(long)]
        r#match: Option<String>,
        /// Replaces every criterion: CRITERIA CONDITION PATTERN (repeat).
        #[arg(long = "criterion", num_args = 3, value_names = ["CRITERIA", "CONDITION", "PATTERN"],
              conflicts_with_all = ["add_criteria", "remove_criteria"])]
        criteria: Vec<String>,
        /// Adds a criterion: CRITERIA CONDITION PATTERN.
        #[arg(long = "add-criterion", num_args = 3, value_names = ["CRITERIA", "CONDITION", "PATTERN"])]
        add_criteria: Vec<String>,
        /// Removes criterion N (1 = first).
        #[arg(long = "remove-criterion", value_name = "N")]
        remove_criteria: Vec<usize>,
        /// Replaces every action: TYPE FIELD VALUE (repeat).
        #[arg(long = "action", num_args = 3, value_names = ["TYPE", "FIELD", "VALUE"],
              conflicts_with_all = ["add_actions", "remove_actions"])]
        actions: Vec<String>,
        /// Adds an action: TYPE FIELD VALUE.
        #[arg(long = "add-action", num_args = 3, value_names = ["TYPE", "FIELD", "VALUE"])]
        add_actions: Vec<String>,
        /// Removes action N (1 = first).
        #[arg(long = "remove-action", value_name = "N")]
        remove_actions: Vec<usize>,
    },
    /// Delete rules.
    Delete {
        /// Rule ids.
        #[arg(required = true)]
        ids: Vec<u32>,
    },
    /// Activate a rule.
    Enable {
        /// Rule id.
        id: u32,
    },
    /// Deactivate a rule.
    Disable {
        /// Rule id.
        id: u32,
    },
    /// Move a rule within its collection: to a position (1 = first),
    /// first, or before another rule; prints the rankings changed.
    #[command(group(clap::ArgGroup::new("to").required(true).args(["position", "first", "before"])))]
    Rank {
        /// Rule id.
        id: u32,
        /// New position (1 = first).
        position: Option<usize>,
        /// First of its collection.
        #[arg(long)]
        first: bool,
        /// Just before rule ID.
        #[arg(long, value_name = "ID")]
        before: Option<u32>,
    },
    /// Write rules (all, or one collection's) to a JSON file.
    Export {
        /// File, or `-` for stdout.
        file: String,
        /// Only this collection.
        #[arg(long)]
        collection: Option<String>,
    },
    /// Read rules from a JSON file (by uuid: existing rules are replaced).
    Import {
        /// File, or `-` for stdin.
        file: String,
    },
    /// Evaluate an input against a collection and explain the result.
    Test {
        /// Collection (`sub_type`).
        collection: String,
        /// Input, `criterion=value` (repeat a criterion for several values).
        input: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

fn triples(values: &[String]) -> Vec<(String, String, String)> {
    values
        .chunks(3)
        .filter(|c| c.len() == 3)
        .map(|c| (c[0].clone(), c[1].clone(), c[2].clone()))
        .collect()
}

/// `CRITERIA CONDITION PATTERN` triples as criteria.
fn criteria_of(values: &[String]) -> anyhow::Result<Vec<CriterionDocument>> {
    triples(values)
        .into_iter()
        .map(|(criteria, cond, pattern)| {
            let condition = condition::parse(&cond).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown condition {cond:?}: a number or is, is_not, contains, \
                     not_contain, begin, end, regex, not_regex, exists, not_exists, find, under, \
                     not_under, is_empty, before, after, date_is, date_is_not, cidr, not_cidr"
                )
            })?;
            Ok(CriterionDocument {
                criteria,
                condition,
                pattern,
            })
        })
        .collect()
}

/// `TYPE FIELD VALUE` triples as actions.
fn actions_of(values: &[String]) -> Vec<ActionDocument> {
    triples(values)
        .into_iter()
        .map(|(action_type, field, value)| ActionDocument {
            action_type,
            field,
            value,
        })
        .collect()
}

/// Warns (stderr) when an earlier rule catches every input of rule `id`,
/// or rule `id` every input of a later one.
async fn warn_if_shadowed(ctx: &Context, id: u32) -> anyhow::Result<()> {
    for shadow in rules::shadow::shadows_of(&ctx.db, id).await? {
        eprintln!("warning: {shadow}");
    }
    Ok(())
}

pub(super) async fn run(ctx: &Context, command: RulesCommand) -> anyhow::Result<ExitCode> {
    let db = &ctx.db;
    match command {
        RulesCommand::List { collection, json } => {
            let rules = rules::list(db, collection.as_deref()).await?;
            output::print(
                &rules,
                json.json,
                &[
                    "id",
                    "sub_type",
                    "ranking",
                    "name",
                    "match",
                    "is_active",
                    "plugin",
                ],
            )?;
        }
        RulesCommand::Collections { json } => {
            let known = rules::collections::known(db).await?;
            let described = rules::describe::describe(&known);
            if json.json {
                output::print_one(&described, true)?;
            } else {
                print_collections(&described);
            }
        }
        RulesCommand::Show { id, json } => {
            let doc = rules::document(db, id).await?;
            if json.json {
                let mut value = serde_json::to_value(&doc)?;
                value["id"] = Value::from(id);
                output::print_one(&value, true)?;
            } else {
                print_rule(id, &doc);
            }
        }
        RulesCommand::Add {
            collection,
            name,
            r#match,
            ranking,
            first,
            before,
            description,
            inactive,
            criteria,
            actions,
        } => {
            let doc = RuleDocument {
                uuid: String::new(),
                sub_type: collection,
                name,
                description,
                ranking,
                match_: r#match,
                is_active: !inactive,
                comment: String::new(),
                criteria: criteria_of(&criteria)?,
                actions: actions_of(&actions),
            };
            let placement = match (ranking, first, before) {
                (Some(r), _, _) => Placement::Ranking(r),
                (None, true, _) => Placement::First,
                (None, false, Some(id)) => Placement::Before(id),
                (None, false, None) => Placement::Keep,
            };
            let id = rules::add(db, doc, placement).await?;
            println!("{id}");
            warn_if_shadowed(ctx, id).await?;
        }
        RulesCommand::Edit {
            id,
            name,
            description,
            r#match,
            criteria,
            add_criteria,
            remove_criteria,
            actions,
            add_actions,
            remove_actions,
        } => {
            let edit = RuleEdit {
                name,
                description,
                match_: r#match,
                criteria: (!criteria.is_empty())
                    .then(|| criteria_of(&criteria))
                    .transpose()?,
                add_criteria: criteria_of(&add_criteria)?,
                remove_criteria,
                actions: (!actions.is_empty()).then(|| actions_of(&actions)),
                add_actions: actions_of(&add_actions),
                remove_actions,
            };
            let changes = rules::edit::edit(db, id, &edit).await?;
            if changes.is_empty() {
                eprintln!("rule {id}: nothing changed");
            }
            for change in &changes {
                eprintln!("rule {id}: {change}");
            }
            if !changes.is_empty() {
                warn_if_shadowed(ctx, id).await?;
            }
        }
        RulesCommand::Delete { ids } => {
            let n = crate::store::rules::delete(db, &ids).await?;
            eprintln!("{n} rule(s) deleted");
        }
        RulesCommand::Enable { id } => set_active(ctx, id, true).await?,
        RulesCommand::Disable { id } => set_active(ctx, id, false).await?,
        RulesCommand::Rank {
            id,
            position,
            first,
            before,
        } => {
            let to = match (position, first, before) {
                (_, _, Some(other)) => Move::Before(other),
                (Some(position), false, None) => Move::Position(position),
                _ => Move::Position(1),
            };
            let changes = rules::rank(db, id, to).await?;
            if changes.is_empty() {
                eprintln!("rule {id}: already there, nothing changed");
            }
            for c in &changes {
                eprintln!("rule {} {:?}: ranking {} → {}", c.id, c.name, c.old, c.new);
            }
            warn_if_shadowed(ctx, id).await?;
        }
        RulesCommand::Export { file, collection } => {
            let docs = rules::documents(db, collection.as_deref()).await?;
            let text = serde_json::to_string_pretty(&docs)?;
            if file == "-" {
                println!("{text}");
            } else {
                std::fs::write(&file, format!("{text}\n"))
                    .with_context(|| format!("cannot write {file}"))?;
                eprintln!("{} rule(s) exported to {file}", docs.len());
            }
        }
        RulesCommand::Import { file } => {
            let text = if file == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?
            };
            let docs: Vec<RuleDocument> = serde_json::from_str(&text)
                .with_context(|| format!("{file} is not a JSON array of rules"))?;
            let report = rules::import(db, docs).await?;
            eprintln!("{} rule(s) imported", report.ids.len());
            for rule in &report.inactive {
                eprintln!(
                    "warning: rule {} {:?} imported inactive: {}",
                    rule.id, rule.name, rule.reason
                );
            }
            if !report.inactive.is_empty() {
                // Imported, but not all of it works: a script can tell.
                return Ok(ExitCode::from(3));
            }
        }
        RulesCommand::Test {
            collection,
            input,
            json,
        } => {
            let mut map: BTreeMap<String, Value> = BTreeMap::new();
            for pair in &input {
                let (key, value) = pair
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("expected criterion=value, got {pair:?}"))?;
                match map.remove(key) {
                    None => {
                        map.insert(key.to_owned(), Value::from(value));
                    }
                    Some(Value::Array(mut values)) => {
                        values.push(Value::from(value));
                        map.insert(key.to_owned(), Value::Array(values));
                    }
                    Some(first) => {
                        map.insert(
                            key.to_owned(),
                            Value::Array(vec![first, Value::from(value)]),
                        );
                    }
                }
            }
            let input = rules::input_from_json(&map);
            let evaluation = rules::evaluate(db, &collection, &[input], true, None)
                .await?
                .remove(0);
            if json.json {
                output::print_one(&evaluation, true)?;
            } else {
                for trace in &evaluation.rules {
                    println!(
                        "{} #{} {} (ranking {}): {}",
                        if trace.matched { "MATCH" } else { "     " },
                        trace.id,
                        trace.name,
                        trace.ranking,
                        trace.reason
                    );
                }
                match &evaluation.rule {
                    Some(rule) => println!("matched rule {} ({})", rule.id, rule.name),
                    None => println!("no rule matched"),
                }
                for (field, value) in &evaluation.output {
                    println!("  {field} = {value}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn set_active(ctx: &Context, id: u32, active: bool) -> anyhow::Result<()> {
    let Some(rule) = rules::list(&ctx.db, None)
        .await?
        .into_iter()
        .find(|r| r.id == id)
    else {
        bail!("no rule {id}: see `parc rules list`");
    };
    let word = |a: bool| if a { "active" } else { "inactive" };
    if rule.is_active == active {
        eprintln!("rule {id}: already {}, nothing changed", word(active));
    } else {
        crate::store::rules::set_active(&ctx.db, id, active).await?;
        eprintln!("rule {id}: {} → {}", word(rule.is_active), word(active));
    }
    if active {
        warn_if_shadowed(ctx, id).await?;
    }
    Ok(())
}

/// `parc rules collections` as text: each collection, then its criteria
/// and actions with what fills or what they expect.
fn print_collections(collections: &[rules::describe::CollectionHelp]) {
    for (i, c) in collections.iter().enumerate() {
        if i > 0 {
            println!();
        }
        let owner = c
            .plugin
            .as_deref()
            .map_or_else(String::new, |p| format!(", from plugin {p}"));
        println!("{}: {}{owner}", c.sub_type, c.title);
        println!(
            "  {}; matching {}",
            if c.stop_on_first_match {
                "stops at the first matching rule"
            } else {
                "every matching rule applies"
            },
            if c.and_only { "AND only" } else { "AND or OR" }
        );
        let width = c
            .criteria
            .iter()
            .map(|k| k.key.len())
            .chain(c.actions.iter().map(|a| a.field.len()))
            .max()
            .unwrap_or(0);
        println!("  criteria:");
        for k in &c.criteria {
            println!("    {:width$}  {}: {}", k.key, k.label, k.filled_by);
        }
        println!("  actions:");
        for a in &c.actions {
            println!(
                "    {:width$}  {} ({}): {}",
                a.field, a.label, a.action_type, a.expects
            );
        }
    }
    println!();
    println!("Action types:");
    for (name, what) in rules::describe::ACTION_TYPES {
        println!("  {name:19}  {what}");
    }
}

/// `parc rules show` as text.
fn print_rule(id: u32, doc: &RuleDocument) {
    println!(
        "rule {id} {:?}: {}, ranking {}, {}, {}",
        doc.name,
        doc.sub_type,
        doc.ranking.unwrap_or_default(),
        if doc.is_active { "active" } else { "inactive" },
        doc.match_
    );
    if !doc.description.is_empty() {
        println!("  {}", doc.description);
    }
    println!("criteria:");
    for (n, c) in doc.criteria.iter().enumerate() {
        println!("  {}. {}", n + 1, rules::edit::criterion_text(c));
    }
    println!("actions:");
    for (n, a) in doc.actions.iter().enumerate() {
        println!("  {}. {}", n + 1, rules::edit::action_text(a));
    }
}
