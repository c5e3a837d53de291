//! OCS Inventory NG import benchmark (issue 5: import and synchronisation).
//!
//! This file exists to measure the plugin the way a sysadmin runs it: the
//! release `parc` binary and the packed plugin, one `parc ocsinventoryng
//! import --all` process against a 10,000-computer OCS database, on SQLite
//! then on MariaDB, followed by the synchronisation of a 5% change. Each
//! import is compared with a raw baseline measured in the same process:
//! streaming every OCS table the import reads, plus a single-column bulk
//! insert of as many rows into SQLite (the least work that moves the data),
//! and with the storage floor: the rows the import wrote, written again with
//! plain INSERTs into parc's schema. Every figure is the median of several
//! rounds (3 by default), each in a fresh installation, with its range: the
//! machine is noisy.
//!
//! The OCS database is the 1k fixture of `tests/fixtures/ocsinventoryng`
//! multiplied at the SQL level (`parc_tests::ocs_multiply`). The server is
//! configured with software and monitors imported (`import_software=1`,
//! `import_monitor=2`), the heaviest realistic configuration.
//!
//! `cargo bench -p parc-tests --bench ocs [-- sqlite|mariadb] [--computers N]
//! [--rounds N] [--ocs-db NAME]` (`--ocs-db` keeps the OCS database for the
//! next run; drop it if a run fails midway, which may leave a change in it).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::TryStreamExt;
use parc::store::Db;
use parc::store::copy::Snapshot;
use parc_tests::mysql::server_url;
use parc_tests::ocs_multiply as ocs;
use parc_tests::workspace_root;
use sqlx::Connection;

/// The checksum a first agent inventory leaves (every section dirty).
const FULL_CHECKSUM: u64 = 1_572_863;
/// `memories` and `software` checksum bits (what the 5% change dirties).
const CHANGED_BITS: u64 = 4 | 65_536;
/// One machine in this many is changed by the incremental step (5%).
const CHANGE_EVERY: i64 = 20;
/// Rows per multi-row INSERT of the baseline's write.
const BASELINE_CHUNK: u64 = 500;

/// The OCS tables the import reads (sections, machine tables, software
/// dictionaries), as the baseline streams them.
const READ_TABLES: &[&str] = &[
    "hardware",
    "bios",
    "accountinfo",
    "cpus",
    "memories",
    "storages",
    "drives",
    "networks",
    "monitors",
    "videos",
    "sounds",
    "controllers",
    "slots",
    "ports",
    "software",
    "software_name",
    "software_version",
    "software_publisher",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    MariaDb,
}

impl Backend {
    fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::MariaDb => "MariaDB",
        }
    }
}

/// A MariaDB database dropped when this value is (also on a panic),
/// unless it is kept for later runs (`--ocs-db NAME`).
struct Scratch(String, bool);

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.1 {
            return;
        }
        let _ = Command::new("mariadb")
            .args(parc_tests::ocs::client_args())
            .args(["-e", &format!("DROP DATABASE IF EXISTS `{}`", self.0)])
            .status();
    }
}

