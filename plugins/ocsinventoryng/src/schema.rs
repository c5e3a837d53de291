//! The plugin's tables, with the names and columns of GLPI's
//! ocsinventoryng plugin so that administrators and their SQL reports find
//! them where they expect.
//!
//! Tables are described once as data and rendered for both dialects
//! (SQLite, MariaDB), so the two can never drift apart.

use parc_plugin_api::messages::Migration;

/// OCS servers and their import options.
pub const SERVERS: &str = "glpi_plugin_ocsinventoryng_ocsservers";
/// Computer ↔ OCS machine links.
pub const LINKS: &str = "glpi_plugin_ocsinventoryng_ocslinks";
/// Runs (GLPI's "threads" of the import scripts).
pub const RUNS: &str = "glpi_plugin_ocsinventoryng_threads";
/// Per-computer outcome of a run.
pub const DETAILS: &str = "glpi_plugin_ocsinventoryng_details";
/// Computers a run could not import, with the reason.
pub const NOT_IMPORTED: &str = "glpi_plugin_ocsinventoryng_notimportedcomputers";
/// OCS `accountinfo` column → computer field mappings.
pub const ADMIN_INFOS: &str = "glpi_plugin_ocsinventoryng_ocsadmininfoslinks";
/// Registry values OCS agents collect, per computer.
pub const REGISTRY_KEYS: &str = "glpi_plugin_ocsinventoryng_registrykeys";

