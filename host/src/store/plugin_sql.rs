//! SQL run on behalf of plugins: their statements (JSON parameters in, JSON
//! rows out), their migrations, and dropping their tables at uninstall.
//!
//! What a plugin may touch is decided by `plugins::sql_guard`; this module
//! executes, on SQLite under the authorizer of [`sqlite_authorizer`]
//! (the database's own check below the parser).

use parc_plugin_api::messages::Migration;
use parc_plugin_api::messages::host::{Executed, Rows};
use serde_json::Value;
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::{
    Backend, Db, LastId, StoreError, Tx, mysql_cells, now, on_db, on_tx, sqlite_authorizer,
};

/// Binds JSON values as positional parameters.
macro_rules! bind_json {
    ($query:expr, $params:expr) => {{
        let mut query = $query;
        for param in $params {
            query = match param {
                Value::Null => query.bind(None::<String>),
                Value::Bool(b) => query.bind(*b),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => query.bind(i),
                    None => query.bind(n.as_f64().unwrap_or_default()),
                },
                Value::String(s) => query.bind(s.clone()),
                other => query.bind(other.to_string()),
            };
        }
        query
    }};
}

fn sqlite_value(row: &sqlx::sqlite::SqliteRow, i: usize) -> Value {
    let Ok(raw) = row.try_get_raw(i) else {
        return Value::Null;
    };
    if raw.is_null() {
        return Value::Null;
    }
    match raw.type_info().name() {
        "INTEGER" | "BOOLEAN" | "INT8" => row.try_get::<i64, _>(i).map_or(Value::Null, Value::from),
        "REAL" => row.try_get::<f64, _>(i).map_or(Value::Null, Value::from),
        "BLOB" => row.try_get::<Vec<u8>, _>(i).map_or(Value::Null, |b| {
            Value::from(String::from_utf8_lossy(&b).into_owned())
        }),
        _ => row.try_get::<String, _>(i).map_or(Value::Null, Value::from),
    }
}

/// MariaDB rows as the JSON a plugin gets from SQLite for the same data:
/// cells as external reads give them ([`mysql_cells`], the column types
/// read once per result), and numbers for `DECIMAL` (what `SUM()`
/// returns) where SQLite has numbers.
fn mysql_rows(rows: &[sqlx::mysql::MySqlRow]) -> Rows {
    let Some(first) = rows.first() else {
        return Rows::default();
    };
    let kinds = mysql_cells::kinds(first);
    let decimal: Vec<bool> = first
        .columns()
        .iter()
        .map(|c| c.type_info().name() == "DECIMAL")
        .collect();
    Rows {
        columns: mysql_cells::column_names(first),
        rows: rows
            .iter()
            .map(|row| {
                let mut values = mysql_cells::row_values(row, &kinds);
                for (value, decimal) in values.iter_mut().zip(&decimal) {
                    if let (true, Value::String(text)) = (decimal, &*value) {
                        *value = decimal_number(text);
                    }
                }
                values
            })
            .collect(),
    }
}

/// `42`, `42.0000` → 42; `12.5000` → 12.5; what does not parse stays text.
fn decimal_number(text: &str) -> Value {
    let whole = text
        .split_once('.')
        .filter(|(_, fraction)| fraction.bytes().all(|b| b == b'0'))
        .map_or(text, |(whole, _)| whole);
    if let Ok(i) = whole.parse::<i64>() {
        return Value::from(i);
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Value::from(f),
        _ => Value::from(text),
    }
}

fn sqlite_rows(rows: &[sqlx::sqlite::SqliteRow]) -> Rows {
    let columns = rows
        .first()
        .map(|r| r.columns().iter().map(|c| c.name().to_owned()).collect())
        .unwrap_or_default();
    Rows {
        columns,
        rows: rows
            .iter()
            .map(|r| (0..r.columns().len()).map(|i| sqlite_value(r, i)).collect())
            .collect(),
    }
}

