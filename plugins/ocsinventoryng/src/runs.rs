//! Run records (GLPI's "threads"): every manual or scheduled run, with its
//! counts, and their retention.

use parc_plugin_api::{Host, Result};

use crate::schema;

/// Run status: finished (GLPI's `PLUGIN_OCSINVENTORYNG_STATE_FINISHED`).
pub const FINISHED: i64 = 3;

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
