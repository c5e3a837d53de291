//! The rule collections: the host's (RuleImportEntity, RuleImportAsset,
//! with GLPI 10's criteria and actions) and those plugins register (whole
//! collections, criteria, actions); and the validation of a rule against
//! them.
//!
//! One name per criterion: a host collection's criteria carry GLPI 10's
//! names (`tag`, `ip`, `subnet`, `domain`, `name`, …), which rules and
//! plugin inputs alike must use. A plugin may add criteria for what the
//! host does not know (the OCS server, …), never a second name for a
//! host criterion (`TAG` for `tag`, as GLPI 9's OCS plugin did): such a
//! registration is refused at install, and a rule naming it is refused
//! with the host's name to use instead.

use std::collections::BTreeMap;

use super::condition::{self, code};
use super::engine::Kind;
use super::{RuleDocument, RulesError};
use crate::store::{Db, StoreError, registrations};

/// A collection definition.
#[derive(Debug, Clone)]
pub struct CollectionDef {
    /// `sub_type`.
    pub sub_type: String,
    /// Title.
    pub title: String,
    /// Stop at the first matching rule.
    pub stop_on_first_match: bool,
    /// Only AND matching allowed.
    pub and_only: bool,
    /// Behaviour.
    pub kind: Kind,
    /// Criteria: (key, label).
    pub criteria: Vec<(String, String)>,
    /// Actions: (output field, label).
    pub actions: Vec<(String, String)>,
    /// Owner plugin (`None`: the host).
    pub plugin: Option<String>,
    /// Criteria plugins added: key → plugin.
    pub criterion_plugins: BTreeMap<String, String>,
    /// Actions plugins added: output field → plugin.
    pub action_plugins: BTreeMap<String, String>,
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, l)| ((*k).to_owned(), (*l).to_owned()))
        .collect()
}

/// The host's collections.
pub fn host_collections() -> Vec<CollectionDef> {
    vec![
        CollectionDef {
            sub_type: "RuleImportEntity".to_owned(),
            title: "Rules for assigning an item to an entity".to_owned(),
            stop_on_first_match: true,
            and_only: false,
            kind: Kind::ImportEntity,
            criteria: pairs(&[
                ("tag", "Inventory tag"),
                ("domain", "Domain"),
                ("subnet", "Subnet"),
                ("ip", "IP address"),
                ("name", "Name"),
                ("serial", "Serial number"),
                ("itemtype", "Item type"),
                ("oscomment", "Operating system > Comments"),
                ("_source", "Source"),
            ]),
            actions: pairs(&[
                ("entities_id", "Entity"),
                ("locations_id", "Location"),
                ("_affect_entity_by_tag", "Entity from TAG"),
                ("_ignore_import", "Refuse import"),
                ("is_recursive", "Child entities"),
                ("groups_id_tech", "Group in charge"),
                ("users_id_tech", "Technician in charge"),
                ("_stop_rules_processing", "Stop rules processing"),
            ]),
            plugin: None,
            criterion_plugins: BTreeMap::new(),
            action_plugins: BTreeMap::new(),
        },
        CollectionDef {
            sub_type: "RuleImportAsset".to_owned(),
            title: "Rules for import and link equipments".to_owned(),
            stop_on_first_match: true,
            and_only: true,
            kind: Kind::ImportAsset,
            criteria: pairs(&[
                ("entities_id", "Target entity"),
                ("states_id", "Status"),
                ("model", "Model"),
                ("manufacturer", "Manufacturer"),
                ("mac", "MAC address"),
                ("ip", "IP address"),
                ("ifdescr", "Port description"),
                ("ifnumber", "Port number"),
                ("serial", "Serial number"),
                ("otherserial", "Inventory number"),
                ("uuid", "UUID"),
                ("device_id", "Agent id"),
                ("mskey", "Serial of the operating system"),
                ("name", "Name"),
                ("tag", "Inventory tag"),
                ("osname", "Operating system"),
                ("oscomment", "Operating system > Comments"),
                ("itemtype", "Item type"),
                ("domains_id", "Domain"),
                ("linked_item", "Linked item"),
                ("entityrestrict", "Restrict search in defined entity"),
                (
                    "link_criteria_port",
                    "Restrict criteria to same network port",
                ),
                ("only_these_criteria", "Only criteria of this rule in data"),
                ("partial", "Is partial"),
                ("_source", "Source"),
            ]),
            actions: pairs(&[
                ("_inventory", "Inventory link"),
                ("_ignore_import", "Refuse import"),
                ("_stop_rules_processing", "Stop rules processing"),
            ]),
            plugin: None,
            criterion_plugins: BTreeMap::new(),
            action_plugins: BTreeMap::new(),
        },
    ]
}

