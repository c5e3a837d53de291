//! The plugins loaded in this process and the way the host calls them.
//!
//! Plugins are synchronous, the host is async: every call runs on a
//! blocking thread (`spawn_blocking`) with a per-invocation context (where
//! CLI output goes, the task being run, cancellation) kept in a
//! thread-local that host services read. No tokio, sqlx or tracing type
//! ever crosses the boundary.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RResult, RStr};
use parc_plugin_api::abi::{HostServices_TO, PluginBox};
use parc_plugin_api::{ErrorKind, messages::LibraryInfo};
use serde::{Serialize, de::DeserializeOwned};

use super::loader::{Library, LoadError};
use super::manifest::{self, Manifest, ManifestError};
use super::probe;
use super::services::{PluginServices, ServicesRef};
use crate::assets::AssetStore;
use crate::config::Config;
use crate::store::{self, Db, StoreError};

/// Why a plugin could not be called.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    /// The plugin returned an error (or panicked: kind PANIC).
    #[error("{}", .0.message())]
    Plugin(parc_plugin_api::Error),
    /// The call did not finish in time.
    #[error("the plugin did not answer {kind} within {seconds}s")]
    Timeout {
        /// Message kind.
        kind: String,
        /// Limit.
        seconds: u64,
    },
    /// The reply could not be decoded.
    #[error("the plugin's reply to {kind} is invalid: {message}")]
    Reply {
        /// Message kind.
        kind: String,
        /// Details.
        message: String,
    },
    /// The host's worker thread failed.
    #[error("the call to the plugin failed: {0}")]
    Join(String),
}

impl InvokeError {
    /// Whether the plugin panicked.
    pub fn is_panic(&self) -> bool {
        matches!(self, Self::Plugin(e) if e.kind() == ErrorKind::PANIC)
    }

    /// Whether the plugin does not support the message.
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Self::Plugin(e) if e.kind() == ErrorKind::UNSUPPORTED)
    }
}

/// Why a plugin could not be loaded in-process.
#[derive(Debug, thiserror::Error)]
pub enum LoadPluginError {
    /// No such plugin row.
    #[error(
        "no plugin {0:?}: run `parc plugin list` to see the plugins found in the plugins directory"
    )]
    Unknown(String),
    /// Files missing.
    #[error("the files of plugin {key} are missing ({path}): it can only be cleaned")]
    Missing {
        /// Key.
        key: String,
        /// Expected directory.
        path: String,
    },
    /// plugin.toml refused.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// Checksum differs from plugin.toml.
    #[error(
        "the library of {key} does not match its plugin.toml checksum (modified or truncated on disk)"
    )]
    Checksum {
        /// Key.
        key: String,
    },
    /// The library was refused.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The library's metadata disagrees with plugin.toml.
    #[error("{0}")]
    Disagree(String),
    /// The plugin's constructor failed.
    #[error("plugin {key} failed to start: {message}")]
    Instantiate {
        /// Key.
        key: String,
        /// Message.
        message: String,
    },
    /// Database error.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Filesystem error.
    #[error("cannot read {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// Where a command's output goes.
pub trait Output: Send + Sync {
    /// Writes `text` to `stdout` or `stderr`.
    fn write(&self, stderr: bool, text: &str);
}

/// The process's own stdout and stderr.
#[derive(Debug, Default)]
pub struct StdOutput;

impl Output for StdOutput {
    fn write(&self, stderr: bool, text: &str) {
        use std::io::Write;
        if stderr {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        } else {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }
}

/// Receives the log lines of a running automatic action.
pub trait TaskLog: Send + Sync {
    /// One message.
    fn log(&self, text: &str);
}

/// What host services know about the call in progress on this thread.
#[derive(Default, Clone)]
pub struct Invocation {
    /// Where `cli.write` goes.
    pub output: Option<Arc<dyn Output>>,
    /// Where `task.log` goes.
    pub task_log: Option<Arc<dyn TaskLog>>,
    /// Set to ask the plugin to stop.
    pub cancelled: Arc<AtomicBool>,
}

thread_local! {
    static CURRENT: RefCell<Option<Invocation>> = const { RefCell::new(None) };
}

/// The invocation running on this thread, if any.
pub(crate) fn current_invocation() -> Option<Invocation> {
    CURRENT.with(|c| c.borrow().clone())
}

/// A plugin library loaded in this process, with its plugin object.
pub struct LoadedPlugin {
    key: String,
    manifest: Manifest,
    library: Library,
    object: PluginBox,
    services: Arc<PluginServices>,
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("key", &self.key)
            .field("version", &self.manifest.version)
            .finish()
    }
}

