//! Network ports of computers, with their IP addresses (GLPI's
//! `glpi_networkports` → `glpi_networknames` → `glpi_ipaddresses`).
//!
//! A port is identified by its name and MAC address; its description,
//! speed and set of addresses may change. When the addresses change, the
//! port's network name and addresses are replaced.

use std::collections::HashMap;
use std::net::IpAddr;

use parc_plugin_api::messages::inventory::NetworkPort;

use super::AssetError;
use super::inventory::Writes;
use super::normalize::{self as norm, key, line};
use super::sections::action;
use crate::store::Tx;
use crate::store::assets::sections as sql;
use crate::store::rows::{Val, insert_returning_ids};

/// A port as an inventory reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PortRow {
    name: Option<String>,
    mac: Option<String>,
    ifdescr: Option<String>,
    speed: i64,
    ips: Vec<String>,
}

impl PortRow {
    fn match_key(&self) -> (String, String) {
        (
            norm::key_opt(self.name.as_deref()),
            norm::key_opt(self.mac.as_deref()),
        )
    }

    fn label(&self) -> String {
        match (&self.name, &self.mac) {
            (Some(n), Some(m)) => format!("{n} ({m})"),
            (Some(n), None) => n.clone(),
            (None, Some(m)) => m.clone(),
            (None, None) => String::new(),
        }
    }
}

/// Cleans the ports of a document: MACs lowercased, addresses validated,
/// sorted and deduplicated (an unparsable address is dropped).
pub(crate) fn rows(ports: &[NetworkPort]) -> Vec<PortRow> {
    ports
        .iter()
        .map(|p| {
            let mut ips: Vec<String> = p
                .ip_addresses
                .iter()
                .filter_map(|ip| ip.trim().parse::<IpAddr>().ok())
                .map(|ip| ip.to_string())
                .collect();
            ips.sort();
            ips.dedup();
            PortRow {
                name: line(p.name.as_deref()),
                mac: line(p.mac.as_deref()).map(|m| key(&m)),
                ifdescr: line(p.ifdescr.as_deref()),
                speed: norm::int(p.speed).unwrap_or(0),
                ips,
            }
        })
        .collect()
}

/// GLPI's four 32-bit words of an address (IPv4 as `::ffff:a.b.c.d`).
fn binary(ip: &str) -> (u8, [u32; 4]) {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => (4, [0, 0, 0xffff, u32::from(v4)]),
        Ok(IpAddr::V6(v6)) => {
            let o = v6.octets();
            let word = |i: usize| u32::from_be_bytes([o[i], o[i + 1], o[i + 2], o[i + 3]]);
            (6, [word(0), word(4), word(8), word(12)])
        }
        Err(_) => (0, [0; 4]),
    }
}

struct StoredPort {
    id: u32,
    is_deleted: bool,
    is_dynamic: bool,
    row: PortRow,
    name_ids: Vec<u32>,
}