fn unique_name(what: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("parc_bench_{what}_{}_{nanos}", std::process::id())
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

fn cargo() -> Command {
    Command::new(
        std::env::var_os("CARGO")
            .or_else(|| option_env!("CARGO").map(Into::into))
            .unwrap_or_else(|| "cargo".into()),
    )
}

/// Builds the release `parc` and packs the plugin (in release too).
fn build(out: &Path) -> (PathBuf, PathBuf) {
    let status = cargo()
        .current_dir(workspace_root())
        .args(["build", "--release", "-p", "parc", "--bin", "parc"])
        .status()
        .expect("cannot run cargo");
    assert!(status.success(), "cargo build --release -p parc failed");
    let parc = target_dir().join("release/parc");
    let output = Command::new(&parc)
        .current_dir(workspace_root())
        .args(["plugin", "pack", "plugins/ocsinventoryng", "--out"])
        .arg(out)
        .stderr(Stdio::inherit())
        .output()
        .expect("cannot run parc plugin pack");
    assert!(output.status.success(), "parc plugin pack failed");
    let archive = PathBuf::from(String::from_utf8(output.stdout).unwrap().trim());
    (parc, archive)
}

/// What a measured `parc` process did.
struct Measured {
    elapsed: Duration,
    /// Peak resident set (VmHWM), KiB.
    peak_kib: u64,
    stdout: String,
}

/// VmHWM of a running process, KiB (none once it has exited).
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs a command to completion, timing it and polling its peak RSS.
fn measure(mut command: Command, what: &str) -> Measured {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let poller = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(Ordering::Relaxed) {
                if let Some(kib) = vm_hwm(pid) {
                    peak = peak.max(kib);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        })
    };
    let output = child.wait_with_output().unwrap();
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let peak_kib = poller.join().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed ({}):\nstdout: {stdout}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Measured {
        elapsed,
        peak_kib,
        stdout,
    }
}

/// One parc installation: data directory, database, the packed plugin.
struct Install {
    parc: PathBuf,
    dir: tempfile::TempDir,
    url: String,
    _database: Option<Scratch>,
}

impl Install {
    fn new(backend: Backend, parc: &Path, archive: &Path) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("parc-bench-ocs-")
            .tempdir()
            .unwrap();
        let (url, database) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("parc.db").display()),
                None,
            ),
            Backend::MariaDb => {
                // parc creates the database on first use.
                let name = unique_name("ocs_parc");
                (
                    format!("{}/{name}", server_url().trim_end_matches('/')),
                    Some(Scratch(name, false)),
                )
            }
        };
        let plugins = dir.path().join("plugins");
        std::fs::create_dir_all(&plugins).unwrap();
        std::fs::copy(archive, plugins.join(archive.file_name().unwrap())).unwrap();
        Self {
            parc: parc.to_owned(),
            dir,
            url,
            _database: database,
        }
    }

    /// A new installation with the plugin active and the OCS server added
    /// with the configuration the bench measures.
    fn configured(backend: Backend, parc: &Path, archive: &Path, ocs_db: &str) -> Self {
        let install = Self::new(backend, parc, archive);
        install.ok(&["plugin", "install", "ocsinventoryng"]);
        install.ok(&["plugin", "activate", "ocsinventoryng"]);
        let (address, user, password) = server_credentials();
        install.ok(&[
            "ocsinventoryng",
            "server",
            "add",
            "bench",
            "--host",
            &address,
            "--database",
            ocs_db,
            "--user",
            &user,
            "--password",
            &password,
        ]);
        install.ok(&[
            "ocsinventoryng",
            "server",
            "edit",
            "bench",
            "import_software=1",
            "import_monitor=2",
        ]);
        install
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.parc);
        command
            .current_dir(self.dir.path())
            .env("PARC_DATA_DIR", self.dir.path())
            .env("PARC_DATABASE_URL", &self.url)
            .env_remove("PARC_PLUGINS_DIR")
            .env_remove("PARC_CONFIG")
            .env_remove("RUST_LOG")
            .args(args);
        command
    }

    fn ok(&self, args: &[&str]) -> String {
        measure(self.command(args), &format!("parc {}", args.join(" "))).stdout
    }

    /// One integer from parc's own database.
    async fn scalar(&self, sql: &str) -> i64 {
        if self.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap();
            conn.close().await.unwrap();
            n
        } else {
            let mut conn = sqlx::MySqlConnection::connect(&self.url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap();
            conn.close().await.unwrap();
            n
        }
    }
}

/// `N` after `word ` in a summary line (`bench: imported 10010, …`).
fn count_after(summary: &str, word: &str) -> u64 {
    let (_, rest) = summary
        .split_once(&format!("{word} "))
        .unwrap_or_else(|| panic!("no `{word}` in the summary: {summary}"));
    rest.split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count after `{word}` in: {summary}"))
}

