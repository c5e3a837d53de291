//! Keeps `glpi_plugins` in step with `plugins_dir` (GLPI's `checkStates`):
//! dropped archives are extracted or rejected, new plugins get a row,
//! version changes mark installed plugins "To update", `oldname` marks the
//! replaced plugin. No plugin code runs here (archives are probed in a child
//! process).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use semver::Version;

use super::archive::{self, ArchiveError, Extracted};
use super::lock::PluginsDirLock;
use super::manifest::{self, Manifest};
use super::probe;
use super::runtime::PluginHost;
use super::state::PluginState;
use crate::store::{self, StoreError, plugins::PluginInfo};

/// Name of the directory refused archives are moved to.
pub const REJECTED_DIR: &str = ".rejected";

/// Errors of a scan or an add.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    /// The archive was refused.
    #[error("{archive}: {source}")]
    Archive {
        /// Archive path.
        archive: String,
        /// Why.
        source: ArchiveError,
    },
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Filesystem error.
    #[error("{0}")]
    Io(String),
}

/// What a scan did, for messages.
#[derive(Debug, Default, Clone)]
pub struct ScanReport {
    /// Archives extracted.
    pub added: Vec<String>,
    /// Archives refused, with the reason.
    pub rejected: Vec<(String, String)>,
}

/// The newest valid version directory of each plugin on disk.
pub fn plugins_on_disk(plugins_dir: &Path) -> HashMap<String, Manifest> {
    let mut found = HashMap::new();
    let Ok(entries) = fs::read_dir(plugins_dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !manifest::is_valid_key(&name) || !entry.path().is_dir() {
            continue;
        }
        if let Some(manifest) = newest_version(&entry.path(), &name) {
            found.insert(name, manifest);
        }
    }
    found
}

fn newest_version(dir: &Path, key: &str) -> Option<Manifest> {
    let mut best: Option<(Version, Manifest)> = None;
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let Ok(version) = Version::parse(&entry.file_name().to_string_lossy()) else {
            continue;
        };
        let path = entry.path().join(manifest::FILE_NAME);
        match Manifest::read(&path) {
            Ok(m) if m.key == key && m.version().ok().as_ref() == Some(&version) => {
                if best.as_ref().is_none_or(|(v, _)| version > *v) {
                    best = Some((version, m));
                }
            }
            Ok(_) => {
                tracing::warn!(path = %path.display(), "plugin.toml does not match its directory; ignored")
            }
            Err(e) => tracing::warn!(path = %path.display(), "ignored: {e}"),
        }
    }
    best.map(|(_, m)| m)
}

/// Whether the files of plugin `key` are present (else: ToBeCleaned).
pub fn files_present(plugins_dir: &Path, key: &str) -> bool {
    plugins_dir.join(key).is_dir()
}

/// Why the library in a plugin version directory cannot be trusted: it
/// differs from the sha256 its plugin.toml records (altered or truncated
/// after extraction), or it cannot be read. `None` when it matches, or when
/// there is no such directory (other states say so).
pub fn library_altered(version_dir: &Path) -> Option<String> {
    let manifest = Manifest::read(&version_dir.join(manifest::FILE_NAME)).ok()?;
    let library = version_dir.join(&manifest.library);
    match manifest::sha256_file(&library) {
        Ok(actual) if actual.eq_ignore_ascii_case(&manifest.sha256) => None,
        Ok(actual) => Some(format!(
            "library altered: {} has sha256 {actual}, its plugin.toml says {}; it is not loaded. \
             Remove {} and add the plugin's archive again (`parc plugin add ARCHIVE`)",
            library.display(),
            manifest.sha256,
            version_dir.display()
        )),
        Err(e) => Some(format!(
            "library unreadable: {}: {e}; it is not loaded",
            library.display()
        )),
    }
}

impl PluginHost {
    /// Validates and extracts an archive (`parc plugin add`), then scans.
    pub async fn add_archive(
        self: &Arc<Self>,
        archive: &Path,
    ) -> Result<Extracted, DiscoveryError> {
        let _lock = self.lock().await?;
        let extracted = self.extract_locked(archive).await?;
        self.sync_rows().await?;
        Ok(extracted)
    }

