//! External SQL databases a plugin reads (an OCS Inventory NG `ocsweb` on
//! MySQL/MariaDB), served by the host so that plugins need no driver and no
//! async runtime of their own.
//!
//! Each connection is a bounded sqlx pool, opened after one direct
//! connection under the connect timeout: a refused port, an unknown host
//! or a refused login is reported at once with its cause (a pool alone
//! would retry until its timeout and report only that); every
//! statement is prepared (parameters are bound, never spliced into SQL) and
//! runs under a timeout. A cursor streams its rows from a background task
//! through a channel of two batches: the database reads the next batch
//! while the plugin works on the current one, and memory stays bounded
//! whatever the size of the result.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use parc_plugin_api::messages::host::{Executed, ExtConnect, ExtCursorOpen, ExtStatement, Rows};
use serde_json::Value;
use sqlx::Connection as _;
use sqlx::mysql::{
    MySqlArguments, MySqlConnectOptions, MySqlConnection, MySqlPool, MySqlPoolOptions, MySqlRow,
};
use tokio::sync::mpsc;

use super::locked;
use crate::store::mysql_cells::{Kind, column_names, json_into, kinds, push_cell, row_values};

/// Errors of the external database service, with the server named.
#[derive(Debug, thiserror::Error)]
pub enum ExtDbError {
    /// The server cannot be reached or refuses the login.
    #[error(
        "cannot connect to MySQL server {server}: {message} (user {user}, database {database})"
    )]
    Connect {
        /// `host:port`.
        server: String,
        /// User.
        user: String,
        /// Database.
        database: String,
        /// Cause.
        message: String,
    },
    /// A statement failed.
    #[error("query on {server} failed: {message}")]
    Query {
        /// `host:port`.
        server: String,
        /// Cause.
        message: String,
    },
    /// A statement took longer than allowed.
    #[error("query on {server} timed out after {seconds} s")]
    Timeout {
        /// `host:port`.
        server: String,
        /// Limit.
        seconds: u64,
    },
    /// An unknown handle.
    #[error("no open external {0}")]
    Handle(String),
}

struct Connection {
    pool: MySqlPool,
    server: String,
    statement_timeout: Duration,
}

type BatchResult = Result<EncodedBatch, ExtDbError>;

/// A cursor's batch, encoded as the JSON of an [`ExtBatch`](parc_plugin_api::messages::host::ExtBatch) by the task
/// that reads the rows (off the plugin's thread, and without building a
/// JSON value per cell first).
#[derive(Debug, Default)]
pub struct EncodedBatch {
    /// The JSON text.
    pub json: String,
    /// No row follows this batch.
    pub done: bool,
}

/// An [`ExtBatch`](parc_plugin_api::messages::host::ExtBatch) being written as JSON, row by row.
struct BatchJson {
    out: Vec<u8>,
    rows: usize,
}

impl BatchJson {
    fn new(columns: &[String]) -> Self {
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(b"{\"columns\":");
        json_into(&mut out, &columns);
        out.extend_from_slice(b",\"rows\":[");
        Self { out, rows: 0 }
    }

    fn push(&mut self, row: &MySqlRow, kinds: &[Kind]) {
        if self.rows > 0 {
            self.out.push(b',');
        }
        self.out.push(b'[');
        for (i, kind) in kinds.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            push_cell(&mut self.out, row, i, *kind);
        }
        self.out.push(b']');
        self.rows += 1;
    }

    fn finish(mut self, done: bool) -> EncodedBatch {
        self.out.extend_from_slice(b"],\"done\":");
        self.out
            .extend_from_slice(if done { b"true}" } else { b"false}" });
        EncodedBatch {
            // Only JSON text (valid UTF-8) was written.
            json: String::from_utf8(self.out).unwrap_or_default(),
            done,
        }
    }
}

/// The external connections and cursors of one plugin.
#[derive(Default)]
pub struct ExternalDbs {
    connections: Mutex<HashMap<u64, std::sync::Arc<Connection>>>,
    cursors: Mutex<HashMap<u64, mpsc::Receiver<BatchResult>>>,
    next: AtomicU64,
}

