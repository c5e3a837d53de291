//! MariaDB/MySQL cells: how the external databases plugins read (OCS),
//! parc's own database when a plugin queries it, and the asset store's own
//! row loads give their values — integers of either sign, floats, dates
//! and times as GLPI's text, everything else as text: one reading of
//! MariaDB's types for the whole host. The column's type is read once per
//! result; the cell is written straight into JSON text on the hot path of
//! external reads ([`push_cell`]).

use serde_json::Value;
use sqlx::mysql::MySqlRow;
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::rows::Val;

/// The names of a result's columns.
pub(crate) fn column_names(row: &MySqlRow) -> Vec<String> {
    row.columns().iter().map(|c| c.name().to_owned()).collect()
}

/// How the cells of a column become JSON, read once per result from the
/// column's type rather than from every cell's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Signed,
    Unsigned,
    Float,
    DateTime,
    /// Read as UTC, the time zone of parc's sessions.
    Timestamp,
    Date,
    Time,
    /// Text, decimals, binary and anything else: their bytes as text.
    Text,
}

/// The [`Kind`] of each column of a result.
pub(crate) fn kinds(row: &MySqlRow) -> Vec<Kind> {
    row.columns()
        .iter()
        .map(|c| kind(c.type_info().name()))
        .collect()
}

fn kind(type_name: &str) -> Kind {
    let (base, unsigned) = match type_name.strip_suffix(" UNSIGNED") {
        Some(base) => (base, true),
        None => (type_name, false),
    };
    match base {
        "BOOLEAN" | "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" | "YEAR" => {
            if unsigned {
                Kind::Unsigned
            } else {
                Kind::Signed
            }
        }
        "FLOAT" | "DOUBLE" => Kind::Float,
        "DATETIME" => Kind::DateTime,
        "TIMESTAMP" => Kind::Timestamp,
        "DATE" => Kind::Date,
        "TIME" => Kind::Time,
        _ => Kind::Text,
    }
}

/// A row as JSON values: integers, floats, strings (dates as
/// `YYYY-MM-DD[ HH:MM:SS]`, decimals as text, binary as lossy UTF-8).
/// MySQL's zero dates (`0000-00-00`) are null.
pub(crate) fn row_values(row: &MySqlRow, kinds: &[Kind]) -> Vec<Value> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| value(row, i, *kind))
        .collect()
}

/// A cell as read from a row, by its column's [`Kind`]; `Null` also for
/// what does not decode (MySQL's zero dates, a non-finite float).
enum Cell<'r> {
    Null,
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    DateTime(chrono::NaiveDateTime),
    Date(chrono::NaiveDate),
    Time(chrono::NaiveTime),
    Text(std::borrow::Cow<'r, str>),
}

/// Called for every cell a plugin reads (hundreds of thousands in an
/// import): text is borrowed from the row when it is valid UTF-8.
fn cell(row: &MySqlRow, i: usize, kind: Kind) -> Cell<'_> {
    if row.try_get_raw(i).map_or(true, |raw| raw.is_null()) {
        return Cell::Null;
    }
    match kind {
        Kind::Unsigned => row.try_get(i).map(Cell::Unsigned),
        // `TINYINT(1) UNSIGNED` and `YEAR` are named without their sign.
        Kind::Signed => row
            .try_get(i)
            .map(Cell::Signed)
            .or_else(|_| row.try_get(i).map(Cell::Unsigned)),
        Kind::Float => row.try_get::<f64, _>(i).map(|f| {
            if f.is_finite() {
                Cell::Float(f)
            } else {
                Cell::Null
            }
        }),
        Kind::DateTime => row.try_get(i).map(Cell::DateTime),
        Kind::Timestamp => row
            .try_get::<chrono::DateTime<chrono::Utc>, _>(i)
            .map(|t| Cell::DateTime(t.naive_utc())),
        Kind::Date => row.try_get(i).map(Cell::Date),
        Kind::Time => row.try_get(i).map(Cell::Time),
        Kind::Text => row
            .try_get_unchecked::<&[u8], _>(i)
            .map(|bytes| Cell::Text(String::from_utf8_lossy(bytes))),
    }
    .unwrap_or(Cell::Null)
}

/// A cell as a JSON value.
fn value(row: &MySqlRow, i: usize, kind: Kind) -> Value {
    match cell(row, i, kind) {
        Cell::Null => Value::Null,
        Cell::Unsigned(n) => Value::from(n),
        Cell::Signed(n) => Value::from(n),
        Cell::Float(f) => Value::from(f),
        Cell::DateTime(d) => Value::from(datetime_text(&d)),
        Cell::Date(d) => Value::from(date_text(&d)),
        Cell::Time(t) => Value::from(t.format("%H:%M:%S").to_string()),
        Cell::Text(text) => Value::from(text.into_owned()),
    }
}