impl LoadedPlugin {
    /// Plugin key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Its manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// What the library says about itself.
    pub fn info(&self) -> &LibraryInfo {
        self.library.info()
    }
}

/// Everything a process needs to run plugins: configuration, database, the
/// libraries it loaded.
pub struct PluginHost {
    config: Config,
    db: Db,
    assets: AssetStore,
    handle: tokio::runtime::Handle,
    probe_executable: PathBuf,
    loaded: Mutex<HashMap<String, Arc<LoadedPlugin>>>,
    /// Limit for lifecycle calls (install, activate, …).
    pub lifecycle_timeout: Duration,
}

impl std::fmt::Debug for PluginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginHost")
            .field("plugins_dir", &self.config.plugins_dir)
            .finish()
    }
}

impl PluginHost {
    /// A host on an open database; must be created inside a tokio runtime.
    pub fn new(config: Config, db: Db) -> Arc<Self> {
        Self::with_probe(config, db, probe::default_executable())
    }

    /// The same, probing libraries with `probe_executable` (a `parc`
    /// binary) instead of the current executable.
    pub fn with_probe(config: Config, db: Db, probe_executable: PathBuf) -> Arc<Self> {
        Arc::new(Self {
            assets: AssetStore::new(db.clone()),
            config,
            db,
            handle: tokio::runtime::Handle::current(),
            probe_executable,
            loaded: Mutex::new(HashMap::new()),
            lifecycle_timeout: Duration::from_secs(300),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The runtime the host runs on (host services block on it from
    /// plugin threads).
    pub fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }

    /// The asset store (shared with the plugins' host services).
    pub fn assets(&self) -> &AssetStore {
        &self.assets
    }

    /// The executable used to probe libraries in a child process.
    pub fn probe_executable(&self) -> &std::path::Path {
        &self.probe_executable
    }

    /// Directory of a plugin version.
    pub fn version_dir(&self, key: &str, version: &str) -> PathBuf {
        self.config.plugins_dir.join(key).join(version)
    }

    /// Loads (once per process and version) the plugin `key` at the version
    /// recorded in `glpi_plugins`, verifying its manifest, checksum and
    /// metadata, and instantiates it.
    pub async fn load(self: &Arc<Self>, key: &str) -> Result<Arc<LoadedPlugin>, LoadPluginError> {
        let record = store::plugins::get(&self.db, key)
            .await?
            .ok_or_else(|| LoadPluginError::Unknown(key.to_owned()))?;
        if let Some(loaded) = self.cached(key)
            && loaded.manifest.version == record.version
        {
            return Ok(loaded);
        }
        let dir = self.version_dir(key, &record.version);
        let this = Arc::clone(self);
        let key_owned = key.to_owned();
        let loaded = tokio::task::spawn_blocking(move || this.load_blocking(&key_owned, &dir))
            .await
            .map_err(|e| LoadPluginError::Instantiate {
                key: key.to_owned(),
                message: e.to_string(),
            })??;
        let loaded = Arc::new(loaded);
        self.loaded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_owned(), Arc::clone(&loaded));
        Ok(loaded)
    }

    fn cached(&self, key: &str) -> Option<Arc<LoadedPlugin>> {
        self.loaded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    fn load_blocking(
        self: &Arc<Self>,
        key: &str,
        dir: &std::path::Path,
    ) -> Result<LoadedPlugin, LoadPluginError> {
        if !dir.is_dir() {
            return Err(LoadPluginError::Missing {
                key: key.to_owned(),
                path: dir.display().to_string(),
            });
        }
        let manifest = Manifest::read(&dir.join(manifest::FILE_NAME))?;
        if manifest.key != key {
            return Err(LoadPluginError::Disagree(format!(
                "plugin.toml in {} declares key {:?}",
                dir.display(),
                manifest.key
            )));
        }
        manifest.check_compatible(super::HOST_VERSION)?;
        let library_path = dir.join(&manifest.library);
        let sha = manifest::sha256_file(&library_path).map_err(|source| LoadPluginError::Io {
            path: library_path.display().to_string(),
            source,
        })?;
        if !sha.eq_ignore_ascii_case(&manifest.sha256) {
            return Err(LoadPluginError::Checksum {
                key: key.to_owned(),
            });
        }
        let library = Library::open(&library_path)?;
        probe::agree(library.info(), &manifest).map_err(LoadPluginError::Disagree)?;
        let services = Arc::new(PluginServices::new(
            key,
            self.db.clone(),
            self.assets.clone(),
            self.handle.clone(),
            &self.config,
        ));
        let host = HostServices_TO::from_value(ServicesRef(Arc::clone(&services)), TD_Opaque);
        let object = library
            .instantiate(host)
            .map_err(|e| LoadPluginError::Instantiate {
                key: key.to_owned(),
                message: e.message().to_owned(),
            })?;
        Ok(LoadedPlugin {
            key: key.to_owned(),
            manifest,
            library,
            object,
            services,
        })
    }

    /// Sends one message to a plugin on a blocking thread and decodes the
    /// reply. `timeout` bounds the wait (the plugin is asked to stop and
    /// its thread is abandoned if it overruns).
    pub async fn invoke<P, R>(
        &self,
        plugin: &Arc<LoadedPlugin>,
        kind: &str,
        payload: &P,
        invocation: Invocation,
        timeout: Option<Duration>,
    ) -> Result<R, InvokeError>
    where
        P: Serialize,
        R: DeserializeOwned,
    {
        let payload = serde_json::to_string(payload).map_err(|e| InvokeError::Reply {
            kind: kind.to_owned(),
            message: e.to_string(),
        })?;
        let plugin_for_call = Arc::clone(plugin);
        let kind_owned = kind.to_owned();
        let cancelled = Arc::clone(&invocation.cancelled);
        let active = plugin.services.begin_call();
        let call = tokio::task::spawn_blocking(move || {
            CURRENT.with(|c| *c.borrow_mut() = Some(invocation));
            let result = plugin_for_call
                .object
                .invoke(RStr::from_str(&kind_owned), RStr::from_str(&payload));
            CURRENT.with(|c| *c.borrow_mut() = None);
            // Transactions the plugin left open die with the call (with
            // the last one, when calls overlap).
            drop(active);
            result
        });
        let joined = match timeout {
            Some(limit) => match tokio::time::timeout(limit, call).await {
                Ok(joined) => joined,
                Err(_) => {
                    cancelled.store(true, Ordering::Relaxed);
                    return Err(InvokeError::Timeout {
                        kind: kind.to_owned(),
                        seconds: limit.as_secs(),
                    });
                }
            },
            None => call.await,
        };
        match joined.map_err(|e| InvokeError::Join(e.to_string()))? {
            RResult::ROk(reply) => {
                let text = if reply.is_empty() {
                    "null"
                } else {
                    reply.as_str()
                };
                serde_json::from_str(text).map_err(|e| InvokeError::Reply {
                    kind: kind.to_owned(),
                    message: e.to_string(),
                })
            }
            RResult::RErr(error) => Err(InvokeError::Plugin(error.into())),
        }
    }

    /// Calls a plugin from synchronous code that is not on a runtime
    /// thread (benchmarks): no timeout, no thread hop.
    pub fn invoke_blocking(
        &self,
        plugin: &LoadedPlugin,
        kind: &str,
        payload: &str,
    ) -> Result<String, parc_plugin_api::Error> {
        match plugin
            .object
            .invoke(RStr::from_str(kind), RStr::from_str(payload))
        {
            RResult::ROk(reply) => Ok(reply.into_string()),
            RResult::RErr(error) => Err(error.into()),
        }
    }
}
