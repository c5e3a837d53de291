//! What the plugin registers with the host: its automatic actions, the
//! default import and link rules, the rule criteria it feeds, the purge
//! cascade of its links (install), and its Tools menu entry (activation).

use parc_plugin_api::messages::{
    CriterionSpec, RuleActionSpec, RuleCriterionSpec, RuleSpec, TaskSpec,
};
use parc_plugin_api::{Activation, Install};

use crate::schema;

/// The automatic action that imports new computers and synchronises the
/// changed ones (GLPI's name).
pub const TASK_SYNC: &str = "ocsng";
/// The automatic action that deletes old run records.
pub const TASK_CLEAN_RUNS: &str = "CleanOldThreads";
/// `_source` of every rule input the plugin evaluates.
pub const SOURCE: &str = "ocsinventoryng";

/// GLPI rule conditions used by the default rules.
const IS: i32 = 0;
const FIND: i32 = 10;

pub fn register(install: &mut Install) {
    let mut sync = TaskSpec::new(TASK_SYNC, 300);
    sync.description = "OCSNG - Import new computers and synchronise changed ones".into();
    install.task(sync);
    let mut clean = TaskSpec::new(TASK_CLEAN_RUNS, 3600);
    clean.param = Some(24);
    clean.param_label = Some("Delete processes after (hours)".into());
    clean.description = "OCSNG - Clean processes".into();
    install.task(clean);

    // The OCS TAG, addresses, domain… go to the host's criteria (`tag`,
    // `ip`, `subnet`, `domain`): only what the host has no criterion for
    // is registered.
    for (name, label) in [
        ("OCS_SERVER", "OCSNG server"),
        ("DESCRIPTION", "Description"),
    ] {
        install.criterion(CriterionSpec {
            sub_type: "RuleImportEntity".into(),
            name: name.into(),
            label: label.into(),
        });
    }
    install.criterion(CriterionSpec {
        sub_type: "RuleImportAsset".into(),
        name: "ocsservers_id".into(),
        label: "OCSNG server".into(),
    });
    for rule in default_link_rules() {
        install.rule(rule);
    }
    install.purge_cascade("Computer", schema::LINKS, "computers_id");
    // With allow_ocs_update, a purge deletes the machine in OCS too.
    install.before_purge("Computer");
}

pub fn activate(activation: &mut Activation) {
    activation.page("front/ocsng", "OCS Inventory NG");
    activation.menu("tools", "OCS Inventory NG", "front/ocsng");
}

/// RuleImportAsset rules for OCS imports, most specific first: link an
/// existing computer found by serial and UUID, by serial, by UUID, by MAC
/// address, otherwise import. Never by name alone (names are reused).
fn default_link_rules() -> Vec<RuleSpec> {
    let source = RuleCriterionSpec {
        criteria: "_source".into(),
        condition: IS,
        pattern: SOURCE.into(),
    };
    let find = |field: &str| RuleCriterionSpec {
        criteria: field.into(),
        condition: FIND,
        pattern: "1".into(),
    };
    let link_or_import = RuleActionSpec {
        action_type: "assign".into(),
        field: "_inventory".into(),
        value: "0".into(),
    };
    let rule = |uuid: &str, name: &str, criteria: Vec<RuleCriterionSpec>| RuleSpec {
        uuid: uuid.into(),
        sub_type: "RuleImportAsset".into(),
        name: name.into(),
        description: "Installed by the ocsinventoryng plugin".into(),
        match_: "AND".into(),
        is_active: true,
        criteria,
        actions: vec![link_or_import.clone()],
    };
    vec![
        rule(
            "5d0c1a52-8a57-4c2e-9d42-0f3b8e1c6a01",
            "OCS: link by serial and UUID",
            vec![source.clone(), find("serial"), find("uuid")],
        ),
        rule(
            "5d0c1a52-8a57-4c2e-9d42-0f3b8e1c6a02",
            "OCS: link by serial",
            vec![source.clone(), find("serial")],
        ),
        rule(
            "5d0c1a52-8a57-4c2e-9d42-0f3b8e1c6a03",
            "OCS: link by UUID",
            vec![source.clone(), find("uuid")],
        ),
        rule(
            "5d0c1a52-8a57-4c2e-9d42-0f3b8e1c6a04",
            "OCS: link by MAC address",
            vec![source.clone(), find("mac")],
        ),
        rule(
            "5d0c1a52-8a57-4c2e-9d42-0f3b8e1c6a05",
            "OCS: import",
            vec![source],
        ),
    ]
}