fn summary_line(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with("bench: "))
        .unwrap_or_else(|| panic!("no summary line for server bench in:\n{stdout}"))
        .to_owned()
}

/// `host:port`, user and password of the MariaDB server.
fn server_credentials() -> (String, String, String) {
    let url = server_url();
    let rest = url.trim_start_matches("mysql://").trim_end_matches('/');
    let (credentials, address) = rest.rsplit_once('@').unwrap_or(("root", rest));
    let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
    let address = if address.contains(':') {
        address.to_owned()
    } else {
        format!("{address}:3306")
    };
    (address, user.to_owned(), password.to_owned())
}

/// Temporary tables naming the changed machines (every 20th in ID order)
/// and, for each, its first memory module with a capacity.
fn select_changed() -> String {
    format!(
        "CREATE TEMPORARY TABLE bench_changed (ID INT NOT NULL PRIMARY KEY) \
           SELECT ID FROM (SELECT ID, ROW_NUMBER() OVER (ORDER BY ID) AS n FROM hardware \
           WHERE DEVICEID NOT LIKE '\\_%') r WHERE n % {CHANGE_EVERY} = 0;\n\
         CREATE TEMPORARY TABLE bench_memory (ID INT NOT NULL PRIMARY KEY) \
           SELECT MIN(m.ID) AS ID FROM memories m JOIN bench_changed c ON c.ID = m.HARDWARE_ID \
           WHERE m.CAPACITY > 0 GROUP BY m.HARDWARE_ID;\n"
    )
}

/// The 5% change, as an agent's new inventory leaves it: LASTDATE one day
/// later, software and memories bits set, one more software installation
/// (a title the machine does not have, from the shared dictionaries) and
/// a memory module with more capacity.
fn change(ocs_db: &str) {
    ocs::execute(
        ocs_db,
        &format!(
            "{select}\
             UPDATE hardware h JOIN bench_changed c ON c.ID = h.ID \
               SET h.LASTDATE = h.LASTDATE + INTERVAL 1 DAY, h.CHECKSUM = h.CHECKSUM | {CHANGED_BITS};\n\
             CREATE TEMPORARY TABLE bench_pick (ID INT NOT NULL PRIMARY KEY, SID BIGINT) \
               SELECT c.ID, (SELECT o.ID FROM software o WHERE NOT EXISTS \
                 (SELECT 1 FROM software m WHERE m.HARDWARE_ID = c.ID AND m.NAME_ID = o.NAME_ID) \
                 ORDER BY o.ID LIMIT 1) AS SID FROM bench_changed c;\n\
             INSERT INTO software (HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID, FOLDER, COMMENTS, \
               FILENAME, FILESIZE, SOURCE, GUID, LANGUAGE, INSTALLDATE, BITSWIDTH, ARCHITECTURE) \
               SELECT p.ID, s.NAME_ID, s.PUBLISHER_ID, s.VERSION_ID, s.FOLDER, s.COMMENTS, \
               s.FILENAME, s.FILESIZE, s.SOURCE, s.GUID, s.LANGUAGE, NOW(), s.BITSWIDTH, \
               s.ARCHITECTURE FROM bench_pick p JOIN software s ON s.ID = p.SID ORDER BY p.ID;\n\
             UPDATE memories m JOIN bench_memory f ON f.ID = m.ID SET m.CAPACITY = m.CAPACITY + 1024;\n",
            select = select_changed()
        ),
    );
}

/// Undoes [`change`] (software rows above `software_max` go) and marks
/// every machine as never read, as after an agent's first inventory.
fn revert(ocs_db: &str, software_max: i64) {
    ocs::execute(
        ocs_db,
        &format!(
            "{select}\
             UPDATE hardware h JOIN bench_changed c ON c.ID = h.ID \
               SET h.LASTDATE = h.LASTDATE - INTERVAL 1 DAY;\n\
             UPDATE memories m JOIN bench_memory f ON f.ID = m.ID SET m.CAPACITY = m.CAPACITY - 1024;\n\
             DELETE FROM software WHERE ID > {software_max};\n\
             UPDATE hardware SET CHECKSUM = {FULL_CHECKSUM};\n",
            select = select_changed()
        ),
    );
}

