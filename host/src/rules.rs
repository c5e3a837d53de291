//! Rules (GLPI's Rule / RuleCollection): stored in `glpi_rules`,
//! `glpi_rulecriterias`, `glpi_ruleactions`; evaluated by collection
//! (`sub_type`) with GLPI's conditions and semantics, and able to explain
//! every evaluation.
//!
//! * [`condition`]: the condition operators and their matching;
//! * [`engine`]: evaluating a collection, with explanation;
//! * [`collections`]: the collections, criteria and actions the host and
//!   plugins define, and the validation of rules against them;
//! * [`lookup`]: the "is already present" searches of RuleImportAsset;
//! * [`pcre`]: GLPI's (PHP's) regular expressions, run as PCRE does;
//! * [`describe`]: the criteria and actions in words;
//! * [`shadow`]: rules that never fire because an earlier one catches
//!   their input;
//! * [`edit`]: changing a rule's criteria, actions and settings.
//!
//! A fresh database holds no rules: plugins install their defaults (with
//! stable uuids) and administrators add theirs.

pub mod collections;
pub mod condition;
pub mod describe;
pub mod edit;
pub mod engine;
pub mod lookup;
pub mod pcre;
pub mod shadow;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::rules::{self as sql, NewRule, RuleRow};
pub use crate::store::rules::{Move, Placement, RankChange};
use crate::store::{Db, StoreError, now};
use engine::{ActionDef, Collection, CriterionDef, Evaluation, Input, InputValue, RuleDef};

/// Errors of the rules engine, worded for people.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// Invalid rule or input.
    #[error("{0}")]
    Invalid(String),
    /// No such rule.
    #[error("no rule {0}: see `parc rules list`")]
    NotFound(u32),
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Every rule, optionally of one collection, by ranking.
pub async fn list(db: &Db, collection: Option<&str>) -> Result<Vec<RuleRow>, StoreError> {
    sql::list(db, collection).await
}

/// A rule as exported and imported (GLPI's column names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDocument {
    /// Stable id (generated when absent).
    #[serde(default)]
    pub uuid: String,
    /// Collection.
    pub sub_type: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Ranking (next free when absent).
    #[serde(default)]
    pub ranking: Option<i32>,
    /// `AND` or `OR`.
    #[serde(rename = "match", default = "and")]
    pub match_: String,
    /// Active flag.
    #[serde(default = "yes")]
    pub is_active: bool,
    /// Comment (GLPI's column); why an imported rule was left inactive.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// Criteria.
    #[serde(default)]
    pub criteria: Vec<CriterionDocument>,
    /// Actions.
    #[serde(default)]
    pub actions: Vec<ActionDocument>,
}

fn and() -> String {
    "AND".to_owned()
}

fn yes() -> bool {
    true
}

/// A criterion of a [`RuleDocument`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionDocument {
    /// Criterion key.
    pub criteria: String,
    /// Condition number.
    pub condition: i32,
    /// Pattern.
    #[serde(default)]
    pub pattern: String,
}

/// An action of a [`RuleDocument`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDocument {
    /// `assign`, `regex_result`, …
    pub action_type: String,
    /// Output field.
    pub field: String,
    /// Value.
    #[serde(default)]
    pub value: String,
}

/// Rules with their criteria and actions (`parc rules show`, export).
pub async fn documents(db: &Db, collection: Option<&str>) -> Result<Vec<RuleDocument>, StoreError> {
    let rules = sql::list(db, collection).await?;
    as_documents(db, rules).await
}

/// Rule `id` with its criteria and actions.
pub async fn document(db: &Db, id: u32) -> Result<RuleDocument, RulesError> {
    let rule = sql::get(db, id).await?.ok_or(RulesError::NotFound(id))?;
    Ok(as_documents(db, vec![rule]).await?.remove(0))
}

