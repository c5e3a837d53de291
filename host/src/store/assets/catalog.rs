//! Dropdowns and catalogues: whole-table loads for the caches, lookups on a
//! cache miss and inserts of new values.

use super::super::rows::{Val, bind_vals, insert_one, placeholders};
use super::super::{StoreError, Tx, now, on_tx};
use crate::store::datetime::Timestamp;
use crate::store::mysql_cells;

/// A row of a lookup table: id, then the identity columns as loaded.
pub type CatalogRow = (u32, Vec<Val>);

fn val_of_sqlite(row: &sqlx::sqlite::SqliteRow, i: usize) -> Val {
    use sqlx::{Row, TypeInfo, ValueRef};
    let Ok(raw) = row.try_get_raw(i) else {
        return Val::Null;
    };
    if raw.is_null() {
        return Val::Null;
    }
    // The storage class of this value: no failed decode attempts on the
    // hot path of loading thousands of rows.
    match raw.type_info().name() {
        "INTEGER" => row.try_get::<i64, _>(i).map_or(Val::Null, Val::Int),
        "REAL" => row
            .try_get::<f64, _>(i)
            .map_or(Val::Null, |f| Val::Int(f as i64)),
        _ => row.try_get::<String, _>(i).map_or(Val::Null, Val::Text),
    }
}

/// Runs `sql` (with `params`) and returns every row as values; column 0 is
/// the row id.
pub async fn select_rows(
    tx: &mut Tx,
    sql: &str,
    params: &[Val],
) -> Result<Vec<CatalogRow>, StoreError> {
    use sqlx::Row;
    Ok(match tx {
        Tx::Sqlite(c) => bind_vals!(sqlx::query(sql), params)
            .fetch_all(&mut **c)
            .await?
            .iter()
            .map(|r| {
                let id = val_of_sqlite(r, 0).as_int() as u32;
                (id, (1..r.len()).map(|i| val_of_sqlite(r, i)).collect())
            })
            .collect(),
        Tx::MySql(c) => {
            let rows = bind_vals!(sqlx::query(sql), params)
                .fetch_all(&mut **c)
                .await?;
            let kinds = rows.first().map(mysql_cells::kinds).unwrap_or_default();
            rows.iter()
                .map(|r| {
                    let id = mysql_cells::val(r, 0, kinds[0]).as_int() as u32;
                    let values = (1..r.len())
                        .map(|i| mysql_cells::val(r, i, kinds[i]))
                        .collect();
                    (id, values)
                })
                .collect()
        }
    })
}

/// Every row of `table` with the given identity columns.
pub async fn load(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
) -> Result<Vec<CatalogRow>, StoreError> {
    let sql = format!("SELECT id, {} FROM {table}", columns.join(", "));
    select_rows(tx, &sql, &[]).await
}

/// The id of the row whose identity columns equal `values` (text compared
/// with the database collation, NULL with `IS NULL`).
pub async fn find(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    values: &[Val],
) -> Result<Option<u32>, StoreError> {
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    for (column, value) in columns.iter().zip(values) {
        match value {
            Val::Null => conditions.push(format!("{column} IS NULL")),
            other => {
                conditions.push(format!("{column} = ?"));
                params.push(other.clone());
            }
        }
    }
    let sql = format!(
        "SELECT id FROM {table} WHERE {} ORDER BY id LIMIT 1",
        conditions.join(" AND ")
    );
    Ok(select_rows(tx, &sql, &params)
        .await?
        .first()
        .map(|(id, _)| *id))
}

/// Rows of `table` whose `columns[probe]` is one of `values` (an indexed
/// probe; the caller matches whole identities in memory): `(id, identity
/// values)`.
pub async fn find_by_probe(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    probe: usize,
    values: &[Val],
) -> Result<Vec<CatalogRow>, StoreError> {
    let mut out = Vec::new();
    for chunk in values.chunks(500) {
        let sql = format!(
            "SELECT id, {} FROM {table} WHERE {} IN ({})",
            columns.join(", "),
            columns[probe],
            placeholders(chunk.len())
        );
        out.extend(select_rows(tx, &sql, chunk).await?);
    }
    Ok(out)
}

