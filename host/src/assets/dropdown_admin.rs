//! Dropdowns, entities and locations edited by people: list, rename, move
//! (trees) and delete, with GLPI's rules for deleting:
//!
//! - the root entity is never deleted; an entity with sub-entities or
//!   items (any row whose `entities_id` is it) is refused;
//! - a dropdown value in use is refused unless a replacement is given, as
//!   GLPI asks for one; the rows using it then point at the replacement;
//! - the children of a deleted tree dropdown (location, status) move up
//!   to its parent, as in GLPI.
//!
//! Trees keep GLPI's complete names (`A > B > C`) and levels right for the
//! whole subtree after a rename or move, and a move under one's own
//! subtree is refused.

use std::collections::HashMap;

use serde::Serialize;

use super::normalize::line;
use super::{AssetError, AssetStore};
use crate::store::Tx;
use crate::store::assets::trees::{self as sql, NodeRow};

/// A table people may edit by hand.
#[derive(Debug, PartialEq, Eq)]
pub struct Editable {
    /// Its name on the command line (`manufacturers`).
    pub kind: &'static str,
    /// One of its rows, in messages (`manufacturer`).
    pub what: &'static str,
    /// The table.
    pub table: &'static str,
    /// The column other tables reference it by.
    pub fk: &'static str,
    /// The parent column of a tree.
    pub parent: Option<&'static str>,
}

const fn plain(kind: &'static str, what: &'static str, table: &'static str) -> Editable {
    Editable {
        kind,
        what,
        table,
        fk: fk_of(table),
        parent: None,
    }
}

