//! Run records (GLPI's "threads"): every manual or scheduled run, with its
//! counts, and their retention.

use parc_plugin_api::{Db, Error, Host, Result};
use serde::Serialize;
use serde_json::Value;

use crate::process::{Counts, status};
use crate::schema::{self, DETAILS, RUNS, SERVERS};

/// Run status: started (GLPI's `PLUGIN_OCSINVENTORYNG_STATE_STARTED`).
pub const STARTED: i64 = 1;
/// Run status: finished (GLPI's `PLUGIN_OCSINVENTORYNG_STATE_FINISHED`).
pub const FINISHED: i64 = 3;

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Records the start of a run; returns its id. Runs of this server left
/// started by a process that no longer exists (killed, machine rebooted)
/// are closed first, in error, so that they do not show as running forever.
pub fn start(host: &Host, server: i64, origin: &str) -> Result<i64> {
    close_interrupted(host, server)?;
    let done = host.db().execute(
        &format!(
            "INSERT INTO {RUNS} (threadid, processid, start_time, status, origin, \
             plugin_ocsinventoryng_ocsservers_id) VALUES (0, ?, ?, ?, ?, ?)"
        ),
        &[
            std::process::id().into(),
            now().into(),
            STARTED.into(),
            origin.into(),
            server.into(),
        ],
    )?;
    done.last_insert_id
        .ok_or_else(|| Error::new("the host returned no id for the new run"))
}

/// Closes the started runs of `server` whose process is gone. Only on
/// Linux, where `/proc` tells; a run recorded by parc on another machine
/// sharing the database may be closed too early, and its own end then
/// writes the real outcome over this one.
fn close_interrupted(host: &Host, server: i64) -> Result<()> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    let started = host.db().query(
        &format!(
            "SELECT id, processid FROM {RUNS} \
             WHERE plugin_ocsinventoryng_ocsservers_id = ? AND status = ?"
        ),
        &[server.into(), STARTED.into()],
    )?;
    for row in &started.rows {
        let (Some(id), Some(pid)) = (row[0].as_i64(), row[1].as_i64()) else {
            continue;
        };
        if std::path::Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        host.db().execute(
            &format!(
                "UPDATE {RUNS} SET end_time = ?, status = ?, error_msg = ? \
                 WHERE id = ? AND status = ?"
            ),
            &[
                now().into(),
                FINISHED.into(),
                format!("interrupted: process {pid} ended before the run finished").into(),
                id.into(),
                STARTED.into(),
            ],
        )?;
    }
    Ok(())
}

/// Saves a run's counters (inside the batch's transaction). Deletions and
/// merges are counted apart (`deleted_machines_number`, and parc's own
/// `merged_machines_number`), as a run's details record them.
pub fn save_counts(db: &Db, run: i64, counts: &Counts) -> Result<()> {
    db.execute(
        &format!(
            "UPDATE {RUNS} SET imported_machines_number = ?, synchronized_machines_number = ?, \
             failed_rules_machines_number = ?, linked_machines_number = ?, \
             notupdated_machines_number = ?, not_unique_machines_number = ?, \
             link_refused_machines_number = ?, deleted_machines_number = ?, \
             merged_machines_number = ?, failed_machines_number = ?, total_number_machines = ? \
             WHERE id = ?"
        ),
        &[
            counts.imported.into(),
            counts.synchronized.into(),
            counts.failed_rules.into(),
            counts.linked.into(),
            counts.not_updated.into(),
            counts.not_unique.into(),
            counts.link_refused.into(),
            counts.deleted.into(),
            counts.merged.into(),
            counts.failed.into(),
            counts.total().into(),
            run.into(),
        ],
    )?;
    Ok(())
}

