//! Maps a plugin library into the process and hands back its root module.
//!
//! The only module of the host with `unsafe` code. It uses abi_stable's
//! low-level path (`RawLibrary::load_at` → `lib_header_from_raw_library` →
//! `init_root_module`) because `RootModule::load_from_*` caches one library
//! per root-module type and would return the first plugin for every later
//! one. Libraries are leaked on purpose: unloading Rust libraries is unsound
//! (thread-locals, leaked statics), so a loaded library stays mapped until
//! the process exits.
#![allow(unsafe_code)]

use std::path::{Path, PathBuf};

use abi_stable::library::{LibraryError, RawLibrary, lib_header_from_raw_library};
use abi_stable::std_types::RResult;
use parc_plugin_api::abi::{HostBox, PluginBox, PluginModule_Ref};
use parc_plugin_api::messages::LibraryInfo;

/// Why a library could not be loaded; messages are meant for sysadmins.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// dlopen failed (missing, truncated, wrong architecture, …).
    #[error("cannot open {path}: {message}")]
    Open {
        /// Library.
        path: PathBuf,
        /// The dynamic loader's message.
        message: String,
    },
    /// A shared library, but not a parc plugin.
    #[error("{0} is not a parc plugin: it exports no plugin root module")]
    NotAPlugin(PathBuf),
    /// Built with another abi_stable ABI.
    #[error("{path} was built with an incompatible abi_stable version: {message}")]
    AbiHeader {
        /// Library.
        path: PathBuf,
        /// Details.
        message: String,
    },
    /// Built against another plugin-api major.
    #[error(
        "{path} was built against plugin-api {library}, this host provides plugin-api {host}: rebuild the plugin against parc-plugin-api {host_major}.x"
    )]
    ApiVersion {
        /// Library.
        path: PathBuf,
        /// Version the library was built against.
        library: String,
        /// The host's version.
        host: String,
        /// The host's major.
        host_major: String,
    },
    /// The ABI layouts differ (a plugin-api that is not a released 1.x).
    #[error(
        "{path} was built against an incompatible plugin-api (its types differ from plugin-api {host}); rebuild it against a released parc-plugin-api"
    )]
    Layout {
        /// Library.
        path: PathBuf,
        /// The host's version.
        host: String,
    },
    /// The library's root module initialiser failed or panicked.
    #[error("{path} failed to initialise: {message}")]
    Init {
        /// Library.
        path: PathBuf,
        /// Details.
        message: String,
    },
    /// `describe` returned something unreadable.
    #[error("{path} describes itself with invalid metadata: {message}")]
    Metadata {
        /// Library.
        path: PathBuf,
        /// Details.
        message: String,
    },
}

/// A loaded plugin library.
#[derive(Clone)]
pub struct Library {
    root: PluginModule_Ref,
    info: LibraryInfo,
    path: PathBuf,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("path", &self.path)
            .field("info", &self.info)
            .finish()
    }
}

impl Library {
    /// Loads the library at `path` and reads its metadata. Runs the
    /// library's static initialisers and abi_stable's checks (abi_stable
    /// header, plugin-api version, layouts of every frozen type), but no
    /// plugin code beyond the pure `describe`.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let path = path.to_path_buf();
        let raw = RawLibrary::load_at(&path).map_err(|e| map_error(&path, e))?;
        let raw: &'static RawLibrary = Box::leak(Box::new(raw));
        // SAFETY: the library stays loaded for the life of the process (it is
        // leaked above), which is what lib_header_from_raw_library requires.
        let header =
            unsafe { lib_header_from_raw_library(raw) }.map_err(|e| map_error(&path, e))?;
        let root = header
            .init_root_module::<PluginModule_Ref>()
            .map_err(|e| map_error(&path, e))?;
        let json = (root.describe())();
        let info: LibraryInfo =
            serde_json::from_str(json.as_str()).map_err(|e| LoadError::Metadata {
                path: path.clone(),
                message: e.to_string(),
            })?;
        Ok(Self { root, info, path })
    }

    /// What the library says about itself.
    pub fn info(&self) -> &LibraryInfo {
        &self.info
    }

    /// Where it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates the plugin object (the SDK installs log forwarding first and
    /// catches panics of the plugin's constructor).
    pub fn instantiate(&self, host: HostBox) -> Result<PluginBox, parc_plugin_api::Error> {
        match (self.root.instantiate())(host) {
            RResult::ROk(plugin) => Ok(plugin),
            RResult::RErr(error) => Err(error.into()),
        }
    }
}

fn map_error(path: &Path, error: LibraryError) -> LoadError {
    let path = path.to_path_buf();
    let host = parc_plugin_api::API_VERSION.to_owned();
    match error {
        LibraryError::OpenError { err, .. } => LoadError::Open {
            path,
            message: err.to_string(),
        },
        LibraryError::GetSymbolError { .. } => LoadError::NotAPlugin(path),
        LibraryError::InvalidAbiHeader(header) => LoadError::AbiHeader {
            path,
            message: format!("{header:?}"),
        },
        LibraryError::InvalidCAbi { .. } => LoadError::AbiHeader {
            path,
            message: "C ABI self-test failed".to_owned(),
        },
        LibraryError::IncompatibleVersionNumber { actual_version, .. } => LoadError::ApiVersion {
            path,
            library: actual_version.to_string(),
            host_major: host.split('.').next().unwrap_or("1").to_owned(),
            host,
        },
        LibraryError::AbiInstability(details) => {
            tracing::debug!(library = %path.display(), "layout mismatch: {details}");
            LoadError::Layout { path, host }
        }
        other => LoadError::Init {
            path,
            message: other.to_string(),
        },
    }
}
