//! OCS Inventory NG databases for tests, from the data kept in the
//! repository (`tests/fixtures/ocsinventoryng`): the upstream schema and the
//! fixtures the real OCS server wrote.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::mysql::{MySqlDatabase, server_url};

/// `tests/fixtures/ocsinventoryng`: the OCS schema and fixture dumps, in the
/// repository so that a fresh clone runs every test.
pub fn data_dir() -> PathBuf {
    crate::workspace_root().join("tests/fixtures/ocsinventoryng")
}

/// `mariadb` client arguments for the test server.
pub fn client_args() -> Vec<String> {
    let url = server_url();
    let rest = url.trim_start_matches("mysql://").trim_end_matches('/');
    let (credentials, address) = rest.rsplit_once('@').unwrap_or(("root", rest));
    let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
    let (host, port) = address.split_once(':').unwrap_or((address, "3306"));
    let mut args = vec![
        format!("--host={host}"),
        format!("--port={port}"),
        format!("--user={user}"),
    ];
    if !password.is_empty() {
        args.push(format!("--password={password}"));
    }
    args
}

/// Pipes SQL files into `mariadb DATABASE`.
pub fn load_sql(database: &str, files: &[PathBuf]) {
    for file in files {
        let input = std::fs::File::open(file)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", file.display()));
        let status = Command::new("mariadb")
            .args(client_args())
            .arg(database)
            .stdin(Stdio::from(input))
            .status()
            .expect("the mariadb client is installed");
        assert!(status.success(), "loading {} failed", file.display());
    }
}

/// A database with the upstream OCS 2.12 schema (GUI_VERSION 7081 after
/// the updates), as a fresh ocsreports install leaves it: TRACE_DELETED off.
pub fn upstream_schema() -> MySqlDatabase {
    let db = MySqlDatabase::create();
    let dir = data_dir();
    load_sql(
        db.name(),
        &[
            dir.join("ocs-schema.sql"),
            dir.join("ocs-schema-updates.sql"),
        ],
    );
    db
}

/// A fresh database loaded with a fixture dump (`ocsweb-1k-day1`, …), as
/// OCS creates it (`utf8` / `utf8_bin`).
pub fn fixture(name: &str) -> MySqlDatabase {
    let db = MySqlDatabase::create_with("utf8", "utf8_bin");
    load_fixture(&db, name);
    db
}

/// Loads a fixture dump (`ocsweb-1k-day2`, …) into an existing database:
/// the dump replaces every table, as a restore would.
pub fn load_fixture(db: &MySqlDatabase, name: &str) {
    let file = data_dir().join("fixtures").join(format!("{name}.sql.gz"));
    let input = std::fs::File::open(&file)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", file.display()));
    let mut zcat = Command::new("zcat")
        .stdin(Stdio::from(input))
        .stdout(Stdio::piped())
        .spawn()
        .expect("zcat is installed");
    let status = Command::new("mariadb")
        .args(client_args())
        .arg(db.name())
        .stdin(Stdio::from(zcat.stdout.take().unwrap()))
        .status()
        .expect("the mariadb client is installed");
    assert!(
        zcat.wait().unwrap().success(),
        "zcat {} failed",
        file.display()
    );
    assert!(status.success(), "loading {} failed", file.display());
}

/// `host:port` of the test MariaDB server (for `server add --host`).
pub fn server_address() -> String {
    let url = server_url();
    let rest = url.trim_start_matches("mysql://").trim_end_matches('/');
    let address = rest.rsplit_once('@').map_or(rest, |(_, a)| a);
    if address.contains(':') {
        address.to_owned()
    } else {
        format!("{address}:3306")
    }
}
