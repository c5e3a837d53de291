//! What a purge in parc does to OCS: nothing, unless the server's
//! `allow_ocs_update` is on (off by default, unlike GLPI which seeds it on
//! and surprised its users, issue #368). Then the purged computers'
//! machines are deleted in OCS from every table that holds a
//! `HARDWARE_ID` (found in OCS's own catalogue, so new OCS tables are not
//! left behind), `hardware` last so that a failure can be retried.

use std::collections::BTreeMap;

use parc_plugin_api::{Host, Result, tracing};
use serde_json::Value;

use crate::config::ServerConfig;
use crate::ocs;
use crate::reader::marks;
use crate::schema::LINKS;

/// Called before computers are purged.
pub fn before_purge(host: &Host, computers: &[u32]) -> Result<()> {
    let mut by_server: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for chunk in computers.chunks(500) {
        let params: Vec<Value> = chunk.iter().map(|c| Value::from(*c)).collect();
        let rows = host.db().query(
            &format!(
                "SELECT plugin_ocsinventoryng_ocsservers_id, ocsid FROM {LINKS} \
                 WHERE computers_id IN ({})",
                marks(chunk.len())
            ),
            &params,
        )?;
        for r in rows.rows {
            by_server
                .entry(r[0].as_i64().unwrap_or_default())
                .or_default()
                .push(r[1].as_i64().unwrap_or_default());
        }
    }
    // Their registry values go with them (in parc only).
    crate::process::delete_registry_keys(&host.db(), computers)?;
    for (server, ocsids) in by_server {
        let cfg = ServerConfig::load(host, server)?;
        if !cfg.on("allow_ocs_update") {
            continue;
        }
        let endpoint = ocs::endpoint(host, server)?;
        let db = ocs::connect(host, &endpoint)?;
        let tables: Vec<String> = db
            .query(
                "SELECT TABLE_NAME FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'HARDWARE_ID' ORDER BY TABLE_NAME",
                &[],
            )?
            .rows
            .iter()
            .filter_map(|r| r[0].as_str().map(str::to_owned))
            .collect();
        for chunk in ocsids.chunks(500) {
            let params: Vec<Value> = chunk.iter().map(|i| Value::from(*i)).collect();
            for table in &tables {
                db.execute(
                    &format!(
                        "DELETE FROM `{}` WHERE HARDWARE_ID IN ({})",
                        table.replace('`', ""),
                        marks(chunk.len())
                    ),
                    &params,
                )?;
            }
            db.execute(
                &format!("DELETE FROM hardware WHERE ID IN ({})", marks(chunk.len())),
                &params,
            )?;
        }
        tracing::info!(server = %cfg.name, machines = ocsids.len(), "purged computers deleted in OCS (allow_ocs_update)");
    }
    Ok(())
}
