//! OCS servers: rows of `glpi_plugin_ocsinventoryng_ocsservers`, each with
//! its own RootEntityOcs rule. Servers are data: adding one never connects
//! (`test` does), and the password is stored encrypted.

use parc_plugin_api::messages::{RuleActionSpec, RuleCriterionSpec, RuleSpec};
use parc_plugin_api::{Error, Host, Result};
use serde::Serialize;
use serde_json::Value;

use crate::i18n::tr;
use crate::options::{self, Setting};
use crate::schema::{ADMIN_INFOS, SERVERS};

/// What `server add` needs.
pub struct NewServer {
    pub name: String,
    pub host: String,
    pub database: String,
    pub user: String,
    pub password: String,
    pub active: bool,
}

/// A server as listed (never with its password).
#[derive(Debug, Serialize)]
pub struct ServerRow {
    pub id: i64,
    pub name: String,
    pub ocs_db_host: String,
    pub ocs_db_name: String,
    pub ocs_db_user: String,
    pub is_active: i64,
    pub ocs_version: Option<String>,
    pub cron_sync_number: i64,
    pub date_mod: Option<String>,
}

/// The uuid of a server's RootEntityOcs rule.
pub fn entity_rule_uuid(id: i64) -> String {
    format!("ocsinventoryng-rootentityocs-{id}")
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Stores a server (without connecting) and its entity rule; returns its id.
pub fn add(host: &Host, server: &NewServer) -> Result<i64> {
    if server.name.trim().is_empty() {
        return Err(Error::invalid_input(tr(
            "a server needs a name",
            "un serveur doit avoir un nom",
        )));
    }
    if find(host, &server.name)?.is_some() {
        return Err(Error::invalid_input(tr(
            format!(
                "Unable to add. The OCSNG server already exists: {}",
                server.name
            ),
            format!(
                "Ajout impossible. Le serveur OCSNG existe déjà : {}",
                server.name
            ),
        )));
    }
    let password = host.encrypt_secret(&server.password)?;
    let stamp = now();
    let done = host.db().execute(
        &format!(
            "INSERT INTO {SERVERS} (name, ocs_db_host, ocs_db_name, ocs_db_user, ocs_db_passwd, \
             is_active, date_mod, date_creation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        &[
            server.name.trim().into(),
            server.host.clone().into(),
            server.database.clone().into(),
            server.user.clone().into(),
            password.into(),
            i64::from(server.active).into(),
            stamp.clone().into(),
            stamp.into(),
        ],
    )?;
    let id = done
        .last_insert_id
        .ok_or_else(|| Error::new("the server row got no id"))?;
    refresh_checksum(&host.db(), id)?;
    if let Err(e) = host.add_rules(&[entity_rule(id, &server.name)]) {
        // Without its entity rule the server would import nothing: undo.
        host.db()
            .execute(&format!("DELETE FROM {SERVERS} WHERE id = ?"), &[id.into()])?;
        return Err(e);
    }
    Ok(id)
}

/// RootEntityOcs for one server: any TAG from this server → root entity.
fn entity_rule(id: i64, name: &str) -> RuleSpec {
    RuleSpec {
        uuid: entity_rule_uuid(id),
        sub_type: "RuleImportEntity".into(),
        name: format!("RootEntityOcs ({name})"),
        description: "Computers of this OCS server go to the root entity".into(),
        match_: "AND".into(),
        is_active: true,
        criteria: vec![
            RuleCriterionSpec {
                criteria: "tag".into(),
                condition: 0,
                pattern: "*".into(),
            },
            RuleCriterionSpec {
                criteria: "OCS_SERVER".into(),
                condition: 0,
                pattern: id.to_string(),
            },
        ],
        actions: vec![RuleActionSpec {
            action_type: "assign".into(),
            field: "entities_id".into(),
            value: "0".into(),
        }],
    }
}

const COLUMNS: &str = "id, name, ocs_db_host, ocs_db_name, ocs_db_user, is_active, ocs_version, \
                       cron_sync_number, date_mod";

fn row(values: &[Value]) -> ServerRow {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let int = |v: &Value| v.as_i64().unwrap_or_default();
    ServerRow {
        id: int(&values[0]),
        name: text(&values[1]),
        ocs_db_host: text(&values[2]),
        ocs_db_name: text(&values[3]),
        ocs_db_user: text(&values[4]),
        is_active: int(&values[5]),
        ocs_version: values[6].as_str().map(str::to_owned),
        cron_sync_number: int(&values[7]),
        date_mod: values[8].as_str().map(str::to_owned),
    }
}

/// Every server, by id.
pub fn list(host: &Host) -> Result<Vec<ServerRow>> {
    let rows = host
        .db()
        .query(&format!("SELECT {COLUMNS} FROM {SERVERS} ORDER BY id"), &[])?;
    Ok(rows.rows.iter().map(|r| row(r)).collect())
}

/// The server named `name`.
pub fn find(host: &Host, name: &str) -> Result<Option<ServerRow>> {
    let rows = host.db().query(
        &format!("SELECT {COLUMNS} FROM {SERVERS} WHERE name = ?"),
        &[name.into()],
    )?;
    Ok(rows.rows.first().map(|r| row(r)))
}

/// Removes a server, its admin-info mappings and its entity rule. Links
/// stay until their computers are purged or re-linked: the computers were
/// imported and remain (still dynamic).
pub fn remove(host: &Host, name: &str) -> Result<bool> {
    let Some(server) = find(host, name)? else {
        return Ok(false);
    };
    let db = host.db().begin()?;
    db.execute(
        &format!("DELETE FROM {ADMIN_INFOS} WHERE plugin_ocsinventoryng_ocsservers_id = ?"),
        &[server.id.into()],
    )?;
    db.execute(
        &format!("DELETE FROM {SERVERS} WHERE id = ?"),
        &[server.id.into()],
    )?;
    db.commit()?;
    host.remove_rule(&entity_rule_uuid(server.id))?;
    Ok(true)
}

/// Recomputes the server's OCS checksum mask from its options.
fn refresh_checksum(db: &parc_plugin_api::Db, id: i64) -> Result<u64> {
    let columns: Vec<&str> = options::SETTINGS
        .iter()
        .filter(|(_, kind)| !matches!(kind, options::Kind::Text))
        .map(|(c, _)| *c)
        .collect();
    let rows = db.query(
        &format!("SELECT {} FROM {SERVERS} WHERE id = ?", columns.join(", ")),
        &[id.into()],
    )?;
    let row = rows
        .rows
        .first()
        .ok_or_else(|| Error::invalid_input(format!("no OCS server {id}")))?;
    let mask = options::checksum_mask(|column| {
        columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| row[i].as_i64())
            .unwrap_or_default()
    });
    db.execute(
        &format!("UPDATE {SERVERS} SET checksum = ? WHERE id = ?"),
        &[mask.into(), id.into()],
    )?;
    Ok(mask)
}

