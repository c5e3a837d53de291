//! Support for parc's end-to-end tests: builds the real binary and plugins
//! once, gives each test its own data directory and database (a SQLite file
//! or a fresh MariaDB database), and crafts archives, hostile ones included.
#![allow(clippy::unwrap_used)]

pub mod archive;
pub mod mysql;
pub mod ocs;
pub mod ocs_multiply;
pub mod proxy;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

pub use mysql::MySqlDatabase;

/// The repository root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn cargo() -> Command {
    Command::new(option_env!("CARGO").unwrap_or("cargo"))
}

fn run_ok(mut command: Command, what: &str) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(status.success(), "{what} failed: {status}");
}

/// The `parc` binary, built once per test run (debug profile).
pub fn parc_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let mut build = cargo();
        build
            .current_dir(workspace_root())
            .args(["build", "--quiet", "-p", "parc", "--bin", "parc"]);
        run_ok(build, "cargo build -p parc");
        target_dir().join("debug").join("parc")
    })
}

/// Where tests keep the archives they pack.
pub fn archives_dir() -> PathBuf {
    target_dir().join("e2e-archives")
}

fn pack(crate_dir: &Path, target: Option<&Path>) -> PathBuf {
    let out = archives_dir();
    let mut command = Command::new(parc_bin());
    command
        .args(["plugin", "pack"])
        .arg(crate_dir)
        .arg("--out")
        .arg(&out);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "parc plugin pack {} failed:\n{}",
        crate_dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

/// `example-1.0.0.tar.gz`, packed once with `parc plugin pack`.
pub fn example_archive() -> &'static Path {
    static ARCHIVE: OnceLock<PathBuf> = OnceLock::new();
    ARCHIVE.get_or_init(|| pack(&workspace_root().join("plugins/example"), None))
}

/// `ocsinventoryng-<version>.tar.gz`: the OCS Inventory NG plugin.
pub fn ocs_archive() -> &'static Path {
    static ARCHIVE: OnceLock<PathBuf> = OnceLock::new();
    ARCHIVE.get_or_init(|| pack(&workspace_root().join("plugins/ocsinventoryng"), None))
}

/// `faulty-0.1.0.tar.gz`: the fixture plugin that fails on demand.
pub fn faulty_archive() -> &'static Path {
    static ARCHIVE: OnceLock<PathBuf> = OnceLock::new();
    ARCHIVE.get_or_init(|| pack(&workspace_root().join("tests/fixtures/faulty"), None))
}

fn fixtures_target() -> PathBuf {
    target_dir().join("fixtures")
}

/// `frozen-1.0.0.tar.gz`: a plugin built against the frozen plugin-api 1.0
/// surface (its own workspace, its own copy of the API crate).
pub fn frozen_archive() -> &'static Path {
    static ARCHIVE: OnceLock<PathBuf> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        pack(
            &workspace_root().join("tests/fixtures/frozen/plugin"),
            Some(&fixtures_target()),
        )
    })
}

/// The same plugin built as plugin-api 2.0.0 (a library of another major).
pub fn api2_library() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut build = cargo();
        build
            .args(["build", "--quiet", "--release", "--manifest-path"])
            .arg(workspace_root().join("tests/fixtures/api2/Cargo.toml"))
            .arg("--target-dir")
            .arg(fixtures_target());
        run_ok(build, "cargo build of the plugin-api 2.0 fixture");
        fixtures_target().join("release/libparc_plugin_frozen2.so")
    })
}

/// The database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the test's directory.
    Sqlite,
    /// A fresh database on the MariaDB at 127.0.0.1:3306.
    MySql,
}

/// Keeps a `parc` command away from the user's own configuration and
/// data: the user's configuration and data directories (`~/.config/parc`,
/// `~/.local/share/parc`) are looked up under `dir` instead.
pub fn isolate(command: &mut Command, dir: &Path) {
    command
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("XDG_DATA_HOME", dir.join(".local/share"));
}

/// One parc installation: its own data directory and database.
pub struct Parc {
    dir: tempfile::TempDir,
    database_url: String,
    _mysql: Option<MySqlDatabase>,
}

