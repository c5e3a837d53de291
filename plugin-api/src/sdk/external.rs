//! External databases through the host: a plugin that reads another
//! application's MySQL/MariaDB database (OCS Inventory NG) gets pooled,
//! prepared, time-limited access without a driver or runtime of its own.

use serde_json::Value;

use crate::error::Result;
use crate::messages::host::{
    self as msg, Executed, ExtBatch, ExtConnect, ExtConnection, ExtCursor, ExtCursorOpen,
    ExtStatement, Rows,
};
use crate::sdk::host::Host;

/// A pool of connections to an external MySQL/MariaDB database, closed when
/// dropped.
///
/// # Example
/// ```no_run
/// # fn demo(host: &parc_plugin_api::Host) -> parc_plugin_api::Result<()> {
/// use parc_plugin_api::messages::host::ExtConnect;
/// let ocs = host.connect_external(&ExtConnect {
///     host: "ocs.example.com".into(),
///     port: None,
///     database: "ocsweb".into(),
///     user: "ocs".into(),
///     password: "secret".into(),
///     max_connections: Some(2),
///     connect_timeout_ms: None,
///     statement_timeout_ms: None,
/// })?;
/// for batch in ocs.stream("SELECT ID, NAME FROM hardware WHERE ID > ?", &[0.into()], 500)? {
///     for row in batch?.rows {
///         println!("{} {}", row[0], row[1]);
///     }
/// }
/// # Ok(()) }
/// ```
pub struct ExternalDb {
    host: Host,
    conn: u64,
}

impl Host {
    /// Connects to an external MySQL/MariaDB database; the error names the
    /// server and says why (refused, timeout, access denied).
    pub fn connect_external(&self, options: &ExtConnect) -> Result<ExternalDb> {
        let connection: ExtConnection = self.call(msg::EXTDB, "connect", options)?;
        Ok(ExternalDb {
            host: self.clone(),
            conn: connection.conn,
        })
    }
}

impl ExternalDb {
    fn statement(&self, sql: &str, params: &[Value]) -> ExtStatement {
        ExtStatement {
            conn: self.conn,
            sql: sql.to_owned(),
            params: params.to_vec(),
        }
    }

    /// Runs a query and returns all its rows (for small results).
    pub fn query(&self, sql: &str, params: &[Value]) -> Result<Rows> {
        self.host
            .call(msg::EXTDB, "query", &self.statement(sql, params))
    }

    /// Runs a statement that returns no rows.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<Executed> {
        self.host
            .call(msg::EXTDB, "execute", &self.statement(sql, params))
    }

    /// Streams the rows of a query in batches of `batch` rows; memory stays
    /// bounded whatever the size of the result.
    pub fn stream(&self, sql: &str, params: &[Value], batch: u32) -> Result<RowStream> {
        let cursor: ExtCursor = self.host.call(
            msg::EXTDB,
            "open",
            &ExtCursorOpen {
                statement: self.statement(sql, params),
                batch: Some(batch),
            },
        )?;
        Ok(RowStream {
            host: self.host.clone(),
            cursor: Some(cursor.cursor),
        })
    }
}

impl Drop for ExternalDb {
    fn drop(&mut self) {
        let _: Result<()> = self
            .host
            .call(msg::EXTDB, "close", &ExtConnection { conn: self.conn });
    }
}

/// The batches of a streamed query; dropping it early stops the query.
pub struct RowStream {
    host: Host,
    cursor: Option<u64>,
}

impl Iterator for RowStream {
    type Item = Result<ExtBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        let cursor = self.cursor?;
        match self
            .host
            .call::<_, ExtBatch>(msg::EXTDB, "fetch", &ExtCursor { cursor })
        {
            Ok(batch) => {
                if batch.done {
                    self.cursor = None;
                    if batch.rows.is_empty() {
                        return None;
                    }
                }
                Some(Ok(batch))
            }
            Err(e) => {
                self.cursor = None;
                Some(Err(e))
            }
        }
    }
}

impl Drop for RowStream {
    fn drop(&mut self) {
        if let Some(cursor) = self.cursor.take() {
            let _: Result<()> = self
                .host
                .call(msg::EXTDB, "close_cursor", &ExtCursor { cursor });
        }
    }
}
