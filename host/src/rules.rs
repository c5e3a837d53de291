//! Rules (GLPI's Rule / RuleCollection): stored rules by collection
//! (`sub_type`). Plugins install default rules and add criteria; the
//! evaluation engine comes with the rules-engine issue.

use crate::store::{self, Db, StoreError, rules::RuleRow};

/// Every rule, optionally of one collection, by ranking.
pub async fn list(db: &Db, collection: Option<&str>) -> Result<Vec<RuleRow>, StoreError> {
    store::rules::list(db, collection).await
}
