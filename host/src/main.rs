//! The `parc` binary: parses the command line, sets up logging and the
//! async runtime, and hands over to the library.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use parc::cli::{Cli, Command, globals};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let args = globals::move_leading_json(std::env::args_os().collect());
    let mut command = Cli::command();
    if globals::asks_top_level_help(&args) {
        // `parc --help` lists the commands of active plugins too.
        if let Some(text) = plugin_commands_help(&args) {
            command = command.after_help(text);
        }
    }
    let mut cli = match Cli::from_arg_matches(&command.get_matches_from(args)) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    globals::take_from_plugin_args(&mut cli);
    init_logging(cli.verbose);
    // The probe loads an untrusted library: do it before anything else,
    // without a runtime, and report on stderr only.
    if let Command::ProbeLibrary { library } = &cli.command {
        return match parc::plugins::probe::probe_here(library) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(3)
            }
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(parc::cli::run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", one_line(&error));
            ExitCode::FAILURE
        }
    }
}

/// The "Plugin commands" section of `parc --help`, read from the
/// installation the command line points at; nothing when there is none
/// yet or it cannot be read (help never fails for that).
fn plugin_commands_help(args: &[std::ffi::OsString]) -> Option<String> {
    let config = globals::config_option(args);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    runtime.block_on(parc::cli::plugin_commands_help(config.as_deref()))
}

/// Logs go to stderr; `RUST_LOG` overrides the level chosen by `-v`.
fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}

/// The error and its causes on one line, skipping causes whose text the
/// message already carries (our error types print their source).
fn one_line(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message.replace('\n', " ")
}
