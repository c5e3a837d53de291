//! # parc-plugin-api
//!
//! The only crate a parc plugin depends on: a small, frozen binary interface
//! (built on `abi_stable`) and a safe SDK on top of it. A plugin is a
//! `cdylib` that implements [`Plugin`] and calls [`export_plugin!`]; it never
//! sees FFI types.
//!
//! ```no_run
//! use parc_plugin_api::{Activation, Host, Plugin, Result, export_plugin};
//!
//! struct Hello {
//!     host: Host,
//! }
//!
//! impl Plugin for Hello {
//!     fn new(host: Host) -> Result<Self> {
//!         Ok(Self { host })
//!     }
//!
//!     fn activate(&self, activation: &mut Activation) -> Result<()> {
//!         activation.page("front/hello", "Hello");
//!         activation.menu("tools", "Hello", "front/hello");
//!         tracing::info!("hello is active"); // forwarded to the host log
//!         Ok(())
//!     }
//! }
//!
//! export_plugin!(Hello, key = "hello", name = "Hello", host = ">=0.1.0, <0.2.0");
//! ```
//!
//! ## What is stable
//!
//! * The ABI types in [`abi`] are frozen for all of 1.x: a plugin built
//!   against any 1.x loads in any 1.y host.
//! * The [`messages`] evolve by addition only (new kinds, new services, new
//!   fields with defaults).
//! * [`Plugin`] only gains methods with default bodies.
//!
//! Anything not documented here (the `__private` module in particular) is
//! not part of the supported API.
//!
//! ## Rules for plugin code
//!
//! * Build with `panic = "unwind"` (the default); [`export_plugin!`] refuses
//!   `panic = "abort"`. Panics are caught at every entry and reported.
//! * Do not use a tokio runtime from the host: the library has its own copy
//!   of tokio without a reactor. Everything asynchronous (database, remote
//!   SQL, HTTP) goes through host services, which are synchronous calls.
//! * Log with `tracing`; events are forwarded to the host's log.
//! * Print a command's listings with [`CommandRun::table`] (parc's own
//!   layout: aligned columns under upper-case headers) and offer `--json`
//!   for scripts.
#![deny(missing_docs)]

pub mod abi;
mod error;
pub mod messages;
mod sdk;

pub use abi::{ErrorKind, LogLevel};
pub use error::{Error, Result};
pub use sdk::external::{ExternalDb, RowStream};
pub use sdk::host::{Db, Host, StagedInventories};
pub use sdk::plugin::{Activation, CommandRun, Install, Plugin, TaskRun, TaskStatus};
pub use sdk::table::table;

/// Re-exported so plugins log through the same `tracing` the SDK forwards.
/// Consider semver: it follows `tracing` 0.1.
pub use tracing;

/// The plugin-api version this crate is, compiled into every plugin.
pub const API_VERSION: &str = env!("CARGO_PKG_VERSION");

// Plumbing for `export_plugin!`. Not part of the supported API: it may
// change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::sdk::export::{
        StaticInfo, describe, instantiate, lib_header, load_root_module, root_module,
    };
    pub use abi_stable::library::{LibHeader, RootModuleResult};
    pub use abi_stable::std_types::{RResult, RString};
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_symbol_matches_abi_stable() {
        // export_plugin! hard-codes the symbol because attributes need a
        // literal; it must stay the one abi_stable's loader looks up.
        let source = include_str!("sdk/export.rs");
        let needle = format!(
            "export_name = \"{}\"",
            abi_stable::library::ROOT_MODULE_LOADER_NAME
        );
        assert!(
            source.contains(&needle),
            "export_plugin! exports the wrong symbol"
        );
    }
}
