//! Evaluating a rule collection, GLPI's way (`RuleCollection::
//! processAllRules`): active rules by ranking, AND/OR over the criteria,
//! actions applied by the matching rule, stop on the first match for
//! collections that say so or when an action sets
//! `_stop_rules_processing`; `_no_rule_matches` and `_ruleid` in the
//! output. Every evaluation can explain itself: which rules were tried,
//! which criterion decided, what the matching rule set.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

use super::condition::{self, Compiled, code};

/// One criterion of a loaded rule.
#[derive(Debug, Clone)]
pub struct CriterionDef {
    /// Criterion key (`tag`, `name`, `serial`, …).
    pub criteria: String,
    /// Condition number.
    pub condition: i32,
    /// Pattern as stored.
    pub pattern: String,
    /// Pattern prepared for matching.
    pub compiled: Compiled,
}

/// One action of a loaded rule.
#[derive(Debug, Clone, Serialize)]
pub struct ActionDef {
    /// `assign`, `regex_result`, `append_regex_result`, …
    pub action_type: String,
    /// Output field.
    pub field: String,
    /// Value.
    pub value: String,
}

/// A rule loaded for evaluation.
#[derive(Debug, Clone)]
pub struct RuleDef {
    /// Row id.
    pub id: u32,
    /// Stable id.
    pub uuid: Option<String>,
    /// Name.
    pub name: String,
    /// Ranking.
    pub ranking: i32,
    /// `OR` matching (else `AND`).
    pub or: bool,
    /// Criteria.
    pub criteria: Vec<CriterionDef>,
    /// Actions.
    pub actions: Vec<ActionDef>,
}

/// A value of the input: one string, or several (IP addresses, MACs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InputValue {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

/// The input of an evaluation: criterion key → value.
pub type Input = BTreeMap<String, InputValue>;

/// What a collection evaluates against the asset store (global criteria
/// of RuleImportAsset).
pub trait Lookup {
    /// Ids of the existing items matching every `FIND` criterion (name,
    /// serial, uuid, mac…) of a rule, with their values from the input,
    /// and the `IS_EMPTY` criteria (empty on the found item). `entity`
    /// restricts the search when the rule asks so.
    fn find(
        &self,
        find: &[(String, Vec<String>)],
        empty: &[String],
        entity: Option<u32>,
    ) -> impl std::future::Future<Output = Result<Vec<u32>, String>> + Send;
}

/// A lookup with nothing in it (collections without global criteria).
pub struct NoLookup;

impl Lookup for NoLookup {
    async fn find(
        &self,
        _: &[(String, Vec<String>)],
        _: &[String],
        _: Option<u32>,
    ) -> Result<Vec<u32>, String> {
        Ok(Vec::new())
    }
}

/// Collection-specific behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain: actions assign their values.
    Generic,
    /// RuleImportEntity: `_affect_entity_by_tag` finds the entity by tag.
    ImportEntity,
    /// RuleImportAsset: "is already present" criteria, link/import/refuse.
    ImportAsset,
}

/// A collection ready to evaluate.
#[derive(Debug, Clone)]
pub struct Collection {
    /// `sub_type`.
    pub sub_type: String,
    /// Stop at the first matching rule.
    pub stop_on_first_match: bool,
    /// Behaviour.
    pub kind: Kind,
    /// Active rules, by ranking.
    pub rules: Vec<RuleDef>,
    /// Entity id of each inventory TAG (`glpi_entities.tag`, lowercased).
    pub entity_tags: HashMap<String, u32>,
}

/// How one criterion went.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionTrace {
    /// Criterion key.
    pub criteria: String,
    /// Condition number.
    pub condition: i32,
    /// Condition label.
    pub condition_label: &'static str,
    /// Pattern.
    pub pattern: String,
    /// The input value it was matched against.
    pub value: Value,
    /// Whether it held.
    pub result: bool,
}

