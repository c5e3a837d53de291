//! GLPI's datetime format (`2026-11-28 17:46:24`, UTC) for JSON output, so
//! that `--json` and the REST API print dates as GLPI does.

use chrono::NaiveDateTime;
use serde::Serializer;

const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Serialises a datetime as `YYYY-MM-DD HH:MM:SS`.
pub fn serialize<S: Serializer>(value: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&value.format(FORMAT))
}

/// The same for optional datetimes (`null` when absent).
pub mod option {
    use super::*;

    /// Serialises an optional datetime.
    pub fn serialize<S: Serializer>(
        value: &Option<NaiveDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(&value.format(FORMAT)),
            None => serializer.serialize_none(),
        }
    }
}
