//! Scratch databases for the unit tests: a migrated SQLite file in a
//! temporary directory, or a MariaDB database of its own on the server
//! every test of the project uses (`PARC_TEST_MYSQL_URL`, as for the
//! end-to-end tests, or 127.0.0.1:3306 as root), dropped afterwards.

use std::future::Future;

use super::Db;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The test MariaDB server's URL, without a database:
/// `PARC_TEST_MYSQL_URL` or `mysql://root@127.0.0.1:3306`.
pub(crate) fn mysql_server_url() -> String {
    std::env::var("PARC_TEST_MYSQL_URL")
        .map(|url| url.trim_end_matches('/').to_owned())
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
}

/// The test MariaDB server as (host, port, user, password), from
/// [`mysql_server_url`] (`mysql://USER[:PASSWORD]@HOST[:PORT]`).
pub(crate) fn mysql_server() -> (String, u16, String, String) {
    let url = mysql_server_url();
    let rest = url.strip_prefix("mysql://").unwrap_or(&url);
    let rest = rest.split('/').next().unwrap_or_default();
    let (user_info, address) = rest.rsplit_once('@').unwrap_or(("root", rest));
    let (user, password) = user_info.split_once(':').unwrap_or((user_info, ""));
    let (host, port) = match address.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().expect("a port in PARC_TEST_MYSQL_URL")),
        None => (address, 3306),
    };
    (host.to_owned(), port, user.to_owned(), password.to_owned())
}

/// Runs `body` on a fresh, migrated SQLite database.
pub(crate) fn on_sqlite<F: Future<Output = ()>>(body: impl FnOnce(Db) -> F) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("parc.db").display());
    runtime().block_on(async {
        let db = Db::open(&url).await.expect("a SQLite database");
        body(db.clone()).await;
        db.close().await;
    });
}

/// Runs `body` on a fresh, migrated MariaDB database named after `prefix`
/// and the process, on [`mysql_server_url`]; the database is dropped even
/// when `body` panics (a failing assertion).
pub(crate) fn on_mariadb<F: Future<Output = ()>>(prefix: &str, body: impl FnOnce(Db) -> F) {
    let name = format!("{prefix}_{}", std::process::id());
    let server = mysql_server_url();
    let url = format!("{server}/{name}");
    let runtime = runtime();
    let db = runtime.block_on(Db::open(&url)).unwrap_or_else(|e| {
        panic!("cannot open a test database on {server} ({e}); start MariaDB or set PARC_TEST_MYSQL_URL")
    });
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(body(db.clone()));
    }));
    runtime.block_on(async {
        super::plugin_sql::execute(&db, &format!("DROP DATABASE {name}"), &[])
            .await
            .expect("drop the scratch database");
        db.close().await;
    });
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
