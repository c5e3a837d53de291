//! SQL of the inventory upsert: set-based loads of the current state of a
//! batch of computers, row updates, and the deletes that follow the links
//! between ports, names and addresses.

use std::collections::HashMap;

use super::catalog::{CatalogRow, execute, select_rows};
use crate::assets::connected::{Connection, Kind};
use crate::assets::inventory::Stored;
use crate::assets::sections::{Owner, Row, Section};
use crate::store::datetime::Timestamp;
use crate::store::rows::{Val, delete_in, placeholders};
use crate::store::{StoreError, Tx, now};

/// Runs `sql` (with one `{}` for the placeholders) over `ids` in chunks.
async fn select_in(tx: &mut Tx, sql: &str, ids: &[u32]) -> Result<Vec<CatalogRow>, StoreError> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(1000) {
        let statement = sql.replace("{}", &placeholders(chunk.len()));
        let params: Vec<Val> = chunk.iter().map(|id| Val::from(*id)).collect();
        rows.extend(select_rows(tx, &statement, &params).await?);
    }
    Ok(rows)
}

/// The stored rows of `section` for `computers`, by computer.
pub(crate) async fn load_section(
    tx: &mut Tx,
    section: &Section,
    computers: &[u32],
) -> Result<HashMap<u32, Vec<Stored>>, StoreError> {
    let mut by_computer: HashMap<u32, Vec<Stored>> = HashMap::new();
    if computers.is_empty() {
        return Ok(by_computer);
    }
    let owner = section.owner_column();
    let mut columns = vec![owner, "is_deleted", "is_dynamic"];
    columns.extend(section.key);
    columns.extend(section.values);
    let itemtype = match section.owner {
        Owner::Item => " AND itemtype = 'Computer'",
        Owner::Computer => "",
    };
    let sql = format!(
        "SELECT id, {} FROM {} WHERE {owner} IN ({{}}){itemtype}",
        columns.join(", "),
        section.table
    );
    for (id, mut values) in select_in(tx, &sql, computers).await? {
        let cols = values.split_off(3);
        let computer = values[0].as_int() as u32;
        by_computer.entry(computer).or_default().push(Stored {
            id,
            is_deleted: values[1].as_int() != 0,
            is_dynamic: values[2].as_int() != 0,
            row: Row {
                label: String::new(),
                cols,
            },
        });
    }
    Ok(by_computer)
}

/// `UPDATE table SET … WHERE id = ?`.
pub async fn update_row(
    tx: &mut Tx,
    table: &str,
    id: u32,
    set: &[(&str, Val)],
) -> Result<(), StoreError> {
    let assignments: Vec<String> = set.iter().map(|(c, _)| format!("{c} = ?")).collect();
    let sql = format!("UPDATE {table} SET {} WHERE id = ?", assignments.join(", "));
    let mut params: Vec<Val> = set.iter().map(|(_, v)| v.clone()).collect();
    params.push(Val::from(id));
    execute(tx, &sql, &params).await?;
    Ok(())
}

/// Rows per `UPDATE … CASE` statement of [`update_rows`].
const UPDATE_ROWS: usize = 200;

/// The updates of several rows of `table` that set the same columns, as
/// one statement per [`UPDATE_ROWS`]: `column = CASE id WHEN ? THEN ? …
/// END` (or `column = ?` when every row sets the same value), `WHERE id IN
/// (…)`. A synchronisation updates hundreds of computers and components;
/// one statement per row cost a round trip each. The ids must be
/// distinct, and every row must set the columns of the first, in order.
pub async fn update_rows(
    tx: &mut Tx,
    table: &str,
    rows: &[(u32, &[(&str, Val)])],
) -> Result<(), StoreError> {
    let Some((_, first)) = rows.first() else {
        return Ok(());
    };
    let columns: Vec<&str> = first.iter().map(|(c, _)| *c).collect();
    for chunk in rows.chunks(UPDATE_ROWS) {
        let mut assignments = Vec::with_capacity(columns.len());
        let mut params: Vec<Val> = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let value = |row: &(u32, &[(&str, Val)])| row.1[i].1.clone();
            let shared = value(&chunk[0]);
            if chunk.iter().all(|row| row.1[i].1 == shared) {
                assignments.push(format!("{column} = ?"));
                params.push(shared);
            } else {
                assignments.push(format!(
                    "{column} = CASE id {} END",
                    vec!["WHEN ? THEN ?"; chunk.len()].join(" ")
                ));
                for row in chunk {
                    params.push(Val::from(row.0));
                    params.push(value(row));
                }
            }
        }
        let sql = format!(
            "UPDATE {table} SET {} WHERE id IN ({})",
            assignments.join(", "),
            placeholders(chunk.len())
        );
        params.extend(chunk.iter().map(|row| Val::from(row.0)));
        execute(tx, &sql, &params).await?;
    }
    Ok(())
}

