//! Entities: GLPI's tree of organisations, rooted at id 0 ("Root
//! entity"), each with its complete name (`Root entity > A > B`).

use super::normalize::line;
use super::{AssetError, AssetStore};
use crate::store::StoreError;
use crate::store::assets::entities::{self as sql, EntityRow};

impl AssetStore {
    /// Every entity.
    pub async fn entities(&self) -> Result<Vec<EntityRow>, AssetError> {
        Ok(sql::list_entities(self.db()).await?)
    }

    /// Adds an entity under `parent` (0 = root); returns its id.
    pub async fn add_entity(
        &self,
        name: &str,
        parent: u32,
        comment: Option<&str>,
        tag: Option<&str>,
    ) -> Result<u32, AssetError> {
        let name = line(Some(name))
            .ok_or_else(|| AssetError::Invalid("an entity needs a name".to_owned()))?;
        let parent_row = sql::get_entity(self.db(), parent)
            .await?
            .ok_or(AssetError::NotFound {
                what: "entity",
                id: parent,
            })?;
        let mut tx = self.db().begin().await?;
        let id = sql::insert_entity(&mut tx, &parent_row, &name, comment, line(tag).as_deref())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AssetError::Invalid(format!(
                    "an entity named {name:?} already exists under {}",
                    parent_row.completename.as_deref().unwrap_or_default()
                )),
                other => other.into(),
            })?;
        tx.commit().await?;
        Ok(id)
    }
}
