//! Generic rows for bulk writes: a value type both backends bind, and
//! multi-row INSERT / chunked DELETE helpers used by the asset store's hot
//! paths (inventory upserts, purges of 100,000 items).

use std::fmt;

use super::{Backend, StoreError, Tx, on_tx};

/// A column value.
#[derive(Debug, Clone)]
pub enum Val {
    /// SQL NULL.
    Null,
    /// An integer (ids, flags, sizes).
    Int(i64),
    /// Text (also dates, `YYYY-MM-DD HH:MM:SS`).
    Text(String),
    /// Constant text (`'Computer'`, …): equal to the same [`Val::Text`],
    /// without an allocation per row on the hot paths.
    Static(&'static str),
}

/// The comparable form of a value (`Static` and `Text` are the same text).
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Canonical<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl Val {
    fn canonical(&self) -> Canonical<'_> {
        match self {
            Self::Null => Canonical::Null,
            Self::Int(i) => Canonical::Int(*i),
            Self::Text(s) => Canonical::Text(s),
            Self::Static(s) => Canonical::Text(s),
        }
    }
}

impl From<&serde_json::Value> for Val {
    /// A JSON value (a row as `plugin_sql` returns it, a serialised
    /// record) as a value to bind: parc's schema holds integers and text
    /// only, so booleans become 0/1 and other numbers their text.
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Int(i64::from(*b)),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Self::Int(i),
                None => Self::Text(n.to_string()),
            },
            Value::String(s) => Self::Text(s.clone()),
            other => Self::Text(other.to_string()),
        }
    }
}

impl PartialEq for Val {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl Eq for Val {}

impl std::hash::Hash for Val {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical().hash(state);
    }
}

impl PartialOrd for Val {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Val {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.canonical().cmp(&other.canonical())
    }
}

impl Val {
    /// Text, or NULL when absent.
    pub fn text(value: Option<&str>) -> Self {
        value.map_or(Self::Null, |v| Self::Text(v.to_owned()))
    }

    /// Integer, or NULL when absent.
    pub fn int(value: Option<i64>) -> Self {
        value.map_or(Self::Null, Self::Int)
    }

    /// The value as an integer (NULL and text → 0).
    pub fn as_int(&self) -> i64 {
        match self {
            Self::Int(i) => *i,
            _ => 0,
        }
    }

    /// The value as text, if it is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(s) => Some(s),
            Self::Static(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => Ok(()),
            Self::Int(i) => write!(f, "{i}"),
            Self::Text(s) => f.write_str(s),
            Self::Static(s) => f.write_str(s),
        }
    }
}

impl From<u32> for Val {
    fn from(value: u32) -> Self {
        Self::Int(i64::from(value))
    }
}