/// A column type, rendered per dialect.
#[derive(Clone, Copy)]
enum Type {
    /// Foreign key or counter.
    Id,
    /// Small flag or enumeration.
    Flag(i64),
    /// Integer with a default.
    Int(i64),
    /// Up to 255 characters, nullable.
    Text,
    /// Up to 255 characters, with a default.
    TextDefault(&'static str),
    /// Long text, nullable.
    LongText,
    /// Date and time, nullable.
    Timestamp,
}

struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Type)],
    unique: &'static [&'static [&'static str]],
    keys: &'static [&'static [&'static str]],
}

use Type::*;

const TABLES: &[Table] = &[
    Table {
        name: SERVERS,
        columns: &[
            ("name", TextDefault("")),
            ("comment", LongText),
            ("is_active", Flag(1)),
            ("conn_type", Flag(0)),
            ("ocs_db_host", TextDefault("localhost")),
            ("ocs_db_name", TextDefault("ocsweb")),
            ("ocs_db_user", TextDefault("ocsuser")),
            ("ocs_db_passwd", LongText),
            ("ocs_db_utf8", Flag(1)),
            ("ocs_version", Text),
            ("checksum", Int(0)),
            ("use_massimport", Flag(0)),
            ("import_general_name", Flag(1)),
            ("import_general_os", Flag(1)),
            ("import_os_serial", Flag(1)),
            ("import_general_serial", Flag(1)),
            ("import_general_model", Flag(1)),
            ("import_general_manufacturer", Flag(1)),
            ("import_general_type", Flag(1)),
            ("import_general_domain", Flag(1)),
            ("import_general_contact", Flag(1)),
            ("import_general_comment", Flag(1)),
            ("import_general_uuid", Flag(1)),
            ("import_ip", Flag(1)),
            ("link_with_user", Flag(1)),
            ("import_device_processor", Flag(1)),
            ("import_device_memory", Flag(1)),
            ("import_device_hdd", Flag(1)),
            ("import_device_iface", Flag(1)),
            ("import_device_gfxcard", Flag(1)),
            ("import_device_sound", Flag(1)),
            ("import_device_drive", Flag(1)),
            ("import_device_modem", Flag(1)),
            ("import_device_port", Flag(1)),
            ("import_device_bios", Flag(1)),
            ("import_device_motherboard", Flag(1)),
            ("import_device_controller", Flag(1)),
            ("import_device_slot", Flag(1)),
            ("import_periph", Flag(0)),
            ("import_monitor", Flag(0)),
            ("import_monitor_comment", Flag(0)),
            ("import_printer", Flag(0)),
            ("import_software", Flag(0)),
            ("import_disk", Flag(1)),
            ("import_registry", Flag(1)),
            ("import_vms", Flag(1)),
            ("ocs_url", Text),
            ("tag_limit", LongText),
            ("tag_exclude", LongText),
            ("deconnection_behavior", Text),
            ("use_soft_dict", Flag(0)),
            // GLPI's default is 1 computer per run (288 a day); parc's is a
            // batch that keeps a 10k park in step every few minutes.
            ("cron_sync_number", Int(500)),
            ("deleted_behavior", TextDefault("1")),
            ("use_locks", Flag(1)),
            ("date_mod", Timestamp),
            ("date_creation", Timestamp),
        ],
        unique: &[&["name"]],
        keys: &[&["is_active"]],
    },
    Table {
        name: LINKS,
        columns: &[
            ("computers_id", Id),
            ("ocsid", Id),
            ("ocs_deviceid", TextDefault("")),
            ("use_auto_update", Flag(1)),
            ("last_update", Timestamp),
            ("last_ocs_update", Timestamp),
            ("last_ocs_conn", Timestamp),
            ("ip_src", Text),
            ("computer_update", LongText),
            ("plugin_ocsinventoryng_ocsservers_id", Id),
            ("ocs_agent_version", Text),
            ("entities_id", Id),
            ("tag", Text),
        ],
        unique: &[&["plugin_ocsinventoryng_ocsservers_id", "ocsid"]],
        keys: &[&["computers_id"], &["ocs_deviceid"]],
    },
    Table {
        name: RUNS,
        columns: &[
            ("threadid", Id),
            ("processid", Id),
            ("start_time", Timestamp),
            ("end_time", Timestamp),
            ("status", Flag(1)),
            ("error_msg", LongText),
            ("origin", TextDefault("cli")),
            ("imported_machines_number", Id),
            ("synchronized_machines_number", Id),
            ("failed_rules_machines_number", Id),
            ("linked_machines_number", Id),
            ("notupdated_machines_number", Id),
            ("not_unique_machines_number", Id),
            ("link_refused_machines_number", Id),
            ("deleted_machines_number", Id),
            ("failed_machines_number", Id),
            ("total_number_machines", Id),
            ("plugin_ocsinventoryng_ocsservers_id", Id),
            ("entities_id", Id),
            ("rules_id", Id),
        ],
        unique: &[],
        keys: &[&["end_time"], &["plugin_ocsinventoryng_ocsservers_id"]],
    },
    Table {
        name: DETAILS,
        columns: &[
            ("plugin_ocsinventoryng_threads_id", Id),
            ("threadid", Id),
            ("ocsid", Id),
            ("computers_id", Id),
            ("action", Id),
            ("reason", LongText),
            ("process_time", Timestamp),
            ("rules_id", Id),
            ("entities_id", Id),
            ("plugin_ocsinventoryng_ocsservers_id", Id),
        ],
        unique: &[],
        keys: &[&["plugin_ocsinventoryng_threads_id"], &["computers_id"]],
    },
    Table {
        name: NOT_IMPORTED,
        columns: &[
            ("entities_id", Id),
            ("rules_id", Id),
            ("comment", LongText),
            ("ocsid", Id),
            ("plugin_ocsinventoryng_ocsservers_id", Id),
            ("ocs_deviceid", TextDefault("")),
            ("useragent", Text),
            ("tag", Text),
            ("serial", Text),
            ("name", Text),
            ("ipaddr", Text),
            ("domain", Text),
            ("last_inventory", Timestamp),
            ("reason", Id),
            ("date_creation", Timestamp),
            ("date_mod", Timestamp),
        ],
        unique: &[&["plugin_ocsinventoryng_ocsservers_id", "ocsid"]],
        keys: &[],
    },
    Table {
        name: ADMIN_INFOS,
        columns: &[
            ("glpi_column", TextDefault("")),
            ("ocs_column", TextDefault("")),
            ("plugin_ocsinventoryng_ocsservers_id", Id),
        ],
        unique: &[&["plugin_ocsinventoryng_ocsservers_id", "glpi_column"]],
        keys: &[],
    },
];

fn column_sql(name: &str, ty: Type, mysql: bool) -> String {
    let text = |s: &str| s.replace('\'', "''");
    match (ty, mysql) {
        (Id, false) => format!("{name} INTEGER NOT NULL DEFAULT 0"),
        (Id, true) => format!("{name} INT UNSIGNED NOT NULL DEFAULT 0"),
        (Flag(d), false) | (Int(d), false) => format!("{name} INTEGER NOT NULL DEFAULT {d}"),
        (Flag(d), true) => format!("{name} TINYINT NOT NULL DEFAULT {d}"),
        (Int(d), true) => format!("{name} INT NOT NULL DEFAULT {d}"),
        (Text, false) | (LongText, false) => format!("{name} TEXT NULL"),
        (Text, true) => format!("{name} VARCHAR(255) NULL"),
        (LongText, true) => format!("{name} TEXT NULL"),
        (TextDefault(d), false) => format!("{name} TEXT NOT NULL DEFAULT '{}'", text(d)),
        (TextDefault(d), true) => format!("{name} VARCHAR(255) NOT NULL DEFAULT '{}'", text(d)),
        (Timestamp, false) => format!("{name} TEXT NULL"),
        (Timestamp, true) => format!("{name} TIMESTAMP NULL DEFAULT NULL"),
    }
}

fn create_table(table: &Table, mysql: bool) -> String {
    let mut lines = vec![if mysql {
        "id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY".to_owned()
    } else {
        "id INTEGER PRIMARY KEY AUTOINCREMENT".to_owned()
    }];
    lines.extend(
        table
            .columns
            .iter()
            .map(|(name, ty)| column_sql(name, *ty, mysql)),
    );
    if mysql {
        for (i, columns) in table.unique.iter().enumerate() {
            lines.push(format!("UNIQUE KEY unicity{i} ({})", columns.join(", ")));
        }
        for columns in table.keys {
            lines.push(format!(
                "KEY {} ({})",
                columns.join("_"),
                columns.join(", ")
            ));
        }
    } else {
        for columns in table.unique {
            lines.push(format!("UNIQUE ({})", columns.join(", ")));
        }
    }
    let mut sql = format!(
        "CREATE TABLE {} (\n  {}\n)",
        table.name,
        lines.join(",\n  ")
    );
    if mysql {
        sql.push_str(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
    } else {
        for columns in table.keys {
            sql.push_str(&format!(
                ";\nCREATE INDEX {}_{} ON {} ({})",
                table.name,
                columns.join("_"),
                table.name,
                columns.join(", ")
            ));
        }
    }
    sql
}

/// Migration 3: the registry values of computers (`import_registry`).
const REGISTRY_TABLE: Table = Table {
    name: REGISTRY_KEYS,
    columns: &[
        ("computers_id", Id),
        ("hive", Text),
        ("path", LongText),
        ("value", LongText),
        ("ocs_name", Text),
    ],
    unique: &[],
    keys: &[&["computers_id"]],
};

/// The migrations of the plugin's tables.
pub fn migrations() -> Vec<Migration> {
    let render = |mysql: bool| {
        TABLES
            .iter()
            .map(|t| create_table(t, mysql))
            .collect::<Vec<_>>()
            .join(";\n")
    };
    vec![
        Migration {
            id: 1,
            description:
                "servers, links, runs, details, not-imported computers, admin-info mappings".into(),
            sqlite: render(false),
            mysql: render(true),
        },
        Migration {
            id: 2,
            description: "allow_ocs_update: purges in parc may delete the machine in OCS (off)"
                .into(),
            sqlite: format!(
                "ALTER TABLE {SERVERS} ADD COLUMN {}",
                column_sql("allow_ocs_update", Flag(0), false)
            ),
            mysql: format!(
                "ALTER TABLE {SERVERS} ADD COLUMN {}",
                column_sql("allow_ocs_update", Flag(0), true)
            ),
        },
        Migration {
            id: 3,
            description: "registry values of computers (import_registry)".into(),
            sqlite: create_table(&REGISTRY_TABLE, false),
            mysql: create_table(&REGISTRY_TABLE, true),
        },
        Migration {
            id: 4,
            description: "runs count merges apart from deletions (merged_machines_number)".into(),
            sqlite: format!(
                "ALTER TABLE {RUNS} ADD COLUMN {}",
                column_sql("merged_machines_number", Id, false)
            ),
            mysql: format!(
                "ALTER TABLE {RUNS} ADD COLUMN {}",
                column_sql("merged_machines_number", Id, true)
            ),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_create_every_table_with_its_keys() {
        let migration = &migrations()[0];
        for table in [SERVERS, LINKS, RUNS, DETAILS, NOT_IMPORTED, ADMIN_INFOS] {
            let create = format!("CREATE TABLE {table} (");
            assert!(migration.sqlite.contains(&create), "{table}");
            assert!(migration.mysql.contains(&create), "{table}");
        }
        assert!(
            migration
                .mysql
                .contains("UNIQUE KEY unicity0 (plugin_ocsinventoryng_ocsservers_id, ocsid)")
        );
        assert!(
            migration
                .sqlite
                .contains("UNIQUE (plugin_ocsinventoryng_ocsservers_id, ocsid)")
        );
        assert!(
            migration
                .mysql
                .contains("cron_sync_number INT NOT NULL DEFAULT 500")
        );
        assert!(migration.sqlite.contains(
            "CREATE INDEX glpi_plugin_ocsinventoryng_ocslinks_computers_id ON glpi_plugin_ocsinventoryng_ocslinks (computers_id)"
        ));
    }
}