/// How one rule went.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTrace {
    /// Rule id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Ranking.
    pub ranking: i32,
    /// Whether it matched.
    pub matched: bool,
    /// Why it did not match, or what happened.
    pub reason: String,
    /// Criteria evaluated (AND stops at the first failure, OR at the
    /// first success, as GLPI does).
    pub criteria: Vec<CriterionTrace>,
    /// Actions applied (matching rule only).
    pub actions: Vec<ActionDef>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Collection.
    pub sub_type: String,
    /// The first matching rule, if any.
    pub rule: Option<MatchedRule>,
    /// Output fields (`entities_id`, `_ignore_import`, `_no_rule_matches`,
    /// `_ruleid`, …).
    pub output: BTreeMap<String, Value>,
    /// Rules tried, in order (only when explaining).
    pub rules: Vec<RuleTrace>,
}

/// The rule that decided.
#[derive(Debug, Clone, Serialize)]
pub struct MatchedRule {
    /// Id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Stable id.
    pub uuid: Option<String>,
}

/// RuleImportAsset outcome (`action` output): GLPI's `LINK_RESULT_*`.
pub mod link_result {
    /// Refused.
    pub const DENIED: i64 = 0;
    /// Create a new item.
    pub const CREATE: i64 = 1;
    /// Link to an existing item (`found_id`).
    pub const LINK: i64 = 2;
}

/// Values of the `_inventory` action of RuleImportAsset.
pub mod inventory_action {
    /// Link if possible, else import.
    pub const LINK_OR_IMPORT: &str = "0";
    /// Link if possible, else refuse.
    pub const LINK_OR_NO_IMPORT: &str = "1";
    /// Refuse.
    pub const DENIED: &str = "2";
}

pub(crate) fn values_of<'a>(input: &'a Input, key: &str) -> Vec<&'a str> {
    match input.get(key) {
        None => vec![""],
        Some(InputValue::One(v)) => vec![v.as_str()],
        Some(InputValue::Many(values)) if values.is_empty() => vec![""],
        Some(InputValue::Many(values)) => values.iter().map(String::as_str).collect(),
    }
}

fn value_json(input: &Input, key: &str) -> Value {
    match input.get(key) {
        None => Value::Null,
        Some(InputValue::One(v)) => Value::from(v.as_str()),
        Some(InputValue::Many(values)) => Value::from(values.clone()),
    }
}

