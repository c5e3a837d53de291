//! A plugin sending hostile SQL through the host (the fixture plugin's
//! `parc faulty sql`): every statement of issue 16 that once wrote core
//! tables is refused, alone and inside a plugin transaction, and nothing in
//! the core tables changes; the plugin's own writes and its reads of core
//! tables still work.

use parc_tests::{Backend, Parc, faulty_archive};
use serde_json::json;

/// An installation with the fixture plugin active and two computers.
fn installation(backend: Backend) -> Parc {
    let parc = Parc::new(backend);
    parc.drop_archive(faulty_archive());
    parc.ok(&["plugin", "install", "faulty"]);
    parc.ok(&["plugin", "activate", "faulty"]);
    let computer = |name: &str| json!({"source": "test", "inventory": {"general": {"name": name}}});
    parc.upsert(&json!([computer("pc-1"), computer("pc-2")]));
    parc
}

/// What must not change: the computers, the tables, the plugin states.
fn core_state(parc: &Parc) -> Vec<Vec<Option<String>>> {
    let tables = if parc.database_url().starts_with("sqlite:") {
        "SELECT name, NULL FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') \
         ORDER BY name"
    } else {
        "SELECT CAST(TABLE_NAME AS CHAR), NULL FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"
    };
    let mut state = parc.rows("SELECT CAST(id AS CHAR), name FROM glpi_computers ORDER BY id");
    state.extend(parc.rows(tables));
    state.extend(parc.rows("SELECT directory, CAST(state AS CHAR) FROM glpi_plugins ORDER BY id"));
    state
}

const BOTH: &[&str] = &[
    "DELETE FROM glpi_computers",
    "UPDATE glpi_computers SET name = 'pwned'",
    "DROP TABLE glpi_computers",
    "ALTER TABLE glpi_plugin_faulty_notes RENAME TO glpi_tickets",
    "CREATE TABLE glpi_tickets_x (id INT)",
    "INSERT INTO glpi_plugin_faulty_notes (id) VALUES (1); DELETE FROM glpi_computers",
    "WITH x AS (SELECT 1) DELETE FROM glpi_computers",
];

const MYSQL: &[&str] = &[
    "UPDATE glpi_plugin_faulty_notes, glpi_computers SET glpi_computers.name = 'pwned'",
    "UPDATE glpi_plugin_faulty_notes n JOIN glpi_computers c SET c.name = 'pwned'",
    "DELETE glpi_computers FROM glpi_plugin_faulty_notes JOIN glpi_computers",
    "INSERT glpi_computers (name) VALUES ('x') # INTO glpi_plugin_faulty_notes",
    "UPDATE glpi_plugin_faulty_notes /*!, glpi_computers */ SET name = 'pwned'",
    "SELECT name FROM glpi_computers /*!INTO OUTFILE 'out.txt'*/",
    "SELECT name FROM glpi_computers INTO OUTFILE 'out.txt'",
    "RENAME TABLE glpi_plugin_faulty_notes TO glpi_tickets",
    "SET foreign_key_checks = 0",
    "LOAD DATA INFILE '/etc/hostname' INTO TABLE glpi_plugin_faulty_notes",
];

const SQLITE: &[&str] = &[
    "SELECT '\\'; DELETE FROM glpi_computers; --'",
    "ATTACH DATABASE 'other.db' AS other",
    "PRAGMA foreign_keys = OFF",
    "UPDATE glpi_computers SET name = 'pwned' FROM glpi_plugin_faulty_notes",
];

fn hostile_sql_changes_nothing(backend: Backend, specific: &[&str]) {
    let parc = installation(backend);
    let before = core_state(&parc);
    for statement in BOTH.iter().chain(specific) {
        for tx in [false, true] {
            let mut args = vec!["faulty", "sql"];
            if tx {
                args.push("--tx");
            }
            args.push(statement);
            let refused = parc.fails(&args);
            assert!(!refused.trim().is_empty(), "{backend:?}: {statement}");
            assert_eq!(
                core_state(&parc),
                before,
                "{backend:?} changed: {statement}"
            );
        }
    }
    assert!(!parc.data_dir().join("out.txt").exists(), "no file written");
    // The plugin's own writes, reading core tables, still work.
    let copied = parc.ok(&[
        "faulty",
        "sql",
        "INSERT INTO glpi_plugin_faulty_notes (id, name) SELECT id, name FROM glpi_computers",
    ]);
    assert_eq!(copied.trim(), "2");
    parc.ok(&[
        "faulty",
        "sql",
        "--tx",
        "UPDATE glpi_plugin_faulty_notes SET name = 'note'",
    ]);
    assert_eq!(
        parc.scalar("SELECT COUNT(*) FROM glpi_plugin_faulty_notes WHERE name = 'note'"),
        2
    );
    assert_eq!(core_state(&parc), before);
}

#[test]
fn hostile_plugin_sql_changes_nothing_on_sqlite() {
    hostile_sql_changes_nothing(Backend::Sqlite, SQLITE);
}

#[test]
fn hostile_plugin_sql_changes_nothing_on_mariadb() {
    hostile_sql_changes_nothing(Backend::MySql, MYSQL);
}

/// The refusal says why, in words a plugin author can act on.
#[test]
fn a_refusal_names_the_table() {
    let parc = installation(Backend::Sqlite);
    let refused = parc.fails(&["faulty", "sql", "DELETE FROM glpi_computers"]);
    assert!(
        refused.contains(
            "may only write to its own tables (glpi_plugin_faulty_*), not glpi_computers"
        ),
        "{refused}"
    );
}