fn executed(result: &impl LastId, rows_affected: u64) -> Executed {
    let id = result.last_id();
    Executed {
        rows_affected,
        last_insert_id: (id > 0).then_some(id),
    }
}

/// Runs a statement returning rows, outside any transaction.
pub async fn query(db: &Db, sql: &str, params: &[Value]) -> Result<Rows, StoreError> {
    Ok(match db {
        Db::Sqlite(pool) => {
            let rows = bind_json!(sqlx::query(sql), params).fetch_all(pool).await?;
            sqlite_rows(&rows)
        }
        Db::MySql(pool) => {
            let rows = bind_json!(sqlx::query(sql), params).fetch_all(pool).await?;
            mysql_rows(&rows)
        }
    })
}

/// Runs a statement returning rows inside a transaction.
pub async fn query_in(tx: &mut Tx, sql: &str, params: &[Value]) -> Result<Rows, StoreError> {
    Ok(match tx {
        Tx::Sqlite(c) => {
            let rows = bind_json!(sqlx::query(sql), params)
                .fetch_all(&mut **c)
                .await?;
            sqlite_rows(&rows)
        }
        Tx::MySql(c) => {
            let rows = bind_json!(sqlx::query(sql), params)
                .fetch_all(&mut **c)
                .await?;
            mysql_rows(&rows)
        }
    })
}

/// Runs a statement returning no rows, outside any transaction.
pub async fn execute(db: &Db, sql: &str, params: &[Value]) -> Result<Executed, StoreError> {
    Ok(on_db!(db, pool => {
        let done = bind_json!(sqlx::query(sql), params).execute(pool).await?;
        executed(&done, done.rows_affected())
    }))
}

/// Runs a statement returning no rows inside a transaction.
pub async fn execute_in(tx: &mut Tx, sql: &str, params: &[Value]) -> Result<Executed, StoreError> {
    Ok(on_tx!(tx, c => {
        let done = bind_json!(sqlx::query(sql), params).execute(&mut **c).await?;
        executed(&done, done.rows_affected())
    }))
}

/// What a plugin statement returns: rows, or what it changed.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub enum Reply {
    Rows(Rows),
    Executed(Executed),
}

/// Runs a statement of plugin `key` (checked by the guard already),
/// outside any transaction.
pub async fn run_for_plugin(
    db: &Db,
    key: &str,
    sql: &str,
    params: &[Value],
    returns_rows: bool,
) -> Result<Reply, StoreError> {
    match db {
        Db::Sqlite(pool) => {
            let mut conn = pool.acquire().await?;
            on_sqlite_for_plugin(&mut conn, key, sql, params, returns_rows).await
        }
        Db::MySql(_) if returns_rows => Ok(Reply::Rows(query(db, sql, params).await?)),
        Db::MySql(_) => Ok(Reply::Executed(execute(db, sql, params).await?)),
    }
}

/// Runs a statement of plugin `key` (checked by the guard already) in
/// the plugin's transaction `tx`.
pub async fn run_for_plugin_in(
    tx: &mut Tx,
    key: &str,
    sql: &str,
    params: &[Value],
    returns_rows: bool,
) -> Result<Reply, StoreError> {
    match tx {
        Tx::Sqlite(c) => on_sqlite_for_plugin(c, key, sql, params, returns_rows).await,
        Tx::MySql(_) if returns_rows => Ok(Reply::Rows(query_in(tx, sql, params).await?)),
        Tx::MySql(_) => Ok(Reply::Executed(execute_in(tx, sql, params).await?)),
    }
}

