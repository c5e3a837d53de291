//! Locations: a tree dropdown (`Building > Floor > Room`), by entity.

use super::dropdown::{Resolver, Table};
use super::normalize::line;
use super::{AssetError, AssetStore};
use crate::store::assets::entities::{self as sql, LocationRow};
use crate::store::rows::Val;
use crate::store::{StoreError, Tx};

impl AssetStore {
    /// Every location.
    pub async fn locations(&self) -> Result<Vec<LocationRow>, AssetError> {
        Ok(sql::list_locations(self.db()).await?)
    }

    /// Adds a location under `parent` (0 = top) in `entities_id`.
    pub async fn add_location(
        &self,
        name: &str,
        parent: u32,
        entities_id: u32,
        comment: Option<&str>,
    ) -> Result<u32, AssetError> {
        let name = line(Some(name))
            .ok_or_else(|| AssetError::Invalid("a location needs a name".to_owned()))?;
        let mut tx = self.db().begin().await?;
        if crate::store::assets::catalog::existing_ids(&mut tx, "glpi_entities", &[entities_id])
            .await?
            .is_empty()
        {
            return Err(AssetError::NotFound {
                what: "entity",
                id: entities_id,
            });
        }
        let (completename, level) = match parent {
            0 => (name.clone(), 1),
            parent => {
                let (parent_name, parent_level) =
                    sql::get_location(&mut tx, parent)
                        .await?
                        .ok_or(AssetError::NotFound {
                            what: "location",
                            id: parent,
                        })?;
                (format!("{parent_name} > {name}"), parent_level + 1)
            }
        };
        let id = sql::insert_location(
            &mut tx,
            entities_id,
            true,
            parent,
            &name,
            &completename,
            level,
            comment,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => {
                AssetError::Invalid(format!("location {completename:?} already exists"))
            }
            other => other.into(),
        })?;
        tx.commit().await?;
        Ok(id)
    }
}

/// The id of the location `A > B > C`, creating missing levels (in the
/// root entity, visible everywhere); 0 when absent.
pub(crate) async fn resolve_path(
    tx: &mut Tx,
    resolver: &mut Resolver,
    path: Option<&str>,
) -> Result<u32, AssetError> {
    let Some(path) = path else { return Ok(0) };
    let mut parent = 0;
    let mut completename = String::new();
    for (level, part) in path.split('>').filter_map(|p| line(Some(p))).enumerate() {
        if !completename.is_empty() {
            completename.push_str(" > ");
        }
        completename.push_str(&part);
        parent = resolver
            .resolve(
                tx,
                Table::Location,
                &["locations_id", "name"],
                &[Val::from(parent), Val::from(part.as_str())],
                &[
                    ("entities_id", Val::Int(0)),
                    ("is_recursive", Val::Int(1)),
                    ("completename", Val::from(completename.as_str())),
                    ("level", Val::Int(level as i64 + 1)),
                ],
                true,
                &completename,
            )
            .await
            .map_err(|e: StoreError| AssetError::from(e))?;
    }
    Ok(parent)
}
