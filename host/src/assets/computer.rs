//! Computers edited by people: add, list, show with every section, edit
//! (which locks the field on a dynamic computer, so the next inventory
//! leaves it alone).

use serde::Serialize;
use serde_json::Value;

use super::inventory::GENERAL;
use super::normalize::{self as norm, line};
use super::search::{self, Criterion, Field, Operator, SearchQuery, Source};
use super::sections::{self, action};
use super::{AssetError, AssetStore};
use crate::store::Tx;
use crate::store::assets::computers::{self as sql, ComputerRow};
use crate::store::assets::{catalog, locks};
use crate::store::datetime::Timestamp;
use crate::store::now;
use crate::store::rows::{Val, insert_many, insert_one};

/// Columns a person may set, with their kind.
const EDITABLE: &[(&str, Kind)] = &[
    ("name", Kind::Line),
    ("serial", Kind::Line),
    ("otherserial", Kind::Line),
    ("uuid", Kind::Line),
    ("contact", Kind::Line),
    ("contact_num", Kind::Line),
    ("comment", Kind::Text),
    ("template_name", Kind::Line),
    ("entities_id", Kind::Id(Target::ENTITY)),
    (
        "locations_id",
        Kind::Id(Target::optional("glpi_locations", "location")),
    ),
    (
        "states_id",
        Kind::Id(Target::optional("glpi_states", "status")),
    ),
    (
        "manufacturers_id",
        Kind::Id(Target::optional("glpi_manufacturers", "manufacturer")),
    ),
    (
        "computermodels_id",
        Kind::Id(Target::optional("glpi_computermodels", "computer model")),
    ),
    (
        "computertypes_id",
        Kind::Id(Target::optional("glpi_computertypes", "computer type")),
    ),
    (
        "networks_id",
        Kind::Id(Target::optional("glpi_networks", "network")),
    ),
    ("users_id", Kind::Id(Target::optional("glpi_users", "user"))),
    (
        "users_id_tech",
        Kind::Id(Target::optional("glpi_users", "user")),
    ),
    (
        "groups_id",
        Kind::Id(Target::optional("glpi_groups", "group")),
    ),
    (
        "groups_id_tech",
        Kind::Id(Target::optional("glpi_groups", "group")),
    ),
    (
        "autoupdatesystems_id",
        Kind::Id(Target::optional(
            "glpi_autoupdatesystems",
            "automatic update system",
        )),
    ),
    ("is_recursive", Kind::Flag),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Text,
    /// A foreign key: the row it names must exist.
    Id(Target),
    Flag,
}

/// The table a foreign key points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    table: &'static str,
    what: &'static str,
    /// Whether 0 means "none" (GLPI's convention), rather than a row: the
    /// root entity is row 0, so `entities_id = 0` must exist like any other.
    zero_is_none: bool,
}

impl Target {
    const ENTITY: Self = Self {
        table: "glpi_entities",
        what: "entity",
        zero_is_none: false,
    };

    const fn optional(table: &'static str, what: &'static str) -> Self {
        Self {
            table,
            what,
            zero_is_none: true,
        }
    }
}

/// A computer with every section, as `parc computer show` prints it.
#[derive(Debug, Serialize)]
pub struct ComputerDetails {
    /// The row.
    #[serde(flatten)]
    pub computer: ComputerRow,
    /// Names of the dropdowns the row references, by column
    /// (`manufacturers_id` → `Dell Inc.`); absent for 0.
    pub names: serde_json::Map<String, Value>,
    /// Sections, keyed by name (`processors`, `software`, …).
    #[serde(flatten)]
    pub sections: serde_json::Map<String, Value>,
}