impl Collection {
    /// Evaluates `input`; `explain` records the trace of every rule tried.
    pub async fn evaluate(
        &self,
        input: &Input,
        lookup: &impl Lookup,
        now: NaiveDateTime,
        explain: bool,
    ) -> Result<Evaluation, String> {
        // Values and lowercased values, once per evaluation.
        let raws: HashMap<&str, Vec<&str>> = input
            .keys()
            .map(|k| (k.as_str(), values_of(input, k)))
            .collect();
        let lowered: HashMap<&str, Vec<String>> = raws
            .iter()
            .map(|(k, values)| (*k, values.iter().map(|v| v.to_lowercase()).collect()))
            .collect();
        static EMPTY: [&str; 1] = [""];
        static EMPTY_LOWER: [String; 1] = [String::new()];
        let mut output: BTreeMap<String, Value> = BTreeMap::new();
        let mut traces = Vec::new();
        let mut decided: Option<MatchedRule> = None;
        for rule in &self.rules {
            // The trace costs allocations: only when explaining.
            let mut trace = RuleTrace {
                id: rule.id,
                name: if explain {
                    rule.name.clone()
                } else {
                    String::new()
                },
                ranking: rule.ranking,
                matched: false,
                reason: String::new(),
                criteria: Vec::new(),
                actions: Vec::new(),
            };
            let mut regex_results: Vec<Vec<String>> = Vec::new();
            let local = || {
                rule.criteria
                    .iter()
                    .filter(|c| !condition::is_global(c.condition))
            };
            if rule.criteria.is_empty() {
                if explain {
                    trace.reason = "no criteria: a rule needs at least one".to_owned();
                    traces.push(trace);
                }
                continue;
            }
            let mut passed = !rule.or || local().next().is_none();
            for c in local() {
                let lowers: &[String] = lowered
                    .get(c.criteria.as_str())
                    .map_or(&EMPTY_LOWER[..], Vec::as_slice);
                let raw: &[&str] = raws
                    .get(c.criteria.as_str())
                    .map_or(&EMPTY[..], Vec::as_slice);
                let negative = condition::is_negative(c.condition);
                let mut result = negative;
                for (value, lower) in raw.iter().zip(lowers) {
                    let m =
                        condition::matches(c.condition, &c.compiled, value, lower, now, &c.pattern);
                    if let Some(captures) = m.captures {
                        regex_results.push(captures);
                    }
                    if negative && !m.matched {
                        result = false;
                        break;
                    }
                    if !negative && m.matched {
                        result = true;
                        if c.condition != code::REGEX_MATCH {
                            break;
                        }
                    }
                }
                if explain {
                    trace.criteria.push(CriterionTrace {
                        criteria: c.criteria.clone(),
                        condition: c.condition,
                        condition_label: condition::label(c.condition),
                        pattern: c.pattern.clone(),
                        value: value_json(input, &c.criteria),
                        result,
                    });
                }
                if rule.or && result {
                    passed = true;
                    break;
                }
                if !rule.or && !result {
                    passed = false;
                    if explain {
                        trace.reason = format!(
                            "criterion {} {} {:?} is false",
                            c.criteria,
                            condition::label(c.condition),
                            c.pattern
                        );
                    }
                    break;
                }
            }
            if !passed {
                if explain {
                    if trace.reason.is_empty() {
                        trace.reason = "no criterion is true (OR)".to_owned();
                    }
                    traces.push(trace);
                }
                continue;
            }
            let mut rule_output: BTreeMap<String, Value> = BTreeMap::new();
            if self.kind == Kind::ImportAsset {
                let globals: Vec<&CriterionDef> = rule
                    .criteria
                    .iter()
                    .filter(|c| condition::is_global(c.condition))
                    .collect();
                match self
                    .import_asset(rule, &globals, input, lookup, &mut trace, explain)
                    .await?
                {
                    Some(result) => rule_output.extend(result),
                    None => {
                        if explain {
                            traces.push(trace);
                        }
                        continue;
                    }
                }
            }
            // The rule matches: its actions.
            for action in &rule.actions {
                let value = match action.action_type.as_str() {
                    "regex_result" | "append_regex_result" => substitute(
                        &action.value,
                        regex_results.first().map(Vec::as_slice).unwrap_or(&[]),
                    ),
                    _ => action.value.clone(),
                };
                if self.kind == Kind::ImportEntity && action.field == "_affect_entity_by_tag" {
                    match self.entity_tags.get(&value.to_lowercase()) {
                        Some(entity) => {
                            rule_output
                                .insert("entities_id".to_owned(), Value::from(entity.to_string()));
                        }
                        None => {
                            trace.reason = format!("no entity has the tag {value:?}");
                        }
                    }
                    continue;
                }
                if action.action_type == "append_regex_result" || action.action_type == "append" {
                    let entry = rule_output
                        .entry(action.field.clone())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(list) = entry {
                        list.push(Value::from(value.clone()));
                    }
                } else {
                    rule_output.insert(action.field.clone(), Value::from(value.clone()));
                }
                if explain {
                    trace.actions.push(ActionDef {
                        action_type: action.action_type.clone(),
                        field: action.field.clone(),
                        value,
                    });
                }
            }
            if self.kind == Kind::ImportAsset {
                finish_import_asset(&mut rule_output);
            }
            trace.matched = true;
            if trace.reason.is_empty() {
                trace.reason = "matched".to_owned();
            }
            let stop = rule_output
                .get("_stop_rules_processing")
                .is_some_and(|v| v == "1" || v == 1);
            output.extend(rule_output);
            output.insert("_ruleid".to_owned(), Value::from(rule.id));
            if decided.is_none() {
                decided = Some(MatchedRule {
                    id: rule.id,
                    name: rule.name.clone(),
                    uuid: rule.uuid.clone(),
                });
            }
            if explain {
                traces.push(trace);
            }
            if self.stop_on_first_match || stop {
                break;
            }
        }
        output.insert(
            "_no_rule_matches".to_owned(),
            Value::Bool(decided.is_none()),
        );
        Ok(Evaluation {
            sub_type: self.sub_type.clone(),
            rule: decided,
            output,
            rules: traces,
        })
    }

