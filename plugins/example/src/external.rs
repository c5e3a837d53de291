//! Capability: reading another application's database.
//!
//! An import plugin (OCS Inventory NG, …) reads a MySQL/MariaDB database
//! that parc does not own. The host holds the connection pool and the
//! driver; the plugin sends prepared statements and receives rows in
//! batches, so a million-row table never sits in memory at once.
//!
//! `parc example external --host H --database D --user U "SELECT …"` prints
//! the rows of a query, tab-separated, one batch at a time.

use parc_plugin_api::messages::host::ExtConnect;
use parc_plugin_api::{CommandRun, Host, Result};

/// Where to connect and what to read.
pub struct Query {
    pub host: String,
    pub port: Option<u16>,
    pub database: String,
    pub user: String,
    pub password: String,
    pub sql: String,
    pub batch: u32,
}

/// Streams the query's rows to the command's output; returns the exit code.
pub fn print_rows(host: &Host, command: &CommandRun, query: Query) -> Result<i32> {
    let external = match host.connect_external(&ExtConnect {
        host: query.host,
        port: query.port,
        database: query.database,
        user: query.user,
        password: query.password,
        max_connections: Some(1),
        connect_timeout_ms: Some(5_000),
        statement_timeout_ms: None,
    }) {
        Ok(external) => external,
        Err(e) => {
            // The host's message names the server and the cause.
            command.err(&format!("error: {}\n", e.message()))?;
            return Ok(1);
        }
    };
    let mut batches = 0;
    for batch in external.stream(&query.sql, &[], query.batch)? {
        let batch = batch?;
        batches += 1;
        let mut text = String::new();
        for row in batch.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "NULL".to_owned(),
                    other => other.to_string(),
                })
                .collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
        }
        command.out(&text)?;
    }
    command.err(&format!("{batches} batch(es)\n"))?;
    Ok(0)
}
