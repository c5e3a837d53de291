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

/// The rows of one section of a computer, as JSON objects keyed by column,
/// with the names of what they reference: components with their
/// catalogue's designation and manufacturer, software with its name,
/// version and publisher, volumes with their file system, the operating
/// system and virtual machines with their dropdowns' names.
pub async fn section_rows(db: &Db, section: &Section, id: u32) -> Result<Vec<Value>, StoreError> {
    let sql = match (section.owner, section.catalog) {
        (Owner::Item, Some((catalog, identity))) => {
            // The catalogue's own identity columns (memory frequency,
            // firmware version…), prefixed so they cannot shadow the item's.
            let mut extra = String::new();
            for column in identity.iter().skip(2) {
                if column.ends_with("_id") {
                    let table = format!("glpi_{}", column.trim_end_matches("_id"));
                    // The component's type (memory: DDR4…).
                    extra.push_str(&format!(
                        ", (SELECT t.name FROM {table} t WHERE t.id = d.{column}) AS type"
                    ));
                } else {
                    extra.push_str(&format!(", d.{column} AS catalog_{column}"));
                }
            }
            format!(
                "SELECT i.*, d.designation, d.manufacturers_id AS device_manufacturers_id, \
                 dm.name AS manufacturer{extra} \
                 FROM {} i JOIN {catalog} d ON d.id = i.{} \
                 LEFT JOIN glpi_manufacturers dm ON dm.id = d.manufacturers_id \
                 WHERE i.itemtype = 'Computer' AND i.items_id = ? ORDER BY i.id",
                section.table, section.key[0]
            )
        }
        (Owner::Item, None) if section.table == "glpi_items_softwareversions" => {
            "SELECT i.*, s.name AS software, v.name AS version, s.manufacturers_id, \
             pm.name AS publisher \
             FROM glpi_items_softwareversions i \
             JOIN glpi_softwareversions v ON v.id = i.softwareversions_id \
             JOIN glpi_softwares s ON s.id = v.softwares_id \
             LEFT JOIN glpi_manufacturers pm ON pm.id = s.manufacturers_id \
             WHERE i.itemtype = 'Computer' AND i.items_id = ? ORDER BY s.name, v.name"
                .to_owned()
        }
        (Owner::Item, None) if section.table == "glpi_items_disks" => {
            "SELECT i.*, fs.name AS filesystem FROM glpi_items_disks i \
             LEFT JOIN glpi_filesystems fs ON fs.id = i.filesystems_id \
             WHERE i.itemtype = 'Computer' AND i.items_id = ? ORDER BY i.id"
                .to_owned()
        }
        (Owner::Item, None) if section.table == "glpi_items_operatingsystems" => {
            "SELECT i.*, os.name AS operatingsystem, ov.name AS version, \
             oa.name AS architecture, oe.name AS edition, osp.name AS servicepack, \
             okv.name AS kernel_version, ok.name AS kernel \
             FROM glpi_items_operatingsystems i \
             LEFT JOIN glpi_operatingsystems os ON os.id = i.operatingsystems_id \
             LEFT JOIN glpi_operatingsystemversions ov ON ov.id = i.operatingsystemversions_id \
             LEFT JOIN glpi_operatingsystemarchitectures oa \
                ON oa.id = i.operatingsystemarchitectures_id \
             LEFT JOIN glpi_operatingsystemeditions oe ON oe.id = i.operatingsystemeditions_id \
             LEFT JOIN glpi_operatingsystemservicepacks osp \
                ON osp.id = i.operatingsystemservicepacks_id \
             LEFT JOIN glpi_operatingsystemkernelversions okv \
                ON okv.id = i.operatingsystemkernelversions_id \
             LEFT JOIN glpi_operatingsystemkernels ok ON ok.id = okv.operatingsystemkernels_id \
             WHERE i.itemtype = 'Computer' AND i.items_id = ? ORDER BY i.id"
                .to_owned()
        }
        (Owner::Item, None) => format!(
            "SELECT * FROM {} WHERE itemtype = 'Computer' AND items_id = ? ORDER BY id",
            section.table
        ),
        (Owner::Computer, _) if section.table == "glpi_computervirtualmachines" => {
            "SELECT v.*, vs.name AS state, vy.name AS system, vt.name AS type \
             FROM glpi_computervirtualmachines v \
             LEFT JOIN glpi_virtualmachinestates vs ON vs.id = v.virtualmachinestates_id \
             LEFT JOIN glpi_virtualmachinesystems vy ON vy.id = v.virtualmachinesystems_id \
             LEFT JOIN glpi_virtualmachinetypes vt ON vt.id = v.virtualmachinetypes_id \
             WHERE v.computers_id = ? ORDER BY v.id"
                .to_owned()
        }
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
             ci.id AS computers_items_id, ci.is_dynamic, ci.is_deleted, \
             mm.name AS manufacturer, md.name AS model \
             FROM glpi_computers_items ci JOIN {table} m ON m.id = ci.items_id \
             LEFT JOIN glpi_manufacturers mm ON mm.id = m.manufacturers_id \
             LEFT JOIN {model_table} md ON md.id = m.{model} \
             WHERE ci.itemtype = '{itemtype}' AND ci.computers_id = ? ORDER BY m.id",
            model = kind.model.0,
            model_table = kind.model.1.table(),
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
