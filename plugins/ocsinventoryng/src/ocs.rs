//! The connection to an OCS server's database and the checks GLPI's plugin
//! runs before it imports anything (its "Test" tab), plus the rights it
//! needs and never verified.

use parc_plugin_api::messages::host::ExtConnect;
use parc_plugin_api::{ExternalDb, Host, Result};
use serde::Serialize;
use serde_json::Value;

use crate::i18n;
use crate::schema::SERVERS;

/// Where and how to reach one OCS database.
pub struct Endpoint {
    pub host: String,
    pub port: Option<u16>,
    pub database: String,
    pub user: String,
    pub password: String,
    pub is_active: bool,
}

/// Reads a server's connection settings, decrypting its password.
pub fn endpoint(host: &Host, server_id: i64) -> Result<Endpoint> {
    let rows = host.db().query(
        &format!(
            "SELECT ocs_db_host, ocs_db_name, ocs_db_user, ocs_db_passwd, is_active \
             FROM {SERVERS} WHERE id = ?"
        ),
        &[server_id.into()],
    )?;
    let row = rows.rows.first().ok_or_else(|| {
        parc_plugin_api::Error::invalid_input(format!("no OCS server {server_id}"))
    })?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let (address, port) = split_host(&text(&row[0]))?;
    let token = text(&row[3]);
    let password = if token.is_empty() {
        String::new()
    } else {
        host.decrypt_secret(&token)?
    };
    Ok(Endpoint {
        host: address,
        port,
        database: text(&row[1]),
        user: text(&row[2]),
        password,
        is_active: row[4].as_i64() == Some(1),
    })
}

/// `host` or `host:port` (GLPI's `ocs_db_host`); `[v6]:port` too.
fn split_host(value: &str) -> Result<(String, Option<u16>)> {
    let bad = || {
        parc_plugin_api::Error::invalid_input(format!(
            "invalid OCS host {value:?}: expected host or host:port"
        ))
    };
    if let Some(rest) = value.strip_prefix('[') {
        let (address, tail) = rest.split_once(']').ok_or_else(bad)?;
        return match tail.strip_prefix(':') {
            Some(port) => Ok((address.to_owned(), Some(port.parse().map_err(|_| bad())?))),
            None if tail.is_empty() => Ok((address.to_owned(), None)),
            None => Err(bad()),
        };
    }
    match value.split_once(':') {
        Some((address, port)) if !address.is_empty() => {
            Ok((address.to_owned(), Some(port.parse().map_err(|_| bad())?)))
        }
        Some(_) => Err(bad()),
        None if value.is_empty() => Err(bad()),
        None => Ok((value.to_owned(), None)),
    }
}

/// Opens a small pool on the server's database.
pub fn connect(host: &Host, endpoint: &Endpoint) -> Result<ExternalDb> {
    host.connect_external(&ExtConnect {
        host: endpoint.host.clone(),
        port: endpoint.port,
        database: endpoint.database.clone(),
        user: endpoint.user.clone(),
        password: endpoint.password.clone(),
        max_connections: Some(3),
        connect_timeout_ms: Some(10_000),
        statement_timeout_ms: Some(300_000),
    })
}

/// The outcome of `server test`.
#[derive(Debug, Default, Serialize)]
pub struct Checks {
    pub connected: bool,
    pub gui_version: Option<String>,
    pub trace_deleted: bool,
    pub update_hardware: bool,
    pub delete_deleted_equiv: bool,
    pub is_active: bool,
    /// The first failing check's message (GLPI's wording), if any.
    pub error: Option<String>,
    /// Detail of the failure (the server's own error).
    pub detail: Option<String>,
    /// The success message, when every check passed.
    pub message: Option<String>,
}

/// A `config` row's IVALUE and TVALUE.
fn config(ocs: &ExternalDb, name: &str) -> Result<(Option<i64>, Option<String>)> {
    let rows = ocs.query(
        "SELECT IVALUE, TVALUE FROM config WHERE NAME = ?",
        &[name.into()],
    )?;
    Ok(rows
        .rows
        .first()
        .map(|r| (r[0].as_i64(), r[1].as_str().map(str::to_owned)))
        .unwrap_or_default())
}