/// Names GLPI 9 and its OCS and FusionInventory plugins gave to what the
/// host's collections now call otherwise: (old name, host name).
const LEGACY_NAMES: &[(&str, &str)] = &[
    ("TAG", "tag"),
    ("IPADDRESS", "ip"),
    ("IPSUBNET", "subnet"),
    ("DOMAIN", "domain"),
    ("MACADDRESS", "mac"),
    ("MACHINE_NAME", "name"),
    ("SSN", "serial"),
];

/// The host criterion of a host collection that `name` is another name
/// for (same name in another case, or a GLPI 9 plugin name), if any.
pub fn host_name_for(sub_type: &str, name: &str) -> Option<String> {
    let def = host_collections()
        .into_iter()
        .find(|c| c.sub_type.eq_ignore_ascii_case(sub_type))?;
    let known = |n: &str| def.criteria.iter().any(|(k, _)| k == n);
    if known(name) {
        return None;
    }
    if let Some((k, _)) = def
        .criteria
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
    {
        return Some(k.clone());
    }
    LEGACY_NAMES
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(name))
        .map(|(_, new)| (*new).to_owned())
        .filter(|new| known(new))
}

/// Refuses a criterion a plugin registers for a host collection under
/// another name than the host's for the same thing.
pub fn check_plugin_criterion(plugin: &str, sub_type: &str, name: &str) -> Result<(), String> {
    match host_name_for(sub_type, name) {
        Some(host) => Err(format!(
            "plugin {plugin} uses {name:?} as a {sub_type} criterion, a second name for \
             parc's (and GLPI 10's) {host:?}: its criteria, rules and rule inputs must say \
             {host:?}"
        )),
        None => Ok(()),
    }
}

/// The first pattern of `rule` that cannot be used (an invalid regular
/// expression, network or id), with why.
pub fn pattern_problem(rule: &RuleDocument) -> Option<String> {
    rule.criteria
        .iter()
        .find_map(|c| condition::compile(c.condition, &c.pattern).err())
        .map(|e| e.0)
}

/// Every collection with the criteria and actions plugins added.
#[derive(Debug, Clone)]
pub struct Known {
    collections: Vec<CollectionDef>,
}

/// The collections, criteria and actions known now (host + installed
/// plugins).
pub async fn known(db: &Db) -> Result<Known, StoreError> {
    let mut collections = host_collections();
    for r in registrations::list_kind(db, "collection").await? {
        if let Ok(spec) = serde_json::from_str::<parc_plugin_api::messages::CollectionSpec>(&r.spec)
        {
            collections.push(CollectionDef {
                sub_type: spec.sub_type,
                title: spec.title,
                stop_on_first_match: spec.stop_on_first_match,
                and_only: false,
                kind: Kind::Generic,
                criteria: Vec::new(),
                actions: pairs(&[("_stop_rules_processing", "Stop rules processing")]),
                plugin: Some(r.plugin),
                criterion_plugins: BTreeMap::new(),
                action_plugins: BTreeMap::new(),
            });
        }
    }
    for r in registrations::list_kind(db, "criterion").await? {
        if let Ok(spec) = serde_json::from_str::<parc_plugin_api::messages::CriterionSpec>(&r.spec)
            && let Some(c) = collections
                .iter_mut()
                .find(|c| c.sub_type.eq_ignore_ascii_case(&spec.sub_type))
        {
            // A second name for a host criterion (registered before parc
            // refused them) stays out: rules use the host's.
            if c.plugin.is_none() && host_name_for(&c.sub_type, &spec.name).is_some() {
                continue;
            }
            if c.criteria.iter().any(|(k, _)| k == &spec.name) {
                continue;
            }
            c.criterion_plugins.insert(spec.name.clone(), r.plugin);
            c.criteria.push((spec.name, spec.label));
        }
    }
    for r in registrations::list_kind(db, "rule_action").await? {
        if let Ok(spec) = serde_json::from_str::<parc_plugin_api::messages::RuleFieldSpec>(&r.spec)
            && let Some(c) = collections
                .iter_mut()
                .find(|c| c.sub_type.eq_ignore_ascii_case(&spec.sub_type))
        {
            c.action_plugins.insert(spec.field.clone(), r.plugin);
            c.actions.push((spec.field, spec.label));
        }
    }
    Ok(Known { collections })
}

impl Known {
    /// A collection by `sub_type`.
    pub fn collection(&self, sub_type: &str) -> Option<&CollectionDef> {
        self.collections
            .iter()
            .find(|c| c.sub_type.eq_ignore_ascii_case(sub_type))
    }

    /// Names of the collections.
    pub fn names(&self) -> Vec<String> {
        self.collections
            .iter()
            .map(|c| c.sub_type.clone())
            .collect()
    }

