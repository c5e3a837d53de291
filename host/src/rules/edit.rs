//! Changing an existing rule (`parc rules edit`): its name, description,
//! matching, criteria and actions, replaced whole or one by one, validated
//! as a new rule is and written in one transaction; and the list of what
//! changed, for the administrator.

use serde::Serialize;

use super::condition;
use super::{ActionDocument, CriterionDocument, RuleDocument, RulesError};
use crate::store::Db;

/// What to change; `None` / empty = leave as is.
#[derive(Debug, Clone, Default)]
pub struct RuleEdit {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New matching, AND or OR.
    pub match_: Option<String>,
    /// Replaces every criterion.
    pub criteria: Option<Vec<CriterionDocument>>,
    /// Criteria to add (after the removals).
    pub add_criteria: Vec<CriterionDocument>,
    /// Criteria to remove, by number (1 = first, as `parc rules show`
    /// numbers them).
    pub remove_criteria: Vec<usize>,
    /// Replaces every action.
    pub actions: Option<Vec<ActionDocument>>,
    /// Actions to add (after the removals).
    pub add_actions: Vec<ActionDocument>,
    /// Actions to remove, by number.
    pub remove_actions: Vec<usize>,
}

/// One change to a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: `name`, `description`, `match`, `criterion`, `action`.
    pub what: &'static str,
    /// Before (`None`: added).
    pub old: Option<String>,
    /// After (`None`: removed).
    pub new: Option<String>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => write!(f, "{}: {old} → {new}", self.what),
            (None, Some(new)) => write!(f, "{} added: {new}", self.what),
            (Some(old), None) => write!(f, "{} removed: {old}", self.what),
            (None, None) => write!(f, "{}", self.what),
        }
    }
}

/// A criterion in words: `tag regular expression matches "/^EU/"`.
pub fn criterion_text(c: &CriterionDocument) -> String {
    format!(
        "{} {} {:?}",
        c.criteria,
        condition::label(c.condition),
        c.pattern
    )
}

/// An action in words: `assign entities_id "3"`.
pub fn action_text(a: &ActionDocument) -> String {
    format!("{} {} {:?}", a.action_type, a.field, a.value)
}

/// `rule` with `edit` applied (not yet validated).
pub fn apply(rule: &RuleDocument, edit: &RuleEdit) -> Result<RuleDocument, RulesError> {
    let mut out = rule.clone();
    if let Some(name) = &edit.name {
        out.name.clone_from(name);
    }
    if let Some(description) = &edit.description {
        out.description.clone_from(description);
    }
    if let Some(m) = &edit.match_ {
        out.match_ = m.to_uppercase();
    }
    out.criteria = edit_list(
        "criterion",
        &rule.criteria,
        edit.criteria.as_ref(),
        &edit.remove_criteria,
        &edit.add_criteria,
    )?;
    out.actions = edit_list(
        "action",
        &rule.actions,
        edit.actions.as_ref(),
        &edit.remove_actions,
        &edit.add_actions,
    )?;
    Ok(out)
}

fn edit_list<T: Clone>(
    what: &str,
    current: &[T],
    replace: Option<&Vec<T>>,
    remove: &[usize],
    add: &[T],
) -> Result<Vec<T>, RulesError> {
    if replace.is_some() && !remove.is_empty() {
        return Err(RulesError::Invalid(format!(
            "replace every {what} or remove some, not both"
        )));
    }
    let mut out: Vec<T> = match replace {
        Some(all) => all.clone(),
        None => current.to_vec(),
    };
    if let Some(bad) = remove.iter().find(|n| **n == 0 || **n > current.len()) {
        return Err(RulesError::Invalid(format!(
            "no {what} {bad}: the rule has {} (numbered from 1, see `parc rules show`)",
            current.len()
        )));
    }
    let mut numbers: Vec<usize> = remove.to_vec();
    numbers.sort_unstable();
    numbers.dedup();
    for n in numbers.into_iter().rev() {
        out.remove(n - 1);
    }
    out.extend(add.iter().cloned());
    Ok(out)
}

