//! Searching computers the way GLPI's search engine does: criteria on
//! fields named like GLPI's search options (`serial`, `manufacturer`,
//! `software`, …), sorted, paged, with chosen columns.
//!
//! This is the one search engine of parc: the CLI (`parc computer list`)
//! parses arguments into a [`SearchQuery`], and the REST API and web UI
//! will build the same query from their own input. The fields say *what*
//! they read ([`Source`]); `crate::store::assets::search` turns a query
//! into one SQL statement, joining only the tables the query uses, with
//! every value bound as a parameter.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::{AssetError, AssetStore};
use crate::store::assets::search as sql;

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A column of `glpi_computers`.
    Column(&'static str),
    /// A dropdown referenced by a `glpi_computers` column: `fk` → `table`,
    /// shown by its `display` column (`name` or `completename`).
    Dropdown {
        /// The computer's column.
        fk: &'static str,
        /// The dropdown table.
        table: &'static str,
        /// The column shown.
        display: &'static str,
    },
    /// The name of the computer's operating system.
    OperatingSystem,
    /// Names of the installed software (several per computer).
    Software,
    /// IP addresses of its network ports (several).
    Ip,
    /// MAC addresses of its network ports (several).
    Mac,
}

impl Source {
    /// Whether a computer has several values (criteria then mean "one of
    /// them matches").
    pub fn is_multiple(self) -> bool {
        matches!(self, Self::Software | Self::Ip | Self::Mac)
    }
}

/// How values of a field compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text: every operator.
    Text,
    /// A number: `=`, `!=`, `<`, `>`.
    Number,
    /// Yes/no (`1`, `0`, `yes`, `no`, `true`, `false`): `=`, `!=`.
    Flag,
    /// A date (`YYYY-MM-DD[ HH:MM:SS]`): every operator.
    Date,
}

/// A searchable field of computers.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// Its name on the command line and in JSON.
    pub name: &'static str,
    /// GLPI's label (as in the search and in history).
    pub label: &'static str,
    /// GLPI's search option id, when it has one.
    pub option: Option<i32>,
    /// Where its value comes from.
    pub source: Source,
    /// How its values compare.
    pub kind: Kind,
}

const fn col(
    name: &'static str,
    label: &'static str,
    option: Option<i32>,
    column: &'static str,
    kind: Kind,
) -> Field {
    Field {
        name,
        label,
        option,
        source: Source::Column(column),
        kind,
    }
}

const fn dropdown(
    name: &'static str,
    label: &'static str,
    option: Option<i32>,
    fk: &'static str,
    table: &'static str,
    display: &'static str,
) -> Field {
    Field {
        name,
        label,
        option,
        source: Source::Dropdown { fk, table, display },
        kind: Kind::Text,
    }
}