/// `glpi_manufacturers` → `manufacturers_id`.
const fn fk_of(table: &'static str) -> &'static str {
    match table.as_bytes() {
        b"glpi_manufacturers" => "manufacturers_id",
        b"glpi_computermodels" => "computermodels_id",
        b"glpi_computertypes" => "computertypes_id",
        b"glpi_operatingsystems" => "operatingsystems_id",
        b"glpi_operatingsystemversions" => "operatingsystemversions_id",
        b"glpi_operatingsystemarchitectures" => "operatingsystemarchitectures_id",
        b"glpi_operatingsystemeditions" => "operatingsystemeditions_id",
        b"glpi_operatingsystemservicepacks" => "operatingsystemservicepacks_id",
        _ => "",
    }
}

/// The dropdowns `parc dropdown` edits.
pub static DROPDOWNS: &[Editable] = &[
    plain("manufacturers", "manufacturer", "glpi_manufacturers"),
    plain("computermodels", "computer model", "glpi_computermodels"),
    plain("computertypes", "computer type", "glpi_computertypes"),
    Editable {
        kind: "states",
        what: "status",
        table: "glpi_states",
        fk: "states_id",
        parent: Some("states_id"),
    },
    plain(
        "operatingsystems",
        "operating system",
        "glpi_operatingsystems",
    ),
    plain(
        "operatingsystemversions",
        "operating system version",
        "glpi_operatingsystemversions",
    ),
    plain(
        "operatingsystemarchitectures",
        "operating system architecture",
        "glpi_operatingsystemarchitectures",
    ),
    plain(
        "operatingsystemeditions",
        "operating system edition",
        "glpi_operatingsystemeditions",
    ),
    plain(
        "operatingsystemservicepacks",
        "operating system service pack",
        "glpi_operatingsystemservicepacks",
    ),
];

/// Entities.
pub static ENTITIES: Editable = Editable {
    kind: "entities",
    what: "entity",
    table: "glpi_entities",
    fk: "entities_id",
    parent: Some("entities_id"),
};

/// Locations.
pub static LOCATIONS: Editable = Editable {
    kind: "locations",
    what: "location",
    table: "glpi_locations",
    fk: "locations_id",
    parent: Some("locations_id"),
};

/// The dropdown called `kind` on the command line.
pub fn dropdown(kind: &str) -> Result<&'static Editable, AssetError> {
    DROPDOWNS
        .iter()
        .find(|d| d.kind.eq_ignore_ascii_case(kind.trim()))
        .ok_or_else(|| {
            AssetError::Invalid(format!(
                "unknown dropdown {kind:?}; dropdowns: {}",
                DROPDOWNS
                    .iter()
                    .map(|d| d.kind)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// What a rename or move changed.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    /// The row before.
    pub before: NodeRow,
    /// The row after.
    pub after: NodeRow,
    /// Rows below it whose complete name changed with it.
    pub descendants: usize,
}

/// What a delete did.
#[derive(Debug, Clone, Serialize)]
pub struct Deleted {
    /// The row deleted.
    pub row: NodeRow,
    /// Rows of other tables now pointing at the replacement.
    pub replaced: u64,
    /// The replacement.
    pub replaced_with: Option<u32>,
    /// Children moved up to its parent.
    pub children_moved: usize,
}

fn is_entity(e: &Editable) -> bool {
    e.table == ENTITIES.table
}

fn find(rows: &[NodeRow], e: &Editable, id: u32) -> Result<NodeRow, AssetError> {
    rows.iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or(AssetError::NotFound { what: e.what, id })
}

/// A sibling of `id` under `parent` already named `name`.
fn sibling_named<'a>(
    rows: &'a [NodeRow],
    id: u32,
    parent: Option<u32>,
    name: &str,
) -> Option<&'a NodeRow> {
    let key = super::normalize::key(name);
    rows.iter()
        .find(|r| r.id != id && r.parent == parent && super::normalize::key(&r.name) == key)
}

/// Complete names and levels of every row of a tree, from names and
/// parents: `(completename, level)` by id.
fn paths(e: &Editable, rows: &[NodeRow]) -> HashMap<u32, (String, i64)> {
    let by_id: HashMap<u32, &NodeRow> = rows.iter().map(|r| (r.id, r)).collect();
    let mut out: HashMap<u32, (String, i64)> = HashMap::new();
    for row in rows {
        // Walk up to a known ancestor or the top (bounded: a cycle in
        // stored data stops at the table's size).
        let mut chain = vec![row.id];
        let mut current = row;
        while !out.contains_key(&current.id) && chain.len() <= rows.len() {
            let parent = match current.parent {
                Some(p) if !(is_entity(e) && current.id == 0) && (p != 0 || is_entity(e)) => p,
                _ => break,
            };
            match by_id.get(&parent) {
                Some(p) if p.id != current.id => {
                    chain.push(p.id);
                    current = p;
                }
                _ => break,
            }
        }
        for id in chain.into_iter().rev() {
            if out.contains_key(&id) {
                continue;
            }
            let node = by_id[&id];
            let parent_path = node
                .parent
                .filter(|p| !(is_entity(e) && id == 0) && (*p != 0 || is_entity(e)))
                .and_then(|p| out.get(&p).cloned());
            let path = match parent_path {
                Some((name, level)) => (format!("{name} > {}", node.name), level + 1),
                None => (node.name.clone(), 1),
            };
            out.insert(id, path);
        }
    }
    out
}

impl AssetStore {
    /// Every row of a dropdown or tree.
    pub async fn dropdown_rows(&self, e: &Editable) -> Result<Vec<NodeRow>, AssetError> {
        let mut tx = self.db().begin().await?;
        let mut rows = sql::rows(&mut tx, e.table, e.parent).await?;
        if e.parent.is_some() {
            rows.sort_by(|a, b| a.completename.cmp(&b.completename));
        }
        Ok(rows)
    }

    /// Renames a row; a tree's complete names follow.
    pub async fn rename_node(
        &self,
        e: &Editable,
        id: u32,
        name: &str,
    ) -> Result<Changed, AssetError> {
        let name = line(Some(name))
            .ok_or_else(|| AssetError::Invalid(format!("a {} needs a name", e.what)))?;
        let mut tx = self.db().begin().await?;
        let rows = sql::rows(&mut tx, e.table, e.parent).await?;
        let before = find(&rows, e, id)?;
        if let Some(other) = sibling_named(&rows, id, before.parent, &name) {
            return Err(AssetError::Invalid(format!(
                "{} {} already has the name {name:?}{}",
                e.what,
                other.id,
                if e.parent.is_some() {
                    " at that place".to_owned()
                } else {
                    format!(
                        "; to merge them, delete {id} with --replace-with {}",
                        other.id
                    )
                }
            )));
        }
        sql::rename(&mut tx, e.table, id, &name).await?;
        self.finish_tree_change(tx, e, id, before).await
    }

    /// Moves a tree row (with its subtree) under `parent` (0: the top of
    /// locations and statuses, the root entity for entities).
    pub async fn move_node(
        &self,
        e: &Editable,
        id: u32,
        parent: u32,
    ) -> Result<Changed, AssetError> {
        let parent_column = e
            .parent
            .ok_or_else(|| AssetError::Invalid(format!("{}s are not a tree", e.what)))?;
        let mut tx = self.db().begin().await?;
        let rows = sql::rows(&mut tx, e.table, e.parent).await?;
        let before = find(&rows, e, id)?;
        if is_entity(e) && id == 0 {
            return Err(AssetError::Invalid(
                "the root entity has no parent: it cannot be moved".to_owned(),
            ));
        }
        if parent != 0 || is_entity(e) {
            find(&rows, e, parent)?;
        }
        // The new parent may not be the row itself or below it.
        let by_id: HashMap<u32, &NodeRow> = rows.iter().map(|r| (r.id, r)).collect();
        let mut up = Some(parent);
        let mut steps = 0;
        while let Some(current) = up.filter(|p| *p != 0 || is_entity(e)) {
            if current == id {
                return Err(AssetError::Invalid(format!(
                    "{} {parent} is {} {id} or below it: nothing moves under itself",
                    e.what, e.what
                )));
            }
            steps += 1;
            if steps > rows.len() || (is_entity(e) && current == 0) {
                break;
            }
            up = by_id.get(&current).and_then(|r| r.parent);
        }
        if let Some(other) = sibling_named(&rows, id, Some(parent), &before.name) {
            return Err(AssetError::Invalid(format!(
                "{} {} with the same name is already there",
                e.what, other.id
            )));
        }
        sql::set_parent(&mut tx, e.table, parent_column, id, parent).await?;
        self.finish_tree_change(tx, e, id, before).await
    }

    /// Rewrites the complete names and levels that changed, commits, and
    /// says what changed.
    async fn finish_tree_change(
        &self,
        mut tx: Tx,
        e: &Editable,
        id: u32,
        before: NodeRow,
    ) -> Result<Changed, AssetError> {
        let mut rows = sql::rows(&mut tx, e.table, e.parent).await?;
        let mut descendants = 0;
        if e.parent.is_some() {
            for (row_id, (completename, level)) in paths(e, &rows) {
                let row = rows.iter_mut().find(|r| r.id == row_id);
                if let Some(row) = row
                    && (row.completename.as_deref() != Some(completename.as_str())
                        || row.level != Some(level))
                {
                    sql::set_path(&mut tx, e.table, row_id, &completename, level).await?;
                    row.completename = Some(completename);
                    row.level = Some(level);
                    if row_id != id {
                        descendants += 1;
                    }
                }
            }
        }
        tx.commit().await?;
        self.caches().clear();
        let after = find(&rows, e, id)?;
        Ok(Changed {
            before,
            after,
            descendants,
        })
    }

    /// Deletes a row, with GLPI's rules (see the module doc).
    pub async fn delete_node(
        &self,
        e: &Editable,
        id: u32,
        replace_with: Option<u32>,
    ) -> Result<Deleted, AssetError> {
        let mut tx = self.db().begin().await?;
        let rows = sql::rows(&mut tx, e.table, e.parent).await?;
        let row = find(&rows, e, id)?;
        let children: Vec<u32> = match e.parent {
            Some(_) => rows
                .iter()
                .filter(|r| r.parent == Some(id) && r.id != id)
                .map(|r| r.id)
                .collect(),
            None => Vec::new(),
        };
        let usage = sql::usage(&mut tx, e.fk, e.table, id).await?;
        let used: i64 = usage.iter().map(|(_, n)| n).sum();
        let detail = usage
            .iter()
            .map(|(table, n)| format!("{table}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        if is_entity(e) {
            if id == 0 {
                return Err(AssetError::Invalid(
                    "the root entity cannot be deleted".to_owned(),
                ));
            }
            if replace_with.is_some() {
                return Err(AssetError::Invalid(
                    "an entity is not replaced: move its items and sub-entities first".to_owned(),
                ));
            }
            if !children.is_empty() {
                return Err(AssetError::Invalid(format!(
                    "entity {id} ({}) has {} sub-entities: move or delete them first",
                    row.completename.as_deref().unwrap_or(&row.name),
                    children.len()
                )));
            }
            if used > 0 {
                return Err(AssetError::Invalid(format!(
                    "entity {id} ({}) holds {used} item(s) ({detail}): move them to another \
                     entity first",
                    row.completename.as_deref().unwrap_or(&row.name)
                )));
            }
        }
        let mut replaced = 0;
        match replace_with {
            Some(to) if to == id => {
                return Err(AssetError::Invalid(format!(
                    "a {} cannot be replaced by itself",
                    e.what
                )));
            }
            Some(to) => {
                find(&rows, e, to)?;
                replaced = sql::replace(&mut tx, e.fk, e.table, id, to).await?;
            }
            None if used > 0 => {
                return Err(AssetError::Invalid(format!(
                    "{} {id} ({}) is used by {used} row(s) ({detail}); to delete it, give \
                     the value that replaces it: parc {} delete {}{id} --replace-with ID",
                    e.what,
                    row.completename.as_deref().unwrap_or(&row.name),
                    if e.table == LOCATIONS.table {
                        "location"
                    } else {
                        "dropdown"
                    },
                    if e.table == LOCATIONS.table {
                        String::new()
                    } else {
                        format!("{} ", e.kind)
                    }
                )));
            }
            None => {}
        }
        // Children move up to the deleted row's parent.
        if let Some(parent_column) = e.parent {
            let new_parent = row.parent.unwrap_or(0);
            for child in &children {
                if let Some(other) = rows
                    .iter()
                    .find(|r| r.id == *child)
                    .and_then(|c| sibling_named(&rows, c.id, Some(new_parent), &c.name))
                    .filter(|o| o.id != id)
                {
                    return Err(AssetError::Invalid(format!(
                        "{} {child} cannot move up next to {} {} of the same name: rename one \
                         first",
                        e.what, e.what, other.id
                    )));
                }
                sql::set_parent(&mut tx, e.table, parent_column, *child, new_parent).await?;
            }
        }
        sql::delete(&mut tx, e.table, id).await?;
        if e.parent.is_some() && !children.is_empty() {
            let rows = sql::rows(&mut tx, e.table, e.parent).await?;
            for (row_id, (completename, level)) in paths(e, &rows) {
                if let Some(r) = rows.iter().find(|r| r.id == row_id)
                    && (r.completename.as_deref() != Some(completename.as_str())
                        || r.level != Some(level))
                {
                    sql::set_path(&mut tx, e.table, row_id, &completename, level).await?;
                }
            }
        }
        tx.commit().await?;
        self.caches().clear();
        Ok(Deleted {
            row,
            replaced,
            replaced_with: replace_with,
            children_moved: children.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u32, parent: Option<u32>, name: &str) -> NodeRow {
        NodeRow {
            id,
            parent,
            name: name.to_owned(),
            completename: None,
            level: None,
        }
    }

    #[test]
    fn complete_names_follow_the_tree() {
        let entities = [
            node(0, None, "Root entity"),
            node(1, Some(0), "A"),
            node(2, Some(1), "B"),
        ];
        let p = paths(&ENTITIES, &entities);
        assert_eq!(p[&2], ("Root entity > A > B".to_owned(), 3));
        let locations = [node(1, Some(0), "HQ"), node(2, Some(1), "Floor 2")];
        let p = paths(&LOCATIONS, &locations);
        assert_eq!(p[&1], ("HQ".to_owned(), 1));
        assert_eq!(p[&2], ("HQ > Floor 2".to_owned(), 2));
    }
}
