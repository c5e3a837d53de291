//! SQL of editing dropdowns and trees by hand: the rows of a table, who
//! uses a value (every table with the referencing column, found in the
//! schema, so plugins' tables count too), replacing a value everywhere,
//! and writing a tree row's name, parent, complete name and level.

use serde_json::Value;

use crate::store::plugin_sql::{execute_in, query_in};
use crate::store::{StoreError, Tx};

/// A row of a dropdown or tree: id, parent (trees), name, complete name
/// (trees), level (trees).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NodeRow {
    /// Id.
    pub id: u32,
    /// Parent (`None` for plain dropdowns and the root entity).
    pub parent: Option<u32>,
    /// Name.
    pub name: String,
    /// `A > B > C` (trees).
    pub completename: Option<String>,
    /// Depth, top = 1 (trees).
    pub level: Option<i64>,
}

/// Every row of `table`, by id. `parent` names the parent column of a
/// tree (`None` for a plain dropdown).
pub async fn rows(
    tx: &mut Tx,
    table: &str,
    parent: Option<&str>,
) -> Result<Vec<NodeRow>, StoreError> {
    let sql = match parent {
        Some(parent) => {
            format!("SELECT id, {parent}, name, completename, level FROM {table} ORDER BY id")
        }
        None => format!("SELECT id, NULL, name, NULL, NULL FROM {table} ORDER BY id"),
    };
    Ok(query_in(tx, &sql, &[])
        .await?
        .rows
        .into_iter()
        .map(|r| NodeRow {
            id: r[0].as_u64().unwrap_or_default() as u32,
            parent: r[1].as_u64().map(|p| p as u32),
            name: r[2].as_str().unwrap_or_default().to_owned(),
            completename: r[3].as_str().map(str::to_owned),
            level: r[4].as_i64(),
        })
        .collect())
}

/// Tables having a column named `column`, but `except`.
async fn tables_with(tx: &mut Tx, column: &str, except: &str) -> Result<Vec<String>, StoreError> {
    let sql = match tx {
        Tx::Sqlite(_) => {
            "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = ? ORDER BY m.name"
        }
        Tx::MySql(_) => {
            "SELECT TABLE_NAME FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = ? ORDER BY TABLE_NAME"
        }
    };
    Ok(query_in(tx, sql, &[Value::from(column)])
        .await?
        .rows
        .into_iter()
        .filter_map(|r| r[0].as_str().map(str::to_owned))
        .filter(|t| t != except)
        .collect())
}

/// Rows of other tables whose `column` is `id`, per table (those with
/// some only).
pub async fn usage(
    tx: &mut Tx,
    column: &str,
    own_table: &str,
    id: u32,
) -> Result<Vec<(String, i64)>, StoreError> {
    let mut out = Vec::new();
    for table in tables_with(tx, column, own_table).await? {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = ?");
        let count = query_in(tx, &sql, &[Value::from(id)]).await?.rows[0][0]
            .as_i64()
            .unwrap_or_default();
        if count > 0 {
            out.push((table, count));
        }
    }
    Ok(out)
}

/// Points every `column` = `from` of other tables at `to`; returns the
/// rows changed.
pub async fn replace(
    tx: &mut Tx,
    column: &str,
    own_table: &str,
    from: u32,
    to: u32,
) -> Result<u64, StoreError> {
    let mut changed = 0;
    for table in tables_with(tx, column, own_table).await? {
        let sql = format!("UPDATE {table} SET {column} = ? WHERE {column} = ?");
        changed += execute_in(tx, &sql, &[Value::from(to), Value::from(from)])
            .await?
            .rows_affected;
    }
    Ok(changed)
}

/// Sets a row's name.
pub async fn rename(tx: &mut Tx, table: &str, id: u32, name: &str) -> Result<(), StoreError> {
    let sql = format!("UPDATE {table} SET name = ?, date_mod = ? WHERE id = ?");
    execute_in(
        tx,
        &sql,
        &[Value::from(name), Value::from(stamp()), Value::from(id)],
    )
    .await?;
    Ok(())
}

/// Sets a tree row's parent.
pub async fn set_parent(
    tx: &mut Tx,
    table: &str,
    parent_column: &str,
    id: u32,
    parent: u32,
) -> Result<(), StoreError> {
    let sql = format!("UPDATE {table} SET {parent_column} = ?, date_mod = ? WHERE id = ?");
    execute_in(
        tx,
        &sql,
        &[Value::from(parent), Value::from(stamp()), Value::from(id)],
    )
    .await?;
    Ok(())
}

/// Sets a tree row's complete name and level, and clears its ancestor and
/// son caches (GLPI rebuilds them when empty).
pub async fn set_path(
    tx: &mut Tx,
    table: &str,
    id: u32,
    completename: &str,
    level: i64,
) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE {table} SET completename = ?, level = ?, ancestors_cache = NULL, \
         sons_cache = NULL WHERE id = ?"
    );
    execute_in(
        tx,
        &sql,
        &[
            Value::from(completename),
            Value::from(level),
            Value::from(id),
        ],
    )
    .await?;
    Ok(())
}

/// Deletes a row.
pub async fn delete(tx: &mut Tx, table: &str, id: u32) -> Result<(), StoreError> {
    execute_in(
        tx,
        &format!("DELETE FROM {table} WHERE id = ?"),
        &[Value::from(id)],
    )
    .await?;
    Ok(())
}

fn stamp() -> String {
    crate::store::datetime::Timestamp(crate::store::now()).to_glpi()
}
