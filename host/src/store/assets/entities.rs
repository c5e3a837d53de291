//! SQL of the entity and location trees.

use serde::Serialize;

use super::catalog::{execute, select_rows};
use crate::store::datetime::Timestamp;
use crate::store::rows::{Val, insert_one};
use crate::store::{Db, StoreError, Tx, now, on_db};

/// A `glpi_entities` row (the columns parc uses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct EntityRow {
    /// Id (root: 0).
    pub id: u32,
    /// Name.
    pub name: Option<String>,
    /// Parent (NULL for the root).
    pub entities_id: Option<u32>,
    /// `Root entity > Child > …`.
    pub completename: Option<String>,
    /// Depth, root = 1.
    pub level: i32,
    /// Comment.
    pub comment: Option<String>,
    /// Inventory TAG mapped to this entity.
    pub tag: Option<String>,
    /// Creation.
    pub date_creation: Option<Timestamp>,
}

/// A `glpi_locations` row (the columns parc uses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LocationRow {
    /// Id.
    pub id: u32,
    /// Entity.
    pub entities_id: u32,
    /// Visible in child entities.
    pub is_recursive: bool,
    /// Name.
    pub name: Option<String>,
    /// Parent (0 at the top).
    pub locations_id: u32,
    /// `Building > Floor > Room`.
    pub completename: Option<String>,
    /// Depth, top = 1.
    pub level: i32,
    /// Comment.
    pub comment: Option<String>,
    /// Creation.
    pub date_creation: Option<Timestamp>,
}

/// Every entity, by complete name.
pub async fn list_entities(db: &Db) -> Result<Vec<EntityRow>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, entities_id, completename, level, comment, tag, date_creation \
         FROM glpi_entities ORDER BY completename",
    )
    .fetch_all(pool)
    .await?))
}

/// One entity.
pub async fn get_entity(db: &Db, id: u32) -> Result<Option<EntityRow>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, entities_id, completename, level, comment, tag, date_creation \
         FROM glpi_entities WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?))
}

/// Inserts an entity under `parent` with the next free id.
pub async fn insert_entity(
    tx: &mut Tx,
    parent: &EntityRow,
    name: &str,
    comment: Option<&str>,
    tag: Option<&str>,
) -> Result<u32, StoreError> {
    let next = select_rows(
        tx,
        "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS SIGNED), 0 FROM glpi_entities",
        &[],
    )
    .await?
    .first()
    .map_or(1, |(id, _)| *id);
    let completename = format!(
        "{} > {name}",
        parent.completename.as_deref().unwrap_or_default()
    );
    let stamp = Val::Text(Timestamp(now()).to_glpi());
    execute(
        tx,
        "INSERT INTO glpi_entities (id, name, entities_id, completename, level, comment, tag, \
         date_creation, date_mod) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            Val::from(next),
            Val::from(name),
            Val::from(parent.id),
            Val::from(completename),
            Val::Int(i64::from(parent.level) + 1),
            Val::text(comment),
            Val::text(tag),
            stamp.clone(),
            stamp,
        ],
    )
    .await?;
    Ok(next)
}

/// Every location, by complete name.
pub async fn list_locations(db: &Db) -> Result<Vec<LocationRow>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT id, entities_id, is_recursive, name, locations_id, completename, level, comment, \
         date_creation FROM glpi_locations ORDER BY completename",
    )
    .fetch_all(pool)
    .await?))
}

/// One location, inside a transaction.
pub async fn get_location(tx: &mut Tx, id: u32) -> Result<Option<(String, i32)>, StoreError> {
    let rows = select_rows(
        tx,
        "SELECT id, completename, level FROM glpi_locations WHERE id = ?",
        &[Val::from(id)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .next()
        .map(|(_, v)| (v[0].to_string(), v[1].as_int() as i32)))
}

/// Inserts a location.
#[allow(clippy::too_many_arguments)]
pub async fn insert_location(
    tx: &mut Tx,
    entities_id: u32,
    is_recursive: bool,
    parent: u32,
    name: &str,
    completename: &str,
    level: i32,
    comment: Option<&str>,
) -> Result<u32, StoreError> {
    let stamp = Val::Text(Timestamp(now()).to_glpi());
    insert_one(
        tx,
        "glpi_locations",
        &[
            "entities_id",
            "is_recursive",
            "locations_id",
            "name",
            "completename",
            "level",
            "comment",
            "date_creation",
            "date_mod",
        ],
        &[
            Val::from(entities_id),
            Val::Int(i64::from(is_recursive)),
            Val::from(parent),
            Val::from(name),
            Val::from(completename),
            Val::Int(i64::from(level)),
            Val::text(comment),
            stamp.clone(),
            stamp,
        ],
    )
    .await
}