/// A run's counts in words, the same in run summaries, the task's log and
/// `runs show` (deletions and merges apart, as `runs list` shows them).
pub fn counts_text(c: &Counts) -> String {
    // (English, French, value): one list, so both languages keep the same
    // counts in the same order.
    let counts = [
        ("imported", "importés", c.imported),
        ("linked", "liés", c.linked),
        ("synchronized", "synchronisés", c.synchronized),
        ("refused", "refusés", c.link_refused),
        ("no entity rule", "sans règle d'entité", c.failed_rules),
        ("failed", "en échec", c.failed),
        ("deleted", "supprimés", c.deleted),
        ("merged", "fusionnés", c.merged),
    ];
    let french = crate::i18n::french();
    counts
        .iter()
        .map(|(en, fr, n)| format!("{} {n}", if french { fr } else { en }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ends a run: counters, end time, and the error that stopped it if any.
pub fn finish(host: &Host, run: i64, counts: &Counts, error: Option<&str>) -> Result<()> {
    save_counts(&host.db(), run, counts)?;
    host.db().execute(
        &format!("UPDATE {RUNS} SET end_time = ?, status = ?, error_msg = ? WHERE id = ?"),
        &[now().into(), FINISHED.into(), error.into(), run.into()],
    )?;
    Ok(())
}

/// A run as listed.
#[derive(Debug, Serialize)]
pub struct RunRow {
    pub id: i64,
    pub server: String,
    pub origin: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub status: &'static str,
    pub imported: i64,
    pub synchronized: i64,
    pub linked: i64,
    pub refused: i64,
    pub no_rule: i64,
    pub deleted: i64,
    pub merged: i64,
    pub failed: i64,
    pub total: i64,
    pub error: Option<String>,
}

const RUN_COLUMNS: &str = "r.id, s.name, r.origin, r.start_time, r.end_time, r.status, \
    r.imported_machines_number, r.synchronized_machines_number, r.linked_machines_number, \
    r.link_refused_machines_number, r.failed_rules_machines_number, r.deleted_machines_number, \
    r.failed_machines_number, r.total_number_machines, r.error_msg, r.merged_machines_number";

fn run_row(r: &[Value]) -> RunRow {
    let int = |v: &Value| v.as_i64().unwrap_or_default();
    let text = |v: &Value| v.as_str().map(str::to_owned);
    RunRow {
        id: int(&r[0]),
        server: text(&r[1]).unwrap_or_default(),
        origin: text(&r[2]).unwrap_or_default(),
        start_time: text(&r[3]),
        end_time: text(&r[4]),
        status: match (int(&r[5]), r[14].is_null()) {
            (FINISHED, true) => "finished",
            (FINISHED, false) => "error",
            _ => "running",
        },
        imported: int(&r[6]),
        synchronized: int(&r[7]),
        linked: int(&r[8]),
        refused: int(&r[9]),
        no_rule: int(&r[10]),
        deleted: int(&r[11]),
        failed: int(&r[12]),
        total: int(&r[13]),
        error: text(&r[14]),
        merged: int(&r[15]),
    }
}

/// The latest runs, newest first.
pub fn list(host: &Host, limit: usize) -> Result<Vec<RunRow>> {
    let rows = host.db().query(
        &format!(
            "SELECT {RUN_COLUMNS} FROM {RUNS} r LEFT JOIN {SERVERS} s \
             ON s.id = r.plugin_ocsinventoryng_ocsservers_id ORDER BY r.id DESC LIMIT {}",
            limit.max(1)
        ),
        &[],
    )?;
    Ok(rows.rows.iter().map(|r| run_row(r)).collect())
}

impl RunRow {
    /// The counts this row holds.
    pub fn counts(&self) -> Counts {
        let n = |v: i64| v.max(0) as u64;
        Counts {
            imported: n(self.imported),
            synchronized: n(self.synchronized),
            linked: n(self.linked),
            failed_rules: n(self.no_rule),
            link_refused: n(self.refused),
            deleted: n(self.deleted),
            merged: n(self.merged),
            failed: n(self.failed),
            ..Counts::default()
        }
    }
}

/// A run's per-computer detail.
#[derive(Debug, Serialize)]
pub struct DetailRow {
    pub ocsid: i64,
    pub computers_id: i64,
    pub outcome: &'static str,
    pub reason: String,
    pub rules_id: i64,
    pub entities_id: i64,
}

/// One run with its details.
pub fn show(host: &Host, id: i64) -> Result<(RunRow, Vec<DetailRow>)> {
    let rows = host.db().query(
        &format!(
            "SELECT {RUN_COLUMNS} FROM {RUNS} r LEFT JOIN {SERVERS} s \
             ON s.id = r.plugin_ocsinventoryng_ocsservers_id WHERE r.id = ?"
        ),
        &[id.into()],
    )?;
    let run = rows.rows.first().map(|r| run_row(r)).ok_or_else(|| {
        Error::invalid_input(crate::i18n::tr(
            format!("no run {id}"),
            format!("aucune exécution {id}"),
        ))
    })?;
    let details = host.db().query(
        &format!(
            "SELECT ocsid, computers_id, action, reason, rules_id, entities_id FROM {DETAILS} \
             WHERE plugin_ocsinventoryng_threads_id = ? ORDER BY id"
        ),
        &[id.into()],
    )?;
    let int = |v: &Value| v.as_i64().unwrap_or_default();
    let details = details
        .rows
        .iter()
        .map(|r| DetailRow {
            ocsid: int(&r[0]),
            computers_id: int(&r[1]),
            outcome: status::label(int(&r[2])),
            reason: r[3].as_str().unwrap_or_default().to_owned(),
            rules_id: int(&r[4]),
            entities_id: int(&r[5]),
        })
        .collect();
    Ok((run, details))
}

/// Deletes finished runs that ended more than `hours` ago, with their
/// per-computer details. Runs still going (no end time) are kept, unlike
/// the original which deleted them too. Returns the number deleted.
pub fn clean_old(host: &Host, hours: i64) -> Result<u64> {
    let db = host.db().begin()?;
    let cutoff = db.query(
        &format!(
            "SELECT id FROM {} WHERE status = ? AND end_time IS NOT NULL AND end_time < ?",
            schema::RUNS
        ),
        &[FINISHED.into(), hours_ago(hours).into()],
    )?;
    let ids: Vec<serde_json::Value> = cutoff.rows.into_iter().map(|r| r[0].clone()).collect();
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        db.execute(
            &format!(
                "DELETE FROM {} WHERE plugin_ocsinventoryng_threads_id IN ({marks})",
                schema::DETAILS
            ),
            chunk,
        )?;
        db.execute(
            &format!("DELETE FROM {} WHERE id IN ({marks})", schema::RUNS),
            chunk,
        )?;
    }
    db.commit()?;
    Ok(ids.len() as u64)
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) `hours` ago; the plugin writes its run
/// times in UTC.
fn hours_ago(hours: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::hours(hours.max(0)))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}