/// Whether the connected user holds `privilege` on `table` of the current
/// database, granted globally, on the database or on the table.
fn has_privilege(ocs: &ExternalDb, privilege: &str, table: &str) -> Result<bool> {
    let grantee = "CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', \
                   SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
    let sql = format!(
        "SELECT COUNT(*) FROM ( \
           SELECT 1 AS x FROM information_schema.USER_PRIVILEGES \
             WHERE GRANTEE = {grantee} AND PRIVILEGE_TYPE = ? \
           UNION ALL SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES \
             WHERE GRANTEE = {grantee} AND TABLE_SCHEMA = DATABASE() AND PRIVILEGE_TYPE = ? \
           UNION ALL SELECT 1 FROM information_schema.TABLE_PRIVILEGES \
             WHERE GRANTEE = {grantee} AND TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? \
               AND PRIVILEGE_TYPE = ?) p"
    );
    let rows = ocs.query(
        &sql,
        &[
            privilege.into(),
            privilege.into(),
            table.into(),
            privilege.into(),
        ],
    )?;
    Ok(rows.rows[0][0].as_i64().unwrap_or_default() > 0)
}

/// Runs the checks in GLPI's order; the first failure is the message.
/// Records the OCS version on the server row, as GLPI does.
pub fn test(host: &Host, server_id: i64, locale: &str) -> Result<Checks> {
    checked(host, server_id, locale).map(|(checks, _)| checks)
}

/// The checks of [`test`] and, when they all pass, the connection they
/// used (a run reads OCS through it rather than connecting again).
pub fn checked(host: &Host, server_id: i64, locale: &str) -> Result<(Checks, Option<ExternalDb>)> {
    let endpoint = endpoint(host, server_id)?;
    let mut checks = Checks {
        is_active: endpoint.is_active,
        ..Checks::default()
    };
    let fail = |mut checks: Checks, text: i18n::Text| {
        checks.error = Some(text.get(locale).to_owned());
        Ok((checks, None))
    };
    let ocs = match connect(host, &endpoint) {
        Ok(ocs) => ocs,
        Err(e) => {
            checks.detail = Some(e.message().to_owned());
            return fail(checks, i18n::CONNECTION_FAILED);
        }
    };
    checks.connected = true;
    let (_, version) = config(&ocs, "GUI_VERSION")?;
    host.db().execute(
        &format!("UPDATE {SERVERS} SET ocs_version = ? WHERE id = ?"),
        &[version.clone().into(), server_id.into()],
    )?;
    checks.gui_version = version;
    let (trace, _) = config(&ocs, "TRACE_DELETED")?;
    checks.trace_deleted = trace.unwrap_or_default() != 0;
    checks.update_hardware = has_privilege(&ocs, "UPDATE", "hardware")?;
    checks.delete_deleted_equiv = has_privilege(&ocs, "DELETE", "deleted_equiv")?;
    if !checks.trace_deleted {
        checks.detail = Some(i18n::TRACE_DELETED_HOWTO.get(locale).to_owned());
        return fail(checks, i18n::TRACE_DELETED_OFF);
    }
    if !checks.update_hardware {
        return fail(checks, i18n::NO_CHECKSUM_RIGHT);
    }
    if !checks.delete_deleted_equiv {
        return fail(checks, i18n::NO_DELETE_RIGHT);
    }
    if !checks.is_active {
        return fail(checks, i18n::SERVER_INACTIVE);
    }
    checks.message = Some(format!(
        "{}\n{}",
        i18n::CONNECTION_OK.get(locale),
        i18n::CONFIG_OK.get(locale)
    ));
    Ok((checks, Some(ocs)))
}

#[cfg(test)]
mod tests {
    use super::split_host;

    #[test]
    fn hosts_with_and_without_ports() {
        assert_eq!(split_host("ocs").unwrap(), ("ocs".into(), None));
        assert_eq!(
            split_host("10.0.0.5:3307").unwrap(),
            ("10.0.0.5".into(), Some(3307))
        );
        assert_eq!(
            split_host("[::1]:3306").unwrap(),
            ("::1".into(), Some(3306))
        );
        assert!(split_host("ocs:socket").is_err());
        assert!(split_host(":3306").is_err());
        assert!(split_host("").is_err());
    }
}
