//! Dates as GLPI stores and prints them: UTC, to the second,
//! `2026-11-28 17:46:24`.
//!
//! [`Timestamp`] decodes from SQLite text and from both MariaDB `DATETIME`
//! and `TIMESTAMP` (GLPI's column type, which sqlx only maps to
//! `DateTime<Utc>`), and serialises in GLPI's format for `--json` and the
//! REST API.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Serialize, Serializer};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Decode, Encode, MySql, Sqlite, Type};

const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A UTC date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub NaiveDateTime);

impl Timestamp {
    /// The date in GLPI's format.
    pub fn to_glpi(&self) -> String {
        self.0.format(FORMAT).to_string()
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format(FORMAT))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Type<Sqlite> for Timestamp {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <NaiveDateTime as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
        <NaiveDateTime as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for Timestamp {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        <NaiveDateTime as Decode<Sqlite>>::decode(value).map(Self)
    }
}

impl<'q> Encode<'q, Sqlite> for Timestamp {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <NaiveDateTime as Encode<Sqlite>>::encode_by_ref(&self.0, buf)
    }
}

impl Type<MySql> for Timestamp {
    fn type_info() -> sqlx::mysql::MySqlTypeInfo {
        <NaiveDateTime as Type<MySql>>::type_info()
    }

    fn compatible(ty: &sqlx::mysql::MySqlTypeInfo) -> bool {
        <NaiveDateTime as Type<MySql>>::compatible(ty)
            || <DateTime<Utc> as Type<MySql>>::compatible(ty)
    }
}

impl<'r> Decode<'r, MySql> for Timestamp {
    fn decode(value: sqlx::mysql::MySqlValueRef<'r>) -> Result<Self, BoxDynError> {
        // DATETIME and TIMESTAMP share their wire format.
        <NaiveDateTime as Decode<MySql>>::decode(value).map(Self)
    }
}

impl<'q> Encode<'q, MySql> for Timestamp {
    fn encode_by_ref(&self, buf: &mut Vec<u8>) -> Result<IsNull, BoxDynError> {
        <NaiveDateTime as Encode<MySql>>::encode_by_ref(&self.0, buf)
    }
}