    /// Processes archives dropped into `plugins_dir` and refreshes the rows.
    pub async fn scan(self: &Arc<Self>) -> Result<ScanReport, DiscoveryError> {
        let _lock = self.lock().await?;
        let mut report = ScanReport::default();
        let dir = self.config().plugins_dir.clone();
        let mut archives: Vec<PathBuf> = fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.to_string_lossy().ends_with(".tar.gz"))
                    .collect()
            })
            .unwrap_or_default();
        archives.sort();
        for path in archives {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match self.extract_locked(&path).await {
                Ok(extracted) => {
                    fs::remove_file(&path).map_err(|e| DiscoveryError::Io(e.to_string()))?;
                    tracing::info!(archive = %name, dir = %extracted.dir.display(), "plugin archive extracted");
                    report.added.push(name);
                }
                Err(DiscoveryError::Archive { source, .. }) => {
                    let reason = source.to_string();
                    tracing::warn!(archive = %name, "plugin archive refused: {reason}");
                    reject(&dir, &path, &reason).map_err(|e| DiscoveryError::Io(e.to_string()))?;
                    report.rejected.push((name, reason));
                }
                Err(other) => return Err(other),
            }
        }
        self.sync_rows().await?;
        Ok(report)
    }

    async fn lock(&self) -> Result<PluginsDirLock, DiscoveryError> {
        let dir = self.config().plugins_dir.clone();
        tokio::task::spawn_blocking(move || PluginsDirLock::acquire(&dir))
            .await
            .map_err(|e| DiscoveryError::Io(e.to_string()))?
            .map_err(|e| DiscoveryError::Io(format!("cannot lock the plugins directory: {e}")))
    }

    async fn extract_locked(&self, archive: &Path) -> Result<Extracted, DiscoveryError> {
        let archive = archive.to_path_buf();
        let plugins_dir = self.config().plugins_dir.clone();
        let exe = self.probe_executable().to_path_buf();
        let shown = archive.display().to_string();
        tokio::task::spawn_blocking(move || {
            let prober = |library: &Path, manifest: &Manifest| {
                probe::check(&exe, library, manifest).map(|_| ())
            };
            archive::extract(&archive, &plugins_dir, super::HOST_VERSION, &prober)
        })
        .await
        .map_err(|e| DiscoveryError::Io(e.to_string()))?
        .map_err(|source| DiscoveryError::Archive {
            archive: shown,
            source,
        })
    }

    /// Brings rows in line with the directories on disk (the caller holds
    /// the lock).
    async fn sync_rows(&self) -> Result<(), DiscoveryError> {
        let on_disk = plugins_on_disk(&self.config().plugins_dir);
        let db = self.db();
        let rows = store::plugins::list(db).await?;
        let replaced_by = |key: &str| -> Option<&Manifest> {
            on_disk
                .values()
                .find(|m| m.key != key && m.oldname.as_deref() == Some(key))
        };
        for (key, manifest) in &on_disk {
            let info = PluginInfo {
                directory: key,
                name: &manifest.name,
                version: &manifest.version,
                author: &manifest.author,
                homepage: &manifest.homepage,
                license: &manifest.license,
            };
            let Some(row) = rows.iter().find(|r| &r.directory == key) else {
                let (state, reason) = match replaced_by(key) {
                    Some(by) => (PluginState::Replaced, format!("replaced by {}", by.key)),
                    None => (
                        PluginState::NotInstalled,
                        format!(
                            "found version {} in the plugins directory",
                            manifest.version
                        ),
                    ),
                };
                store::plugins::insert(db, &info, state.code(), &reason).await?;
                continue;
            };
            let state = PluginState::from_code(row.state);
            if row.version == manifest.version
                && state == PluginState::NotUpdated
                && row.installed_version.as_deref() == Some(manifest.version.as_str())
            {
                let reason = format!("version {} on disk is the installed one", manifest.version);
                store::plugins::set_state(db, key, PluginState::NotActivated.code(), &reason, None)
                    .await?;
            }
            if row.version != manifest.version {
                store::plugins::update_info(db, &info).await?;
                if state.is_installed() {
                    let reason = format!(
                        "version {} found on disk, {} installed: run `parc plugin install {key}` to update",
                        manifest.version,
                        row.installed_version.as_deref().unwrap_or(&row.version)
                    );
                    store::plugins::set_state(
                        db,
                        key,
                        PluginState::NotUpdated.code(),
                        &reason,
                        None,
                    )
                    .await?;
                }
            }
        }
        // Replacement applies to rows whose plugin may be gone from disk too.
        for row in &rows {
            let state = PluginState::from_code(row.state);
            match (replaced_by(&row.directory), state) {
                (Some(by), s) if s != PluginState::Replaced => {
                    let reason = format!("replaced by {} ({})", by.key, by.name);
                    store::plugins::set_state(
                        db,
                        &row.directory,
                        PluginState::Replaced.code(),
                        &reason,
                        None,
                    )
                    .await?;
                }
                (None, PluginState::Replaced) => {
                    store::plugins::set_state(
                        db,
                        &row.directory,
                        PluginState::NotInstalled.code(),
                        "its replacement is gone",
                        Some(None),
                    )
                    .await?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Moves a refused archive to `.rejected/` with a `.reason` file beside it.
fn reject(plugins_dir: &Path, archive: &Path, reason: &str) -> std::io::Result<()> {
    let rejected = plugins_dir.join(REJECTED_DIR);
    fs::create_dir_all(&rejected)?;
    let name = archive
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    let target = rejected.join(&name);
    fs::rename(archive, &target)?;
    let mut reason_file = target.into_os_string();
    reason_file.push(".reason");
    fs::write(reason_file, format!("{reason}\n"))
}