impl std::fmt::Debug for ExternalDbs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalDbs").finish_non_exhaustive()
    }
}

impl ExternalDbs {
    fn id(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn connection(&self, conn: u64) -> Result<std::sync::Arc<Connection>, ExtDbError> {
        locked(&self.connections)
            .get(&conn)
            .cloned()
            .ok_or_else(|| ExtDbError::Handle(format!("connection {conn}")))
    }

    /// Opens a pool and checks that one connection works.
    pub async fn connect(&self, options: &ExtConnect) -> Result<u64, ExtDbError> {
        let port = options.port.unwrap_or(3306);
        let server = format!("{}:{port}", options.host);
        let mut connect = MySqlConnectOptions::new()
            .host(&options.host)
            .port(port)
            .username(&options.user)
            .database(&options.database)
            .charset("utf8mb4");
        // An empty password means "no password", as for the mysql client.
        if !options.password.is_empty() {
            connect = connect.password(&options.password);
        }
        let timeout = Duration::from_millis(options.connect_timeout_ms.unwrap_or(10_000));
        let failed = |message: String| ExtDbError::Connect {
            server: server.clone(),
            user: options.user.clone(),
            database: options.database.clone(),
            message,
        };
        // One direct connection first: a pool retries a refused connection
        // until its acquire timeout and then reports only that; the
        // connection says at once what went wrong.
        match tokio::time::timeout(timeout, MySqlConnection::connect_with(&connect)).await {
            Ok(Ok(first)) => {
                let _ = first.close().await;
            }
            Ok(Err(e)) => return Err(failed(connect_cause(&e, &options.host))),
            Err(_) => {
                return Err(failed(format!(
                    "no answer within {} (the host is down, or a firewall drops the packets)",
                    duration_text(timeout)
                )));
            }
        }
        let pool = MySqlPoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(4).max(1))
            .acquire_timeout(timeout)
            .connect_lazy_with(connect);
        let id = self.id();
        locked(&self.connections).insert(
            id,
            std::sync::Arc::new(Connection {
                pool,
                server,
                statement_timeout: Duration::from_millis(
                    options.statement_timeout_ms.unwrap_or(300_000),
                ),
            }),
        );
        Ok(id)
    }

    /// Runs a query and returns all its rows.
    pub async fn query(&self, statement: &ExtStatement) -> Result<Rows, ExtDbError> {
        let connection = self.connection(statement.conn)?;
        let query = bind(&statement.sql, &statement.params);
        let rows = within(&connection, query.fetch_all(&connection.pool)).await?;
        let columns = rows.first().map(column_names).unwrap_or_default();
        let kinds = rows.first().map(kinds).unwrap_or_default();
        Ok(Rows {
            columns,
            rows: rows.iter().map(|row| row_values(row, &kinds)).collect(),
        })
    }

    /// Runs a statement that returns no rows.
    pub async fn execute(&self, statement: &ExtStatement) -> Result<Executed, ExtDbError> {
        let connection = self.connection(statement.conn)?;
        let query = bind(&statement.sql, &statement.params);
        let done = within(&connection, query.execute(&connection.pool)).await?;
        Ok(Executed {
            rows_affected: done.rows_affected(),
            last_insert_id: i64::try_from(done.last_insert_id())
                .ok()
                .filter(|id| *id > 0),
        })
    }