/// What differs between two versions of a rule.
pub fn changes(old: &RuleDocument, new: &RuleDocument) -> Vec<Change> {
    let mut out = Vec::new();
    let mut field = |what: &'static str, a: &str, b: &str| {
        if a != b {
            out.push(Change {
                what,
                old: Some(format!("{a:?}")),
                new: Some(format!("{b:?}")),
            });
        }
    };
    field("name", &old.name, &new.name);
    field("description", &old.description, &new.description);
    field(
        "match",
        &old.match_.to_uppercase(),
        &new.match_.to_uppercase(),
    );
    list_changes(
        &mut out,
        "criterion",
        &old.criteria,
        &new.criteria,
        criterion_text,
    );
    list_changes(&mut out, "action", &old.actions, &new.actions, action_text);
    out
}

fn list_changes<T: PartialEq>(
    out: &mut Vec<Change>,
    what: &'static str,
    old: &[T],
    new: &[T],
    text: fn(&T) -> String,
) {
    let mut unmatched: Vec<&T> = new.iter().collect();
    for item in old {
        match unmatched.iter().position(|n| *n == item) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => out.push(Change {
                what,
                old: Some(text(item)),
                new: None,
            }),
        }
    }
    out.extend(unmatched.into_iter().map(|item| Change {
        what,
        old: None,
        new: Some(text(item)),
    }));
}

/// Applies `edit` to rule `id`, validated as `parc rules add` validates,
/// in one transaction; returns what changed (nothing written when
/// nothing changes).
pub async fn edit(db: &Db, id: u32, edit: &RuleEdit) -> Result<Vec<Change>, RulesError> {
    let current = super::document(db, id).await?;
    if current.uuid.is_empty() {
        return Err(RulesError::Invalid(format!(
            "rule {id} has no uuid; export and re-import it to give it one"
        )));
    }
    let updated = apply(&current, edit)?;
    let changes = changes(&current, &updated);
    if !changes.is_empty() {
        super::save(db, updated).await?;
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::condition::code;

    fn rule() -> RuleDocument {
        RuleDocument {
            uuid: "u".to_owned(),
            sub_type: "RuleImportEntity".to_owned(),
            name: "EU".to_owned(),
            description: String::new(),
            ranking: Some(1),
            match_: "AND".to_owned(),
            is_active: true,
            comment: String::new(),
            criteria: vec![
                CriterionDocument {
                    criteria: "tag".to_owned(),
                    condition: code::REGEX_MATCH,
                    pattern: "/^EU/".to_owned(),
                },
                CriterionDocument {
                    criteria: "name".to_owned(),
                    condition: code::EXISTS,
                    pattern: String::new(),
                },
            ],
            actions: vec![ActionDocument {
                action_type: "assign".to_owned(),
                field: "entities_id".to_owned(),
                value: "0".to_owned(),
            }],
        }
    }

    #[test]
    fn remove_then_add_and_say_what_changed() {
        let edit = RuleEdit {
            name: Some("Europe".to_owned()),
            remove_criteria: vec![2],
            add_criteria: vec![CriterionDocument {
                criteria: "serial".to_owned(),
                condition: code::IS,
                pattern: "S1".to_owned(),
            }],
            actions: Some(vec![ActionDocument {
                action_type: "assign".to_owned(),
                field: "entities_id".to_owned(),
                value: "3".to_owned(),
            }]),
            ..RuleEdit::default()
        };
        let new = apply(&rule(), &edit).unwrap();
        assert_eq!(new.criteria.len(), 2);
        assert_eq!(new.criteria[1].criteria, "serial");
        let text: Vec<String> = changes(&rule(), &new)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            text,
            [
                "name: \"EU\" → \"Europe\"",
                "criterion removed: name exists \"\"",
                "criterion added: serial is \"S1\"",
                "action removed: assign entities_id \"0\"",
                "action added: assign entities_id \"3\"",
            ]
        );
        assert!(changes(&rule(), &apply(&rule(), &RuleEdit::default()).unwrap()).is_empty());
    }

    #[test]
    fn bad_numbers_and_mixed_edits_are_refused() {
        let err = apply(
            &rule(),
            &RuleEdit {
                remove_criteria: vec![3],
                ..RuleEdit::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("no criterion 3: the rule has 2"));
        let err = apply(
            &rule(),
            &RuleEdit {
                actions: Some(Vec::new()),
                remove_actions: vec![1],
                ..RuleEdit::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("not both"));
    }
}
