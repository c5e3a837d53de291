//! The "is already present" searches of RuleImportAsset, in the asset
//! store.

use std::collections::{HashMap, HashSet};

use super::condition::{self, code};
use super::engine::{Collection, Input, Lookup, values_of};
use crate::store::{Db, StoreError, rules as sql};

/// Searches computers of the asset store.
pub struct AssetLookup {
    db: Db,
    exclude: Option<(String, String)>,
}

impl AssetLookup {
    /// A lookup on `db`, skipping computers listed in a plugin's
    /// `(table, column)`.
    pub fn new(db: Db, exclude: Option<(String, String)>) -> Self {
        Self { db, exclude }
    }
}

impl Lookup for AssetLookup {
    async fn find(
        &self,
        find: &[(String, Vec<String>)],
        empty: &[String],
        entity: Option<u32>,
    ) -> Result<Vec<u32>, String> {
        let exclude = self.exclude.as_ref().map(|(t, c)| (t.as_str(), c.as_str()));
        sql::find_computers(&self.db, find, empty, entity, exclude)
            .await
            .map_err(|e| e.to_string())
    }
}

/// The searches of a whole batch, answered from memory: the values every
/// input gives for the collection's "is already present" criteria are
/// looked up once, with one indexed query per criterion (chunked), instead
/// of one query per input and rule. Same answers as [`AssetLookup`].
pub struct BatchLookup {
    /// criterion → folded value → computers having it.
    index: HashMap<String, HashMap<String, Vec<u32>>>,
    facts: HashMap<u32, sql::ComputerFacts>,
    excluded: HashSet<u32>,
    case_insensitive: bool,
}

/// Criteria compared without case whatever the backend (as GLPI does).
fn always_folded(criterion: &str) -> bool {
    matches!(criterion, "uuid" | "mac")
}

impl BatchLookup {
    /// Looks up everything `inputs` can ask of `collection`'s rules.
    pub async fn prefetch(
        db: &Db,
        collection: &Collection,
        inputs: &[Input],
        exclude: Option<(String, String)>,
    ) -> Result<Self, StoreError> {
        let case_insensitive = db.backend() == crate::store::Backend::MySql;
        let criteria: HashSet<&str> = collection
            .rules
            .iter()
            .flat_map(|r| &r.criteria)
            .filter(|c| c.condition == code::FIND)
            .map(|c| c.criteria.as_str())
            .collect();
        let mut index: HashMap<String, HashMap<String, Vec<u32>>> = HashMap::new();
        let mut candidates: HashSet<u32> = HashSet::new();
        for criterion in criteria {
            let mut values: Vec<String> = inputs
                .iter()
                .flat_map(|i| values_of(i, criterion))
                .filter(|v| !condition::php_empty(v))
                .map(str::to_owned)
                .collect();
            if always_folded(criterion) {
                // Indexed equality on the case variants, folded below.
                values = values
                    .iter()
                    .flat_map(|v| [v.clone(), v.to_lowercase(), v.to_uppercase()])
                    .collect();
            }
            values.sort_unstable();
            values.dedup();
            if values.is_empty() {
                continue;
            }
            let by_value = index.entry(criterion.to_owned()).or_default();
            for (id, value) in sql::find_candidates(db, criterion, &values).await? {
                let key = fold(criterion, &value, case_insensitive);
                by_value.entry(key).or_default().push(id);
                candidates.insert(id);
            }
        }
        let ids: Vec<u32> = candidates.into_iter().collect();
        let facts = sql::computer_facts(db, &ids).await?;
        let excluded = match &exclude {
            Some((table, column)) => sql::listed_ids(db, table, column, &ids).await?,
            None => HashSet::new(),
        };
        Ok(Self {
            index,
            facts,
            excluded,
            case_insensitive,
        })
    }
}

fn fold(criterion: &str, value: &str, case_insensitive: bool) -> String {
    if case_insensitive || always_folded(criterion) {
        value.to_lowercase()
    } else {
        value.to_owned()
    }
}

impl Lookup for BatchLookup {
    async fn find(
        &self,
        find: &[(String, Vec<String>)],
        empty: &[String],
        entity: Option<u32>,
    ) -> Result<Vec<u32>, String> {
        let mut found: Option<HashSet<u32>> = None;
        for (criterion, values) in find {
            let by_value = self.index.get(criterion);
            let ids: HashSet<u32> = values
                .iter()
                .filter_map(|v| {
                    by_value.and_then(|m| m.get(&fold(criterion, v, self.case_insensitive)))
                })
                .flatten()
                .copied()
                .collect();
            found = Some(match found {
                Some(previous) => previous.intersection(&ids).copied().collect(),
                None => ids,
            });
        }
        let mut ids: Vec<(bool, u32)> = found
            .unwrap_or_default()
            .into_iter()
            .filter(|id| !self.excluded.contains(id))
            .filter_map(|id| self.facts.get(&id).map(|f| (id, f)))
            .filter(|(_, f)| !f.is_template)
            .filter(|(_, f)| entity.is_none_or(|e| f.entities_id == e))
            .filter(|(_, f)| empty.iter().all(|field| f.is_empty(field)))
            .map(|(id, f)| (f.is_deleted, id))
            .collect();
        ids.sort_unstable();
        Ok(ids.into_iter().take(10).map(|(_, id)| id).collect())
    }
}