/// Inserts rows (identity columns plus `extra` fixed columns, and dates
/// when `dated`) in multi-row statements; returns their ids in order.
pub async fn insert_many_returning(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Val>],
    extra: &[(&str, Val)],
    dated: bool,
    consecutive_ids: bool,
) -> Result<Vec<u32>, StoreError> {
    let mut all_columns: Vec<&str> = columns.to_vec();
    all_columns.extend(extra.iter().map(|(c, _)| *c));
    if dated {
        all_columns.extend(["date_creation", "date_mod"]);
    }
    let stamp = Val::Text(Timestamp(now()).to_glpi());
    let full: Vec<Vec<Val>> = rows
        .iter()
        .map(|values| {
            let mut row = values.clone();
            row.extend(extra.iter().map(|(_, v)| v.clone()));
            if dated {
                row.extend([stamp.clone(), stamp.clone()]);
            }
            row
        })
        .collect();
    super::super::rows::insert_returning_ids(tx, table, &all_columns, &full, consecutive_ids).await
}

/// Inserts a row (identity columns plus `extra` fixed columns) and returns
/// its id; `dated` adds `date_creation`/`date_mod`.
pub async fn insert(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    values: &[Val],
    extra: &[(&str, Val)],
    dated: bool,
) -> Result<u32, StoreError> {
    let mut all_columns: Vec<&str> = columns.to_vec();
    let mut all_values: Vec<Val> = values.to_vec();
    for (column, value) in extra {
        all_columns.push(column);
        all_values.push(value.clone());
    }
    if dated {
        let stamp = Val::Text(Timestamp(now()).to_glpi());
        all_columns.extend(["date_creation", "date_mod"]);
        all_values.extend([stamp.clone(), stamp]);
    }
    insert_one(tx, table, &all_columns, &all_values).await
}

/// Ids of `table` among `ids` (to validate references).
pub async fn existing_ids(tx: &mut Tx, table: &str, ids: &[u32]) -> Result<Vec<u32>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id FROM {table} WHERE id IN ({})",
        placeholders(ids.len())
    );
    let params: Vec<Val> = ids.iter().map(|id| Val::from(*id)).collect();
    Ok(select_rows(tx, &sql, &params)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

/// `SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment`: whether a
/// multi-row INSERT gets consecutive ids on this MariaDB.
pub async fn mysql_consecutive_ids(tx: &mut Tx) -> Result<bool, StoreError> {
    let Tx::MySql(c) = tx else { return Ok(true) };
    let row: (i64, i64) = sqlx::query_as(
        "SELECT CAST(@@innodb_autoinc_lock_mode AS SIGNED), CAST(@@auto_increment_increment AS SIGNED)",
    )
    .fetch_one(&mut **c)
    .await?;
    Ok(row.0 < 2 && row.1 == 1)
}

/// Executes a statement with values.
pub async fn execute(tx: &mut Tx, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
    Ok(on_tx!(tx, c => bind_vals!(sqlx::query(sql), params)
        .execute(&mut **c)
        .await?
        .rows_affected()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Db, plugin_sql, scratch};

    /// Rows load with the values SQLite's storage classes would give.
    async fn rows_load_as_on_sqlite(db: &Db) {
        plugin_sql::execute(
            db,
            "CREATE TABLE t_cells (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, \
             big BIGINT UNSIGNED, small INT UNSIGNED, flag TINYINT(1), price DECIMAL(10,2), \
             ratio FLOAT, seen DATETIME, stamp TIMESTAMP NULL, day DATE, note VARCHAR(20), \
             nothing VARCHAR(20))",
            &[],
        )
        .await
        .unwrap();
        plugin_sql::execute(
            db,
            "INSERT INTO t_cells (big, small, flag, price, ratio, seen, stamp, day, note, nothing) \
             VALUES (18446744073709551615, 4000000000, 1, 21.50, 2.75, '2024-05-01 10:20:30', \
             '2024-05-01 10:20:31', '2024-05-01', 'x', NULL)",
            &[],
        )
        .await
        .unwrap();
        let mut tx = db.begin().await.unwrap();
        let rows = load(
            &mut tx,
            "t_cells",
            &[
                "big", "small", "flag", "price", "ratio", "seen", "stamp", "day", "note", "nothing",
            ],
        )
        .await
        .unwrap();
        drop(tx);
        let text = |s: &str| Val::Text(s.to_owned());
        assert_eq!(
            rows,
            [(
                1,
                vec![
                    // Beyond i64: its text, not a clamped number.
                    text("18446744073709551615"),
                    Val::Int(4_000_000_000),
                    Val::Int(1),
                    text("21.50"),
                    Val::Int(2),
                    text("2024-05-01 10:20:30"),
                    text("2024-05-01 10:20:31"),
                    text("2024-05-01"),
                    text("x"),
                    Val::Null,
                ]
            )]
        );
    }

    #[test]
    fn mariadb_rows_load_as_on_sqlite() {
        scratch::on_mariadb("parc_catalog_cells", |db| async move {
            rows_load_as_on_sqlite(&db).await
        });
    }
}