async fn as_documents(db: &Db, rules: Vec<RuleRow>) -> Result<Vec<RuleDocument>, StoreError> {
    Ok(sql::load_parts(db, rules)
        .await?
        .into_iter()
        .map(|(rule, criteria, actions)| RuleDocument {
            uuid: rule.uuid.unwrap_or_default(),
            sub_type: rule.sub_type,
            name: rule.name.unwrap_or_default(),
            description: rule.description.unwrap_or_default(),
            ranking: Some(rule.ranking),
            match_: rule.match_.unwrap_or_else(and),
            is_active: rule.is_active,
            comment: rule.comment.unwrap_or_default(),
            criteria: criteria
                .into_iter()
                .map(|c| CriterionDocument {
                    criteria: c.criteria.unwrap_or_default(),
                    condition: c.condition,
                    pattern: c.pattern.unwrap_or_default(),
                })
                .collect(),
            actions: actions
                .into_iter()
                .map(|a| ActionDocument {
                    action_type: a.action_type.unwrap_or_default(),
                    field: a.field.unwrap_or_default(),
                    value: a.value.unwrap_or_default(),
                })
                .collect(),
        })
        .collect())
}

/// Validates and writes a rule (created, or replaced when its uuid
/// exists) at its ranking (absent: its own, or after the last); returns
/// its id.
pub async fn save(db: &Db, rule: RuleDocument) -> Result<u32, RulesError> {
    let placement = rule.ranking.map_or(Placement::Keep, Placement::Ranking);
    save_placed(db, rule, placement).await
}

/// Validates and creates a rule at `placement` in its collection (first,
/// or before another rule: the rules from there on move down by one);
/// returns its id.
pub async fn add(db: &Db, rule: RuleDocument, placement: Placement) -> Result<u32, RulesError> {
    if let Placement::Before(other) = placement {
        let before = sql::get(db, other).await?.ok_or_else(|| {
            RulesError::Invalid(format!(
                "--before {other}: no rule {other}; see `parc rules list`"
            ))
        })?;
        if !before.sub_type.eq_ignore_ascii_case(&rule.sub_type) {
            return Err(RulesError::Invalid(format!(
                "--before {other}: rule {other} is a {} rule, not a {} one",
                before.sub_type, rule.sub_type
            )));
        }
    }
    save_placed(db, rule, placement).await
}

async fn save_placed(
    db: &Db,
    mut rule: RuleDocument,
    placement: Placement,
) -> Result<u32, RulesError> {
    let known = collections::known(db).await?;
    known.validate(&rule)?;
    check_references(db, &rule).await?;
    // Its patterns are valid now: the note saying they were not goes.
    if rule.comment.starts_with(INVALID_PATTERN_NOTE) {
        rule.comment.clear();
    }
    write(db, rule, placement).await
}

/// Writes a validated rule.
async fn write(db: &Db, mut rule: RuleDocument, placement: Placement) -> Result<u32, RulesError> {
    if rule.uuid.trim().is_empty() {
        rule.uuid = uuid::Uuid::new_v4().to_string();
    }
    let new = NewRule {
        uuid: rule.uuid,
        sub_type: rule.sub_type,
        name: rule.name,
        description: rule.description,
        placement,
        match_: rule.match_.to_uppercase(),
        is_active: rule.is_active,
        comment: rule.comment,
        criteria: rule
            .criteria
            .into_iter()
            .map(|c| (c.criteria, c.condition, c.pattern))
            .collect(),
        actions: rule
            .actions
            .into_iter()
            .map(|a| (a.action_type, a.field, a.value))
            .collect(),
    };
    sql::save(db, &new).await.map_err(|e| match e {
        StoreError::Conflict(message) if matches!(placement, Placement::Ranking(_)) => {
            RulesError::Invalid(format!(
                "{message}: rankings are unique per collection; choose a free one, or use \
                 --first, --before ID or `parc rules rank`"
            ))
        }
        StoreError::Conflict(message) | StoreError::NotFound(message) => {
            RulesError::Invalid(message)
        }
        other => other.into(),
    })
}

/// The table an action's or criterion's id points into.
fn id_table(field: &str) -> Option<(&'static str, &'static str)> {
    Some(match field {
        "entities_id" => ("glpi_entities", "entity"),
        "locations_id" => ("glpi_locations", "location"),
        "groups_id_tech" => ("glpi_groups", "group"),
        "users_id_tech" => ("glpi_users", "user"),
        _ => return None,
    })
}