/// The raw baseline: one streaming `SELECT *` of every table the import
/// reads, then as many rows bulk-inserted into a one-column SQLite table
/// in one transaction. Returns (read, write, rows).
async fn raw_baseline(ocs_db: &str, dir: &Path) -> (Duration, Duration, u64) {
    let started = Instant::now();
    let url = format!("{}/{ocs_db}", server_url().trim_end_matches('/'));
    let mut conn = sqlx::MySqlConnection::connect(&url).await.unwrap();
    let mut rows = 0u64;
    for table in READ_TABLES {
        let sql = format!("SELECT * FROM `{table}`");
        let mut stream = sqlx::query(&sql).fetch(&mut conn);
        while stream.try_next().await.unwrap().is_some() {
            rows += 1;
        }
    }
    conn.close().await.unwrap();
    let read = started.elapsed();

    // A new database file each round.
    for file in ["baseline.db", "baseline.db-wal", "baseline.db-shm"] {
        let _ = std::fs::remove_file(dir.join(file));
    }
    let started = Instant::now();
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.join("baseline.db"))
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::raw_sql("CREATE TABLE t (v TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    let insert = |n: u64| {
        format!(
            "INSERT INTO t (v) VALUES {}",
            vec!["('ocs row')"; n as usize].join(", ")
        )
    };
    let full = insert(BASELINE_CHUNK);
    let mut tx = conn.begin().await.unwrap();
    for _ in 0..rows / BASELINE_CHUNK {
        sqlx::query(&full).execute(&mut *tx).await.unwrap();
    }
    if !rows.is_multiple_of(BASELINE_CHUNK) {
        sqlx::query(&insert(rows % BASELINE_CHUNK))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let written: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(written as u64, rows, "the baseline wrote every row");
    conn.close().await.unwrap();
    (read, started.elapsed(), rows)
}

/// The time to write, into `target`, every row the import wrote into
/// `source` (read beforehand, untimed), and how many rows that is.
async fn rows_floor(source: &Install, target: &Install) -> (Duration, usize) {
    let source = Db::open(&source.url).await.unwrap();
    let target = Db::open(&target.url).await.unwrap();
    let snapshot = Snapshot::read(&source, &target).await.unwrap();
    let started = Instant::now();
    snapshot.write(&target).await.unwrap();
    let elapsed = started.elapsed();
    source.close().await;
    target.close().await;
    (elapsed, snapshot.rows())
}

/// One backend's figures.
struct Figures {
    backend: Backend,
    /// One sample per round.
    import: Vec<Duration>,
    import_peak_kib: u64,
    imported: u64,
    /// Writing the rows of the import again, with no logic.
    rows_floor: Vec<Duration>,
    floor_rows: usize,
    sync: Vec<Duration>,
    sync_peak_kib: u64,
    synchronized: u64,
    really_changed: i64,
    idle_sync: Vec<Duration>,
}

/// The median of a round's samples.
fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// `median s (min–max)`, with `digits` decimals.
fn spread(samples: &[Duration], digits: usize) -> String {
    let secs = |d: &Duration| d.as_secs_f64();
    let min = samples.iter().min().map_or(0.0, secs);
    let max = samples.iter().max().map_or(0.0, secs);
    if samples.len() < 2 {
        return format!("{:.digits$} s", secs(&median(samples)));
    }
    format!(
        "{:.digits$} s ({min:.digits$}–{max:.digits$})",
        secs(&median(samples))
    )
}

