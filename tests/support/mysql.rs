//! A throwaway MariaDB database per test, dropped afterwards.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// Server URL without a database: `PARC_TEST_MYSQL_URL` or the machine's
/// MariaDB.
pub fn server_url() -> String {
    std::env::var("PARC_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
}

/// A database created for one test and dropped when this value is.
pub struct MySqlDatabase {
    name: String,
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Runs a future to completion on a fresh runtime (tests are synchronous).
pub fn block_on_pub<F: std::future::Future>(future: F) -> F::Output {
    block_on(future)
}

async fn execute(sql: &str) -> Result<(), sqlx::Error> {
    let mut conn = sqlx::MySqlConnection::connect(&server_url()).await?;
    sqlx::raw_sql(sql).execute(&mut conn).await?;
    conn.close().await
}

impl MySqlDatabase {
    /// Creates `parc_test_<pid>_<n>`. Panics with a clear message when the
    /// server is unreachable: the MariaDB tests are not optional.
    pub fn create() -> Self {
        Self::create_with("utf8mb4", "utf8mb4_unicode_ci")
    }

    /// Creates a database with this character set and collation (OCS
    /// creates `ocsweb` as `utf8` / `utf8_bin`).
    pub fn create_with(charset: &str, collation: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "parc_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        block_on(execute(&format!(
            "DROP DATABASE IF EXISTS `{name}`; CREATE DATABASE `{name}` CHARACTER SET {charset} COLLATE {collation}"
        )))
        .unwrap_or_else(|e| {
            panic!(
                "cannot create a test database on {} ({e}); start MariaDB or set PARC_TEST_MYSQL_URL",
                server_url()
            )
        });
        Self { name }
    }

    /// URL of this database.
    pub fn url(&self) -> String {
        format!("{}/{}", server_url().trim_end_matches('/'), self.name)
    }

    /// Runs SQL (several statements allowed) in this database.
    pub fn execute(&self, sql: &str) {
        let url = self.url();
        block_on(async {
            let mut conn = sqlx::MySqlConnection::connect(&url).await?;
            sqlx::raw_sql(sql).execute(&mut conn).await?;
            conn.close().await
        })
        .unwrap_or_else(|e| panic!("SQL failed on {}: {e}", self.name));
    }

    /// Runs a query and returns its rows as text (NULL as `None`).
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let url = self.url();
        block_on(async {
            let mut conn = sqlx::MySqlConnection::connect(&url).await?;
            let rows = sqlx::query(sql).fetch_all(&mut conn).await?;
            conn.close().await?;
            Ok::<_, sqlx::Error>(rows.iter().map(crate::text_row_mysql).collect())
        })
        .unwrap_or_else(|e| panic!("query failed on {}: {e}\n{sql}", self.name))
    }

    /// Runs a query returning one integer.
    pub fn scalar(&self, sql: &str) -> i64 {
        self.rows(sql)[0][0]
            .as_deref()
            .unwrap_or("0")
            .parse()
            .unwrap_or_else(|e| panic!("{sql} did not return an integer: {e}"))
    }

    /// Name of this database.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for MySqlDatabase {
    fn drop(&mut self) {
        let _ = block_on(execute(&format!("DROP DATABASE IF EXISTS `{}`", self.name)));
    }
}
