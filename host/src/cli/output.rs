//! Printing results: one JSON document, an aligned table of chosen
//! columns (the layout the SDK gives plugins), or CSV, on stdout.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

/// Prints `rows` as a JSON array (`json`) or as a table of `columns`.
pub fn print<T: Serialize>(rows: &[T], json: bool, columns: &[&str]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let values: Vec<Value> = rows
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    let cells: Vec<Vec<String>> = values
        .iter()
        .map(|row| columns.iter().map(|c| cell(&row[*c])).collect())
        .collect();
    // The SDK's layout: plugins' listings look the same.
    out.write_all(parc_plugin_api::table(columns, &cells).as_bytes())?;
    Ok(())
}

/// Prints one object as JSON or as `key: value` lines.
pub fn print_one<T: Serialize>(value: &T, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let value = serde_json::to_value(value)?;
    if json {
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else if let Value::Object(map) = &value {
        for (key, v) in map {
            writeln!(out, "{key}: {}", cell(v))?;
        }
    }
    Ok(())
}

/// Prints rows of values under `columns` as a table, or as CSV (RFC 4180:
/// a header line, fields quoted when they hold a comma, quote or line
/// break).
pub fn print_rows(columns: &[&str], rows: &[Vec<Value>], csv: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if csv {
        let line = |cells: &mut dyn Iterator<Item = String>| {
            cells.map(|c| csv_field(&c)).collect::<Vec<_>>().join(",") + "\r\n"
        };
        out.write_all(line(&mut columns.iter().map(|c| (*c).to_owned())).as_bytes())?;
        for row in rows {
            let mut cells = row.iter().map(|v| match v {
                Value::Null => String::new(),
                other => cell(other),
            });
            out.write_all(line(&mut cells).as_bytes())?;
        }
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|v| one_line(&cell(v))).collect())
        .collect();
    out.write_all(parc_plugin_api::table(columns, &cells).as_bytes())?;
    Ok(())
}

/// Prints a titled table of `columns` of JSON objects (a section of an
/// item), after a blank line. A column `key:header` prints `key` under
/// `header`.
pub fn print_section(title: &str, rows: &[Value], columns: &[&str]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let split: Vec<(&str, &str)> = columns
        .iter()
        .map(|c| c.split_once(':').unwrap_or((c, c)))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            split
                .iter()
                .map(|(key, _)| one_line(&cell(&row[*key])))
                .collect()
        })
        .collect();
    let headers: Vec<&str> = split.iter().map(|(_, header)| *header).collect();
    writeln!(out, "\n{title} ({})", rows.len())?;
    out.write_all(parc_plugin_api::table(&headers, &cells).as_bytes())?;
    Ok(())
}

/// A value on one line of a table: line breaks become ` / `.
fn one_line(text: &str) -> String {
    if text.contains('\n') {
        text.lines().collect::<Vec<_>>().join(" / ")
    } else {
        text.to_owned()
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A value as printed in tables and `key: value` lines.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => "-".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        other => other.to_string(),
    }
}