    /// Starts streaming the rows of a query, in batches.
    pub fn open(&self, open: ExtCursorOpen) -> Result<u64, ExtDbError> {
        let connection = self.connection(open.statement.conn)?;
        let size = open.batch.unwrap_or(1000).clamp(1, 100_000) as usize;
        let (sender, receiver) = mpsc::channel::<BatchResult>(2);
        tokio::spawn(async move {
            let statement = open.statement;
            let mut rows = bind(&statement.sql, &statement.params).fetch(&connection.pool);
            let mut columns: Option<Vec<String>> = None;
            let mut kinds: Vec<Kind> = Vec::new();
            let mut batch: Option<BatchJson> = None;
            loop {
                let next =
                    match tokio::time::timeout(connection.statement_timeout, rows.next()).await {
                        Ok(next) => next,
                        Err(_) => {
                            let _ = sender
                                .send(Err(ExtDbError::Timeout {
                                    server: connection.server.clone(),
                                    seconds: connection.statement_timeout.as_secs(),
                                }))
                                .await;
                            return;
                        }
                    };
                match next {
                    Some(Ok(row)) => {
                        let columns = columns.get_or_insert_with(|| {
                            kinds = self::kinds(&row);
                            column_names(&row)
                        });
                        let current = batch.get_or_insert_with(|| BatchJson::new(columns));
                        current.push(&row, &kinds);
                        if current.rows == size {
                            let full = batch.take().map(|b| b.finish(false));
                            if sender.send(Ok(full.unwrap_or_default())).await.is_err() {
                                // The plugin closed the cursor.
                                return;
                            }
                        }
                    }
                    Some(Err(e)) => {
                        let _ = sender
                            .send(Err(ExtDbError::Query {
                                server: connection.server.clone(),
                                message: e.to_string(),
                            }))
                            .await;
                        return;
                    }
                    None => {
                        let last = batch
                            .unwrap_or_else(|| BatchJson::new(&columns.unwrap_or_default()))
                            .finish(true);
                        let _ = sender.send(Ok(last)).await;
                        return;
                    }
                }
            }
        });
        let id = self.id();
        locked(&self.cursors).insert(id, receiver);
        Ok(id)
    }

    /// The next batch of a cursor, as the JSON of an [`ExtBatch`](parc_plugin_api::messages::host::ExtBatch); the
    /// last one says `done` and closes it.
    pub async fn fetch(&self, cursor: u64) -> Result<EncodedBatch, ExtDbError> {
        let mut receiver = locked(&self.cursors)
            .remove(&cursor)
            .ok_or_else(|| ExtDbError::Handle(format!("cursor {cursor}")))?;
        let batch = receiver
            .recv()
            .await
            .unwrap_or_else(|| Ok(BatchJson::new(&[]).finish(true)))?;
        if !batch.done {
            locked(&self.cursors).insert(cursor, receiver);
        }
        Ok(batch)
    }

    /// Stops a cursor early.
    pub fn close_cursor(&self, cursor: u64) {
        locked(&self.cursors).remove(&cursor);
    }

    /// Drops every open cursor (the plugin call that opened them ended).
    pub fn close_cursors(&self) {
        locked(&self.cursors).clear();
    }

    /// Closes a connection pool.
    pub async fn close(&self, conn: u64) {
        let connection = locked(&self.connections).remove(&conn);
        if let Some(connection) = connection {
            connection.pool.close().await;
        }
    }
}

/// The cause of a failed connection, in words: the network error, or the
/// server's own message (a refused login), never the password.
fn connect_cause(error: &sqlx::Error, host: &str) -> String {
    match error {
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused (no MySQL server listens on that port)".to_owned()
        }
        sqlx::Error::Io(io) if io.to_string().contains("lookup address") => {
            format!("host name {host} not found ({io})")
        }
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    }
}