/// Sets `date_mod` to now on rows of `table`.
pub async fn touch(tx: &mut Tx, table: &str, ids: &[u32]) -> Result<(), StoreError> {
    for chunk in ids.chunks(1000) {
        let sql = format!(
            "UPDATE {table} SET date_mod = ? WHERE id IN ({})",
            placeholders(chunk.len())
        );
        let mut params = vec![Val::Text(Timestamp(now()).to_glpi())];
        params.extend(chunk.iter().map(|id| Val::from(*id)));
        execute(tx, &sql, &params).await?;
    }
    Ok(())
}

/// `entities_id` then `columns` of computers.
pub async fn load_computers(
    tx: &mut Tx,
    columns: &[&str],
    ids: &[u32],
) -> Result<Vec<CatalogRow>, StoreError> {
    let sql = format!(
        "SELECT id, entities_id, {} FROM glpi_computers WHERE id IN ({{}})",
        columns.join(", ")
    );
    select_in(tx, &sql, ids).await
}

/// Locked fields of items of `itemtype`: (item, field).
pub async fn load_locks(
    tx: &mut Tx,
    itemtype: &str,
    ids: &[u32],
) -> Result<Vec<(u32, String)>, StoreError> {
    let sql = format!(
        "SELECT id, items_id, field FROM glpi_lockedfields WHERE itemtype = '{itemtype}' AND items_id IN ({{}})"
    );
    Ok(select_in(tx, &sql, ids)
        .await?
        .into_iter()
        .map(|(_, v)| (v[0].as_int() as u32, v[1].to_string()))
        .collect())
}

/// Domains of computers: (computer, domain, link row).
pub async fn load_domains(tx: &mut Tx, ids: &[u32]) -> Result<Vec<(u32, u32, u32)>, StoreError> {
    let sql = "SELECT id, items_id, domains_id FROM glpi_domains_items \
               WHERE itemtype = 'Computer' AND items_id IN ({})";
    Ok(select_in(tx, sql, ids)
        .await?
        .into_iter()
        .map(|(row, v)| (v[0].as_int() as u32, v[1].as_int() as u32, row))
        .collect())
}

