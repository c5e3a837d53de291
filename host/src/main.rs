//! The `parc` binary: parses the command line, sets up logging and the
//! async runtime, and hands over to the library.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use parc::cli::{Cli, Command, globals};
use tracing_subscriber::EnvFilter;

/// Exit status of a command whose reader went away (`parc … | head`), as a
/// shell reports a process ended by SIGPIPE.
const BROKEN_PIPE: u8 = 141;

fn main() -> ExitCode {
    quiet_on_broken_pipe();
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
        Err(error) if is_broken_pipe(&error) => ExitCode::from(BROKEN_PIPE),
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

/// Whether the error is stdout closed by its reader.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `println!` panics when stdout's reader is gone (`parc … | head`): a
/// listing cut short is not an error, so that panic ends the process
/// quietly, as the shell tools a sysadmin pipes into do. Other panics keep
/// the default report.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(i32::from(BROKEN_PIPE));
        }
        default(info);
    }));
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