/// Every field of computers, in the order `--fields` lists them.
pub static FIELDS: &[Field] = &[
    col("id", "ID", Some(2), "id", Kind::Number),
    col("name", "Name", Some(1), "name", Kind::Text),
    col("serial", "Serial number", Some(5), "serial", Kind::Text),
    col(
        "otherserial",
        "Inventory number",
        Some(6),
        "otherserial",
        Kind::Text,
    ),
    col("uuid", "UUID", Some(47), "uuid", Kind::Text),
    dropdown(
        "entity",
        "Entity",
        Some(80),
        "entities_id",
        "glpi_entities",
        "completename",
    ),
    col(
        "entities_id",
        "Entity ID",
        None,
        "entities_id",
        Kind::Number,
    ),
    dropdown(
        "location",
        "Location",
        Some(3),
        "locations_id",
        "glpi_locations",
        "completename",
    ),
    dropdown(
        "manufacturer",
        "Manufacturer",
        Some(23),
        "manufacturers_id",
        "glpi_manufacturers",
        "name",
    ),
    dropdown(
        "model",
        "Model",
        Some(40),
        "computermodels_id",
        "glpi_computermodels",
        "name",
    ),
    dropdown(
        "type",
        "Type",
        Some(4),
        "computertypes_id",
        "glpi_computertypes",
        "name",
    ),
    dropdown(
        "state",
        "Status",
        Some(31),
        "states_id",
        "glpi_states",
        "completename",
    ),
    dropdown("user", "User", Some(70), "users_id", "glpi_users", "name"),
    dropdown(
        "user_tech",
        "Technician in charge",
        Some(24),
        "users_id_tech",
        "glpi_users",
        "name",
    ),
    dropdown(
        "group",
        "Group",
        Some(71),
        "groups_id",
        "glpi_groups",
        "name",
    ),
    dropdown(
        "network",
        "Network",
        Some(32),
        "networks_id",
        "glpi_networks",
        "name",
    ),
    dropdown(
        "source",
        "Update Source",
        Some(42),
        "autoupdatesystems_id",
        "glpi_autoupdatesystems",
        "name",
    ),
    Field {
        name: "os",
        label: "Operating system",
        option: Some(45),
        source: Source::OperatingSystem,
        kind: Kind::Text,
    },
    col(
        "contact",
        "Alternate username",
        Some(7),
        "contact",
        Kind::Text,
    ),
    col(
        "contact_num",
        "Alternate username number",
        Some(8),
        "contact_num",
        Kind::Text,
    ),
    col("comment", "Comments", Some(16), "comment", Kind::Text),
    col("date_mod", "Last update", Some(19), "date_mod", Kind::Date),
    col(
        "date_creation",
        "Creation date",
        Some(121),
        "date_creation",
        Kind::Date,
    ),
    col(
        "last_inventory_update",
        "Last inventory date",
        Some(9),
        "last_inventory_update",
        Kind::Date,
    ),
    col("last_boot", "Last boot date", None, "last_boot", Kind::Date),
    col(
        "is_dynamic",
        "Automatic inventory",
        None,
        "is_dynamic",
        Kind::Flag,
    ),
    col("is_deleted", "Deleted", None, "is_deleted", Kind::Flag),
    Field {
        name: "software",
        label: "Software",
        option: None,
        source: Source::Software,
        kind: Kind::Text,
    },
    Field {
        name: "ip",
        label: "IP address",
        option: None,
        source: Source::Ip,
        kind: Kind::Text,
    },
    Field {
        name: "mac",
        label: "MAC address",
        option: None,
        source: Source::Mac,
        kind: Kind::Text,
    },
];

/// Columns of a listing when none are chosen.
pub const DEFAULT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "serial",
    "entity",
    "manufacturer",
    "model",
    "type",
    "state",
    "location",
    "os",
];

/// The field named `name` (case-insensitive), or an error listing them all.
pub fn field(name: &str) -> Result<&'static Field, AssetError> {
    let name = name.trim();
    FIELDS
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            AssetError::Invalid(format!(
                "unknown field {name:?}; fields: {}",
                FIELDS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
            ))
        })
}

/// The field of GLPI search option `option`, when parc knows it.
pub fn field_of_option(option: i32) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.option == Some(option))
}

/// A comparison (GLPI's search types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `=`: equals (exactly as stored).
    Equals,
    /// `!=`: does not equal (an empty value counts as different).
    NotEquals,
    /// `~`: contains, case-insensitive; `^` anchors at the start, `$` at
    /// the end, as in GLPI.
    Contains,
    /// `!~`: does not contain.
    NotContains,
    /// `<`: less than.
    Less,
    /// `>`: greater than.
    Greater,
}

impl Operator {
    /// Operators by their symbol, longest first (so `!=` is not read as `!`
    /// then `=`).
    const SYMBOLS: [(&'static str, Self); 6] = [
        ("!=", Self::NotEquals),
        ("!~", Self::NotContains),
        ("=", Self::Equals),
        ("~", Self::Contains),
        ("<", Self::Less),
        (">", Self::Greater),
    ];

    /// Its symbol.
    pub fn symbol(self) -> &'static str {
        Self::SYMBOLS
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(s, _)| s)
    }

    /// Whether it matches what does *not* satisfy the positive form.
    pub fn is_negative(self) -> bool {
        matches!(self, Self::NotEquals | Self::NotContains)
    }
}