impl From<i64> for Val {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<&str> for Val {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Val {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<Option<String>> for Val {
    fn from(value: Option<String>) -> Self {
        value.map_or(Self::Null, Self::Text)
    }
}

/// Binds [`Val`]s to a query of either backend.
macro_rules! bind_vals {
    ($query:expr, $vals:expr) => {{
        let mut query = $query;
        for val in $vals {
            query = match val {
                $crate::store::rows::Val::Null => query.bind(None::<i64>),
                $crate::store::rows::Val::Int(i) => query.bind(*i),
                $crate::store::rows::Val::Text(s) => query.bind(s.as_str()),
                $crate::store::rows::Val::Static(s) => query.bind(*s),
            };
        }
        query
    }};
}
pub(crate) use bind_vals;

/// Bound parameters per statement, below both backends' limits.
const MAX_PARAMS: usize = 16_000;

/// Rows per multi-row INSERT.
const MAX_ROWS: usize = 1_000;

/// Smallest row count with a statement of its own in [`shaped`]: fewer
/// rows go in one statement, whatever their count.
const MIN_SHAPE: usize = 8;

/// `rows` cut into the slices that one multi-row INSERT each writes, at
/// most `per_chunk` rows.
///
/// On SQLite: full chunks, then the rest in decreasing powers of two down
/// to [`MIN_SHAPE`], then what remains. SQLite parses and compiles a
/// statement once per distinct text and connection, and sqlx keeps it
/// prepared; with a few recurring row counts the bulk statements of an
/// import stay compiled from batch to batch, where each batch's own counts
/// (477 memories, 312 drives…) were compiled anew every time. On MariaDB a
/// statement costs a round trip more than its parse: plain chunks.
fn shaped<T>(backend: Backend, rows: &[T], per_chunk: usize) -> Vec<&[T]> {
    let mut out = Vec::new();
    let mut rest = rows;
    while !rest.is_empty() {
        let n = if rest.len() >= per_chunk || backend == Backend::MySql {
            per_chunk.min(rest.len())
        } else if rest.len() >= MIN_SHAPE {
            1 << rest.len().ilog2()
        } else {
            rest.len()
        };
        let (head, tail) = rest.split_at(n);
        out.push(head);
        rest = tail;
    }
    out
}

/// Inserts `rows` (each with one value per column) with multi-row INSERTs.
/// A column whose value every row shares, when it is an integer, NULL or a
/// compile-time constant, is written once as a literal instead of being
/// bound on every row (an inventory's `itemtype`, `is_dynamic`, entity…):
/// fewer parameters, more rows per statement.
pub async fn insert_many(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Val>],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let literals: Vec<Option<String>> = (0..columns.len())
        .map(|column| shared_literal(rows, column))
        .collect();
    let template = format!(
        "({})",
        literals
            .iter()
            .map(|l| l.as_deref().unwrap_or("?"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bound = literals.iter().filter(|l| l.is_none()).count();
    // Rows per statement: within the parameter limit, and few enough that
    // the compiled statements a connection caches stay small.
    let per_chunk = (MAX_PARAMS / bound.max(1)).clamp(1, MAX_ROWS);
    for chunk in shaped(tx.backend(), rows, per_chunk) {
        let sql = insert_sql_with(tx.backend(), table, columns, &template, chunk.len());
        let values = chunk.iter().flat_map(|row| {
            row.iter()
                .zip(&literals)
                .filter(|(_, literal)| literal.is_none())
                .map(|(value, _)| value)
        });
        on_tx!(tx, c => {
            bind_vals!(sqlx::query(&sql), values.clone())
                .execute(&mut **c)
                .await?;
        });
    }
    Ok(())
}

/// The SQL literal of column `column` when every row has the same integer,
/// NULL or constant text there (never text that came from outside).
fn shared_literal(rows: &[Vec<Val>], column: usize) -> Option<String> {
    let first = &rows.first()?[column];
    let literal = match first {
        Val::Int(i) => i.to_string(),
        Val::Null => "NULL".to_owned(),
        Val::Static(s) => format!("'{}'", s.replace('\'', "''")),
        Val::Text(_) => return None,
    };
    rows.iter()
        .all(|row| match (&row[column], first) {
            (Val::Int(a), Val::Int(b)) => a == b,
            (Val::Null, Val::Null) => true,
            (Val::Static(a), Val::Static(b)) => a == b,
            _ => false,
        })
        .then_some(literal)
}

/// Inserts one row and returns its id.
pub async fn insert_one(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    row: &[Val],
) -> Result<u32, StoreError> {
    let sql = insert_sql(tx.backend(), table, columns, 1);
    let id = on_tx!(tx, c => {
        let done = bind_vals!(sqlx::query(&sql), row).execute(&mut **c).await?;
        super::LastId::last_id(&done)
    });
    u32::try_from(id).map_err(|_| StoreError::Conflict(format!("id {id} out of range in {table}")))
}

/// Inserts rows and returns their ids, in order. Uses one multi-row INSERT
/// per chunk when the backend guarantees consecutive ids for it (SQLite;
/// MariaDB with `innodb_autoinc_lock_mode` < 2 and an increment of 1),
/// else one INSERT per row.
pub async fn insert_returning_ids(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Val>],
    consecutive_ids: bool,
) -> Result<Vec<u32>, StoreError> {
    let mut ids = Vec::with_capacity(rows.len());
    if !consecutive_ids {
        for row in rows {
            ids.push(insert_one(tx, table, columns, row).await?);
        }
        return Ok(ids);
    }
    let per_chunk = (MAX_PARAMS / columns.len()).max(1);
    for chunk in shaped(tx.backend(), rows, per_chunk) {
        let sql = insert_sql(tx.backend(), table, columns, chunk.len());
        let n = chunk.len() as i64;
        let first = match tx {
            Tx::Sqlite(c) => {
                let done = bind_vals!(sqlx::query(&sql), chunk.iter().flatten())
                    .execute(&mut **c)
                    .await?;
                // SQLite reports the last rowid of the statement.
                done.last_insert_rowid() - n + 1
            }
            Tx::MySql(c) => {
                let done = bind_vals!(sqlx::query(&sql), chunk.iter().flatten())
                    .execute(&mut **c)
                    .await?;
                // MariaDB reports the first id of a multi-row INSERT.
                i64::try_from(done.last_insert_id()).unwrap_or(i64::MAX)
            }
        };
        for i in 0..n {
            let id = first + i;
            ids.push(
                u32::try_from(id).map_err(|_| {
                    StoreError::Conflict(format!("id {id} out of range in {table}"))
                })?,
            );
        }
    }
    Ok(ids)
}

fn insert_sql(backend: Backend, table: &str, columns: &[&str], rows: usize) -> String {
    let template = format!("({})", placeholders(columns.len()));
    insert_sql_with(backend, table, columns, &template, rows)
}

/// `INSERT INTO table (columns) VALUES template, template, …` (`rows`
/// times).
///
/// On SQLite the statement runs `OR FAIL`: a constraint violation stops it
/// without undoing the rows it already inserted, so SQLite keeps no
/// statement journal (a copy of every page the statement changes) for a
/// multi-row insert. Every caller runs in a transaction that an error rolls
/// back (plugin transactions included: a failed write aborts them).
fn insert_sql_with(
    backend: Backend,
    table: &str,
    columns: &[&str],
    template: &str,
    rows: usize,
) -> String {
    let mut sql = String::with_capacity(40 + columns.len() * 12 + rows * (template.len() + 2));
    sql.push_str(match backend {
        Backend::Sqlite => "INSERT OR FAIL INTO ",
        Backend::MySql => "INSERT INTO ",
    });
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(template);
    }
    sql
}

/// `DELETE FROM table WHERE column IN (…)` in chunks; returns rows deleted.
pub async fn delete_in(
    tx: &mut Tx,
    table: &str,
    column: &str,
    ids: &[u32],
    extra_where: &str,
) -> Result<u64, StoreError> {
    let mut deleted = 0;
    for chunk in ids.chunks(1000) {
        let sql = format!(
            "DELETE FROM {table} WHERE {column} IN ({}){extra_where}",
            placeholders(chunk.len())
        );
        deleted += on_tx!(tx, c => {
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            query.execute(&mut **c).await?.rows_affected()
        });
    }
    Ok(deleted)
}

/// `?, ?, …` for `n` parameters.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Quotes an identifier for `backend`.
pub fn quote(backend: Backend, name: &str) -> String {
    match backend {
        Backend::Sqlite => format!("\"{name}\""),
        Backend::MySql => format!("`{name}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_shared_integers_nulls_and_constants_become_literals() {
        let rows = vec![
            vec![
                Val::Int(7),
                Val::Static("Computer"),
                Val::Text("a".into()),
                Val::Null,
                Val::Int(1),
            ],
            vec![
                Val::Int(7),
                Val::Static("Computer"),
                Val::Text("a".into()),
                Val::Null,
                Val::Int(2),
            ],
        ];
        let literals: Vec<_> = (0..5).map(|c| shared_literal(&rows, c)).collect();
        assert_eq!(
            literals,
            vec![
                Some("7".to_owned()),
                Some("'Computer'".to_owned()),
                None,
                Some("NULL".to_owned()),
                None
            ]
        );
        assert_eq!(
            shared_literal(&[vec![Val::Static("it's")]], 0).as_deref(),
            Some("'it''s'")
        );
    }

    #[test]
    fn sqlite_statements_take_recurring_row_counts() {
        let rows: Vec<u32> = (0..2_477).collect();
        let sizes = |backend, per_chunk| -> Vec<usize> {
            shaped(backend, &rows, per_chunk)
                .iter()
                .map(|s| s.len())
                .collect()
        };
        assert_eq!(
            sizes(Backend::Sqlite, 1_000),
            [1_000, 1_000, 256, 128, 64, 16, 8, 5]
        );
        assert_eq!(sizes(Backend::MySql, 1_000), [1_000, 1_000, 477]);
        assert_eq!(sizes(Backend::Sqlite, 5_000), [2_048, 256, 128, 32, 8, 5]);
        // Every row once, in order.
        let flat: Vec<u32> = shaped(Backend::Sqlite, &rows, 300).concat();
        assert_eq!(flat, rows);
        assert!(shaped(Backend::Sqlite, &rows[..0], 10).is_empty());
    }
}
