//! The frozen binary interface between the host and a plugin library.
//!
//! Everything in this module derives `StableAbi`: abi_stable compares these
//! layouts when a library is loaded, and a host whose layouts gained a single
//! field refuses every plugin built against the previous version. So these
//! types are **frozen for all of plugin-api 1.x**; every feature that evolves
//! travels as serde messages through [`PluginObject::invoke`] and
//! [`HostServices::call`] instead (see [`crate::messages`]).
//!
//! Plugin authors never touch this module: the SDK ([`crate::Plugin`] and
//! [`crate::export_plugin!`]) builds all of it. The host uses it to load and
//! drive libraries. A snapshot test (`tests/abi_snapshot.rs`) fails when any
//! layout reachable from [`PluginModule_Ref`] changes.

// The sabi_trait and StableAbi derives expand to unsafe impls and to items
// with non-camel-case names (`PluginModule_Ref`); both are the crate's design.
#![allow(unsafe_code, non_camel_case_types, non_local_definitions)]

use abi_stable::{
    StableAbi, declare_root_module_statics,
    library::RootModule,
    package_version_strings, sabi_trait,
    sabi_types::VersionStrings,
    std_types::{RBox, RResult, RStr, RString},
};

/// The root module every plugin library exports (through `export_plugin!`).
///
/// `describe` is pure: it returns the library's metadata as JSON
/// ([`crate::messages::LibraryInfo`]) without running plugin code, so the host
/// can compare it with `plugin.toml` before instantiating anything.
#[repr(C)]
#[derive(StableAbi)]
#[sabi(kind(Prefix(prefix_ref = PluginModule_Ref)))]
#[sabi(missing_field(panic))]
pub struct PluginModule {
    /// JSON [`crate::messages::LibraryInfo`] of the library.
    pub describe: extern "C" fn() -> RString,
    /// Creates the plugin object, handing it the host services it will use.
    #[sabi(last_prefix_field)]
    pub instantiate: extern "C" fn(host: HostBox) -> RResult<PluginBox, PluginError>,
}

impl RootModule for PluginModule_Ref {
    declare_root_module_statics! {PluginModule_Ref}
    // Only used by abi_stable's `load_from_directory`, which the host never
    // calls (it caches one library per root-module type).
    const BASE_NAME: &'static str = "parc_plugin";
    const NAME: &'static str = "parc plugin";
    const VERSION_STRINGS: VersionStrings = package_version_strings!();
}

/// The object a plugin library hands to the host.
///
/// One generic entry point: `kind` names the message (see
/// [`crate::messages::kind`]), `payload` and the result are JSON.
#[sabi_trait]
pub trait PluginObject: Send + Sync {
    /// Handles one host → plugin message.
    #[sabi(last_prefix_field)]
    fn invoke(&self, kind: RStr<'_>, payload: RStr<'_>) -> RResult<RString, PluginError>;
}

/// Services the host offers a plugin; one instance per plugin, so the host
/// knows who is calling.
#[sabi_trait]
pub trait HostServices: Send + Sync {
    /// Writes one log event to the host's log (`level`: see [`LogLevel`]).
    fn log(&self, level: LogLevel, target: RStr<'_>, message: RStr<'_>);

    /// Calls a host service: `service` and `method` name it, `payload` and
    /// the result are JSON (see [`crate::messages::host`]).
    #[sabi(last_prefix_field)]
    fn call(
        &self,
        service: RStr<'_>,
        method: RStr<'_>,
        payload: RStr<'_>,
    ) -> RResult<RString, PluginError>;
}

/// A plugin object behind the ABI.
pub type PluginBox = PluginObject_TO<'static, RBox<()>>;
/// Host services behind the ABI.
pub type HostBox = HostServices_TO<'static, RBox<()>>;

/// The error that crosses the boundary, in both directions.
#[repr(C)]
#[derive(StableAbi, Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// A one-line, human-readable message.
    pub message: RString,
    /// Optional JSON with structured details (empty when there are none).
    pub details: RString,
}

/// Kind of a [`PluginError`]; a newtype so that new kinds can be added in
/// minor versions without changing the layout.
#[repr(transparent)]
#[derive(StableAbi, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorKind(pub u32);

impl ErrorKind {
    /// Any other failure.
    pub const OTHER: Self = Self(0);
    /// The plugin panicked; the SDK caught the panic.
    pub const PANIC: Self = Self(1);
    /// The message kind or service is not supported by the other side.
    pub const UNSUPPORTED: Self = Self(2);
    /// The payload could not be decoded or is invalid.
    pub const INVALID_INPUT: Self = Self(3);
    /// A prerequisite of the plugin is not met.
    pub const PREREQUISITE: Self = Self(4);
    /// The plugin's configuration is incomplete or invalid.
    pub const CONFIG: Self = Self(5);
    /// A database operation failed.
    pub const DATABASE: Self = Self(6);
    /// The operation was cancelled.
    pub const CANCELLED: Self = Self(7);
    /// The caller is not allowed to do this.
    pub const FORBIDDEN: Self = Self(8);
    /// The item does not exist.
    pub const NOT_FOUND: Self = Self(9);
    /// An external system (for example a remote database) failed.
    pub const EXTERNAL: Self = Self(10);

    /// A short lowercase name of the kind, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::OTHER => "error",
            Self::PANIC => "panic",
            Self::UNSUPPORTED => "unsupported",
            Self::INVALID_INPUT => "invalid input",
            Self::PREREQUISITE => "prerequisite",
            Self::CONFIG => "configuration",
            Self::DATABASE => "database",
            Self::CANCELLED => "cancelled",
            Self::FORBIDDEN => "forbidden",
            Self::NOT_FOUND => "not found",
            Self::EXTERNAL => "external",
            _ => "unknown",
        }
    }
}

/// Severity of a forwarded log event; a newtype for the same reason as
/// [`ErrorKind`].
#[repr(transparent)]
#[derive(StableAbi, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LogLevel(pub u8);

impl LogLevel {
    /// Errors.
    pub const ERROR: Self = Self(1);
    /// Warnings.
    pub const WARN: Self = Self(2);
    /// Information.
    pub const INFO: Self = Self(3);
    /// Debugging detail.
    pub const DEBUG: Self = Self(4);
    /// Tracing detail.
    pub const TRACE: Self = Self(5);
}
