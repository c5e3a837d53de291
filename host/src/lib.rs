//! # parc
//!
//! A GLPI-compatible IT asset-management host with dynamically loaded
//! plugins. This library is the whole host; `main.rs` only parses the
//! command line and calls [`cli::run`].
//!
//! Map of the modules:
//! * [`config`]: `parc.toml` and `PARC_*` settings;
//! * [`store`]: the SQLite / MariaDB pool, migrations and every SQL
//!   statement (no SQL anywhere else);
//! * [`assets`]: computers and their parts, entities, locations, history,
//!   locks and trash; the inventory upsert every source writes through;
//! * [`plugins`]: archives, discovery, loading, lifecycle and the services
//!   plugins call;
//! * [`cron`], [`rules`], [`menu`]: the registries plugins fill;
//! * [`status`]: which installation a command works on, at a glance;
//! * [`cli`]: the `parc` command line.

// mimalloc: the inventory paths allocate many short strings and large row
// buffers; glibc's allocator spent a fifth of an import in malloc/free and
// page faults. Plugins keep their own allocator: everything crossing the
// ABI is an abi_stable type that frees through its creator's vtable.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod assets;
pub mod cli;
pub mod config;
pub mod cron;
pub mod menu;
pub mod plugins;
pub mod rules;
pub mod secrets;
pub mod status;
pub mod store;
