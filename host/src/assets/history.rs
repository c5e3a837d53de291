//! History of items (`glpi_logs`), as GLPI records it.

use super::{AssetError, AssetStore};
use crate::store::assets::history::{self as sql, LogRow};

impl AssetStore {
    /// History of a computer, oldest first.
    pub async fn history(&self, id: u32) -> Result<Vec<LogRow>, AssetError> {
        Ok(sql::list(self.db(), "Computer", id).await?)
    }

    /// Number of history rows in the database.
    pub async fn history_count(&self) -> Result<i64, AssetError> {
        Ok(sql::count(self.db()).await?)
    }
}