fn bench_backend(
    runtime: &tokio::runtime::Runtime,
    backend: Backend,
    parc: &Path,
    archive: &Path,
    ocs_db: &str,
    machines: u64,
    rounds: usize,
) -> Figures {
    let mut imports = Vec::new();
    let mut import_peak_kib = 0;
    let mut floors = Vec::new();
    let mut floor_rows = 0;
    let expected = machines / CHANGE_EVERY as u64;
    let mut syncs = Vec::new();
    let mut sync_peak_kib = 0;
    let mut idles = Vec::new();
    let mut really_changed = 0;
    for _ in 0..rounds {
        // Each round imports into a fresh installation.
        let install = Install::configured(backend, parc, archive, ocs_db);
        wait_for_quiet_server();
        let import = measure(
            install.command(&["ocsinventoryng", "import", "--all"]),
            "parc ocsinventoryng import --all",
        );
        let summary = summary_line(&import.stdout);
        println!(
            "  full import: {:.2} s, {:.0} computers/s, peak RSS {:.0} MB: {summary}",
            import.elapsed.as_secs_f64(),
            machines as f64 / import.elapsed.as_secs_f64(),
            mb(import.peak_kib)
        );
        assert_eq!(
            count_after(&summary, "imported"),
            machines,
            "every OCS computer is imported on {}",
            backend.label()
        );
        let computers = runtime.block_on(install.scalar("SELECT COUNT(*) FROM glpi_computers"));
        assert_eq!(computers as u64, machines, "one computer per OCS machine");
        imports.push(import.elapsed);
        import_peak_kib = import_peak_kib.max(import.peak_kib);

        // The storage floor: the rows this import wrote, written again with
        // plain multi-row INSERTs into a second installation configured the
        // same way (same schema and indexes, no logic).
        let copy = Install::configured(backend, parc, archive, ocs_db);
        let (floor, rows) = runtime.block_on(rows_floor(&install, &copy));
        drop(copy);
        println!(
            "  the same {rows} rows with plain INSERTs: {:.2} s (the import takes {:.2}× that)",
            floor.as_secs_f64(),
            import.elapsed.as_secs_f64() / floor.as_secs_f64()
        );
        floors.push(floor);
        floor_rows = rows;

        // The 5% change, synchronised in this installation, then undone
        // (which leaves OCS as the next round's import expects it).
        let software_max = ocs::scalar(ocs_db, "SELECT MAX(ID) FROM software");
        change(ocs_db);
        wait_for_quiet_server();
        let sync = measure(
            install.command(&["ocsinventoryng", "sync"]),
            "parc ocsinventoryng sync",
        );
        let summary = summary_line(&sync.stdout);
        println!(
            "  sync of the 5% changed: {:.3} s, peak RSS {:.0} MB: {summary}",
            sync.elapsed.as_secs_f64(),
            mb(sync.peak_kib)
        );
        assert_eq!(
            count_after(&summary, "synchronized"),
            expected,
            "the sync on {} handles the changed machines and only them",
            backend.label()
        );
        let run = count_after(&summary, "(run");
        really_changed = runtime.block_on(install.scalar(&format!(
            "SELECT COUNT(*) FROM glpi_plugin_ocsinventoryng_details \
             WHERE plugin_ocsinventoryng_threads_id = {run} AND reason LIKE '% changes'"
        )));
        // The same command with nothing left to do: its fixed cost
        // (process, plugin, OCS checks, the machine list and the links).
        let idle = measure(
            install.command(&["ocsinventoryng", "sync"]),
            "parc ocsinventoryng sync (nothing changed)",
        );
        let summary = summary_line(&idle.stdout);
        println!(
            "  sync with nothing changed: {:.3} s: {summary}",
            idle.elapsed.as_secs_f64()
        );
        assert_eq!(
            count_after(&summary, "synchronized"),
            0,
            "a second sync finds nothing to do"
        );
        revert(ocs_db, software_max);
        syncs.push(sync.elapsed);
        sync_peak_kib = sync_peak_kib.max(sync.peak_kib);
        idles.push(idle.elapsed);
    }
    Figures {
        backend,
        import: imports,
        import_peak_kib,
        imported: machines,
        rows_floor: floors,
        floor_rows,
        sync: syncs,
        sync_peak_kib,
        synchronized: expected,
        really_changed,
        idle_sync: idles,
    }
}

