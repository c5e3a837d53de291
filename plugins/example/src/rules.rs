//! Capability: rules.
//!
//! A plugin can add criteria to a host rule collection (here the entity
//! assignment rules, `RuleImportEntity`) and install default rules. Default
//! rules have a stable uuid: reinstalling never duplicates them and an
//! administrator's edits are kept.

use parc_plugin_api::Install;
use parc_plugin_api::messages::{CriterionSpec, RuleActionSpec, RuleCriterionSpec, RuleSpec};

pub fn register(install: &mut Install) {
    install.criterion(CriterionSpec {
        sub_type: "RuleImportEntity".into(),
        name: "example_greeting".into(),
        label: "Example: greeting".into(),
    });
    install.rule(RuleSpec {
        uuid: "7b0f4a8e-6d8c-4f3e-9c1a-0e5d2b7a9c41".into(),
        sub_type: "RuleImportEntity".into(),
        name: "Example: greeted computers to the root entity".into(),
        description: "Installed by the example plugin".into(),
        match_: "AND".into(),
        // Off by default: a default rule must not change imports by surprise.
        is_active: false,
        criteria: vec![RuleCriterionSpec {
            criteria: "example_greeting".into(),
            condition: 0, // "is"
            pattern: "hello".into(),
        }],
        actions: vec![RuleActionSpec {
            action_type: "assign".into(),
            field: "entities_id".into(),
            value: "0".into(),
        }],
    });
}