/// One criterion: a field, an operator and a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// The field.
    pub field: &'static Field,
    /// The comparison.
    pub op: Operator,
    /// The value, as typed.
    pub value: String,
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.field.name, self.op.symbol(), self.value)
    }
}

impl Criterion {
    /// A criterion of `field` after checking the operator and the value
    /// suit the field.
    pub fn new(field: &'static Field, op: Operator, value: &str) -> Result<Self, AssetError> {
        let allowed = match field.kind {
            Kind::Text | Kind::Date => true,
            Kind::Number => !matches!(op, Operator::Contains | Operator::NotContains),
            Kind::Flag => matches!(op, Operator::Equals | Operator::NotEquals),
        };
        if !allowed {
            return Err(AssetError::Invalid(format!(
                "{} does not apply to {} (a {})",
                op.symbol(),
                field.name,
                match field.kind {
                    Kind::Number => "number: use =, !=, < or >",
                    _ => "yes/no: use = or !=",
                }
            )));
        }
        let criterion = Self {
            field,
            op,
            value: value.trim().to_owned(),
        };
        criterion.bound()?;
        Ok(criterion)
    }

    /// Parses `FIELD OP VALUE` (`serial=ABC`, `name~pc-0`, `date_mod>2024-01-01`).
    pub fn parse(text: &str) -> Result<Self, AssetError> {
        let start = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c.is_whitespace()))
            .ok_or_else(|| {
                AssetError::Invalid(format!(
                    "expected FIELD OP VALUE (operators: = != ~ !~ < >), got {text:?}"
                ))
            })?;
        let rest = &text[start..];
        let (symbol, op) = Operator::SYMBOLS
            .iter()
            .find(|(s, _)| rest.starts_with(s))
            .ok_or_else(|| {
                AssetError::Invalid(format!(
                    "unknown operator in {text:?}; operators: = != ~ !~ < >"
                ))
            })?;
        let name = text[..start].trim();
        if name.is_empty() {
            return Err(AssetError::Invalid(format!(
                "expected FIELD OP VALUE, got {text:?}"
            )));
        }
        Self::new(field(name)?, *op, &rest[symbol.len()..])
    }

    /// The value to bind: a number for numbers and flags, else the text
    /// (a LIKE pattern for `~`/`!~`, with `!` as escape character).
    pub fn bound(&self) -> Result<Value, AssetError> {
        match self.field.kind {
            Kind::Number => self.value.parse::<i64>().map(Value::from).map_err(|_| {
                AssetError::Invalid(format!(
                    "{} is a number, got {:?}",
                    self.field.name, self.value
                ))
            }),
            Kind::Flag => match self.value.to_ascii_lowercase().as_str() {
                "1" | "yes" | "true" => Ok(Value::from(1)),
                "0" | "no" | "false" => Ok(Value::from(0)),
                _ => Err(AssetError::Invalid(format!(
                    "{} is yes or no, got {:?}",
                    self.field.name, self.value
                ))),
            },
            Kind::Text | Kind::Date => Ok(Value::from(match self.op {
                Operator::Contains | Operator::NotContains => like_pattern(&self.value),
                _ => self.value.clone(),
            })),
        }
    }
}

