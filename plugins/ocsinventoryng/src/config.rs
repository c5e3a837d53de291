//! A server's settings as one run sees them: the row of
//! `glpi_plugin_ocsinventoryng_ocsservers` read once, with typed accessors,
//! the administrative-information mappings and the section mask.

use std::collections::HashMap;

use parc_plugin_api::messages::inventory::Disconnected;
use parc_plugin_api::{Error, Host, Result};
use serde_json::Value;

use crate::options;
use crate::reader::TagFilter;
use crate::schema::{ADMIN_INFOS, SERVERS};

/// What `deleted_behavior` does to a computer whose OCS machine was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletedBehavior {
    /// `0`: keep the computer as it is (only the link is dropped).
    Keep,
    /// `1` (default): move it to the trash.
    Trash,
    /// `STATE_<id>`: set its status.
    State(u32),
}

/// One server's settings.
pub struct ServerConfig {
    pub id: i64,
    pub name: String,
    values: HashMap<String, Value>,
    /// Computer field ← OCS column (`accountinfo` column, or `ASSETTAG`).
    pub admin_infos: Vec<(String, String)>,
}

impl ServerConfig {
    /// Reads the server row and its admin-info mappings.
    pub fn load(host: &Host, id: i64) -> Result<Self> {
        let rows = host.db().query(
            &format!("SELECT * FROM {SERVERS} WHERE id = ?"),
            &[id.into()],
        )?;
        let row = rows
            .rows
            .first()
            .ok_or_else(|| Error::invalid_input(format!("no OCS server {id}")))?;
        let values: HashMap<String, Value> = rows
            .columns
            .iter()
            .cloned()
            .zip(row.iter().cloned())
            .collect();
        let admin = host.db().query(
            &format!(
                "SELECT glpi_column, ocs_column FROM {ADMIN_INFOS} \
                 WHERE plugin_ocsinventoryng_ocsservers_id = ? AND ocs_column <> '' ORDER BY id"
            ),
            &[id.into()],
        )?;
        let admin_infos = admin
            .rows
            .iter()
            .map(|r| {
                (
                    r[0].as_str().unwrap_or_default().to_owned(),
                    r[1].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        Ok(Self {
            id,
            name: values
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            values,
            admin_infos,
        })
    }

    /// An integer column (0 when absent).
    pub fn int(&self, column: &str) -> i64 {
        match self.values.get(column) {
            Some(Value::Number(n)) => n.as_i64().unwrap_or_default(),
            Some(Value::String(s)) => s.trim().parse().unwrap_or_default(),
            Some(Value::Bool(b)) => i64::from(*b),
            _ => 0,
        }
    }

    /// A flag column.
    pub fn on(&self, column: &str) -> bool {
        self.int(column) != 0
    }

    /// A text column (empty when NULL).
    pub fn text(&self, column: &str) -> String {
        match self.values.get(column) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// The sections these settings import, as OCS checksum bits.
    pub fn mask(&self) -> u64 {
        options::checksum_mask(|c| self.int(c))
    }

    /// Computers per `ocsng` run (`cron_sync_number`, at least 1).
    pub fn batch_size(&self) -> usize {
        usize::try_from(self.int("cron_sync_number"))
            .unwrap_or(1)
            .max(1)
    }

    /// The TAGs a server takes (`tag_limit`) and leaves (`tag_exclude`),
    /// `$`-separated as GLPI stores them: one filter for the import, the
    /// task and the "new computers" listing.
    pub fn tag_filter(&self) -> TagFilter {
        let split = |s: String| {
            s.split('$')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        TagFilter {
            limit: split(self.text("tag_limit")),
            exclude: split(self.text("tag_exclude")),
        }
    }

    /// `deconnection_behavior`: what becomes of a unit monitor, peripheral
    /// or printer OCS no longer reports.
    pub fn disconnected(&self) -> Disconnected {
        match self.text("deconnection_behavior").trim() {
            "trash" => Disconnected::Trash,
            "delete" => Disconnected::Delete,
            _ => Disconnected::Keep,
        }
    }

    /// `deleted_behavior`.
    pub fn deleted_behavior(&self) -> DeletedBehavior {
        let value = self.text("deleted_behavior");
        match value.trim() {
            "0" => DeletedBehavior::Keep,
            v => match v.strip_prefix("STATE_").and_then(|id| id.parse().ok()) {
                Some(id) => DeletedBehavior::State(id),
                None => DeletedBehavior::Trash,
            },
        }
    }
}
