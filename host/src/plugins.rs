//! Plugins: from an archive dropped in `plugins_dir` to a running library.
//!
//! The flow, in the order things happen:
//! * [`archive`] validates a `<key>-<version>.tar.gz` and extracts it
//!   atomically to `plugins_dir/<key>/<version>/` ([`manifest`] checks
//!   `plugin.toml` before any library is opened; [`probe`] then opens the
//!   library in a child process to compare its own metadata);
//! * [`discovery`] scans `plugins_dir` under an exclusive [`lock`] and keeps
//!   `glpi_plugins` in step with the disk (GLPI's `checkStates`);
//! * [`loader`] maps a library in-process through abi_stable's low-level
//!   path, and [`services`] is what the host offers it in return;
//! * [`lifecycle`] implements GLPI's transitions (install, activate, …) with
//!   the [`state`] numbers, storing what the plugin registers.
//!
//! Libraries are never unloaded: deactivation is logical (registrations are
//! hidden, the plugin is no longer called) and an upgrade is a new path,
//! effective for the next process.

pub mod archive;
pub mod discovery;
pub mod extdb;
pub mod hooks;
pub mod lifecycle;
pub mod loader;
pub mod lock;
pub mod manifest;
pub mod pack;
pub mod probe;
pub mod runtime;
pub mod services;
pub mod sql_guard;
pub mod state;

pub use lifecycle::{LifecycleError, PluginView};
pub use runtime::PluginHost;
pub use state::PluginState;

/// The data behind a mutex of the plugin services, also after a panic
/// while it was held: a plugin call that panicked must not wedge the
/// services every later call goes through.
pub(crate) fn locked<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The version of this host, matched against plugins' `host` requirement.
pub const HOST_VERSION: &str = env!("CARGO_PKG_VERSION");