/// Diffs and writes the ports of `targets` (computer, created, ports,
/// source); returns the number of history rows per computer.
pub(crate) async fn write(
    tx: &mut Tx,
    writes: &mut Writes,
    targets: &[(u32, bool, &[PortRow], &str)],
    entity_of: &HashMap<u32, u32>,
) -> Result<HashMap<u32, u32>, AssetError> {
    let mut changes: HashMap<u32, u32> = HashMap::new();
    if targets.is_empty() {
        return Ok(changes);
    }
    let owners: Vec<u32> = targets.iter().filter(|t| !t.1).map(|t| t.0).collect();
    let mut stored = load(tx, &owners).await?;
    let mut to_create: Vec<(u32, PortRow)> = Vec::new();
    let mut renamed: Vec<(u32, u32, PortRow)> = Vec::new();
    for (computer, created, ports, source) in targets {
        let mut by_key: HashMap<(String, String), Vec<StoredPort>> = HashMap::new();
        for port in stored.remove(computer).unwrap_or_default() {
            by_key.entry(port.row.match_key()).or_default().push(port);
        }
        let mut logged = 0;
        for port in *ports {
            match by_key
                .get_mut(&port.match_key())
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
            {
                Some(old) if old.is_deleted => {}
                Some(old) => {
                    if old.row != *port {
                        writes.update(
                            "glpi_networkports",
                            old.id,
                            vec![
                                ("ifdescr", Val::from(port.ifdescr.clone())),
                                ("ifspeed", Val::Int(port.speed)),
                            ],
                        );
                        if old.row.ips != port.ips {
                            for name_id in &old.name_ids {
                                writes.delete("glpi_networknames", *name_id);
                            }
                            sql::delete_addresses_of(tx, &old.name_ids).await?;
                            renamed.push((*computer, old.id, port.clone()));
                        }
                        if !created {
                            writes.log(
                                *computer,
                                "NetworkPort",
                                action::UPDATE_SUBITEM,
                                source,
                                0,
                                &old.row.ips.join(", "),
                                &port.ips.join(", "),
                            );
                            logged += 1;
                        }
                    }
                }
                None => {
                    to_create.push((*computer, port.clone()));
                    if !created {
                        writes.log(
                            *computer,
                            "NetworkPort",
                            action::ADD_SUBITEM,
                            source,
                            0,
                            "",
                            &port.label(),
                        );
                        logged += 1;
                    }
                }
            }
        }
        for old in by_key.into_values().flatten() {
            if !old.is_dynamic {
                continue;
            }
            writes.delete("glpi_networkports", old.id);
            for name_id in &old.name_ids {
                writes.delete("glpi_networknames", *name_id);
            }
            sql::delete_addresses_of(tx, &old.name_ids).await?;
            sql::delete_ethernet_of(tx, old.id).await?;
            if !old.is_deleted && !created {
                writes.log(
                    *computer,
                    "NetworkPort",
                    action::DELETE_SUBITEM,
                    source,
                    0,
                    &old.row.label(),
                    "",
                );
                logged += 1;
            }
        }
        if logged > 0 {
            changes.insert(*computer, logged);
        }
    }

    // New ports: rows first (their ids), then ethernet data, names, addresses.
    let stamp = writes.stamp.clone();
    let port_rows: Vec<Vec<Val>> = to_create
        .iter()
        .map(|(computer, p)| {
            vec![
                Val::from(*computer),
                Val::Static("Computer"),
                Val::from(entity_of.get(computer).copied().unwrap_or(0)),
                Val::from(p.name.clone()),
                Val::Static("NetworkPortEthernet"),
                Val::from(p.mac.clone()),
                Val::from(p.ifdescr.clone()),
                Val::Int(p.speed),
                Val::Int(1),
                stamp.clone(),
                stamp.clone(),
            ]
        })
        .collect();
    let port_ids = insert_returning_ids(
        tx,
        "glpi_networkports",
        &[
            "items_id",
            "itemtype",
            "entities_id",
            "name",
            "instantiation_type",
            "mac",
            "ifdescr",
            "ifspeed",
            "is_dynamic",
            "date_creation",
            "date_mod",
        ],
        &port_rows,
        writes.consecutive_ids,
    )
    .await?;
    for ((_, p), port_id) in to_create.iter().zip(&port_ids) {
        writes.insert(
            "glpi_networkportethernets",
            &["networkports_id", "speed", "date_creation", "date_mod"],
            vec![
                Val::from(*port_id),
                Val::Int(p.speed),
                stamp.clone(),
                stamp.clone(),
            ],
        );
    }
    let mut with_ips: Vec<(u32, u32, PortRow)> = to_create
        .into_iter()
        .zip(port_ids)
        .map(|((computer, p), id)| (computer, id, p))
        .collect();
    with_ips.extend(renamed);
    with_ips.retain(|(_, _, p)| !p.ips.is_empty());
    let name_rows: Vec<Vec<Val>> = with_ips
        .iter()
        .map(|(computer, port, _)| {
            vec![
                Val::from(entity_of.get(computer).copied().unwrap_or(0)),
                Val::from(*port),
                Val::Static("NetworkPort"),
                Val::Int(1),
                stamp.clone(),
                stamp.clone(),
            ]
        })
        .collect();
    let name_ids = insert_returning_ids(
        tx,
        "glpi_networknames",
        &[
            "entities_id",
            "items_id",
            "itemtype",
            "is_dynamic",
            "date_creation",
            "date_mod",
        ],
        &name_rows,
        writes.consecutive_ids,
    )
    .await?;
    for ((computer, _, p), name_id) in with_ips.iter().zip(name_ids) {
        for ip in &p.ips {
            let (version, words) = binary(ip);
            writes.insert(
                "glpi_ipaddresses",
                &[
                    "entities_id",
                    "items_id",
                    "itemtype",
                    "version",
                    "name",
                    "binary_0",
                    "binary_1",
                    "binary_2",
                    "binary_3",
                    "is_dynamic",
                    "mainitems_id",
                    "mainitemtype",
                ],
                vec![
                    Val::from(entity_of.get(computer).copied().unwrap_or(0)),
                    Val::from(name_id),
                    Val::Static("NetworkName"),
                    Val::Int(i64::from(version)),
                    Val::from(ip.as_str()),
                    Val::Int(i64::from(words[0])),
                    Val::Int(i64::from(words[1])),
                    Val::Int(i64::from(words[2])),
                    Val::Int(i64::from(words[3])),
                    Val::Int(1),
                    Val::from(*computer),
                    Val::Static("Computer"),
                ],
            );
        }
    }
    Ok(changes)
}

async fn load(tx: &mut Tx, computers: &[u32]) -> Result<HashMap<u32, Vec<StoredPort>>, AssetError> {
    let mut by_computer: HashMap<u32, Vec<StoredPort>> = HashMap::new();
    let ports = sql::load_ports(tx, computers).await?;
    let port_ids: Vec<u32> = ports.iter().map(|p| p.0).collect();
    let mut addresses: HashMap<u32, (Vec<u32>, Vec<String>)> = HashMap::new();
    for (port, name_id, ip) in sql::load_port_addresses(tx, &port_ids).await? {
        let entry = addresses.entry(port).or_default();
        if !entry.0.contains(&name_id) {
            entry.0.push(name_id);
        }
        if let Some(ip) = ip {
            entry.1.push(ip);
        }
    }
    for (id, computer, is_deleted, is_dynamic, name, mac, ifdescr, speed) in ports {
        let (name_ids, mut ips) = addresses.remove(&id).unwrap_or_default();
        ips.sort();
        ips.dedup();
        by_computer.entry(computer).or_default().push(StoredPort {
            id,
            is_deleted,
            is_dynamic,
            name_ids,
            row: PortRow {
                name,
                mac: mac.map(|m| key(&m)),
                ifdescr,
                speed,
                ips,
            },
        });
    }
    Ok(by_computer)
}

#[cfg(test)]
mod tests {
    use super::binary;

    #[test]
    fn glpi_binary_form_of_addresses() {
        assert_eq!(binary("192.168.1.10"), (4, [0, 0, 0xffff, 0xc0a8_010a]));
        assert_eq!(binary("fe80::1").1[0], 0xfe80_0000);
    }
}
