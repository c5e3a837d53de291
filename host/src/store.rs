//! Storage: the connection pool of either backend, migrations, and all SQL.
//!
//! parc runs on SQLite (embedded default) or MariaDB/MySQL (server). There is
//! deliberately no `sqlx::Any`: each function matches on [`Db`] and runs the
//! SQL written for that backend; where both dialects agree the same text is
//! used through [`on_db!`]. No other module writes SQL.

pub mod datetime;
mod pool;

pub mod assets;
pub mod copy;
pub mod cron;
pub(crate) mod mysql_cells;
pub mod plugin_sql;
pub mod plugins;
pub mod registrations;
pub mod rows;
pub mod rules;
#[cfg(test)]
pub(crate) mod scratch;
pub mod secrets;
pub mod sqlite_authorizer;

pub use pool::{Backend, Db, LastId, StoreError, Tx, now};

/// Runs the same expression on whichever pool `db` holds; `$pool` is bound
/// to the `SqlitePool` or the `MySqlPool` in turn, so the expression must
/// type-check for both (identical SQL, `?` placeholders).
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::MySql($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// Same as [`on_db!`] for an open transaction.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite($conn) => $body,
            $crate::store::Tx::MySql($conn) => $body,
        }
    };
}
pub(crate) use on_tx;
