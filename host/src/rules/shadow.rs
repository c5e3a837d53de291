//! Rules that can never fire because an earlier rule catches their input:
//! in a collection that stops at the first match (or after a rule whose
//! actions stop the processing), a rule ranked after one that always
//! matches is dead. `parc rules add` places a new rule last, after the
//! plugins' catch-all rules (the OCS plugin's RootEntityOcs), so this is
//! checked after every add, rank, enable and edit, and the administrator is told
//! which rule is in the way and how to move theirs.

use serde::Serialize;

use super::condition::{self, code};
use super::{CriterionDocument, RulesError, collections};
use crate::store::Db;
use crate::store::rules as sql;

/// Whether a criterion holds for every input: the wildcard `*` (GLPI's
/// `RULE_WILDCARD`), a regular expression that matches the empty text
/// (`/.*/`, `/^/`: an absent value is the empty text), or "exists" (every
/// input that has the value). Conditions evaluated against the asset store
/// ("is already present", "is empty") never do.
pub fn catch_all(criterion: &CriterionDocument) -> bool {
    if condition::is_global(criterion.condition) {
        return false;
    }
    if criterion.pattern == "*" || criterion.condition == code::EXISTS {
        return true;
    }
    criterion.condition == code::REGEX_MATCH
        && condition::php_regex(criterion.pattern.trim())
            .is_ok_and(|re| re.is_match("") == Some(true))
}

/// Whether a rule matches every input: with AND, every criterion is a
/// [`catch_all`]; with OR, one is. A rule without criteria never matches
/// (GLPI's `Rule::process` needs one).
pub fn always_matches(or: bool, criteria: &[CriterionDocument]) -> bool {
    if criteria.is_empty() {
        return false;
    }
    if or {
        criteria.iter().any(catch_all)
    } else {
        criteria.iter().all(catch_all)
    }
}

/// The scope an AND rule catches entirely: when at least one of its
/// criteria is a [`catch_all`] and all the others are equalities ("is"),
/// it matches every input having those values, as RootEntityOcs (TAG is
/// `*`, OCS_SERVER is 3) matches everything from one OCS server. Returns
/// the equalities (criterion, value); `None` for any other rule.
pub fn catches_scope(or: bool, criteria: &[CriterionDocument]) -> Option<Vec<(String, String)>> {
    if or || !criteria.iter().any(catch_all) {
        return None;
    }
    let mut scope = Vec::new();
    for c in criteria.iter().filter(|c| !catch_all(c)) {
        if c.condition != code::IS {
            return None;
        }
        scope.push((c.criteria.clone(), c.pattern.trim().to_owned()));
    }
    Some(scope)
}

/// An earlier rule that catches the input of a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shadow {
    /// The rule hidden.
    pub rule: u32,
    /// The earlier rule in the way.
    pub by: u32,
    /// Its name.
    pub by_name: String,
    /// Its ranking.
    pub by_ranking: i32,
    /// The inputs it catches: empty = every input, else those whose
    /// criteria have these values.
    pub scope: Vec<(String, String)>,
}

impl std::fmt::Display for Shadow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (rule, by) = (self.rule, self.by);
        write!(
            f,
            "rule {rule} comes after rule {by} {:?} (ranking {}), which ",
            self.by_name, self.by_ranking
        )?;
        if self.scope.is_empty() {
            write!(f, "always matches: rule {rule} never fires")?;
        } else {
            let scope: Vec<String> = self
                .scope
                .iter()
                .map(|(k, v)| format!("{k} is {v:?}"))
                .collect();
            write!(
                f,
                "matches every input where {}: for those, rule {rule} never fires",
                scope.join(" and ")
            )?;
        }
        write!(
            f,
            ". Move it before that rule: parc rules rank {rule} --before {by}"
        )
    }
}

/// A rule's matching as the check needs it.
struct Parts {
    id: u32,
    name: String,
    ranking: i32,
    active: bool,
    or: bool,
    criteria: Vec<CriterionDocument>,
    stops: bool,
}

/// Whether `above` catches every input of `below` that `below` could match.
fn shadows(above: &Parts, below: &Parts, stop_on_first_match: bool) -> Option<Shadow> {
    if !above.active || !(stop_on_first_match || above.stops) {
        return None;
    }
    let scope = if always_matches(above.or, &above.criteria) {
        Vec::new()
    } else {
        let scope = catches_scope(above.or, &above.criteria)?;
        // A later rule that requires another value of a scope criterion
        // gets other inputs.
        let disjoint = scope.iter().any(|(key, value)| {
            !below.or
                && below.criteria.iter().any(|c| {
                    c.condition == code::IS
                        && &c.criteria == key
                        && !c.pattern.trim().eq_ignore_ascii_case(value)
                        && c.pattern != "*"
                })
        });
        if disjoint {
            return None;
        }
        scope
    };
    Some(Shadow {
        rule: below.id,
        by: above.id,
        by_name: above.name.clone(),
        by_ranking: above.ranking,
        scope,
    })
}

