//! `cron.log` in the data directory: one line per launch and outcome, as
//! GLPI writes its `files/_log/cron.log`.

use std::io::Write;
use std::path::PathBuf;

/// Appends lines to `<data_dir>/cron.log`.
#[derive(Debug, Clone)]
pub struct CronLog {
    path: PathBuf,
}

impl CronLog {
    /// The log of a data directory.
    pub fn new(data_dir: &std::path::Path) -> Self {
        Self {
            path: data_dir.join("cron.log"),
        }
    }

    /// Appends `message` with the date and host name.
    pub fn line(&self, message: &str) {
        let host = super::holder::this_host();
        let stamp = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        let line = format!("{stamp} [@{host}] {message}\n");
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            tracing::warn!(path = %self.path.display(), "cannot write cron.log: {e}");
        }
    }
}