/// One setting `server edit` changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub setting: String,
    pub old: String,
    pub new: String,
}

/// A stored value as text (NULL as empty).
fn as_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Applies settings (and a new password) to a server, in one transaction;
/// the checksum mask follows the options. Returns what changed, old and
/// new value (a password as `********`); nothing is written when nothing
/// changes.
pub fn edit(
    host: &Host,
    name: &str,
    settings: &[Setting],
    password: Option<&str>,
) -> Result<Vec<Change>> {
    let server =
        find(host, name)?.ok_or_else(|| Error::invalid_input(crate::commands::no_server(name)))?;
    let sealed = password.map(|p| host.encrypt_secret(p)).transpose()?;
    let db = host.db().begin()?;
    let mut changes: Vec<Change> = Vec::new();
    let mut sets: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    for setting in settings {
        match setting {
            Setting::Column(column, value) => {
                let current = db.query(
                    &format!("SELECT {column} FROM {SERVERS} WHERE id = ?"),
                    &[server.id.into()],
                )?;
                let old = current
                    .rows
                    .first()
                    .map(|r| as_text(&r[0]))
                    .unwrap_or_default();
                let new = as_text(value);
                if old == new {
                    continue;
                }
                // The same setting given twice: the last one counts.
                changes.retain(|c| c.setting != *column);
                changes.push(Change {
                    setting: (*column).to_owned(),
                    old,
                    new,
                });
                sets.push(format!("{column} = ?"));
                params.push(value.clone());
            }
            Setting::AdminInfo(field, ocs_column) => {
                let current = db.query(
                    &format!(
                        "SELECT ocs_column FROM {ADMIN_INFOS} \
                         WHERE plugin_ocsinventoryng_ocsservers_id = ? AND glpi_column = ?"
                    ),
                    &[server.id.into(), (*field).into()],
                )?;
                let old = current
                    .rows
                    .first()
                    .map(|r| as_text(&r[0]))
                    .unwrap_or_default();
                if old == *ocs_column {
                    continue;
                }
                changes.push(Change {
                    setting: format!("admininfo.{field}"),
                    old,
                    new: ocs_column.clone(),
                });
                db.execute(
                    &format!(
                        "DELETE FROM {ADMIN_INFOS} \
                         WHERE plugin_ocsinventoryng_ocsservers_id = ? AND glpi_column = ?"
                    ),
                    &[server.id.into(), (*field).into()],
                )?;
                if !ocs_column.is_empty() {
                    db.execute(
                        &format!(
                            "INSERT INTO {ADMIN_INFOS} \
                             (plugin_ocsinventoryng_ocsservers_id, glpi_column, ocs_column) \
                             VALUES (?, ?, ?)"
                        ),
                        &[server.id.into(), (*field).into(), ocs_column.clone().into()],
                    )?;
                }
            }
        }
    }
    if let Some(sealed) = sealed {
        changes.push(Change {
            setting: "password".into(),
            old: "********".into(),
            new: "********".into(),
        });
        sets.push("ocs_db_passwd = ?".into());
        params.push(sealed.into());
    }
    if changes.is_empty() {
        return Ok(changes);
    }
    sets.push("date_mod = ?".into());
    params.push(now().into());
    params.push(server.id.into());
    db.execute(
        &format!("UPDATE {SERVERS} SET {} WHERE id = ?", sets.join(", ")),
        &params,
    )?;
    refresh_checksum(&db, server.id)?;
    db.commit()?;
    Ok(changes)
}