/// The shadows rule `id` takes part in, hidden or hiding: the earlier
/// active rules that catch its input, and the later active rules whose
/// input it catches.
pub async fn shadows_of(db: &Db, id: u32) -> Result<Vec<Shadow>, RulesError> {
    let rule = sql::get(db, id).await?.ok_or(RulesError::NotFound(id))?;
    let known = collections::known(db).await?;
    let stop_on_first_match = known
        .collection(&rule.sub_type)
        .is_some_and(|c| c.stop_on_first_match);
    let rows = sql::load_full(db, &rule.sub_type, false).await?;
    let parts: Vec<Parts> = rows
        .into_iter()
        .map(|(rule, criteria, actions)| Parts {
            id: rule.id,
            name: rule.name.unwrap_or_default(),
            ranking: rule.ranking,
            active: rule.is_active,
            or: rule
                .match_
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case("OR")),
            criteria: criteria
                .into_iter()
                .map(|c| CriterionDocument {
                    criteria: c.criteria.unwrap_or_default(),
                    condition: c.condition,
                    pattern: c.pattern.unwrap_or_default(),
                })
                .collect(),
            stops: actions.iter().any(|a| {
                a.field.as_deref() == Some("_stop_rules_processing")
                    && a.value.as_deref() == Some("1")
            }),
        })
        .collect();
    let mut out = Vec::new();
    for (i, below) in parts.iter().enumerate().filter(|(_, p)| p.active) {
        for above in parts[..i].iter().filter(|p| p.ranking < below.ranking) {
            if (below.id == id || above.id == id)
                && let Some(shadow) = shadows(above, below, stop_on_first_match)
            {
                out.push(shadow);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(criteria: &str, condition: i32, pattern: &str) -> CriterionDocument {
        CriterionDocument {
            criteria: criteria.to_owned(),
            condition,
            pattern: pattern.to_owned(),
        }
    }

    fn parts(id: u32, ranking: i32, or: bool, criteria: Vec<CriterionDocument>) -> Parts {
        Parts {
            id,
            name: format!("rule {id}"),
            ranking,
            active: true,
            or,
            criteria,
            stops: false,
        }
    }

    #[test]
    fn catch_all_criteria() {
        assert!(catch_all(&c("tag", code::IS, "*")));
        assert!(catch_all(&c("tag", code::CONTAIN, "*")));
        assert!(catch_all(&c("name", code::REGEX_MATCH, "/.*/")));
        assert!(catch_all(&c("name", code::REGEX_MATCH, "/^/")));
        assert!(catch_all(&c("name", code::EXISTS, "")));
        assert!(!catch_all(&c("name", code::REGEX_MATCH, "/^pc-/")));
        assert!(!catch_all(&c("name", code::REGEX_MATCH, "/(/")));
        assert!(!catch_all(&c("name", code::IS, "pc-1")));
        assert!(!catch_all(&c("name", code::DOES_NOT_EXIST, "")));
        assert!(!catch_all(&c("serial", code::FIND, "*")));
    }

    #[test]
    fn always_matching_rules() {
        let any = c("tag", code::IS, "*");
        let eu = c("tag", code::REGEX_MATCH, "/^EU/");
        assert!(always_matches(false, std::slice::from_ref(&any)));
        assert!(always_matches(
            false,
            &[any.clone(), c("name", code::EXISTS, "")]
        ));
        assert!(!always_matches(false, &[any.clone(), eu.clone()]));
        assert!(always_matches(true, &[eu.clone(), any]));
        assert!(!always_matches(true, &[eu]));
        assert!(!always_matches(false, &[]), "no criteria: never matches");
    }

    #[test]
    fn a_catch_all_hides_later_rules_in_stop_on_first_match_collections() {
        let catch = parts(1, 1, false, vec![c("tag", code::IS, "*")]);
        let later = parts(2, 2, false, vec![c("tag", code::REGEX_MATCH, "/^EU/")]);
        let shadow = shadows(&catch, &later, true).unwrap();
        assert!(shadow.scope.is_empty());
        assert_eq!(
            shadow.to_string(),
            "rule 2 comes after rule 1 \"rule 1\" (ranking 1), which always matches: rule 2 \
             never fires. Move it before that rule: parc rules rank 2 --before 1"
        );
        assert_eq!(shadows(&catch, &later, false), None, "all rules apply");
        let stopping = Parts {
            stops: true,
            ..parts(1, 1, false, vec![c("tag", code::IS, "*")])
        };
        assert!(shadows(&stopping, &later, false).is_some());
        let inactive = Parts {
            active: false,
            ..parts(1, 1, false, vec![c("tag", code::IS, "*")])
        };
        assert_eq!(shadows(&inactive, &later, true), None);
        let specific = parts(1, 1, false, vec![c("tag", code::IS, "EU")]);
        assert_eq!(shadows(&specific, &later, true), None);
    }

    #[test]
    fn root_entity_ocs_hides_later_rules_for_its_server() {
        let root = parts(
            1,
            1,
            false,
            vec![c("TAG", code::IS, "*"), c("OCS_SERVER", code::IS, "3")],
        );
        let later = parts(2, 2, false, vec![c("TAG", code::REGEX_MATCH, "/^(EU)/")]);
        let shadow = shadows(&root, &later, true).unwrap();
        assert_eq!(shadow.scope, [("OCS_SERVER".to_owned(), "3".to_owned())]);
        assert!(
            shadow
                .to_string()
                .contains("matches every input where OCS_SERVER is \"3\": for those")
        );
        // A rule for another server is not hidden.
        let other = parts(
            2,
            2,
            false,
            vec![c("TAG", code::IS, "EU"), c("OCS_SERVER", code::IS, "4")],
        );
        assert_eq!(shadows(&root, &other, true), None);
    }
}
