//! `parc rules …`: list, show, add, edit, delete, enable, disable, rank,
//! export, import, test.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use serde_json::Value;

use super::output;
use super::{Context, JsonFlag};
use crate::rules::{self, ActionDocument, CriterionDocument, RuleDocument, condition};

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
    /// The collections with their criteria and actions.
    Collections {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Add a rule; prints its id.
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
        /// Ranking (default: last).
        #[arg(long)]
        ranking: Option<i32>,
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
    /// Change a rule's name, description or matching.
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
    /// Move a rule to a position (1 = first) in its collection.
    Rank {
        /// Rule id.
        id: u32,
        /// New position.
        position: usize,
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
            let rows: Vec<Value> = known
                .all()
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "sub_type": c.sub_type, "title": c.title,
                        "stop_on_first_match": c.stop_on_first_match, "plugin": c.plugin,
                        "criteria": c.criteria.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>().join(", "),
                        "actions": c.actions.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>().join(", "),
                    })
                })
                .collect();
            output::print(
                &rows,
                json.json,
                &["sub_type", "title", "criteria", "actions"],
            )?;
        }
        RulesCommand::Add {
            collection,
            name,
            r#match,
            ranking,
            description,
            inactive,
            criteria,
            actions,
        } => {
            let mut doc = RuleDocument {
                uuid: String::new(),
                sub_type: collection,
                name,
                description,
                ranking,
                match_: r#match,
                is_active: !inactive,
                criteria: Vec::new(),
                actions: Vec::new(),
            };
            for (criteria, cond, pattern) in triples(&criteria) {
                let condition = condition::parse(&cond)
                    .ok_or_else(|| anyhow::anyhow!("unknown condition {cond:?}"))?;
                doc.criteria.push(CriterionDocument {
                    criteria,
                    condition,
                    pattern,
                });
            }
            for (action_type, field, value) in triples(&actions) {
                doc.actions.push(ActionDocument {
                    action_type,
                    field,
                    value,
                });
            }
            println!("{}", rules::save(db, doc).await?);
        }
        RulesCommand::Edit {
            id,
            name,
            description,
            r#match,
        } => {
            let mut docs = rules::documents(db, None).await?;
            let rows = rules::list(db, None).await?;
            let Some(index) = rows.iter().position(|r| r.id == id) else {
                bail!("no rule {id}: see `parc rules list`");
            };
            let mut doc = docs.swap_remove(index);
            if doc.uuid.is_empty() {
                bail!("rule {id} has no uuid; export and re-import it to give it one");
            }
            if let Some(name) = name {
                doc.name = name;
            }
            if let Some(description) = description {
                doc.description = description;
            }
            if let Some(m) = r#match {
                doc.match_ = m;
            }
            rules::save(db, doc).await?;
        }
        RulesCommand::Delete { ids } => {
            let n = crate::store::rules::delete(db, &ids).await?;
            eprintln!("{n} rule(s) deleted");
        }
        RulesCommand::Enable { id } => set_active(ctx, id, true).await?,
        RulesCommand::Disable { id } => set_active(ctx, id, false).await?,
        RulesCommand::Rank { id, position } => rules::rank(db, id, position).await?,
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
            let ids = rules::import(db, docs).await?;
            eprintln!("{} rule(s) imported", ids.len());
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
    if !crate::store::rules::set_active(&ctx.db, id, active).await? {
        bail!("no rule {id}: see `parc rules list`");
    }
    Ok(())
}
