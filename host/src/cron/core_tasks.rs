//! The core's automatic actions: `logs` (automatic-action logs past their
//! retention), `unlocktasks` (tasks left Running by a dead process) and
//! `purgetrash` (computers in the trash for more than `param` days;
//! disabled by default).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::cronlog::CronLog;
use super::scheduler;
use crate::plugins::PluginHost;
use crate::store::cron::CronTask;
use crate::store::{self, now};

/// Runs a core task; returns GLPI's code and the volume.
pub async fn run(
    host: &Arc<PluginHost>,
    task: &CronTask,
    _cancelled: &AtomicBool,
) -> Result<(i64, i64), String> {
    let volume = match task.name.as_str() {
        "logs" => store::cron::clean_logs(host.db(), now())
            .await
            .map_err(|e| e.to_string())? as i64,
        "unlocktasks" => {
            let cronlog = CronLog::new(&host.config().data_dir);
            scheduler::recover_stuck(host, &cronlog)
                .await
                .map_err(|e| e.to_string())? as i64
        }
        "purgetrash" => {
            let days = task.param.unwrap_or(0);
            if days <= 0 {
                return Ok((0, 0));
            }
            let cutoff = now() - chrono::Duration::days(days);
            let ids = store::assets::trash::trashed_before(host.db(), cutoff)
                .await
                .map_err(|e| e.to_string())?;
            host.purge_computers(&ids, false, &mut |_, _| {})
                .await
                .map_err(|e| e.to_string())? as i64
        }
        other => return Err(format!("no core task named {other}")),
    };
    Ok((if volume > 0 { 1 } else { 0 }, volume))
}