/// "5 s", or "1500 ms".
fn duration_text(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

async fn within<T>(
    connection: &Connection,
    work: impl Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, ExtDbError> {
    match tokio::time::timeout(connection.statement_timeout, work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(ExtDbError::Query {
            server: connection.server.clone(),
            message: e.to_string(),
        }),
        Err(_) => Err(ExtDbError::Timeout {
            server: connection.server.clone(),
            seconds: connection.statement_timeout.as_secs(),
        }),
    }
}

fn bind<'q>(
    sql: &'q str,
    params: &'q [Value],
) -> sqlx::query::Query<'q, sqlx::MySql, MySqlArguments> {
    let mut query = sqlx::query(sql);
    for param in params {
        query = match param {
            Value::Null => query.bind(None::<String>),
            Value::Bool(b) => query.bind(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => query.bind(i),
                (None, Some(u)) => query.bind(u),
                _ => query.bind(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => query.bind(s.as_str()),
            other => query.bind(other.to_string()),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;
    use parc_plugin_api::messages::host::ExtBatch;

    use crate::store::scratch::{mysql_server, mysql_server_url};

    async fn fresh_database(name: &str) -> String {
        let root = mysql_server_url();
        let admin = MySqlPool::connect(&format!("{root}/mysql"))
            .await
            .unwrap_or_else(|e| panic!("MariaDB at {root}: {e}"));
        let db = format!("parc_extdb_{name}_{}", std::process::id());
        sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
            .execute(&admin)
            .await
            .expect("drop");
        sqlx::query(&format!("CREATE DATABASE {db} CHARACTER SET utf8mb4"))
            .execute(&admin)
            .await
            .expect("create");
        db
    }

    async fn drop_database(db: &str) {
        if let Ok(admin) = MySqlPool::connect(&format!("{}/mysql", mysql_server_url())).await {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
                .execute(&admin)
                .await;
        }
    }

    /// Options for the test server (`PARC_TEST_MYSQL_URL`).
    fn options(database: &str) -> ExtConnect {
        let (host, port, user, password) = mysql_server();
        ExtConnect {
            host,
            port: Some(port),
            database: database.to_owned(),
            user,
            password,
            max_connections: Some(2),
            connect_timeout_ms: Some(5_000),
            statement_timeout_ms: Some(2_000),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn rows_stream_in_batches_with_ocs_column_types() {
        let db = fresh_database("types").await;
        let dbs = ExternalDbs::default();
        let conn = dbs.connect(&options(&db)).await.expect("connect");
        let run = |sql: &str| ExtStatement {
            conn,
            sql: sql.to_owned(),
            params: Vec::new(),
        };
        dbs.execute(&run(
            "CREATE TABLE hardware (ID INT AUTO_INCREMENT PRIMARY KEY, NAME VARCHAR(255), \
             CHECKSUM BIGINT UNSIGNED DEFAULT 262143, QUALITY DECIMAL(7,4), LASTDATE DATETIME, \
             CREATEDATE DATE, NOTE BLOB, SEEN TIMESTAMP NULL DEFAULT NULL, BUILT YEAR, \
             VIRTUAL TINYINT(1) UNSIGNED)",
        ))
        .await
        .expect("create");
        for i in 0..10 {
            let done = dbs
                .execute(&ExtStatement {
                    conn,
                    sql: "INSERT INTO hardware (NAME, CHECKSUM, QUALITY, LASTDATE, CREATEDATE, NOTE, \
                          SEEN, BUILT, VIRTUAL) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        .to_owned(),
                    params: vec![
                        Value::from(if i == 9 {
                            "quote \" backslash \\ tab \t nul \u{0} end".to_owned()
                        } else {
                            format!("pc-é{i}")
                        }),
                        Value::from(18_446_744_073_689_088_230_u64 - i),
                        Value::from("1.5"),
                        Value::from("2026-11-28 17:00:22"),
                        if i == 0 {
                            Value::from("0000-00-00")
                        } else {
                            Value::from("2022-03-14")
                        },
                        Value::Null,
                        Value::from("2026-11-29 10:11:12"),
                        Value::from(2021),
                        Value::from(1),
                    ],
                })
                .await
                .expect("insert");
            assert_eq!(done.rows_affected, 1);
            assert_eq!(done.last_insert_id, Some(i as i64 + 1));
        }
        let open = ExtCursorOpen {
            statement: ExtStatement {
                conn,
                sql: "SELECT * FROM hardware WHERE ID > ? ORDER BY ID".to_owned(),
                params: vec![Value::from(0)],
            },
            batch: Some(3),
        };
        let cursor = dbs.open(open).expect("open");
        let mut sizes = Vec::new();
        let mut all = Vec::new();
        loop {
            let encoded = dbs.fetch(cursor).await.expect("fetch");
            let batch: ExtBatch = serde_json::from_str(&encoded.json).expect("an ExtBatch");
            assert_eq!(batch.done, encoded.done);
            sizes.push(batch.rows.len());
            if !batch.rows.is_empty() {
                assert_eq!(batch.columns[0], "ID");
                assert_eq!(batch.columns.len(), 10);
            }
            all.extend(batch.rows);
            if batch.done {
                break;
            }
        }
        assert_eq!(sizes, vec![3, 3, 3, 1]);
        assert_eq!(all.len(), 10);
        let first = &all[0];
        assert_eq!(first[0], Value::from(1));
        assert_eq!(first[1], Value::from("pc-é0"));
        assert_eq!(first[2], Value::from(18_446_744_073_689_088_230_u64));
        assert_eq!(first[3], Value::from("1.5000"));
        assert_eq!(first[4], Value::from("2026-11-28 17:00:22"));
        assert_eq!(first[5], Value::Null, "zero date");
        assert_eq!(first[6], Value::Null);
        assert_eq!(first[7], Value::from("2026-11-29 10:11:12"), "TIMESTAMP");
        assert_eq!(first[8], Value::from(2021), "YEAR");
        assert_eq!(first[9], Value::from(1), "TINYINT(1) UNSIGNED");
        assert_eq!(all[1][5], Value::from("2022-03-14"));
        assert_eq!(
            all[9][1],
            Value::from("quote \" backslash \\ tab \t nul \u{0} end"),
            "text is escaped"
        );
        // The cursor is gone once done.
        assert!(matches!(
            dbs.fetch(cursor).await,
            Err(ExtDbError::Handle(_))
        ));

        // Parameters are bound, never spliced: a hostile value is data.
        let rows = dbs
            .query(&ExtStatement {
                conn,
                sql: "SELECT COUNT(*) AS n FROM hardware WHERE NAME = ?".to_owned(),
                params: vec![Value::from("x' OR '1'='1")],
            })
            .await
            .expect("query");
        assert_eq!(rows.columns, vec!["n"]);
        assert_eq!(rows.rows, vec![vec![Value::from(0)]]);

        // A statement over its time limit is stopped with a clear error.
        let err = dbs
            .query(&run("SELECT SLEEP(5)"))
            .await
            .expect_err("timeout");
        assert!(err.to_string().contains("timed out after 2 s"), "{err}");

        dbs.close(conn).await;
        drop_database(&db).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unreachable_server_or_a_wrong_password_is_named_in_the_error() {
        let dbs = ExternalDbs::default();
        // A closed port: refused at once, not after the connect timeout.
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let mut refused = options("ocsweb");
        refused.host = "127.0.0.1".to_owned();
        refused.user = "root".to_owned();
        refused.port = Some(port);
        refused.connect_timeout_ms = Some(20_000);
        let started = std::time::Instant::now();
        let err = dbs.connect(&refused).await.expect_err("refused");
        assert!(started.elapsed() < Duration::from_secs(2), "at once");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot connect to MySQL server 127.0.0.1:{port}: connection refused \
                 (no MySQL server listens on that port) (user root, database ocsweb)"
            )
        );
        // An unknown host name says so.
        let mut unknown = options("ocsweb");
        unknown.host = "no-such-host.invalid".to_owned();
        let err = dbs.connect(&unknown).await.expect_err("unknown host");
        assert!(
            err.to_string()
                .contains("no-such-host.invalid:3306: host name no-such-host.invalid not found"),
            "{err}"
        );
        // A server that accepts the connection but never speaks: the
        // connect timeout bounds the wait, and the message says so.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut mute = options("ocsweb");
        mute.host = "127.0.0.1".to_owned();
        mute.port = Some(silent.local_addr().unwrap().port());
        mute.connect_timeout_ms = Some(500);
        let started = std::time::Instant::now();
        let err = dbs.connect(&mute).await.expect_err("no answer");
        assert!(started.elapsed() < Duration::from_secs(3));
        assert!(
            err.to_string()
                .contains(": no answer within 500 ms (the host is down"),
            "{err}"
        );
        drop(silent);

        let mut wrong = options("mysql");
        wrong.user = "parc_no_such_user".to_owned();
        wrong.password = "nope".to_owned();
        let err = dbs.connect(&wrong).await.expect_err("denied");
        assert!(
            err.to_string()
                .contains("Access denied for user 'parc_no_such_user'"),
            "{err}"
        );
        assert!(
            !err.to_string().contains("nope"),
            "the password is never shown"
        );
    }
}