/// One plugin statement on `conn`, with SQLite's authorizer for the
/// plugin installed while it runs and removed after, whatever the result.
async fn on_sqlite_for_plugin(
    conn: &mut sqlx::SqliteConnection,
    key: &str,
    sql: &str,
    params: &[Value],
    returns_rows: bool,
) -> Result<Reply, StoreError> {
    sqlite_authorizer::restrict(conn, key).await?;
    let reply = if returns_rows {
        bind_json!(sqlx::query(sql), params)
            .fetch_all(&mut *conn)
            .await
            .map(|rows| Reply::Rows(sqlite_rows(&rows)))
    } else {
        bind_json!(sqlx::query(sql), params)
            .execute(&mut *conn)
            .await
            .map(|done| Reply::Executed(executed(&done, done.rows_affected())))
    };
    sqlite_authorizer::release(conn).await?;
    Ok(reply?)
}

/// Ids of the plugin's migrations already applied.
pub async fn applied_migrations(db: &Db, key: &str) -> Result<Vec<u32>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM parc_plugin_migrations WHERE plugin = ? ORDER BY id",
    )
    .bind(key)
    .fetch_all(pool)
    .await?))
}

/// Applies one migration of a plugin and records it (one transaction on
/// SQLite; MariaDB commits DDL implicitly, so the record comes last and a
/// failed migration is retried whole).
pub async fn apply_migration(db: &Db, key: &str, migration: &Migration) -> Result<(), StoreError> {
    let sql = match db.backend() {
        Backend::Sqlite => &migration.sqlite,
        Backend::MySql => &migration.mysql,
    };
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, c => {
        sqlx::raw_sql(sql).execute(&mut **c).await?;
        sqlx::query(
            "INSERT INTO parc_plugin_migrations (plugin, id, description, date) VALUES (?, ?, ?, ?)",
        )
        .bind(key)
        .bind(migration.id)
        .bind(&migration.description)
        .bind(now())
        .execute(&mut **c)
        .await?;
    });
    tx.commit().await
}