    /// RuleImportAsset's global criteria: every FIND criterion needs a value
    /// in the input; the store is searched for an existing item matching
    /// them all. Found: link. Not found: the rule matches only when it
    /// says "link if possible, otherwise refuse". `None`: no match.
    async fn import_asset(
        &self,
        rule: &RuleDef,
        globals: &[&CriterionDef],
        input: &Input,
        lookup: &impl Lookup,
        trace: &mut RuleTrace,
        explain: bool,
    ) -> Result<Option<BTreeMap<String, Value>>, String> {
        let mut find = Vec::new();
        let mut empty = Vec::new();
        let mut entity = None;
        for c in globals {
            match c.condition {
                code::FIND => {
                    let values: Vec<String> = values_of(input, &c.criteria)
                        .into_iter()
                        .filter(|v| !condition::php_empty(v))
                        .map(str::to_owned)
                        .collect();
                    if explain {
                        trace.criteria.push(CriterionTrace {
                            criteria: c.criteria.clone(),
                            condition: c.condition,
                            condition_label: condition::label(c.condition),
                            pattern: c.pattern.clone(),
                            value: value_json(input, &c.criteria),
                            result: !values.is_empty(),
                        });
                    }
                    if values.is_empty() {
                        trace.reason = format!(
                            "a value seems missing: {} is empty in the input",
                            c.criteria
                        );
                        return Ok(None);
                    }
                    find.push((c.criteria.clone(), values));
                }
                code::IS_EMPTY => empty.push(c.criteria.clone()),
                code::ENTITY_RESTRICT => {
                    entity = values_of(input, "entities_id")
                        .first()
                        .and_then(|v| v.parse().ok());
                }
                _ => {}
            }
        }
        let inventory = rule
            .actions
            .iter()
            .find(|a| a.field == "_inventory")
            .map(|a| a.value.as_str());
        let mut out = BTreeMap::new();
        if find.is_empty() && empty.is_empty() {
            return Ok(Some(out));
        }
        let found = lookup.find(&find, &empty, entity).await?;
        match found.first() {
            Some(id) => {
                out.insert("found_id".to_owned(), Value::from(*id));
                trace.reason = format!("found existing item {id}");
                Ok(Some(out))
            }
            None if inventory == Some(inventory_action::LINK_OR_NO_IMPORT) => {
                trace.reason = "nothing found: link or refuse → refused".to_owned();
                out.insert("_link_not_found".to_owned(), Value::Bool(true));
                Ok(Some(out))
            }
            None => {
                trace.reason = "nothing found in the store".to_owned();
                Ok(None)
            }
        }
    }
}

/// RuleImportAsset's decision from the matched rule's output.
fn finish_import_asset(out: &mut BTreeMap<String, Value>) {
    let flag = |v: Option<&Value>| v.is_some_and(|v| v == "1" || v == 1 || v == true);
    let inventory = out
        .get("_inventory")
        .and_then(|v| v.as_str().map(str::to_owned));
    let action = if flag(out.get("_ignore_import"))
        || inventory.as_deref() == Some(inventory_action::DENIED)
        || out.remove("_link_not_found").is_some()
    {
        link_result::DENIED
    } else if out.contains_key("found_id") {
        link_result::LINK
    } else {
        link_result::CREATE
    };
    out.insert("action".to_owned(), Value::from(action));
}

/// Replaces `#0`, `#1`… with captures (GLPI's regex_result actions).
fn substitute(template: &str, captures: &[String]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '#'
            && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
        {
            chars.next();
            out.push_str(captures.get(d as usize).map_or("", String::as_str));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