/// Parses `FIELD=VALUE` arguments against the editable columns.
pub fn parse_fields(args: &[String]) -> Result<Vec<(&'static str, Val)>, AssetError> {
    let mut fields = Vec::new();
    for arg in args {
        let (field, value) = arg
            .split_once('=')
            .ok_or_else(|| AssetError::Invalid(format!("expected FIELD=VALUE, got {arg:?}")))?;
        let (column, kind) = EDITABLE
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(field.trim()))
            .ok_or_else(|| {
                AssetError::Invalid(format!(
                    "unknown or read-only field {field:?}; editable fields: {}",
                    EDITABLE
                        .iter()
                        .map(|(c, _)| *c)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        let value = match kind {
            Kind::Line => Val::from(line(Some(value))),
            Kind::Text => Val::from(norm::text(Some(value))),
            Kind::Id(_) | Kind::Flag => {
                let n: u32 = value.trim().parse().map_err(|_| {
                    AssetError::Invalid(format!("{column} must be a number, got {value:?}"))
                })?;
                if *kind == Kind::Flag && n > 1 {
                    return Err(AssetError::Invalid(format!("{column} must be 0 or 1")));
                }
                Val::from(n)
            }
        };
        fields.push((*column, value));
    }
    Ok(fields)
}

impl AssetStore {
    /// Adds a computer by hand (not dynamic); returns its id.
    pub async fn add_computer(
        &self,
        name: &str,
        fields: &[(&'static str, Val)],
        user: &str,
    ) -> Result<u32, AssetError> {
        let mut columns: Vec<&str> = vec!["name", "date_creation", "date_mod"];
        let stamp = Val::Text(Timestamp(now()).to_glpi());
        let mut values = vec![
            Val::from(
                line(Some(name))
                    .ok_or_else(|| AssetError::Invalid("a computer needs a name".to_owned()))?,
            ),
            stamp.clone(),
            stamp.clone(),
        ];
        for (column, value) in fields {
            if *column == "name" {
                values[0] = value.clone();
                continue;
            }
            columns.push(column);
            values.push(value.clone());
        }
        let mut tx = self.db().begin().await?;
        let mut checked = fields.to_vec();
        if !checked.iter().any(|(c, _)| *c == "entities_id") {
            checked.push(("entities_id", Val::from(0_u32)));
        }
        check_references(&mut tx, &checked).await?;
        let id = insert_one(&mut tx, "glpi_computers", &columns, &values).await?;
        insert_many(
            &mut tx,
            "glpi_logs",
            &[
                "itemtype",
                "items_id",
                "linked_action",
                "user_name",
                "date_mod",
            ],
            &[vec![
                Val::Static("Computer"),
                Val::from(id),
                Val::Int(i64::from(action::CREATE_ITEM)),
                Val::from(user),
                stamp,
            ]],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Computers in the trash (`deleted`) or not.
    pub async fn list_computers(
        &self,
        deleted: bool,
        limit: Option<u32>,
    ) -> Result<Vec<ComputerRow>, AssetError> {
        Ok(sql::list(self.db(), deleted, limit).await?)
    }

    /// One computer's row.
    pub async fn computer(&self, id: u32) -> Result<ComputerRow, AssetError> {
        sql::get(self.db(), id).await?.ok_or(AssetError::NotFound {
            what: "computer",
            id,
        })
    }

    /// One computer with every section.
    pub async fn computer_details(&self, id: u32) -> Result<ComputerDetails, AssetError> {
        let computer = self.computer(id).await?;
        let mut out = serde_json::Map::new();
        for section in sections::ALL {
            let rows = sql::section_rows(self.db(), section, id).await?;
            out.insert(section.name.to_owned(), Value::Array(rows));
        }
        for (name, rows) in sql::relation_rows(self.db(), id).await? {
            out.insert(name.to_owned(), Value::Array(rows));
        }
        out.insert(
            "locks".to_owned(),
            serde_json::to_value(locks::list(self.db(), "Computer", Some(id)).await?)
                .unwrap_or_default(),
        );
        let names = self.dropdown_names(&computer).await?;
        Ok(ComputerDetails {
            computer,
            names,
            sections: out,
        })
    }

    /// The names of the dropdowns `computer` references, by column, read
    /// with the search engine (one query).
    async fn dropdown_names(
        &self,
        computer: &ComputerRow,
    ) -> Result<serde_json::Map<String, Value>, AssetError> {
        let columns: Vec<&'static Field> = search::FIELDS
            .iter()
            .filter(|f| matches!(f.source, Source::Dropdown { .. }))
            .collect();
        let query = SearchQuery {
            criteria: vec![vec![Criterion::new(
                search::field("id")?,
                Operator::Equals,
                &computer.id.to_string(),
            )?]],
            columns: columns.clone(),
            deleted: computer.is_deleted,
            ..SearchQuery::default()
        };
        let found = self.search_computers(&query).await?;
        let mut names = serde_json::Map::new();
        if let Some(row) = found.rows.first() {
            for (field, value) in columns.iter().zip(row) {
                if let (Source::Dropdown { fk, .. }, false) = (field.source, value.is_null()) {
                    names.insert(fk.to_owned(), value.clone());
                }
            }
        }
        Ok(names)
    }

    /// Edits fields of a computer. On a dynamic computer, every field an
    /// inventory manages is locked, so inventories no longer overwrite it.
    /// Returns the fields locked by this edit.
    pub async fn edit_computer(
        &self,
        id: u32,
        fields: &[(&'static str, Val)],
        user: &str,
    ) -> Result<Vec<&'static str>, AssetError> {
        let before = self.computer(id).await?;
        let old = serde_json::to_value(&before).unwrap_or_default();
        let mut tx = self.db().begin().await?;
        // Every id is checked before anything is written (or locked).
        check_references(&mut tx, fields).await?;
        let mut locked = Vec::new();
        let stamp = Val::Text(Timestamp(now()).to_glpi());
        let mut logs = Vec::new();
        for (column, value) in fields {
            let old_value = Val::from(&old[*column]);
            if old_value == *value {
                continue;
            }
            let option = GENERAL
                .iter()
                .find(|(c, _, _)| c == column)
                .map_or(0, |(_, o, _)| *o);
            logs.push(vec![
                Val::Static("Computer"),
                Val::from(id),
                Val::Int(i64::from(action::FIELD)),
                Val::from(user),
                stamp.clone(),
                Val::Int(i64::from(option)),
                Val::from(old_value.to_string()),
                Val::from(value.to_string()),
            ]);
            if before.is_dynamic
                && GENERAL.iter().any(|(c, _, _)| c == column)
                && locks::lock(&mut tx, "Computer", id, column).await?
            {
                locked.push(*column);
            }
        }
        if !logs.is_empty() {
            let mut set: Vec<(&str, Val)> = fields.to_vec();
            set.push(("date_mod", stamp));
            crate::store::assets::sections::update_row(&mut tx, "glpi_computers", id, &set).await?;
            insert_many(
                &mut tx,
                "glpi_logs",
                &[
                    "itemtype",
                    "items_id",
                    "linked_action",
                    "user_name",
                    "date_mod",
                    "id_search_option",
                    "old_value",
                    "new_value",
                ],
                &logs,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(locked)
    }
}

/// Checks that every foreign key among `fields` names an existing row;
/// the error lists each dangling id, so one attempt shows them all.
async fn check_references(tx: &mut Tx, fields: &[(&'static str, Val)]) -> Result<(), AssetError> {
    let mut dangling = Vec::new();
    for (column, value) in fields {
        let Some((_, Kind::Id(target))) = EDITABLE.iter().find(|(c, _)| c == column) else {
            continue;
        };
        let id = u32::try_from(value.as_int()).map_err(|_| {
            AssetError::Invalid(format!("{column} must be a number from 0 to {}", u32::MAX))
        })?;
        if id == 0 && target.zero_is_none {
            continue;
        }
        if catalog::existing_ids(tx, target.table, &[id])
            .await?
            .is_empty()
        {
            dangling.push(format!(
                "{column}={id} ({} {id} does not exist)",
                target.what
            ));
        }
    }
    if dangling.is_empty() {
        Ok(())
    } else {
        Err(AssetError::Invalid(format!(
            "unknown id(s): {}; nothing was changed",
            dangling.join(", ")
        )))
    }
}
