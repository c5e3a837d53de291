//! The rows of one parc database, written into another with plain
//! multi-row INSERTs in one transaction.
//!
//! The benchmarks time this as the floor of an import: the very rows the
//! import wrote, into the same schema and indexes, with no identity
//! resolution, diff, rules or history. The gap between an import and this
//! copy is what parc's logic costs; the copy itself is what the storage
//! costs.

use super::rows::{Val, insert_many};
use super::{Db, StoreError, Tx, plugin_sql};

/// One table's rows, read from the source.
struct Table {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Val>>,
}

/// The rows of a source database that a target lacks, read and held in
/// memory so that writing them can be timed alone.
pub struct Snapshot {
    tables: Vec<Table>,
}

impl Snapshot {
    /// Reads every `glpi_*` table (the plugins' `glpi_plugin_*` included)
    /// that has rows in `source` and none in `target`: tables the
    /// migrations or an installation seeded (root entity, automatic
    /// actions, rules) are left out, as they are already written.
    pub async fn read(source: &Db, target: &Db) -> Result<Self, StoreError> {
        let list = match source {
            Db::Sqlite(_) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name LIKE 'glpi\\_%' ESCAPE '\\' ORDER BY name"
            }
            Db::MySql(_) => {
                "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'glpi\\_%' \
                 ORDER BY TABLE_NAME"
            }
        };
        let mut tables = Vec::new();
        for name in plugin_sql::query(source, list, &[]).await?.rows {
            let Some(name) = name.first().and_then(|n| n.as_str()).map(str::to_owned) else {
                continue;
            };
            let seeded =
                plugin_sql::query(target, &format!("SELECT COUNT(*) FROM {name}"), &[]).await?;
            if seeded.rows[0][0].as_i64().unwrap_or(0) > 0 {
                continue;
            }
            let read = plugin_sql::query(source, &format!("SELECT * FROM {name}"), &[]).await?;
            if read.rows.is_empty() {
                continue;
            }
            let rows = read
                .rows
                .into_iter()
                .map(|row| row.iter().map(Val::from).collect())
                .collect();
            tables.push(Table {
                name,
                columns: read.columns,
                rows,
            });
        }
        Ok(Self { tables })
    }

    /// Rows held.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }

    /// Tables held.
    pub fn tables(&self) -> usize {
        self.tables.len()
    }

    /// Writes every row into `target` in one transaction.
    pub async fn write(&self, target: &Db) -> Result<(), StoreError> {
        let mut tx: Tx = target.begin().await?;
        for table in &self.tables {
            let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
            insert_many(&mut tx, &table.name, &columns, &table.rows).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