/// Refuses a rule whose assigned ids (entity, location, group, user) or
/// "under" patterns point at nothing: it would file items nowhere.
async fn check_references(db: &Db, rule: &RuleDocument) -> Result<(), RulesError> {
    let assigned = rule
        .actions
        .iter()
        .filter(|a| a.action_type == "assign")
        .map(|a| {
            (
                format!("action {}", a.field),
                a.field.as_str(),
                a.value.trim(),
            )
        });
    let under = rule
        .criteria
        .iter()
        .filter(|c| {
            matches!(
                c.condition,
                condition::code::UNDER | condition::code::NOT_UNDER
            )
        })
        .map(|c| {
            (
                format!("criterion {}", c.criteria),
                c.criteria.as_str(),
                c.pattern.trim(),
            )
        });
    for (what, field, value) in assigned.chain(under) {
        let Some((table, noun)) = id_table(field) else {
            continue;
        };
        let id: u32 = value
            .parse()
            .map_err(|_| RulesError::Invalid(format!("{what}: {value:?} is not a {noun} id")))?;
        if !sql::missing_ids(db, table, &[id]).await?.is_empty() {
            let hint = match noun {
                "entity" => "; see `parc entity list`",
                "location" => "; see `parc location list`",
                _ => "",
            };
            return Err(RulesError::Invalid(format!("{what}: no {noun} {id}{hint}")));
        }
    }
    Ok(())
}

/// Moves rule `id` within its collection; returns the rankings changed
/// (the moved rule first), none when it already was there.
pub async fn rank(db: &Db, id: u32, to: Move) -> Result<Vec<RankChange>, RulesError> {
    sql::move_rule(db, id, to).await.map_err(|e| match e {
        StoreError::NotFound(_) => RulesError::NotFound(id),
        StoreError::Conflict(message) => RulesError::Invalid(message),
        other => other.into(),
    })
}

/// The start of the comment of a rule imported inactive because of a
/// pattern parc cannot use.
pub const INVALID_PATTERN_NOTE: &str = "Imported inactive: ";

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Every rule written, in file order.
    pub ids: Vec<u32>,
    /// Rules written inactive because a pattern cannot be used.
    pub inactive: Vec<InactiveRule>,
}

/// A rule imported inactive, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InactiveRule {
    /// Its id.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Why (also in its comment).
    pub reason: String,
}

/// Imports rules (by uuid: existing ones are replaced). A file naming an
/// unknown collection, criterion, condition or action, or an entity,
/// location, group or user that does not exist, is refused whole before
/// anything is written. A rule whose pattern cannot be used (an invalid
/// regular expression, as GLPI lets one be saved) is written inactive,
/// with the reason in its comment, and reported: the others import.
pub async fn import(db: &Db, rules: Vec<RuleDocument>) -> Result<ImportReport, RulesError> {
    let known = collections::known(db).await?;
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(rules.len());
    for (n, mut rule) in rules.into_iter().enumerate() {
        let which = |e: RulesError| match e {
            RulesError::Invalid(m) => {
                RulesError::Invalid(format!("rule {} ({:?}): {m}", n + 1, rule.name))
            }
            other => other,
        };
        known.validate_shape(&rule).map_err(which)?;
        check_references(db, &rule).await.map_err(which)?;
        if !rule.uuid.is_empty() && !seen.insert(rule.uuid.clone()) {
            return Err(RulesError::Invalid(format!(
                "uuid {} appears twice in the file",
                rule.uuid
            )));
        }
        let problem = collections::pattern_problem(&rule);
        if let Some(why) = &problem {
            rule.is_active = false;
            rule.comment = format!("{INVALID_PATTERN_NOTE}{why}");
        } else if rule.comment.starts_with(INVALID_PATTERN_NOTE) {
            rule.comment.clear();
        }
        checked.push((rule, problem));
    }
    let mut report = ImportReport::default();
    for (rule, problem) in checked {
        let name = rule.name.clone();
        let placement = rule.ranking.map_or(Placement::Keep, Placement::Ranking);
        let id = write(db, rule, placement).await?;
        report.ids.push(id);
        if let Some(reason) = problem {
            report.inactive.push(InactiveRule { id, name, reason });
        }
    }
    Ok(report)
}

