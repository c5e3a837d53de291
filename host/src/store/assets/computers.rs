//! SQL of computer rows: list, get, insert, update, and the sections shown
//! by `parc computer show`.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::assets::sections::{Owner, Section};
use crate::store::datetime::Timestamp;
use crate::store::{Db, StoreError, on_db, plugin_sql};

/// A `glpi_computers` row (every GLPI column but `ticket_tco`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ComputerRow {
    /// Id.
    pub id: u32,
    /// Entity.
    pub entities_id: u32,
    /// Name.
    pub name: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// Inventory number.
    pub otherserial: Option<String>,
    /// Alternate username.
    pub contact: Option<String>,
    /// Alternate username number.
    pub contact_num: Option<String>,
    /// Technician in charge.
    pub users_id_tech: u32,
    /// Group in charge.
    pub groups_id_tech: u32,
    /// Comment.
    pub comment: Option<String>,
    /// Last change.
    pub date_mod: Option<Timestamp>,
    /// Inventory source.
    pub autoupdatesystems_id: u32,
    /// Location.
    pub locations_id: u32,
    /// Network.
    pub networks_id: u32,
    /// Model.
    pub computermodels_id: u32,
    /// Type.
    pub computertypes_id: u32,
    /// Template flag.
    pub is_template: bool,
    /// Template name.
    pub template_name: Option<String>,
    /// Manufacturer.
    pub manufacturers_id: u32,
    /// In the trash.
    pub is_deleted: bool,
    /// Managed by an inventory.
    pub is_dynamic: bool,
    /// User.
    pub users_id: u32,
    /// Group.
    pub groups_id: u32,
    /// Status.
    pub states_id: u32,
    /// Hardware UUID.
    pub uuid: Option<String>,
    /// Creation.
    pub date_creation: Option<Timestamp>,
    /// Visible in child entities.
    pub is_recursive: bool,
    /// Last inventory.
    pub last_inventory_update: Option<Timestamp>,
    /// Last boot.
    pub last_boot: Option<Timestamp>,
}

const COLUMNS: &str = "id, entities_id, name, serial, otherserial, contact, contact_num, \
    users_id_tech, groups_id_tech, comment, date_mod, autoupdatesystems_id, locations_id, \
    networks_id, computermodels_id, computertypes_id, is_template, template_name, \
    manufacturers_id, is_deleted, is_dynamic, users_id, groups_id, states_id, uuid, \
    date_creation, is_recursive, last_inventory_update, last_boot";

/// Computers in the trash or not, by id, at most `limit`.
pub async fn list(
    db: &Db,
    deleted: bool,
    limit: Option<u32>,
) -> Result<Vec<ComputerRow>, StoreError> {
    let limit = limit.map_or(String::new(), |l| format!(" LIMIT {l}"));
    let sql = format!(
        "SELECT {COLUMNS} FROM glpi_computers WHERE is_deleted = ? AND is_template = 0 ORDER BY id{limit}"
    );
    Ok(on_db!(db, pool => sqlx::query_as(&sql).bind(deleted).fetch_all(pool).await?))
}

/// One computer.
pub async fn get(db: &Db, id: u32) -> Result<Option<ComputerRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM glpi_computers WHERE id = ?");
    Ok(on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?))
}

/// The rows of one section of a computer, as JSON objects keyed by column
/// (components with their catalogue's designation, software with its name
/// and version).
pub async fn section_rows(db: &Db, section: &Section, id: u32) -> Result<Vec<Value>, StoreError> {
    let sql = match (section.owner, section.catalog) {
        (Owner::Item, Some((catalog, _))) => format!(
            "SELECT i.*, d.designation, d.manufacturers_id AS device_manufacturers_id \
             FROM {} i JOIN {catalog} d ON d.id = i.{} \
             WHERE i.itemtype = 'Computer' AND i.items_id = ? ORDER BY i.id",
            section.table, section.key[0]
        ),
        (Owner::Item, None) if section.table == "glpi_items_softwareversions" => {
            "SELECT i.*, s.name AS software, v.name AS version, s.manufacturers_id \
             FROM glpi_items_softwareversions i \
             JOIN glpi_softwareversions v ON v.id = i.softwareversions_id \
             JOIN glpi_softwares s ON s.id = v.softwares_id \
             WHERE i.itemtype = 'Computer' AND i.items_id = ? ORDER BY s.name, v.name"
                .to_owned()
        }
        (Owner::Item, None) => format!(
            "SELECT * FROM {} WHERE itemtype = 'Computer' AND items_id = ? ORDER BY id",
            section.table
        ),
        (Owner::Computer, _) => format!(
            "SELECT * FROM {} WHERE computers_id = ? ORDER BY id",
            section.table
        ),
    };
    json_rows(db, &sql, id).await
}

/// Network ports (with their addresses), connected items (monitors,
/// peripherals, printers) and domains of a computer.
pub async fn relation_rows(
    db: &Db,
    id: u32,
) -> Result<Vec<(&'static str, Vec<Value>)>, StoreError> {
    let mut relations = vec![
        (
            "network_ports",
            json_rows(
                db,
                "SELECT p.id, p.name, p.mac, p.ifdescr, p.ifspeed, p.is_dynamic, p.is_deleted, \
                 (SELECT GROUP_CONCAT(ip.name) FROM glpi_networknames nn \
                  JOIN glpi_ipaddresses ip ON ip.itemtype = 'NetworkName' AND ip.items_id = nn.id \
                  WHERE nn.itemtype = 'NetworkPort' AND nn.items_id = p.id) AS ip_addresses \
                 FROM glpi_networkports p WHERE p.itemtype = 'Computer' AND p.items_id = ? ORDER BY p.id",
                id,
            )
            .await?,
        ),
        (
            "domains",
            json_rows(
                db,
                "SELECT d.id, d.name FROM glpi_domains_items di JOIN glpi_domains d ON d.id = di.domains_id \
                 WHERE di.itemtype = 'Computer' AND di.items_id = ?",
                id,
            )
            .await?,
        ),
    ];
    for (relation, kind) in [
        ("monitors", &crate::assets::connected::MONITOR),
        ("peripherals", &crate::assets::connected::PERIPHERAL),
        ("printers", &crate::assets::connected::PRINTER),
    ] {
        let sql = format!(
            "SELECT m.id, m.name, m.serial, m.manufacturers_id, m.{model}, m.is_global, \
             ci.id AS computers_items_id, ci.is_dynamic, ci.is_deleted \
             FROM glpi_computers_items ci JOIN {table} m ON m.id = ci.items_id \
             WHERE ci.itemtype = '{itemtype}' AND ci.computers_id = ? ORDER BY m.id",
            model = kind.model.0,
            table = kind.table,
            itemtype = kind.itemtype
        );
        relations.push((relation, json_rows(db, &sql, id).await?));
    }
    Ok(relations)
}

/// Rows of a query as JSON objects keyed by column name.
async fn json_rows(db: &Db, sql: &str, id: u32) -> Result<Vec<Value>, StoreError> {
    let rows = plugin_sql::query(db, sql, &[Value::from(id)]).await?;
    Ok(rows
        .rows
        .into_iter()
        .map(|row| {
            let map: Map<String, Value> = rows.columns.iter().cloned().zip(row).collect();
            Value::Object(map)
        })
        .collect())
}