/// A stored port: id, computer, is_deleted, is_dynamic, name, mac, ifdescr, speed.
pub type PortRecord = (
    u32,
    u32,
    bool,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// Ports of computers.
pub async fn load_ports(tx: &mut Tx, computers: &[u32]) -> Result<Vec<PortRecord>, StoreError> {
    let sql = "SELECT id, items_id, is_deleted, is_dynamic, name, mac, ifdescr, ifspeed \
               FROM glpi_networkports WHERE itemtype = 'Computer' AND items_id IN ({})";
    Ok(select_in(tx, sql, computers)
        .await?
        .into_iter()
        .map(|(id, v)| {
            (
                id,
                v[0].as_int() as u32,
                v[1].as_int() != 0,
                v[2].as_int() != 0,
                v[3].as_text().map(str::to_owned),
                v[4].as_text().map(str::to_owned),
                v[5].as_text().map(str::to_owned),
                v[6].as_int(),
            )
        })
        .collect())
}

/// Names and addresses of ports: (port, network name, address).
pub async fn load_port_addresses(
    tx: &mut Tx,
    ports: &[u32],
) -> Result<Vec<(u32, u32, Option<String>)>, StoreError> {
    let sql = "SELECT nn.id, nn.items_id, ip.name FROM glpi_networknames nn \
               LEFT JOIN glpi_ipaddresses ip ON ip.itemtype = 'NetworkName' AND ip.items_id = nn.id \
               WHERE nn.itemtype = 'NetworkPort' AND nn.items_id IN ({})";
    Ok(select_in(tx, sql, ports)
        .await?
        .into_iter()
        .map(|(name_id, v)| {
            (
                v[0].as_int() as u32,
                name_id,
                v[1].as_text().map(str::to_owned),
            )
        })
        .collect())
}

/// Deletes the addresses of network names.
pub async fn delete_addresses_of(tx: &mut Tx, names: &[u32]) -> Result<(), StoreError> {
    delete_in(
        tx,
        "glpi_ipaddresses",
        "items_id",
        names,
        " AND itemtype = 'NetworkName'",
    )
    .await?;
    Ok(())
}

/// Deletes the ethernet data of a port.
pub async fn delete_ethernet_of(tx: &mut Tx, port: u32) -> Result<(), StoreError> {
    delete_in(
        tx,
        "glpi_networkportethernets",
        "networkports_id",
        &[port],
        "",
    )
    .await?;
    Ok(())
}

/// Connections of computers to items of `kind`.
pub(crate) async fn load_connections(
    tx: &mut Tx,
    kind: &Kind,
    computers: &[u32],
) -> Result<HashMap<u32, Vec<Connection>>, StoreError> {
    let sql = format!(
        "SELECT ci.id, ci.computers_id, ci.is_dynamic, ci.is_deleted, m.id, m.name, m.serial, \
         m.manufacturers_id, m.{}, m.is_global \
         FROM glpi_computers_items ci JOIN {} m ON m.id = ci.items_id \
         WHERE ci.itemtype = '{}' AND ci.computers_id IN ({{}})",
        kind.model.0, kind.table, kind.itemtype
    );
    let mut by_computer: HashMap<u32, Vec<Connection>> = HashMap::new();
    for (id, v) in select_in(tx, &sql, computers).await? {
        by_computer
            .entry(v[0].as_int() as u32)
            .or_default()
            .push(Connection {
                id,
                is_dynamic: v[1].as_int() != 0,
                is_deleted: v[2].as_int() != 0,
                item: v[3].as_int() as u32,
                row: crate::assets::connected::stored_row(
                    v[4].as_text().map(str::to_owned),
                    v[5].as_text().map(str::to_owned),
                    v[6].as_int() as u32,
                    v[7].as_int() as u32,
                    v[8].as_int() != 0,
                ),
            });
    }
    Ok(by_computer)
}

/// A unit item found by its serial, with one of the computers it is
/// connected to.
pub(crate) struct UnitItem {
    pub(crate) id: u32,
    pub(crate) serial: String,
    pub(crate) name: Option<String>,
    /// A live connection (not in the trash): (connection id, computer).
    pub(crate) connection: Option<(u32, u32)>,
}

/// Unit items of `kind` with one of `serials`, one row per live
/// connection (or one row without, for an item connected nowhere).
pub(crate) async fn find_unit_items(
    tx: &mut Tx,
    kind: &Kind,
    serials: &[String],
) -> Result<Vec<UnitItem>, StoreError> {
    let mut found = Vec::new();
    for chunk in serials.chunks(1000) {
        let sql = format!(
            "SELECT m.id, m.serial, m.name, ci.id, ci.computers_id FROM {} m \
             LEFT JOIN glpi_computers_items ci ON ci.items_id = m.id \
             AND ci.itemtype = '{}' AND ci.is_deleted = 0 \
             WHERE m.is_global = 0 AND m.is_template = 0 \
             AND m.serial IN ({}) ORDER BY m.id, ci.id",
            kind.table,
            kind.itemtype,
            placeholders(chunk.len())
        );
        let params: Vec<Val> = chunk.iter().map(|s| Val::from(s.as_str())).collect();
        found.extend(
            select_rows(tx, &sql, &params)
                .await?
                .into_iter()
                .map(|(id, v)| UnitItem {
                    id,
                    serial: v[0].to_string(),
                    name: v[1].as_text().map(str::to_owned),
                    connection: match (&v[2], &v[3]) {
                        (Val::Null, _) | (_, Val::Null) => None,
                        (c, computer) => Some((c.as_int() as u32, computer.as_int() as u32)),
                    },
                }),
        );
    }
    Ok(found)
}

/// `last_inventory_update` of `computers` (text, `YYYY-MM-DD HH:MM:SS`;
/// absent when never inventoried).
pub(crate) async fn inventory_dates(
    tx: &mut Tx,
    computers: &[u32],
) -> Result<HashMap<u32, Option<String>>, StoreError> {
    Ok(select_in(
        tx,
        "SELECT id, last_inventory_update FROM glpi_computers WHERE id IN ({})",
        computers,
    )
    .await?
    .into_iter()
    .map(|(id, v)| (id, v[0].as_text().map(str::to_owned)))
    .collect())
}

/// Global items of `kind`: (id, name, manufacturer, model).
pub(crate) async fn load_global_items(
    tx: &mut Tx,
    kind: &Kind,
) -> Result<Vec<(u32, Option<String>, u32, u32)>, StoreError> {
    let sql = format!(
        "SELECT id, name, manufacturers_id, {} FROM {} \
         WHERE is_global = 1 AND is_template = 0 AND is_deleted = 0",
        kind.model.0, kind.table
    );
    Ok(select_rows(tx, &sql, &[])
        .await?
        .into_iter()
        .map(|(id, v)| {
            (
                id,
                v[0].as_text().map(str::to_owned),
                v[1].as_int() as u32,
                v[2].as_int() as u32,
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::rows::insert_many;
    use crate::store::{Db, scratch};

    /// 450 computers (three statements of [`UPDATE_ROWS`]): per-row names,
    /// a value every row shares, NULLs among the values.
    async fn updates_by_case(db: &Db) {
        let mut tx = db.begin().await.unwrap();
        let rows: Vec<Vec<Val>> = (1..=450u32)
            .map(|i| vec![Val::from(i), Val::Text(format!("pc-{i}"))])
            .collect();
        insert_many(&mut tx, "glpi_computers", &["id", "name"], &rows)
            .await
            .unwrap();
        let sets: Vec<(u32, Vec<(&str, Val)>)> = (1..=450u32)
            .map(|i| {
                let comment = if i % 3 == 0 {
                    Val::Null
                } else {
                    Val::Text(format!("c{i}"))
                };
                (
                    i,
                    vec![
                        ("name", Val::Text(format!("renamed-{i}"))),
                        ("is_deleted", Val::Int(1)),
                        ("comment", comment),
                    ],
                )
            })
            .collect();
        let refs: Vec<(u32, &[(&str, Val)])> =
            sets.iter().map(|(id, set)| (*id, set.as_slice())).collect();
        update_rows(&mut tx, "glpi_computers", &refs).await.unwrap();
        let stored = select_rows(
            &mut tx,
            "SELECT id, name, is_deleted, comment FROM glpi_computers ORDER BY id",
            &[],
        )
        .await
        .unwrap();
        assert_eq!(stored.len(), 450);
        for (id, values) in &stored {
            assert_eq!(values[0], Val::Text(format!("renamed-{id}")));
            assert_eq!(values[1].as_int(), 1);
            if id % 3 == 0 {
                assert_eq!(values[2], Val::Null, "{id}");
            } else {
                assert_eq!(values[2], Val::Text(format!("c{id}")));
            }
        }
        tx.commit().await.unwrap();
    }

    #[test]
    fn rows_update_by_case_on_sqlite() {
        scratch::on_sqlite(|db| async move { updates_by_case(&db).await });
    }

    #[test]
    fn rows_update_by_case_on_mariadb() {
        scratch::on_mariadb("parc_update_rows", |db| async move {
            updates_by_case(&db).await
        });
    }
}
