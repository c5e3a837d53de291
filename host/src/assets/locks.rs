//! Field locks: a field a person edited on a dynamic computer is locked;
//! inventories skip it until the lock is released.

use super::{AssetError, AssetStore};
use crate::store::assets::locks::{self as sql, LockRow};

impl AssetStore {
    /// Locks of a computer, or of every computer.
    pub async fn locks(&self, id: Option<u32>) -> Result<Vec<LockRow>, AssetError> {
        Ok(sql::list(self.db(), "Computer", id).await?)
    }

    /// Releases locks of a computer (every lock when `fields` is empty);
    /// returns how many were released.
    pub async fn release_locks(&self, id: u32, fields: &[String]) -> Result<u64, AssetError> {
        self.computer(id).await?;
        Ok(sql::release(self.db(), "Computer", id, fields).await?)
    }
}
