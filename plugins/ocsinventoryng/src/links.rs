//! Links between parc computers and OCS machines
//! (`glpi_plugin_ocsinventoryng_ocslinks`) made and cleaned by hand: GLPI's
//! "Link new OCS computers to existing GLPI computers" and "Clean links"
//! pages. Imports and synchronisations make and drop links on their own
//! (`process`); these are for the administrator who knows better than the
//! link rules, or whose links point to something gone.

use parc_plugin_api::{Error, Host, Result};
use serde::Serialize;
use serde_json::Value;

use crate::config::ServerConfig;
use crate::i18n::tr;
use crate::ocs;
use crate::reader::{Reader, marks};
use crate::schema::{LINKS, NOT_IMPORTED, SERVERS};
use crate::setup::SOURCE;

/// A link as listed.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub id: i64,
    pub server: Option<String>,
    pub ocsid: i64,
    pub ocs_deviceid: Option<String>,
    pub computers_id: i64,
    /// `None` when the computer no longer exists.
    pub computer_name: Option<String>,
    /// When parc last synchronised the computer.
    pub last_update: Option<String>,
    /// The OCS inventory date it was synchronised from.
    pub last_ocs_update: Option<String>,
}

fn link_row(r: &[Value]) -> LinkRow {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    LinkRow {
        id: r[0].as_i64().unwrap_or_default(),
        server: text(&r[1]),
        ocsid: r[2].as_i64().unwrap_or_default(),
        ocs_deviceid: text(&r[3]),
        computers_id: r[4].as_i64().unwrap_or_default(),
        computer_name: match &r[5] {
            Value::Null => None,
            other => Some(text(other).unwrap_or_default()),
        },
        last_update: text(&r[6]),
        last_ocs_update: text(&r[7]),
    }
}

/// The links of one server (or of every server), by OCS id.
pub fn list(host: &Host, server: Option<i64>) -> Result<Vec<LinkRow>> {
    let (filter, params): (&str, Vec<Value>) = match server {
        Some(id) => (
            "WHERE l.plugin_ocsinventoryng_ocsservers_id = ?",
            vec![id.into()],
        ),
        None => ("", Vec::new()),
    };
    // A computer without a name shows as '' (not NULL): NULL means gone.
    let rows = host.db().query(
        &format!(
            "SELECT l.id, s.name, l.ocsid, l.ocs_deviceid, l.computers_id, \
             CASE WHEN c.id IS NULL THEN NULL ELSE COALESCE(c.name, '') END, \
             l.last_update, l.last_ocs_update \
             FROM {LINKS} l LEFT JOIN glpi_computers c ON c.id = l.computers_id \
             LEFT JOIN {SERVERS} s ON s.id = l.plugin_ocsinventoryng_ocsservers_id \
             {filter} ORDER BY l.plugin_ocsinventoryng_ocsservers_id, l.ocsid"
        ),
        &params,
    )?;
    Ok(rows.rows.iter().map(|r| link_row(r)).collect())
}

/// A link just made by [`link`].
#[derive(Debug, Serialize)]
pub struct Linked {
    pub link_id: i64,
    pub ocsid: i64,
    pub ocs_name: String,
    pub computers_id: i64,
    pub computer_name: String,
}