impl Parc {
    /// A new installation on `backend`.
    pub fn new(backend: Backend) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("parc-e2e-")
            .tempdir()
            .unwrap();
        let (database_url, mysql) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("parc.db").display()),
                None,
            ),
            Backend::MySql => {
                let db = MySqlDatabase::create();
                (db.url(), Some(db))
            }
        };
        Self {
            dir,
            database_url,
            _mysql: mysql,
        }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The plugins directory.
    pub fn plugins_dir(&self) -> PathBuf {
        self.dir.path().join("plugins")
    }

    /// The database URL.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A `parc` command set up for this installation.
    pub fn command(&self) -> Command {
        let mut command = Command::new(parc_bin());
        command
            .current_dir(self.dir.path())
            .env("PARC_DATA_DIR", self.dir.path())
            .env("PARC_DATABASE_URL", &self.database_url)
            .env_remove("PARC_PLUGINS_DIR")
            .env_remove("PARC_CONFIG")
            .env_remove("RUST_LOG");
        isolate(&mut command, self.dir.path());
        command
    }

    /// Runs `parc ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs `parc ARGS`, asserts success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "parc {} failed ({}):\nstdout: {}\nstderr: {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs `parc ARGS`, asserts failure, returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            !output.status.success(),
            "parc {} should have failed:\nstdout: {}\nstderr: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stderr).unwrap()
    }

    /// Runs `parc ARGS --json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let stdout = self.ok(&args);
        serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "parc {} printed invalid JSON ({e}):\n{stdout}",
                args.join(" ")
            )
        })
    }

    /// The row of plugin `key` in `parc plugin list --json`.
    pub fn plugin(&self, key: &str) -> Option<Value> {
        self.json(&["plugin", "list"])
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .cloned()
    }

    /// The GLPI state number of plugin `key`.
    pub fn state(&self, key: &str) -> i64 {
        self.plugin(key)
            .unwrap_or_else(|| panic!("plugin {key} is not listed"))["state"]
            .as_i64()
            .unwrap()
    }

    /// Copies an archive into the plugins directory (drop-in).
    pub fn drop_archive(&self, archive: &Path) {
        std::fs::create_dir_all(self.plugins_dir()).unwrap();
        std::fs::copy(
            archive,
            self.plugins_dir().join(archive.file_name().unwrap()),
        )
        .unwrap();
    }

    /// Every file under the data directory, relative, sorted (to prove
    /// that a refusal wrote nothing).
    pub fn files(&self) -> Vec<String> {
        let mut files = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut files);
        files.sort();
        files
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap().display().to_string();
        if path.is_dir() && !path.is_symlink() {
            out.push(format!("{relative}/"));
            walk(root, &path, out);
        } else {
            out.push(relative);
        }
    }
}

/// What the example plugin's next version adds: a third migration, giving
/// greetings a `mood` column (`'plain'` for the rows already there).
pub const EXAMPLE_UPDATE_MIGRATION: &str = r#"        // Added by the test's update of the plugin.
        Migration {
            id: 3,
            description: "greetings get a mood".into(),
            sqlite: "ALTER TABLE glpi_plugin_example_greetings
                     ADD COLUMN mood TEXT NOT NULL DEFAULT 'plain'"
                .into(),
            mysql: "ALTER TABLE glpi_plugin_example_greetings
                    ADD COLUMN mood VARCHAR(20) NOT NULL DEFAULT 'plain'"
                .into(),
        },
"#;