/// A cell as a value of parc's own rows ([`Val`]), as SQLite's storage
/// classes give them: integers (an unsigned one beyond `i64` as its text,
/// never clamped), floats truncated to integers like SQLite's REAL, dates
/// and times as GLPI's text, decimals and anything else as text.
pub(crate) fn val(row: &MySqlRow, i: usize, kind: Kind) -> Val {
    match cell(row, i, kind) {
        Cell::Null => Val::Null,
        Cell::Unsigned(n) => i64::try_from(n).map_or_else(|_| Val::Text(n.to_string()), Val::Int),
        Cell::Signed(n) => Val::Int(n),
        Cell::Float(f) => Val::Int(f as i64),
        Cell::DateTime(d) => Val::Text(datetime_text(&d)),
        Cell::Date(d) => Val::Text(date_text(&d)),
        Cell::Time(t) => Val::Text(t.format("%H:%M:%S").to_string()),
        Cell::Text(text) => Val::Text(text.into_owned()),
    }
}

/// Appends a cell as JSON text, as [`value`] would give it.
pub(crate) fn push_cell(out: &mut Vec<u8>, row: &MySqlRow, i: usize, kind: Kind) {
    let quoted = |out: &mut Vec<u8>, write: &dyn Fn(&mut Vec<u8>)| {
        out.push(b'"');
        write(out);
        out.push(b'"');
    };
    match cell(row, i, kind) {
        Cell::Null => out.extend_from_slice(b"null"),
        Cell::Unsigned(n) => json_into(out, &n),
        Cell::Signed(n) => json_into(out, &n),
        Cell::Float(f) => json_into(out, &f),
        Cell::DateTime(d) => quoted(out, &|out| push_datetime(out, &d)),
        Cell::Date(d) => quoted(out, &|out| push_date(out, &d)),
        Cell::Time(t) => json_into(out, &t.format("%H:%M:%S").to_string()),
        Cell::Text(text) => json_into(out, &*text),
    }
}

/// `YYYY-MM-DD`, written digit by digit (a formatter per value costs more
/// than the rest of the cell).
fn date_text(d: &chrono::NaiveDate) -> String {
    let mut out = Vec::with_capacity(10);
    push_date(&mut out, d);
    String::from_utf8(out).unwrap_or_default()
}

/// `YYYY-MM-DD HH:MM:SS` (GLPI's format; fractions dropped).
fn datetime_text(d: &chrono::NaiveDateTime) -> String {
    let mut out = Vec::with_capacity(19);
    push_datetime(&mut out, d);
    String::from_utf8(out).unwrap_or_default()
}

fn push_datetime(out: &mut Vec<u8>, d: &chrono::NaiveDateTime) {
    use chrono::Timelike;
    push_date(out, &d.date());
    out.push(b' ');
    push_digits(out, d.hour(), 2);
    out.push(b':');
    push_digits(out, d.minute(), 2);
    out.push(b':');
    push_digits(out, d.second(), 2);
}

fn push_date(out: &mut Vec<u8>, d: &chrono::NaiveDate) {
    use chrono::Datelike;
    push_digits(out, d.year().clamp(0, 9999) as u32, 4);
    out.push(b'-');
    push_digits(out, d.month(), 2);
    out.push(b'-');
    push_digits(out, d.day(), 2);
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut Vec<u8>, n: u32, width: u32) {
    for position in (0..width).rev() {
        out.push(b'0' + ((n / 10u32.pow(position)) % 10) as u8);
    }
}

/// Appends the JSON of a value that always serialises (strings, numbers).
pub(crate) fn json_into<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_glpi_text() {
        let d = chrono::NaiveDate::from_ymd_opt(987, 1, 2).expect("a date");
        assert_eq!(date_text(&d), "0987-01-02");
        let t = d.and_hms_milli_opt(3, 4, 5, 600).expect("a time");
        assert_eq!(datetime_text(&t), "0987-01-02 03:04:05");
        let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .expect("a time");
        assert_eq!(datetime_text(&last), "9999-12-31 23:59:59");
    }

    #[test]
    fn column_types_pick_how_cells_are_read() {
        assert_eq!(kind("INT UNSIGNED"), Kind::Unsigned);
        assert_eq!(kind("BIGINT"), Kind::Signed);
        assert_eq!(kind("TINYINT UNSIGNED"), Kind::Unsigned);
        assert_eq!(kind("DOUBLE"), Kind::Float);
        assert_eq!(kind("DATETIME"), Kind::DateTime);
        assert_eq!(kind("TIMESTAMP"), Kind::Timestamp);
        assert_eq!(kind("DATE"), Kind::Date);
        assert_eq!(kind("TIME"), Kind::Time);
        assert_eq!(kind("DECIMAL"), Kind::Text);
        assert_eq!(kind("VARCHAR"), Kind::Text);
        assert_eq!(kind("BLOB"), Kind::Text);
    }
}