    /// Every collection.
    pub fn all(&self) -> &[CollectionDef] {
        &self.collections
    }

    /// Checks a rule against its collection: known criteria and actions,
    /// valid conditions and patterns.
    pub fn validate(&self, rule: &RuleDocument) -> Result<(), RulesError> {
        self.validate_shape(rule)?;
        match pattern_problem(rule) {
            Some(why) => Err(RulesError::Invalid(why)),
            None => Ok(()),
        }
    }

    /// [`Known::validate`] but for the patterns (which [`pattern_problem`]
    /// checks).
    pub fn validate_shape(&self, rule: &RuleDocument) -> Result<(), RulesError> {
        let invalid = |m: String| Err(RulesError::Invalid(m));
        let Some(def) = self.collection(&rule.sub_type) else {
            return invalid(format!(
                "unknown rule collection {:?}; known: {}",
                rule.sub_type,
                self.names().join(", ")
            ));
        };
        if rule.name.trim().is_empty() {
            return invalid("a rule needs a name".to_owned());
        }
        let m = rule.match_.to_uppercase();
        if m != "AND" && m != "OR" {
            return invalid(format!("match must be AND or OR, not {:?}", rule.match_));
        }
        if def.and_only && m == "OR" {
            return invalid(format!("{} rules only match with AND", def.sub_type));
        }
        if rule.criteria.is_empty() {
            return invalid("a rule needs at least one criterion".to_owned());
        }
        for c in &rule.criteria {
            if !def.criteria.iter().any(|(k, _)| k == &c.criteria) {
                let hint = host_name_for(&def.sub_type, &c.criteria)
                    .map(|host| format!(" (GLPI 10 and parc call it {host:?})"))
                    .unwrap_or_default();
                return invalid(format!(
                    "unknown criterion {:?} for {}{hint}; known: {}",
                    c.criteria,
                    def.sub_type,
                    def.criteria
                        .iter()
                        .map(|(k, _)| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !condition::ALL.contains(&c.condition) {
                return invalid(format!(
                    "unknown condition {} for criterion {}",
                    c.condition, c.criteria
                ));
            }
            if condition::is_global(c.condition) && def.kind != Kind::ImportAsset {
                return invalid(format!(
                    "condition {:?} only exists in RuleImportAsset",
                    condition::label(c.condition)
                ));
            }
            if matches!(c.condition, code::CIDR | code::NOT_CIDR)
                && !matches!(c.criteria.as_str(), "ip" | "subnet")
            {
                return invalid(format!(
                    "CIDR conditions apply to ip and subnet, not {}",
                    c.criteria
                ));
            }
        }
        for a in &rule.actions {
            if !def.actions.iter().any(|(f, _)| f == &a.field) {
                return invalid(format!(
                    "unknown action field {:?} for {}; known: {}",
                    a.field,
                    def.sub_type,
                    def.actions
                        .iter()
                        .map(|(f, _)| f.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !matches!(
                a.action_type.as_str(),
                "assign" | "regex_result" | "append_regex_result" | "append"
            ) {
                return invalid(format!(
                    "unknown action type {:?}: assign, regex_result, append_regex_result or append",
                    a.action_type
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_name_for_a_host_criterion_is_told_apart() {
        assert_eq!(
            host_name_for("RuleImportEntity", "TAG").as_deref(),
            Some("tag")
        );
        assert_eq!(
            host_name_for("ruleimportentity", "Tag").as_deref(),
            Some("tag")
        );
        assert_eq!(
            host_name_for("RuleImportEntity", "IPADDRESS").as_deref(),
            Some("ip")
        );
        assert_eq!(
            host_name_for("RuleImportEntity", "IPSUBNET").as_deref(),
            Some("subnet")
        );
        assert_eq!(
            host_name_for("RuleImportAsset", "MACADDRESS").as_deref(),
            Some("mac")
        );
        // The host's own names, and what the host has no criterion for.
        assert_eq!(host_name_for("RuleImportEntity", "tag"), None);
        assert_eq!(host_name_for("RuleImportEntity", "OCS_SERVER"), None);
        assert_eq!(host_name_for("RuleImportAsset", "ocsservers_id"), None);
        // RuleImportEntity has no MAC criterion: nothing to duplicate.
        assert_eq!(host_name_for("RuleImportEntity", "MACADDRESS"), None);
        // Plugin collections have no host criteria.
        assert_eq!(host_name_for("PluginFooRuleBar", "TAG"), None);
        let refused = check_plugin_criterion("ocs", "RuleImportEntity", "TAG").unwrap_err();
        assert!(refused.contains("must say \"tag\""), "{refused}");
        assert!(check_plugin_criterion("ocs", "RuleImportEntity", "OCS_SERVER").is_ok());
    }
}
