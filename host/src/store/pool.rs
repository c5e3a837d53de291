//! Opening the database of either backend and applying migrations.

use std::str::FromStr;
use std::time::Duration;

use chrono::{NaiveDateTime, Timelike, Utc};
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection, MySql, Sqlite, Transaction};

/// Errors of the storage layer; the only place `sqlx::Error` is converted.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no supported backend.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or mysql://USER:PASS@HOST/DB")]
    UnsupportedUrl(String),
    /// Connecting failed.
    #[error("cannot open the database {url}: {source}")]
    Connect {
        /// URL without password.
        url: String,
        /// Cause.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row that must exist does not.
    #[error("{0} not found")]
    NotFound(String),
    /// A uniqueness or integrity constraint refused the write.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Sql(sqlx::Error),
    /// Creating the directory of a SQLite file failed.
    #[error("cannot create {path}: {source}")]
    Io {
        /// Directory.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => Self::NotFound("row".to_owned()),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::Conflict(db.message().to_owned())
            }
            _ => Self::Sql(error),
        }
    }
}

/// Which SQL dialect a [`Db`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, the embedded default.
    Sqlite,
    /// MariaDB or MySQL.
    MySql,
}

impl Backend {
    /// `sqlite` or `mysql`, as told to plugins.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::MySql => "mysql",
        }
    }
}

/// A connection pool on one of the two backends.
#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite pool.
    Sqlite(SqlitePool),
    /// MariaDB / MySQL pool.
    MySql(MySqlPool),
}

/// An open transaction on one of the two backends.
pub enum Tx {
    /// SQLite transaction.
    Sqlite(Transaction<'static, Sqlite>),
    /// MariaDB / MySQL transaction.
    MySql(Transaction<'static, MySql>),
}

impl Tx {
    /// The dialect of this transaction's database.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::MySql(_) => Backend::MySql,
        }
    }

    /// Commits.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(tx) => tx.commit().await?,
            Self::MySql(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static MYSQL_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/mysql");

impl Db {
    /// Opens the database named by `url`, creating a SQLite file (and its
    /// directory) or a MariaDB database if missing, then applies pending
    /// migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let db = Self::connect(url).await?;
        // sqlx serialises MariaDB migrations with GET_LOCK, but has no lock
        // for SQLite: two parc processes starting on a new file would both
        // apply migration 1. A lock file beside the database serialises them.
        let _lock = match &db {
            Self::Sqlite(pool) => Some(sqlite_migration_lock(pool).await?),
            Self::MySql(_) => None,
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Opens without migrating.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let connect_error = |source| StoreError::Connect {
            url: redact(url),
            source,
        };
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(connect_error)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                // 8 MiB of page cache per connection: imports touch many
                // indexes at once, and a process holds up to four
                // connections (peak memory stays well under 256 MB).
                .pragma("cache_size", "-8192")
                .pragma("temp_store", "memory")
                // Checkpoint every 32 MiB of WAL rather than 4: a bulk
                // import rewrites the same index pages batch after batch,
                // and each checkpoint copies and syncs them again.
                .pragma("wal_autocheckpoint", "8192")
                // Bulk inserts use a few recurring row counts per table
                // (`rows::shaped`): keep an import's worth of them
                // prepared.
                .statement_cache_capacity(128)
                .foreign_keys(true);
            if let Some(dir) = options.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await
                .map_err(connect_error)?;
            Ok(Self::Sqlite(pool))
        } else if url.starts_with("mysql:") || url.starts_with("mariadb:") {
            let url = url.replacen("mariadb:", "mysql:", 1);
            let options = MySqlConnectOptions::from_str(&url).map_err(connect_error)?;
            create_mysql_database(&options)
                .await
                .map_err(connect_error)?;
            let pool = MySqlPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options.charset("utf8mb4"))
                .await
                .map_err(connect_error)?;
            Ok(Self::MySql(pool))
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    /// Applies pending migrations of the host schema.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Self::MySql(pool) => MYSQL_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// The dialect of this database.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::MySql(_) => Backend::MySql,
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Self::MySql(pool) => Tx::MySql(pool.begin().await?),
        })
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::MySql(pool) => pool.close().await,
        }
    }
}

/// Takes the exclusive lock `<database file>.migrate-lock` (blocking).
async fn sqlite_migration_lock(pool: &SqlitePool) -> Result<std::fs::File, StoreError> {
    let file = pool.connect_options().get_filename().to_path_buf();
    let mut lock_path = file.into_os_string();
    lock_path.push(".migrate-lock");
    let lock_path = std::path::PathBuf::from(lock_path);
    let shown = lock_path.display().to_string();
    let io_error = |source| StoreError::Io {
        path: shown.clone(),
        source,
    };
    let lock = tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        file.lock()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|e| io_error(std::io::Error::other(e)))?
    .map_err(io_error)?;
    Ok(lock)
}

/// Creates the database of a MariaDB URL when it does not exist, with the
/// case-insensitive collation GLPI relies on.
async fn create_mysql_database(options: &MySqlConnectOptions) -> Result<(), sqlx::Error> {
    let Some(name) = options.get_database() else {
        return Ok(());
    };
    let name = name.to_owned();
    let mut conn = options.clone().database("").connect().await?;
    // MySQL 8 reports information_schema's names as binary strings.
    let exists: Option<(String,)> = sqlx::query_as(
        "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
    )
    .bind(&name)
    .fetch_optional(&mut conn)
    .await?;
    if exists.is_none() {
        let quoted = name.replace('`', "``");
        sqlx::raw_sql(&format!(
            "CREATE DATABASE IF NOT EXISTS `{quoted}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        ))
        .execute(&mut conn)
        .await?;
    }
    conn.close().await
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Now, in UTC, truncated to the second (GLPI stores no fractions).
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(0).unwrap_or(now)
}

/// The id generated by an INSERT, on either backend.
pub trait LastId {
    /// The new row's id (0 when the statement inserted nothing).
    fn last_id(&self) -> i64;
}

impl LastId for sqlx::sqlite::SqliteQueryResult {
    fn last_id(&self) -> i64 {
        self.last_insert_rowid()
    }
}

impl LastId for sqlx::mysql::MySqlQueryResult {
    fn last_id(&self) -> i64 {
        i64::try_from(self.last_insert_id()).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("mysql://root:secret@127.0.0.1/parc"),
            "mysql://root:***@127.0.0.1/parc"
        );
        assert_eq!(redact("sqlite://data/parc.db"), "sqlite://data/parc.db");
    }
}