/// Drops every table whose name starts with `prefix` and forgets the
/// plugin's migrations; returns the dropped tables.
pub async fn drop_plugin_tables(
    db: &Db,
    key: &str,
    prefix: &str,
) -> Result<Vec<String>, StoreError> {
    let tables = crate::store::plugins::tables_with_prefix(db, prefix).await?;
    for table in &tables {
        let quoted = match db.backend() {
            Backend::Sqlite => format!("\"{}\"", table.replace('"', "\"\"")),
            Backend::MySql => format!("`{}`", table.replace('`', "``")),
        };
        on_db!(db, pool => { sqlx::raw_sql(&format!("DROP TABLE IF EXISTS {quoted}"))
            .execute(pool)
            .await?; });
    }
    on_db!(db, pool => { sqlx::query("DELETE FROM parc_plugin_migrations WHERE plugin = ?")
        .bind(key)
        .execute(pool)
        .await?; });
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::scratch;
    use serde_json::json;

    /// Sums and decimals come out as the numbers SQLite gives.
    async fn numbers_as_on_sqlite(db: &Db) {
        execute(db, "CREATE TABLE t_numbers (n INT NOT NULL)", &[])
            .await
            .unwrap();
        execute(db, "INSERT INTO t_numbers (n) VALUES (1), (2)", &[])
            .await
            .unwrap();
        let rows = query(
            db,
            "SELECT SUM(n), CAST(12.5 AS DECIMAL(20,4)), CAST(42 AS DECIMAL(20,4)) FROM t_numbers",
            &[],
        )
        .await
        .unwrap();
        assert_eq!(rows.rows, [[json!(3), json!(12.5), json!(42)]]);
    }

    #[test]
    fn sums_and_decimals_are_numbers_on_sqlite() {
        scratch::on_sqlite(|db| async move { numbers_as_on_sqlite(&db).await });
    }

    /// SQLite refuses a plugin's writes outside its tables by itself,
    /// whatever the text; the authorizer is gone after each statement, so
    /// core code on the same connection writes as before.
    #[test]
    fn sqlite_refuses_plugin_writes_to_core_tables() {
        scratch::on_sqlite(|db| async move {
            let Db::Sqlite(pool) = &db else {
                unreachable!("a SQLite scratch database")
            };
            let mut conn = pool.acquire().await.unwrap();
            let core = async |conn: &mut sqlx::SqliteConnection, sql: &str| {
                sqlx::query(sql).execute(&mut *conn).await.map(|_| ())
            };
            core(
                &mut conn,
                "INSERT INTO glpi_computers (name) VALUES ('pc-1')",
            )
            .await
            .unwrap();
            let mut plugin = async |sql: &str| {
                on_sqlite_for_plugin(&mut conn, "example", sql, &[], false)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            };
            for allowed in [
                "CREATE TABLE glpi_plugin_example_t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)",
                "CREATE INDEX glpi_plugin_example_t_name ON glpi_plugin_example_t (name)",
                "INSERT INTO glpi_plugin_example_t (name) SELECT name FROM glpi_computers",
                "UPDATE glpi_plugin_example_t SET name = 'x'",
                "ALTER TABLE glpi_plugin_example_t ADD COLUMN note TEXT",
                "ALTER TABLE glpi_plugin_example_t RENAME TO glpi_plugin_example_u",
                "DELETE FROM glpi_plugin_example_u",
                "SELECT COUNT(*) FROM glpi_computers",
            ] {
                plugin(allowed)
                    .await
                    .unwrap_or_else(|e| panic!("{allowed}: {e}"));
            }
            for denied in [
                "DELETE FROM glpi_computers",
                "SELECT '\\'; DELETE FROM glpi_computers; --'",
                "UPDATE glpi_computers SET name = 'pwned'",
                "INSERT INTO glpi_computers (name) VALUES ('x')",
                "CREATE TABLE glpi_tickets_x (id INTEGER)",
                "DROP TABLE glpi_computers",
                "ALTER TABLE glpi_computers ADD COLUMN x INTEGER",
                "CREATE INDEX glpi_plugin_example_c ON glpi_computers (name)",
                "CREATE VIEW glpi_plugin_example_v AS SELECT 1",
                "CREATE TRIGGER glpi_plugin_example_tr AFTER INSERT ON glpi_plugin_example_u \
                 BEGIN DELETE FROM glpi_computers; END",
                "ATTACH DATABASE ':memory:' AS other",
                "PRAGMA foreign_keys = OFF",
                "BEGIN",
            ] {
                let refused = plugin(denied).await.expect_err(denied);
                assert!(refused.contains("not authorized"), "{denied}: {refused}");
            }
            plugin("DROP TABLE glpi_plugin_example_u").await.unwrap();
            let names: Vec<String> = sqlx::query_scalar("SELECT name FROM glpi_computers")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            assert_eq!(names, ["pc-1"], "nothing changed in core tables");
            // Core code on the same connection is not restricted.
            core(&mut conn, "UPDATE glpi_computers SET name = 'pc-2'")
                .await
                .unwrap();
            core(&mut conn, "CREATE TABLE t_core (id INTEGER)")
                .await
                .unwrap();
        });
    }

    #[test]
    fn mariadb_cells_read_as_on_sqlite() {
        scratch::on_mariadb("parc_plugin_sql_cells", |db| async move {
            numbers_as_on_sqlite(&db).await;
            execute(
                &db,
                "CREATE TABLE t_cells (built YEAR, flag TINYINT(1) UNSIGNED, at TIME, \
                 big BIGINT UNSIGNED)",
                &[],
            )
            .await
            .unwrap();
            execute(
                &db,
                "INSERT INTO t_cells VALUES (2021, 1, '10:11:12', 18446744073709551615)",
                &[],
            )
            .await
            .unwrap();
            let rows = query(&db, "SELECT built, flag, at, big FROM t_cells", &[])
                .await
                .unwrap();
            assert_eq!(
                rows.rows,
                [[
                    json!(2021),
                    json!(1),
                    json!("10:11:12"),
                    json!(18_446_744_073_709_551_615_u64)
                ]]
            );
        });
    }
}
