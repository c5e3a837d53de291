//! Large OCS Inventory NG databases for benchmarks and load tests, made
//! from the 1k fixture at the SQL level: the OCS server is too slow to
//! write 10,000 inventories for every run, and a copy of real server
//! output is closer to production than anything synthesised in Rust.
//!
//! [`multiply`] turns a loaded fixture into `copies` fleets: copy *k*
//! (1 ≤ k < copies) gets hardware IDs offset by `k × ID_STRIDE`, its own
//! DEVICEIDs, names, UUIDs, BIOS serials, monitor serials and MAC addresses,
//! and a copy of every section row (fresh IDs from AUTO_INCREMENT). The
//! software dictionaries, `config` and `deleted_equiv` are left as they are.
//! Everything goes through the `mariadb` client, as an administrator would.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::ocs::{client_args, data_dir};

/// Hardware IDs of copy *k* are the original IDs plus `k × ID_STRIDE`.
pub const ID_STRIDE: i64 = 100_000;

/// At most this many copies: the MAC addresses of a copy differ by the
/// upper six bits of their first octet (63 copies besides the original).
pub const MAX_COPIES: u32 = 64;

/// Tables keyed by `HARDWARE_ID` alone (one row per machine).
pub const MACHINE_TABLES: &[&str] = &["accountinfo", "bios"];

/// Section tables: an `ID` of their own and a `HARDWARE_ID`.
pub const SECTION_TABLES: &[&str] = &[
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
    "virtualmachines",
];

/// `fixtures/ocsweb-1k-day1.sql.gz` of the OCS data in the repository.
pub fn day1_fixture() -> PathBuf {
    data_dir().join("fixtures/ocsweb-1k-day1.sql.gz")
}

fn client(database: Option<&str>) -> Command {
    let mut command = Command::new("mariadb");
    command.args(client_args());
    if let Some(database) = database {
        command.arg(database);
    }
    command
}

fn pipe(database: Option<&str>, feed: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut child = client(database)
        .stdin(Stdio::piped())
        .spawn()
        .expect("the mariadb client is installed");
    {
        let mut stdin = child.stdin.take().expect("stdin is piped");
        feed(&mut stdin).expect("writing to the mariadb client");
    }
    let status = child.wait().expect("waiting for the mariadb client");
    assert!(
        status.success(),
        "the mariadb client failed on {}: {status}",
        database.unwrap_or("(no database)")
    );
}

/// Runs SQL (any number of statements, one session) in `database`.
pub fn execute(database: &str, sql: &str) {
    pipe(Some(database), |stdin| stdin.write_all(sql.as_bytes()));
}

