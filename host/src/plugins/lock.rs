//! The exclusive lock that serialises scans and extractions of
//! `plugins_dir` between parc processes.

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Held while scanning or extracting; released on drop.
#[derive(Debug)]
pub struct PluginsDirLock {
    _file: File,
}

impl PluginsDirLock {
    /// Blocks until this process holds the lock of `plugins_dir` (created if
    /// missing, with the directory).
    pub fn acquire(plugins_dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(plugins_dir)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(plugins_dir.join(".lock"))?;
        file.lock()?;
        Ok(Self { _file: file })
    }
}