/// CPU time (user + system, clock ticks) of the local MariaDB server, if
/// it runs on this machine.
fn server_cpu_ticks() -> Option<u64> {
    let output = Command::new("pidof")
        .args(["mariadbd", "mysqld"])
        .output()
        .ok()?;
    let pid = String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()?
        .to_owned();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces): utime and
    // stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Waits until the machine is quiet: the kernel's dirty pages written
/// (`sync`) and the MariaDB server idle (under 5% of a core for a
/// second). After loading or changing the OCS database, writeback and
/// InnoDB's flushing and purging go on for seconds, and would otherwise
/// slow whatever is measured next (the baseline's reads above all).
fn wait_for_quiet_server() {
    let started = Instant::now();
    let _ = Command::new("sync").status();
    let mut quiet = 0;
    let Some(mut last) = server_cpu_ticks() else {
        println!("  (no local MariaDB process found: not waiting for it to be idle)");
        return;
    };
    while quiet < 4 && started.elapsed() < Duration::from_secs(180) {
        std::thread::sleep(Duration::from_millis(250));
        let Some(now) = server_cpu_ticks() else {
            return;
        };
        // 100 ticks per second: 5% of a core over 250 ms is ~1 tick.
        quiet = if now - last <= 1 { quiet + 1 } else { 0 };
        last = now;
    }
    println!(
        "  (waited {:.1} s for the disk and MariaDB to be idle)",
        started.elapsed().as_secs_f64()
    );
}

/// Whether a kept OCS database from an earlier run is there.
fn ocs_database_exists(name: &str) -> bool {
    ocs::scalar(
        "information_schema",
        &format!(
            "SELECT COUNT(*) FROM tables WHERE table_schema = '{name}' AND table_name = 'hardware'"
        ),
    ) == 1
}

