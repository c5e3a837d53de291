//! Capability: the plugin's own table.
//!
//! Tables are named `glpi_plugin_<key>_…`; the host runs the migrations
//! below (once each, in order) before `install`, and drops every table with
//! the prefix at uninstall. Give both dialects: SQLite (the default) and
//! MariaDB/MySQL. Never edit a shipped migration: add a new one.

use parc_plugin_api::messages::Migration;

/// The table greetings are written to.
pub const GREETINGS: &str = "glpi_plugin_example_greetings";
/// The computers the plugin wrote (see `inventory.rs`).
pub const COMPUTERS: &str = "glpi_plugin_example_computers";

pub fn migrations() -> Vec<Migration> {
    vec![
        Migration {
            id: 1,
            description: "greetings table".into(),
            sqlite: "CREATE TABLE glpi_plugin_example_greetings (
                     id INTEGER PRIMARY KEY AUTOINCREMENT,
                     name TEXT NOT NULL,
                     source TEXT NOT NULL,
                     date_creation TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
                 )"
            .into(),
            mysql: "CREATE TABLE glpi_plugin_example_greetings (
                    id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                    name VARCHAR(255) NOT NULL,
                    source VARCHAR(20) NOT NULL,
                    date_creation TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
                .into(),
        },
        // A later migration: never edit a shipped one, add the next.
        Migration {
            id: 2,
            description: "computers written by the example inventory".into(),
            sqlite: "CREATE TABLE glpi_plugin_example_computers (
                     id INTEGER PRIMARY KEY AUTOINCREMENT,
                     computers_id INTEGER NOT NULL,
                     date_creation TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
                 )"
            .into(),
            mysql: "CREATE TABLE glpi_plugin_example_computers (
                    id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                    computers_id INT UNSIGNED NOT NULL,
                    date_creation TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                    KEY computers_id (computers_id)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
                .into(),
        },
    ]
}