/// A LIKE pattern for "contains" (`!` escapes `%`, `_` and itself; a
/// leading `^` or trailing `$` anchors, as in GLPI).
fn like_pattern(value: &str) -> String {
    let (start, value) = match value.strip_prefix('^') {
        Some(rest) => ("", rest),
        None => ("%", value),
    };
    let (value, end) = match value.strip_suffix('$') {
        Some(rest) => (rest, ""),
        None => (value, "%"),
    };
    let mut pattern = String::from(start);
    for c in value.chars() {
        if matches!(c, '!' | '%' | '_') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push_str(end);
    pattern
}

/// What to search: criteria, order, page and columns.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Groups of alternatives: a computer matches when, in every group,
    /// one criterion matches (`(A OR B) AND C`).
    pub criteria: Vec<Vec<Criterion>>,
    /// Field to sort by, descending when `true` (then by id).
    pub sort: Option<(&'static Field, bool)>,
    /// At most this many rows.
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: u32,
    /// Columns of the result (default: [`DEFAULT_COLUMNS`]).
    pub columns: Vec<&'static Field>,
    /// Computers in the trash instead of the others.
    pub deleted: bool,
}

impl SearchQuery {
    /// Parses `--where` arguments: each is a group of criteria separated
    /// by `|` (alternatives).
    pub fn parse_criteria(args: &[String]) -> Result<Vec<Vec<Criterion>>, AssetError> {
        args.iter()
            .map(|arg| arg.split('|').map(Criterion::parse).collect())
            .collect()
    }

    /// Parses `FIELD` or `FIELD:desc` / `FIELD:asc`.
    pub fn parse_sort(arg: &str) -> Result<(&'static Field, bool), AssetError> {
        let (name, order) = arg.split_once(':').unwrap_or((arg, "asc"));
        let desc = match order.trim().to_ascii_lowercase().as_str() {
            "asc" => false,
            "desc" => true,
            other => {
                return Err(AssetError::Invalid(format!(
                    "sort order is asc or desc, got {other:?}"
                )));
            }
        };
        Ok((field(name)?, desc))
    }

    /// Parses `a,b,c` column names.
    pub fn parse_columns(arg: &str) -> Result<Vec<&'static Field>, AssetError> {
        arg.split(',')
            .filter(|c| !c.trim().is_empty())
            .map(field)
            .collect()
    }
}

/// Rows found: column names, then one array of values per computer.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// Column names.
    pub columns: Vec<&'static str>,
    /// Values, in column order (flags as booleans).
    pub rows: Vec<Vec<Value>>,
}

impl SearchResult {
    /// The rows as JSON objects keyed by column.
    pub fn objects(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|row| {
                Value::Object(
                    self.columns
                        .iter()
                        .map(|c| (*c).to_owned())
                        .zip(row.iter().cloned())
                        .collect(),
                )
            })
            .collect()
    }
}

impl AssetStore {
    /// Computers matching `query`, with its columns.
    pub async fn search_computers(&self, query: &SearchQuery) -> Result<SearchResult, AssetError> {
        let mut query = query.clone();
        if query.columns.is_empty() {
            query.columns = DEFAULT_COLUMNS
                .iter()
                .map(|c| field(c))
                .collect::<Result<_, _>>()?;
        }
        let mut rows = sql::search(self.db(), &query).await?;
        for row in &mut rows {
            for (value, field) in row.iter_mut().zip(&query.columns) {
                if field.kind == Kind::Flag
                    && let Some(n) = value.as_i64()
                {
                    *value = Value::Bool(n != 0);
                }
            }
        }
        Ok(SearchResult {
            columns: query.columns.iter().map(|f| f.name).collect(),
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_parse_with_every_operator() {
        let c = Criterion::parse("serial=ABC").unwrap();
        assert_eq!(
            (c.field.name, c.op, c.value.as_str()),
            ("serial", Operator::Equals, "ABC")
        );
        assert_eq!(
            Criterion::parse("name!~pc").unwrap().op,
            Operator::NotContains
        );
        assert_eq!(
            Criterion::parse("name != x").unwrap().op,
            Operator::NotEquals
        );
        assert_eq!(
            Criterion::parse("id>3").unwrap().bound().unwrap(),
            Value::from(3)
        );
        // The value may hold operator characters.
        assert_eq!(Criterion::parse("comment~a=b").unwrap().value, "a=b");
    }

    #[test]
    fn bad_criteria_say_why() {
        let err = Criterion::parse("colour=red").unwrap_err().to_string();
        assert!(
            err.contains("unknown field \"colour\"") && err.contains("serial"),
            "{err}"
        );
        assert!(Criterion::parse("name").is_err());
        assert!(Criterion::parse("id~3").is_err());
        assert!(Criterion::parse("id=three").is_err());
        assert!(Criterion::parse("is_dynamic=maybe").is_err());
    }

    #[test]
    fn contains_escapes_wildcards_and_honours_anchors() {
        assert_eq!(like_pattern("50%_off!"), "%50!%!_off!!%");
        assert_eq!(like_pattern("^pc-"), "pc-%");
        assert_eq!(like_pattern("-01$"), "%-01");
    }
}
