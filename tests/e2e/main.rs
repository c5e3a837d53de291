//! End-to-end tests: the real `parc` binary, real plugin libraries built
//! with cargo, real archives, SQLite files and MariaDB databases.
#![allow(clippy::unwrap_used)]

mod abi;
mod assets;
mod bad_input;
mod cron;
mod first_hour;
mod lifecycle;
mod ocs;
mod ocs_import;
mod ocs_links;
mod panics;
mod person_input;
mod quick_start;
mod rules;
mod sdk;
mod sql_guard;
mod views;
