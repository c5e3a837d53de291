//! Scratch databases for the store's unit tests: a migrated SQLite file in
//! a temporary directory, or a MariaDB database of its own on the server
//! every test of the project uses, dropped afterwards.

use std::future::Future;

use super::Db;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
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
/// and the process, at 127.0.0.1:3306; the database is dropped even when
/// `body` panics (a failing assertion).
pub(crate) fn on_mariadb<F: Future<Output = ()>>(prefix: &str, body: impl FnOnce(Db) -> F) {
    let name = format!("{prefix}_{}", std::process::id());
    let url = format!("mysql://root@127.0.0.1:3306/{name}");
    let runtime = runtime();
    let db = runtime
        .block_on(Db::open(&url))
        .expect("MariaDB at 127.0.0.1:3306");
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