/// Every setting of a server (never its password) and its admin-info
/// mappings, as one JSON object.
pub fn show(host: &Host, name: &str) -> Result<serde_json::Map<String, Value>> {
    let server =
        find(host, name)?.ok_or_else(|| Error::invalid_input(crate::commands::no_server(name)))?;
    let mut columns = vec!["id", "checksum", "ocs_version", "date_mod", "date_creation"];
    columns.extend(options::SETTINGS.iter().map(|(c, _)| *c));
    let rows = host.db().query(
        &format!("SELECT {} FROM {SERVERS} WHERE id = ?", columns.join(", ")),
        &[server.id.into()],
    )?;
    let mut out: serde_json::Map<String, Value> = columns
        .iter()
        .zip(rows.rows.first().cloned().unwrap_or_default())
        .map(|(c, v)| ((*c).to_owned(), v))
        .collect();
    let links = host.db().query(
        &format!(
            "SELECT glpi_column, ocs_column FROM {ADMIN_INFOS} \
             WHERE plugin_ocsinventoryng_ocsservers_id = ? ORDER BY glpi_column"
        ),
        &[server.id.into()],
    )?;
    let admin: serde_json::Map<String, Value> = links
        .rows
        .into_iter()
        .map(|r| (r[0].as_str().unwrap_or_default().to_owned(), r[1].clone()))
        .collect();
    out.insert("admininfos".into(), Value::Object(admin));
    Ok(out)
}