/// The example plugin as a later `version`, the way its author would ship
/// it: a copy of its sources (`plugins/example`) whose Cargo.toml says
/// `version` and whose `tables.rs` has one more migration
/// ([`EXAMPLE_UPDATE_MIGRATION`]), packed once with `parc plugin pack`
/// (one shared target directory, so later versions build fast).
pub fn example_update_archive(version: &str) -> PathBuf {
    static ARCHIVES: OnceLock<std::sync::Mutex<std::collections::HashMap<String, PathBuf>>> =
        OnceLock::new();
    let mut built = ARCHIVES.get_or_init(Default::default).lock().unwrap();
    if let Some(path) = built.get(version) {
        return path.clone();
    }
    let root = workspace_root();
    let dir = target_dir()
        .join("e2e-update")
        .join(format!("example-{version}"));
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    for entry in std::fs::read_dir(root.join("plugins/example/src")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = if path.ends_with("tables.rs") {
            // The last migration's closing `},` then the end of the list.
            let end = "        },\n    ]\n}\n";
            assert!(text.ends_with(end), "tables.rs ends its migrations list");
            format!(
                "{}        }},\n{EXAMPLE_UPDATE_MIGRATION}    ]\n}}\n",
                &text[..text.len() - end.len()]
            )
        } else {
            text
        };
        std::fs::write(src.join(path.file_name().unwrap()), text).unwrap();
    }
    let manifest = format!(
        r#"[package]
name = "parc_plugin_example"
version = "{version}"
edition = "2024"
license = "GPL-3.0-or-later"
authors = ["parc developers"]
homepage = "https://example.invalid/parc/plugins/example"
publish = false

[workspace]

[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"

[dependencies]
parc-plugin-api = {{ path = "{api}" }}
clap = {{ version = "4.5", features = ["derive", "env", "wrap_help"] }}
serde_json = "1"

[profile.release]
debug = false
"#,
        api = root.join("plugin-api").display(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let archive = pack(&dir, Some(&target_dir().join("e2e-update/target")));
    built.insert(version.to_owned(), archive.clone());
    archive
}

impl Parc {
    /// Runs a query returning one integer on this installation's database
    /// (row counts and ids in tests).
    pub fn scalar(&self, sql: &str) -> i64 {
        mysql::block_on_pub(async {
            if self.database_url.starts_with("sqlite:") {
                let mut conn =
                    <sqlx::SqliteConnection as sqlx::Connection>::connect(&self.database_url)
                        .await
                        .unwrap();
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap()
            } else {
                let mut conn =
                    <sqlx::MySqlConnection as sqlx::Connection>::connect(&self.database_url)
                        .await
                        .unwrap();
                // Ids are INT UNSIGNED on MariaDB, counts BIGINT.
                let row = sqlx::query(sql).fetch_one(&mut conn).await.unwrap();
                use sqlx::Row as _;
                row.try_get::<i64, _>(0)
                    .or_else(|_| row.try_get::<u32, _>(0).map(i64::from))
                    .unwrap()
            }
        })
    }

    /// Runs a query on this installation's database; rows as text.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        mysql::block_on_pub(async {
            if self.database_url.starts_with("sqlite:") {
                let mut conn =
                    <sqlx::SqliteConnection as sqlx::Connection>::connect(&self.database_url)
                        .await
                        .unwrap();
                let rows = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
                rows.iter().map(text_row_sqlite).collect()
            } else {
                let mut conn =
                    <sqlx::MySqlConnection as sqlx::Connection>::connect(&self.database_url)
                        .await
                        .unwrap();
                let rows = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
                rows.iter().map(text_row_mysql).collect()
            }
        })
    }

    /// Runs a statement on this installation's database (test setup that
    /// stands for a user action parc has no command for yet).
    pub fn execute(&self, sql: &str) {
        mysql::block_on_pub(async {
            if self.database_url.starts_with("sqlite:") {
                let mut conn =
                    <sqlx::SqliteConnection as sqlx::Connection>::connect(&self.database_url)
                        .await
                        .unwrap();
                sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
            } else {
                let mut conn =
                    <sqlx::MySqlConnection as sqlx::Connection>::connect(&self.database_url)
                        .await
                        .unwrap();
                sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
            }
        });
    }

    /// Writes `value` (an array of upserts) to a file and runs
    /// `parc inventory upsert FILE --json`.
    pub fn upsert(&self, value: &Value) -> Value {
        let path = self.dir.path().join(format!(
            "upsert-{}.json",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
        self.json(&["inventory", "upsert", path.to_str().unwrap()])
    }
}

/// A SQLite row as text, whatever the column types.
fn text_row_sqlite(row: &sqlx::sqlite::SqliteRow) -> Vec<Option<String>> {
    use sqlx::Row;
    (0..row.len())
        .map(|i| {
            row.try_get::<Option<String>, _>(i)
                .ok()
                .flatten()
                .or_else(|| {
                    row.try_get::<Option<i64>, _>(i)
                        .ok()
                        .flatten()
                        .map(|v| v.to_string())
                })
                .or_else(|| {
                    row.try_get::<Option<f64>, _>(i)
                        .ok()
                        .flatten()
                        .map(|v| v.to_string())
                })
        })
        .collect()
}

/// A MariaDB row as text, whatever the column types.
pub(crate) fn text_row_mysql(row: &sqlx::mysql::MySqlRow) -> Vec<Option<String>> {
    use sqlx::Row;
    (0..row.len())
        .map(|i| {
            row.try_get::<Option<String>, _>(i)
                .ok()
                .flatten()
                .or_else(|| {
                    row.try_get::<Option<i64>, _>(i)
                        .ok()
                        .flatten()
                        .map(|v| v.to_string())
                })
                .or_else(|| {
                    row.try_get::<Option<u64>, _>(i)
                        .ok()
                        .flatten()
                        .map(|v| v.to_string())
                })
                .or_else(|| {
                    row.try_get::<Option<Vec<u8>>, _>(i)
                        .ok()
                        .flatten()
                        .map(|v| String::from_utf8_lossy(&v).into_owned())
                })
        })
        .collect()
}
