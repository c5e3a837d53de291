//! The criteria and actions of every collection in words (`parc rules
//! collections`): what fills each criterion and which values each action
//! expects, so that an administrator can write a rule without reading
//! GLPI's source. Plugins' criteria and actions keep their own labels and
//! are said to come from their plugin.

use serde::Serialize;

use super::collections::{CollectionDef, Known};

/// A collection described.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionHelp {
    /// `sub_type`.
    pub sub_type: String,
    /// Title.
    pub title: String,
    /// Evaluation stops at the first matching rule.
    pub stop_on_first_match: bool,
    /// Only AND matching is allowed.
    pub and_only: bool,
    /// Owner plugin (`None`: the host).
    pub plugin: Option<String>,
    /// Its criteria.
    pub criteria: Vec<CriterionHelp>,
    /// Its actions.
    pub actions: Vec<ActionHelp>,
}

/// A criterion described.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionHelp {
    /// Key used in `--criterion KEY …` and in the evaluated input.
    pub key: String,
    /// Label (GLPI's, or the plugin's).
    pub label: String,
    /// What fills it in the input.
    pub filled_by: String,
    /// The plugin that added it.
    pub plugin: Option<String>,
}

/// An action described.
#[derive(Debug, Clone, Serialize)]
pub struct ActionHelp {
    /// Output field used in `--action TYPE FIELD VALUE`.
    pub field: String,
    /// Label (GLPI's, or the plugin's).
    pub label: String,
    /// The action type to use.
    pub action_type: &'static str,
    /// The values it expects and what they do.
    pub expects: String,
    /// The plugin that added it.
    pub plugin: Option<String>,
}

/// What every action type does (the same in every collection).
pub const ACTION_TYPES: &[(&str, &str)] = &[
    ("assign", "sets the field to the value as written"),
    (
        "regex_result",
        "sets the field to the value with #0, #1… replaced by the capture groups of the \
         rule's first matching regular-expression criterion",
    ),
    ("append", "adds the value to the field's list"),
    (
        "append_regex_result",
        "adds the value, #0, #1… replaced as for regex_result, to the field's list",
    ),
];

/// Every known collection described.
pub fn describe(known: &Known) -> Vec<CollectionHelp> {
    known.all().iter().map(collection).collect()
}

fn collection(def: &CollectionDef) -> CollectionHelp {
    let criteria = def
        .criteria
        .iter()
        .map(|(key, label)| {
            let plugin = def.criterion_plugins.get(key).cloned();
            let filled_by = match (&plugin, criterion_source(&def.sub_type, key)) {
                (Some(p), _) => format!("filled by the {p} plugin when it imports"),
                (None, Some(text)) => text.to_owned(),
                (None, None) => "filled by the importer, under this key".to_owned(),
            };
            CriterionHelp {
                key: key.clone(),
                label: label.clone(),
                filled_by,
                plugin,
            }
        })
        .collect();
    let actions = def
        .actions
        .iter()
        .map(|(field, label)| {
            let plugin = def.action_plugins.get(field).cloned();
            let (action_type, expects) = match (&plugin, action_values(&def.sub_type, field)) {
                (Some(p), _) => (
                    "assign",
                    format!("a value the {p} plugin reads from the output"),
                ),
                (None, Some(known)) => known,
                (None, None) => (
                    "assign",
                    "a value the collection's owner reads from the output".to_owned(),
                ),
            };
            ActionHelp {
                field: field.clone(),
                label: label.clone(),
                action_type,
                expects,
                plugin,
            }
        })
        .collect();
    CollectionHelp {
        sub_type: def.sub_type.clone(),
        title: def.title.clone(),
        stop_on_first_match: def.stop_on_first_match,
        and_only: def.and_only,
        plugin: def.plugin.clone(),
        criteria,
        actions,
    }
}