fn mb(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let computers: u64 = args
        .iter()
        .position(|a| a == "--computers")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse().expect("--computers N"))
        .unwrap_or(10_000);
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse().expect("--rounds N"))
        .unwrap_or(3)
        .max(1);
    let only = args.iter().find_map(|a| match a.as_str() {
        "sqlite" => Some(Backend::Sqlite),
        "mariadb" | "mysql" => Some(Backend::MariaDb),
        _ => None,
    });
    let backends: Vec<Backend> = [Backend::Sqlite, Backend::MariaDb]
        .into_iter()
        .filter(|b| only.is_none_or(|o| o == *b))
        .collect();

    let work = tempfile::Builder::new()
        .prefix("parc-bench-ocs-")
        .tempdir()
        .unwrap();
    let (parc, archive) = build(&work.path().join("plugins"));

    // The OCS database: the 1k fixture, multiplied. `--ocs-db NAME` keeps
    // it for the next run, which reuses it as it is (a quicker loop while
    // profiling; the 5% change is undone at the end of each backend).
    let kept = args
        .iter()
        .position(|a| a == "--ocs-db")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let reused = kept.as_deref().is_some_and(ocs_database_exists);
    let ocs_db = Scratch(
        kept.clone().unwrap_or_else(|| unique_name("ocs")),
        kept.is_some(),
    );
    let started = Instant::now();
    if !reused {
        ocs::create_database(&ocs_db.0);
        ocs::load_gz(&ocs_db.0, &ocs::day1_fixture());
    }
    let loaded = started.elapsed();
    // Copy k of the fixture has hardware IDs + k × ID_STRIDE: the fixture
    // itself is what lies below.
    let fixture_machines = ocs::scalar(
        &ocs_db.0,
        &format!(
            "SELECT COUNT(*) FROM hardware WHERE DEVICEID NOT LIKE '\\_%' AND ID < {}",
            ocs::ID_STRIDE
        ),
    );
    let copies = computers.div_ceil(fixture_machines as u64).max(1) as u32;
    let started = Instant::now();
    if !reused {
        ocs::multiply(&ocs_db.0, copies);
    }
    let multiplied = started.elapsed();
    let machines = ocs::scalar(
        &ocs_db.0,
        "SELECT COUNT(*) FROM hardware WHERE DEVICEID NOT LIKE '\\_%'",
    ) as u64;
    let sections = ocs::counts(&ocs_db.0, READ_TABLES);
    assert_eq!(
        ocs::scalar(&ocs_db.0, "SELECT COUNT(*) FROM deleted_equiv"),
        0,
        "no deletion to process"
    );
    println!(
        "OCS database {}: {machines} computers (fixture of {fixture_machines} × {copies}), \
         loaded in {:.1} s, multiplied in {:.1} s",
        ocs_db.0,
        loaded.as_secs_f64(),
        multiplied.as_secs_f64()
    );
    println!(
        "  rows: {}",
        sections
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    wait_for_quiet_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut baselines = Vec::new();
    let mut rows = 0;
    for _ in 0..rounds {
        let (read, write, read_rows) = runtime.block_on(raw_baseline(&ocs_db.0, work.path()));
        println!(
            "raw baseline: read {read_rows} OCS rows in {:.2} s + SQLite bulk insert in {:.2} s = {:.2} s",
            read.as_secs_f64(),
            write.as_secs_f64(),
            (read + write).as_secs_f64()
        );
        baselines.push((read + write, read, write));
        rows = read_rows;
    }
    baselines.sort();
    let (baseline, read, write) = baselines[baselines.len() / 2];
    let baseline_samples: Vec<Duration> = baselines.iter().map(|b| b.0).collect();

    let mut figures = Vec::new();
    for backend in backends {
        println!("{}:", backend.label());
        figures.push(bench_backend(
            &runtime, backend, &parc, &archive, &ocs_db.0, machines, rounds,
        ));
    }

    println!();
    println!(
        "OCS Inventory NG import, {machines} computers, import_software=1 import_monitor=2, \
         release build; medians of {rounds} rounds (min–max)"
    );
    println!(
        "OCS database: load {:.1} s + multiply ×{copies} {:.1} s; raw baseline: {} \
         (median round: stream {rows} rows {:.2} s + SQLite bulk insert {:.2} s)",
        loaded.as_secs_f64(),
        multiplied.as_secs_f64(),
        spread(&baseline_samples, 2),
        read.as_secs_f64(),
        write.as_secs_f64()
    );
    println!(
        "| backend | full import | computers/s | × raw baseline ({:.2} s) | same rows, plain INSERTs | × those | peak RSS | sync of the 5% changed | sync peak RSS | sync, nothing changed |",
        baseline.as_secs_f64()
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for f in &figures {
        let import = median(&f.import);
        let floor = median(&f.rows_floor);
        println!(
            "| {} | {} ({} imported) | {:.0} | {:.2}× | {} ({} rows; {:.2}× the raw baseline) | {:.2}× | {:.0} MB | {} ({} synchronized, {} with changes) | {:.0} MB | {} |",
            f.backend.label(),
            spread(&f.import, 2),
            f.imported,
            f.imported as f64 / import.as_secs_f64(),
            import.as_secs_f64() / baseline.as_secs_f64(),
            spread(&f.rows_floor, 2),
            f.floor_rows,
            floor.as_secs_f64() / baseline.as_secs_f64(),
            import.as_secs_f64() / floor.as_secs_f64(),
            mb(f.import_peak_kib),
            spread(&f.sync, 3),
            f.synchronized,
            f.really_changed,
            mb(f.sync_peak_kib),
            spread(&f.idle_sync, 3),
        );
    }
    for f in &figures {
        if f.really_changed as u64 != f.synchronized {
            println!(
                "note: on {}, {} of the {} synchronized computers recorded changes",
                f.backend.label(),
                f.really_changed,
                f.synchronized
            );
        }
    }
    println!(
        "targets: SQLite ≥ 500 computers/s and ≤ 3× the raw baseline (goal 1.5×); \
         sync ≤ 1 s; peak RSS < 256 MB"
    );
}