/// Links OCS machine `ocsid` of `cfg` to the existing computer `computer`,
/// refusing (and writing nothing) when either does not exist, the machine
/// is already linked, the computer is linked to another machine, or the
/// computer is in the trash. In one transaction: the link (no OCS date
/// yet, so the next synchronisation reads every section), the computer
/// marked dynamic with the link in its history (through the host). The caller
/// then synchronises the machine.
pub fn link(host: &Host, cfg: &ServerConfig, ocsid: i64, computer: i64) -> Result<Linked> {
    // The server's checks first: a link that no run could synchronise
    // (TRACE_DELETED off, an inactive server) is refused before writing.
    let locale = host.info()?.locale;
    let (checks, connection) = ocs::checked(host, cfg.id, &locale)?;
    let connection = match (checks.error, connection) {
        (None, Some(connection)) => connection,
        (error, _) => {
            let mut text = error.unwrap_or_default();
            if let Some(detail) = checks.detail {
                text = format!("{text}\n{detail}");
            }
            return Err(Error::config(text));
        }
    };
    let reader = Reader::new(connection)?;
    let meta = reader.meta_of(ocsid)?.ok_or_else(|| {
        Error::invalid_input(tr(
            format!("OCS computer {ocsid} does not exist on server {}", cfg.name),
            format!(
                "L'ordinateur OCS {ocsid} n'existe pas sur le serveur {}",
                cfg.name
            ),
        ))
    })?;
    let tx = host.db().begin()?;
    let found = tx.query(
        "SELECT name, is_deleted, entities_id, is_template FROM glpi_computers WHERE id = ?",
        &[computer.into()],
    )?;
    let row = found
        .rows
        .first()
        .filter(|r| r[3].as_i64().unwrap_or_default() == 0)
        .ok_or_else(|| {
            Error::invalid_input(tr(
                format!("computer {computer} does not exist"),
                format!("L'ordinateur {computer} n'existe pas"),
            ))
        })?;
    let computer_name = row[0].as_str().unwrap_or_default().to_owned();
    let entity = row[2].as_i64().unwrap_or_default();
    if row[1].as_i64().unwrap_or_default() != 0 {
        return Err(Error::invalid_input(tr(
            format!(
                "computer {computer} ({computer_name}) is in the trash: restore it first \
                 (parc trash restore {computer})"
            ),
            format!(
                "L'ordinateur {computer} ({computer_name}) est dans la corbeille : \
                 restaurez-le d'abord (parc trash restore {computer})"
            ),
        )));
    }
    let by_machine = tx.query(
        &format!(
            "SELECT computers_id FROM {LINKS} \
             WHERE plugin_ocsinventoryng_ocsservers_id = ? AND ocsid = ?"
        ),
        &[cfg.id.into(), ocsid.into()],
    )?;
    if let Some(r) = by_machine.rows.first() {
        let other = r[0].as_i64().unwrap_or_default();
        return Err(Error::invalid_input(tr(
            format!(
                "OCS computer {ocsid} ({}) is already linked to computer {other}",
                meta.name
            ),
            format!(
                "L'ordinateur OCS {ocsid} ({}) est déjà lié à l'ordinateur {other}",
                meta.name
            ),
        )));
    }
    let by_computer = tx.query(
        &format!(
            "SELECT l.ocsid, s.name FROM {LINKS} l \
             LEFT JOIN {SERVERS} s ON s.id = l.plugin_ocsinventoryng_ocsservers_id \
             WHERE l.computers_id = ?"
        ),
        &[computer.into()],
    )?;
    if let Some(r) = by_computer.rows.first() {
        let other = r[0].as_i64().unwrap_or_default();
        let server = r[1].as_str().unwrap_or("?");
        return Err(Error::invalid_input(tr(
            format!(
                "Unable to link, computer {computer} ({computer_name}) is already related to \
                 OCS computer {other} on server {server} (if that machine is gone from OCS, \
                 `parc ocsinventoryng links clean` removes the link)"
            ),
            format!(
                "Liaison impossible, l'ordinateur {computer} ({computer_name}) est déjà lié à \
                 l'ordinateur OCS {other} du serveur {server} (si cette machine n'existe plus \
                 dans OCS, `parc ocsinventoryng links clean` supprime le lien)"
            ),
        )));
    }
    let stamp = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let done = tx.execute(
        &format!(
            "INSERT INTO {LINKS} (computers_id, ocsid, ocs_deviceid, use_auto_update, \
             last_update, last_ocs_update, plugin_ocsinventoryng_ocsservers_id, entities_id, tag) \
             VALUES (?, ?, ?, 1, ?, NULL, ?, ?, ?)"
        ),
        &[
            computer.into(),
            ocsid.into(),
            meta.deviceid.clone().into(),
            stamp.clone().into(),
            cfg.id.into(),
            entity.into(),
            meta.tag.clone().into(),
        ],
    )?;
    let link_id = done.last_insert_id.unwrap_or_default();
    // Dynamic, as a linked computer is, with the link in its history.
    tx.mark_computers_dynamic(
        &[computer as u32],
        &format!(
            "Linked to OCS computer {ocsid} ({}) on server {}",
            meta.name, cfg.name
        ),
        SOURCE,
    )?;
    // A machine refused earlier is not "not imported" any more.
    tx.execute(
        &format!(
            "DELETE FROM {NOT_IMPORTED} WHERE plugin_ocsinventoryng_ocsservers_id = ? AND ocsid = ?"
        ),
        &[cfg.id.into(), ocsid.into()],
    )?;
    tx.commit()?;
    Ok(Linked {
        link_id,
        ocsid,
        ocs_name: meta.name,
        computers_id: computer,
        computer_name,
    })
}

/// Why a link is removed by [`clean`].
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Orphaned {
    /// The parc computer was purged.
    ComputerGone,
    /// The OCS machine no longer exists in OCS.
    MachineGone,
}

impl Orphaned {
    pub fn label(self) -> &'static str {
        match self {
            Orphaned::ComputerGone => tr("computer purged in parc", "ordinateur purgé dans parc"),
            Orphaned::MachineGone => tr("machine deleted in OCS", "machine supprimée dans OCS"),
        }
    }
}

/// A link [`clean`] removes (or would remove).
#[derive(Debug, Serialize)]
pub struct Orphan {
    #[serde(flatten)]
    pub link: LinkRow,
    pub reason: Orphaned,
}

/// The links of `cfg` whose computer is gone from parc or whose machine is
/// gone from OCS; removed in one transaction unless `dry_run`. Running it
/// again finds nothing.
pub fn clean(host: &Host, cfg: &ServerConfig, dry_run: bool) -> Result<Vec<Orphan>> {
    let links = list(host, Some(cfg.id))?;
    let endpoint = ocs::endpoint(host, cfg.id)?;
    let reader = Reader::new(ocs::connect(host, &endpoint)?)?;
    let ocsids: Vec<i64> = links.iter().map(|l| l.ocsid).collect();
    let existing = reader.existing(&ocsids)?;
    let orphans: Vec<Orphan> = links
        .into_iter()
        .filter_map(|link| {
            let reason = if link.computer_name.is_none() {
                Orphaned::ComputerGone
            } else if !existing.contains_key(&link.ocsid) {
                Orphaned::MachineGone
            } else {
                return None;
            };
            Some(Orphan { link, reason })
        })
        .collect();
    if dry_run || orphans.is_empty() {
        return Ok(orphans);
    }
    let tx = host.db().begin()?;
    let ids: Vec<Value> = orphans.iter().map(|o| o.link.id.into()).collect();
    for chunk in ids.chunks(500) {
        tx.execute(
            &format!("DELETE FROM {LINKS} WHERE id IN ({})", marks(chunk.len())),
            chunk,
        )?;
    }
    tx.commit()?;
    Ok(orphans)
}