/// Runs a query in `database`; every row as text (`NULL` for NULL).
pub fn query(database: &str, sql: &str) -> Vec<Vec<String>> {
    let output = client(Some(database))
        .args(["--batch", "--skip-column-names", "-e", sql])
        .output()
        .expect("the mariadb client is installed");
    assert!(
        output.status.success(),
        "query failed on {database}: {sql}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

/// A query returning one integer.
pub fn scalar(database: &str, sql: &str) -> i64 {
    let rows = query(database, sql);
    let value = rows
        .first()
        .and_then(|row| row.first())
        .unwrap_or_else(|| panic!("no row from {sql}"));
    value
        .parse()
        .unwrap_or_else(|e| panic!("{sql} returned {value:?}: {e}"))
}

/// Creates `name` as OCS creates its database (`utf8`, `utf8_bin`).
pub fn create_database(name: &str) {
    pipe(None, |stdin| {
        write!(
            stdin,
            "CREATE DATABASE `{name}` CHARACTER SET utf8 COLLATE utf8_bin;"
        )
    });
}

/// Drops `name` if it exists.
pub fn drop_database(name: &str) {
    pipe(None, |stdin| {
        write!(stdin, "DROP DATABASE IF EXISTS `{name}`;")
    });
}

/// Loads a gzipped dump (`zcat FILE | mariadb DATABASE`).
pub fn load_gz(database: &str, file: &Path) {
    let input =
        std::fs::File::open(file).unwrap_or_else(|e| panic!("cannot open {}: {e}", file.display()));
    pipe(Some(database), |stdin| {
        std::io::copy(&mut flate2::read::GzDecoder::new(input), stdin).map(|_| ())
    });
}

/// Row counts of `tables`.
pub fn counts(database: &str, tables: &[&str]) -> BTreeMap<String, i64> {
    let sql = tables
        .iter()
        .map(|t| format!("SELECT '{t}', COUNT(*) FROM `{t}`"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    query(database, &sql)
        .into_iter()
        .map(|row| {
            let n = row[1].parse().expect("COUNT(*) is a number");
            (row[0].clone(), n)
        })
        .collect()
}

/// Columns of every table of `database`, in order.
fn columns(database: &str) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for row in query(
        database,
        "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    ) {
        out.entry(row[0].to_lowercase())
            .or_default()
            .push(row[1].clone());
    }
    out
}

/// Whether a text value is blank (left as it is in every copy).
fn blank(column: &str) -> String {
    format!("({column} IS NULL OR TRIM({column}) = '')")
}

/// The identifying values a copy changes, each with the predicate that
/// says which rows change: (table, column, predicate on alias `t`).
fn identities(blacklists: bool) -> Vec<(&'static str, &'static str, String)> {
    let serial_listed = if blacklists {
        " AND NOT EXISTS (SELECT 1 FROM blacklist_serials x WHERE x.SERIAL = t.SSN)"
    } else {
        ""
    };
    let mac_listed = if blacklists {
        " AND NOT EXISTS (SELECT 1 FROM blacklist_macaddresses x WHERE x.MACADDRESS = t.MACADDR)"
    } else {
        ""
    };
    vec![
        ("hardware", "DEVICEID", "TRUE".to_owned()),
        ("hardware", "UUID", format!("NOT {}", blank("t.UUID"))),
        (
            "bios",
            "SSN",
            format!("NOT {}{serial_listed}", blank("t.SSN")),
        ),
        (
            "networks",
            "MACADDR",
            format!("t.MACADDR REGEXP '^[0-9A-Fa-f]{{2}}(:[0-9A-Fa-f]{{2}}){{5}}$'{mac_listed}"),
        ),
        ("monitors", "SERIAL", format!("NOT {}", blank("t.SERIAL"))),
    ]
}

/// `hex` (upper-case digits) in the letter case of `value` (agents differ).
fn same_case(value: &str, hex: &str) -> String {
    format!("IF(BINARY {value} = LOWER({value}), LOWER({hex}), {hex})")
}

/// The value of `column` in copy `c.k` of row `t`, when a copy changes it.
fn copied_value(table: &str, column: &str, changes: &str) -> Option<String> {
    let changed = match (table, column) {
        ("hardware", "ID") => return Some(format!("t.`ID` + c.k * {ID_STRIDE}")),
        (_, "HARDWARE_ID") => return Some(format!("t.`HARDWARE_ID` + c.k * {ID_STRIDE}")),
        ("hardware", "NAME") => return Some("CONCAT(t.`NAME`, '-', c.k)".to_owned()),
        ("hardware", "DEVICEID") => "CONCAT(t.`DEVICEID`, '-', c.k)".to_owned(),
        // The first byte XOR the copy number: still a UUID, and never the
        // value of another machine or copy (originals differ after it).
        ("hardware", "UUID") => format!(
            "IF(t.`UUID` REGEXP '^[0-9A-Fa-f]{{2}}', CONCAT({}, SUBSTRING(t.`UUID`, 3)), \
             CONCAT(t.`UUID`, '-', c.k))",
            same_case(
                "t.`UUID`",
                "LPAD(HEX(CONV(LEFT(t.`UUID`, 2), 16, 10) ^ c.k), 2, '0')"
            )
        ),
        ("bios", "SSN") => "CONCAT(t.`SSN`, '-', c.k)".to_owned(),
        ("monitors", "SERIAL") => "CONCAT(t.`SERIAL`, '-', c.k)".to_owned(),
        // First octet XOR the copy number shifted past the multicast and
        // locally-administered bits (both kept).
        ("networks", "MACADDR") => format!(
            "CONCAT({}, SUBSTRING(t.`MACADDR`, 3))",
            same_case(
                "t.`MACADDR`",
                "LPAD(HEX(CONV(LEFT(t.`MACADDR`, 2), 16, 10) ^ (4 * c.k)), 2, '0')"
            )
        ),
        _ => return None,
    };
    Some(format!(
        "CASE WHEN {changes} THEN {changed} ELSE t.`{column}` END"
    ))
}

fn copy_statement(
    table: &str,
    columns: &[String],
    identities: &[(&'static str, &'static str, String)],
) -> String {
    let key = if table == "hardware" {
        "ID"
    } else {
        "HARDWARE_ID"
    };
    let copied: Vec<&String> = columns
        .iter()
        .filter(|c| table == "hardware" || !c.eq_ignore_ascii_case("ID"))
        .collect();
    let names = copied
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let values = copied
        .iter()
        .map(|c| {
            let changes = identities
                .iter()
                .find(|(t, col, _)| *t == table && c.eq_ignore_ascii_case(col))
                .map(|(_, _, p)| p.as_str())
                .unwrap_or("FALSE");
            copied_value(table, &c.to_uppercase(), changes).unwrap_or_else(|| format!("t.`{c}`"))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let order = if columns.iter().any(|c| c == "ID") {
        "c.k, t.`ID`"
    } else {
        "c.k, t.`HARDWARE_ID`"
    };
    format!(
        "INSERT INTO `{table}` ({names})\n  SELECT {values}\n  FROM `{table}` t \
         JOIN parc_multiply_copies c WHERE t.`{key}` < {ID_STRIDE} ORDER BY {order};\n"
    )
}

/// Distinct non-blank values of each identity that a copy changes.
fn distinct_identities(
    database: &str,
    identities: &[(&'static str, &'static str, String)],
) -> Vec<(String, i64)> {
    identities
        .iter()
        .map(|(table, column, changes)| {
            let n = scalar(
                database,
                &format!(
                    "SELECT COUNT(DISTINCT CASE WHEN {changes} THEN LOWER(t.`{column}`) END) \
                     FROM `{table}` t"
                ),
            );
            (format!("{table}.{column}"), n)
        })
        .collect()
}

/// Multiplies the OCS database `database` (a loaded fixture whose hardware
/// IDs are all below [`ID_STRIDE`]) so that it holds `copies` times its
/// machines: the original plus copies 1 … copies − 1. Checks every row
/// count and the distinctness of the identities afterwards, and panics
/// when one is off.
pub fn multiply(database: &str, copies: u32) {
    assert!(
        (1..=MAX_COPIES).contains(&copies),
        "copies must be between 1 and {MAX_COPIES}, not {copies}"
    );
    if copies == 1 {
        return;
    }
    let max_id = scalar(database, "SELECT COALESCE(MAX(ID), 0) FROM hardware");
    assert!(
        max_id < ID_STRIDE,
        "{database} already holds hardware ID {max_id} ≥ {ID_STRIDE}: multiply a fresh fixture"
    );
    let columns = columns(database);
    let tables: Vec<&str> = std::iter::once("hardware")
        .chain(MACHINE_TABLES.iter().copied())
        .chain(SECTION_TABLES.iter().copied())
        .filter(|t| columns.contains_key(*t))
        .collect();
    let present: HashSet<&str> = columns.keys().map(String::as_str).collect();
    let blacklists =
        present.contains("blacklist_serials") && present.contains("blacklist_macaddresses");
    let identities: Vec<_> = identities(blacklists)
        .into_iter()
        .filter(|(t, _, _)| present.contains(t))
        .collect();

    let before = counts(database, &tables);
    let distinct_before = distinct_identities(database, &identities);

    let mut sql =
        String::from("CREATE TEMPORARY TABLE parc_multiply_copies (k INT NOT NULL PRIMARY KEY);\n");
    let ks = (1..copies)
        .map(|k| format!("({k})"))
        .collect::<Vec<_>>()
        .join(", ");
    sql.push_str(&format!(
        "INSERT INTO parc_multiply_copies (k) VALUES {ks};\n"
    ));
    for table in &tables {
        sql.push_str(&copy_statement(table, &columns[*table], &identities));
    }
    sql.push_str("DROP TEMPORARY TABLE parc_multiply_copies;\n");
    execute(database, &sql);

    let after = counts(database, &tables);
    for table in &tables {
        assert_eq!(
            after[*table],
            before[*table] * i64::from(copies),
            "rows of {table} after multiplying by {copies}"
        );
    }
    for ((name, n_before), (_, n_after)) in distinct_before
        .iter()
        .zip(distinct_identities(database, &identities))
    {
        assert_eq!(
            n_after,
            n_before * i64::from(copies),
            "distinct {name} after multiplying by {copies}: copies must not collide"
        );
    }
}