/// Loads the active rules of a collection, compiled for evaluation.
pub async fn load(db: &Db, sub_type: &str) -> Result<Collection, RulesError> {
    let known = collections::known(db).await?;
    let Some(def) = known.collection(sub_type) else {
        return Err(RulesError::Invalid(format!(
            "unknown rule collection {sub_type:?}; known: {}",
            known.names().join(", ")
        )));
    };
    let rows = sql::load_full(db, sub_type, true).await?;
    let mut trees: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    let mut rules = Vec::with_capacity(rows.len());
    for (rule, criteria, actions) in rows {
        let mut compiled = Vec::with_capacity(criteria.len());
        for c in criteria {
            let key = c.criteria.unwrap_or_default();
            let pattern = c.pattern.unwrap_or_default();
            let mut prepared = condition::compile(c.condition, &pattern)
                .unwrap_or_else(|e| condition::Compiled::BadRegex(e.0));
            if let condition::Compiled::Subtree(ids) = &mut prepared {
                let table = match key.as_str() {
                    "entities_id" => "glpi_entities",
                    "locations_id" => "glpi_locations",
                    _ => "",
                };
                if !trees.contains_key(table) {
                    trees.insert(table, sql::tree(db, table).await?);
                }
                *ids = subtree(&trees[table], ids.iter().copied().next().unwrap_or(0));
            }
            compiled.push(CriterionDef {
                criteria: key,
                condition: c.condition,
                pattern,
                compiled: prepared,
            });
        }
        rules.push(RuleDef {
            id: rule.id,
            uuid: rule.uuid,
            name: rule.name.unwrap_or_default(),
            ranking: rule.ranking,
            or: rule
                .match_
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case("OR")),
            criteria: compiled,
            actions: actions
                .into_iter()
                .map(|a| ActionDef {
                    action_type: a.action_type.unwrap_or_default(),
                    field: a.field.unwrap_or_default(),
                    value: a.value.unwrap_or_default(),
                })
                .collect(),
        });
    }
    let entity_tags = sql::entity_tags(db)
        .await?
        .into_iter()
        .map(|(id, tag)| (tag.to_lowercase(), id))
        .collect();
    Ok(Collection {
        sub_type: def.sub_type.clone(),
        stop_on_first_match: def.stop_on_first_match,
        kind: def.kind,
        rules,
        entity_tags,
    })
}

/// `root` and its descendants in a tree of (id, parent).
fn subtree(tree: &[(u32, u32)], root: u32) -> HashSet<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (id, parent) in tree {
        if id != parent {
            children.entry(*parent).or_default().push(*id);
        }
    }
    let mut out = HashSet::from([root]);
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        for child in children.get(&node).into_iter().flatten() {
            if out.insert(*child) {
                stack.push(*child);
            }
        }
    }
    out
}

/// An input from JSON: strings, numbers and booleans as text, arrays as
/// several values.
pub fn input_from_json(map: &BTreeMap<String, Value>) -> Input {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        other => other.to_string(),
    };
    map.iter()
        .map(|(k, v)| {
            let value = match v {
                Value::Array(items) => InputValue::Many(items.iter().map(text).collect()),
                other => InputValue::One(text(other)),
            };
            (k.clone(), value)
        })
        .collect()
}

/// Evaluates inputs against a collection loaded once.
pub async fn evaluate(
    db: &Db,
    sub_type: &str,
    inputs: &[Input],
    explain: bool,
    exclude: Option<(String, String)>,
) -> Result<Vec<Evaluation>, RulesError> {
    let collection = load(db, sub_type).await?;
    evaluate_loaded(db, &collection, inputs, explain, exclude).await
}

/// [`evaluate`] with a collection loaded beforehand (a caller evaluating
/// batch after batch loads the rules once).
pub async fn evaluate_loaded(
    db: &Db,
    collection: &Collection,
    inputs: &[Input],
    explain: bool,
    exclude: Option<(String, String)>,
) -> Result<Vec<Evaluation>, RulesError> {
    if inputs.len() > 1 && collection.kind == engine::Kind::ImportAsset {
        // A batch: every "is already present" search answered from one
        // prefetch.
        let lookup = lookup::BatchLookup::prefetch(db, collection, inputs, exclude).await?;
        return evaluate_all(collection, inputs, &lookup, explain).await;
    }
    let lookup = lookup::AssetLookup::new(db.clone(), exclude);
    evaluate_all(collection, inputs, &lookup, explain).await
}

async fn evaluate_all(
    collection: &Collection,
    inputs: &[Input],
    lookup: &impl engine::Lookup,
    explain: bool,
) -> Result<Vec<Evaluation>, RulesError> {
    let now = now();
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        out.push(
            collection
                .evaluate(input, lookup, now, explain)
                .await
                .map_err(RulesError::Invalid)?,
        );
    }
    Ok(out)
}
