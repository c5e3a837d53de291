//! The "is already present" searches of RuleImportAsset, in the asset
//! store.

use super::engine::Lookup;
use crate::store::{Db, rules as sql};

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
