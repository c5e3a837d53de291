//! Printing results: one JSON document, or an aligned table of chosen
//! columns (the layout the SDK gives plugins), on stdout.

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

fn cell(value: &Value) -> String {
    match value {
        Value::Null => "-".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        other => other.to_string(),
    }
}