/// What fills a host criterion of a host collection.
fn criterion_source(sub_type: &str, key: &str) -> Option<&'static str> {
    let entity = sub_type == "RuleImportEntity";
    Some(match key {
        "tag" => {
            "the inventory tag the agent sends (the OCS Inventory NG plugin fills its own TAG \
             criterion instead)"
        }
        "domain" => "the computer's domain or workgroup (OCS: WORKGROUP)",
        "subnet" => {
            "the subnet of the computer's first IP address (OCS: IPSUBNET); is CIDR and is not \
             CIDR apply"
        }
        "ip" if entity => {
            "the computer's first IP address, loopback excluded (OCS: IPADDRESS); is CIDR and is \
             not CIDR apply"
        }
        "ip" => {
            "every IP address of the computer (several values); is already present looks for a \
             computer with that address"
        }
        "name" if entity => "the computer's name (OCS: hardware NAME)",
        "name" => "the computer's name; is already present looks for a computer of that name",
        "serial" if entity => {
            "the serial number from the BIOS (OCS: bios SSN, unless blacklisted in OCS)"
        }
        "serial" => {
            "the serial number from the BIOS; is already present looks for a computer with that \
             serial"
        }
        "itemtype" => "the kind of item imported, e.g. Computer",
        "oscomment" => "the operating system's comments (OCS: OSCOMMENTS)",
        "_source" => {
            "who imports: the importing plugin's key, e.g. ocsinventoryng (GLPI: GLPI, \
             NATIVE_INVENTORY); use is or is not"
        }
        "entities_id" => {
            "the entity RuleImportEntity chose, as an id (see `parc entity list`; 0 = root)"
        }
        "states_id" => "the status (id) the item must have",
        "model" => {
            "the computer's model (OCS: bios SMODEL); is already present looks for a computer of \
             that model"
        }
        "manufacturer" => {
            "the computer's manufacturer; is already present looks for a computer of that \
             manufacturer"
        }
        "mac" => {
            "every MAC address of the computer's network ports (several values); is already \
             present looks for a computer with a port of that address"
        }
        "ifdescr" => "the network port's description (network devices; empty for computers)",
        "ifnumber" => "the network port's number (network devices; empty for computers)",
        "otherserial" => {
            "the inventory number; is already present looks for a computer with that number"
        }
        "uuid" => {
            "the system UUID (OCS: hardware UUID); is already present compares it without \
             regard to case"
        }
        "device_id" => "the agent's device id",
        "mskey" => "the operating system's product key",
        "osname" => "the operating system's name",
        "domains_id" => "the domain (id)",
        "linked_item" => "the item the inventory is linked to; use is already present",
        "entityrestrict" => {
            "no input value: with condition entity_restrict (202), is already present searches \
             only the input's entity"
        }
        "link_criteria_port" => {
            "no input value: with condition network_port_restrict (203), the MAC and IP criteria \
             must be found on one network port"
        }
        "only_these_criteria" => {
            "no input value: with condition only_criteria_rule (204), the rule matches only an \
             input holding no other criterion than the rule's"
        }
        "partial" => "1 when the inventory is partial (only the changed sections), else empty",
        _ => return None,
    })
}

/// The action type and the values a host action of a host collection
/// expects.
fn action_values(sub_type: &str, field: &str) -> Option<(&'static str, String)> {
    let text = |t: &'static str, s: &str| Some((t, s.to_owned()));
    match field {
        "entities_id" => text(
            "assign",
            "an entity id (see `parc entity list`; 0 = the root entity)",
        ),
        "locations_id" => text("assign", "a location id (see `parc location list`)"),
        "_affect_entity_by_tag" => text(
            "regex_result",
            "a text naming an entity tag, usually #0: the first capture group of the rule's \
             regular-expression criterion, e.g. criterion `tag regex /^(EU|US)-/` and value #0; \
             the entity whose tag equals it (case aside) is chosen, and none when no entity has \
             that tag (see `parc entity add NAME --tag TAG`)",
        ),
        "_ignore_import" if sub_type == "RuleImportAsset" => text(
            "assign",
            "1: the import is refused (no computer created or linked)",
        ),
        "_ignore_import" => text("assign", "1: the item is not imported"),
        "is_recursive" => text(
            "assign",
            "1: the entity assignment also covers the entity's children; 0: it does not",
        ),
        "groups_id_tech" => text("assign", "a group id: the group in charge of the item"),
        "users_id_tech" => text("assign", "a user id: the technician in charge of the item"),
        "_stop_rules_processing" => text(
            "assign",
            "1: no later rule is evaluated, even in a collection that does not stop at the \
             first match",
        ),
        "_inventory" => text(
            "assign",
            "0 = Link if possible (otherwise import), 1 = Link if possible, otherwise imports \
             declined, 2 = Import denied (no log); linking uses the rule's is already present \
             criteria",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::collections::host_collections;

    #[test]
    fn every_host_criterion_and_action_is_described() {
        for def in host_collections() {
            for (key, _) in &def.criteria {
                assert!(
                    criterion_source(&def.sub_type, key).is_some(),
                    "{} {key}",
                    def.sub_type
                );
            }
            for (field, _) in &def.actions {
                assert!(
                    action_values(&def.sub_type, field).is_some(),
                    "{} {field}",
                    def.sub_type
                );
            }
        }
    }
}
