//! Global options wherever they are written.
//!
//! clap handles `--config` and `-v` anywhere among parc's own commands, but
//! a plugin command (`parc ocsinventoryng server list --config F`) reaches
//! the plugin as raw words: without this module the plugin would receive
//! the host's options and the host would open the default installation.
//! `--json` is a flag of each listing; written before the command
//! (`parc --json computer list`) it is moved after it.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{Cli, Command};

/// Moves a `--json` written before the command to the end, so that clap
/// gives it to the listing it belongs to.
pub fn move_leading_json(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut moved = false;
    let mut iter = args.into_iter();
    if let Some(program) = iter.next() {
        out.push(program);
    }
    let mut command_seen = false;
    let mut expects_value = false;
    for arg in iter {
        if command_seen {
            out.push(arg);
            continue;
        }
        let text = arg.to_string_lossy();
        if expects_value {
            expects_value = false;
        } else if text == "--json" {
            moved = true;
            continue;
        } else if text == "--config" {
            expects_value = true;
        } else if !text.starts_with('-') {
            command_seen = true;
        }
        out.push(arg);
    }
    if moved {
        out.push(OsString::from("--json"));
    }
    out
}

/// Whether the words ask for parc's own help page (`parc`, `parc -h`,
/// `parc --help`, `parc help`), the page that lists plugin commands.
pub fn asks_top_level_help(args: &[OsString]) -> bool {
    let mut expects_value = false;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    for word in words.by_ref() {
        if expects_value {
            expects_value = false;
            continue;
        }
        match word.as_ref() {
            "-h" | "--help" => return true,
            "--config" => expects_value = true,
            "help" => return words.next().is_none(),
            w if w.starts_with('-') => {}
            _ => return false,
        }
    }
    true
}

/// The `--config FILE` (or `--config=FILE`) written before the command.
pub fn config_option(args: &[OsString]) -> Option<PathBuf> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if text == "--config" {
            return words.next().map(PathBuf::from);
        }
        if let Some(file) = text.strip_prefix("--config=") {
            return Some(PathBuf::from(file));
        }
        if !text.starts_with('-') {
            break;
        }
    }
    None
}

/// Takes the host's global options out of a plugin command's words and
/// applies them to `cli`: `--config FILE`, `--config=FILE`, `-v`, `-vv`,
/// `--verbose`. Words after `--` belong to the plugin untouched.
pub fn take_from_plugin_args(cli: &mut Cli) {
    let Command::External(args) = &mut cli.command else {
        return;
    };
    let mut kept = Vec::with_capacity(args.len());
    let mut words = std::mem::take(args).into_iter();
    if let Some(key) = words.next() {
        kept.push(key);
    }
    while let Some(word) = words.next() {
        match word.as_str() {
            "--" => {
                kept.push(word);
                kept.extend(words.by_ref());
            }
            "--config" => {
                if let Some(file) = words.next() {
                    cli.config = Some(PathBuf::from(file));
                }
            }
            "--verbose" => cli.verbose = cli.verbose.saturating_add(1),
            w if w.starts_with("--config=") => {
                cli.config = Some(PathBuf::from(&w["--config=".len()..]));
            }
            w if w.len() > 1 && w.starts_with('-') && w[1..].chars().all(|c| c == 'v') => {
                let count = u8::try_from(w.len() - 1).unwrap_or(u8::MAX);
                cli.verbose = cli.verbose.saturating_add(count);
            }
            _ => kept.push(word),
        }
    }
    *args = kept;
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn parse(words: &[&str]) -> Cli {
        let args = std::iter::once("parc")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect();
        let mut cli = Cli::try_parse_from(move_leading_json(args)).expect("parses");
        take_from_plugin_args(&mut cli);
        cli
    }

    #[test]
    fn host_options_after_a_plugin_command_reach_the_host() {
        let cli = parse(&[
            "ocsinventoryng",
            "server",
            "list",
            "--config",
            "/etc/parc/parc.toml",
            "-vv",
            "--json",
        ]);
        assert_eq!(cli.config, Some(PathBuf::from("/etc/parc/parc.toml")));
        assert_eq!(cli.verbose, 2);
        let Command::External(args) = cli.command else {
            panic!("a plugin command")
        };
        assert_eq!(args, ["ocsinventoryng", "server", "list", "--json"]);
    }

    #[test]
    fn words_after_a_double_dash_stay_with_the_plugin() {
        let cli = parse(&[
            "example",
            "greet",
            "--config=a.toml",
            "--",
            "-v",
            "--config",
        ]);
        assert_eq!(cli.config, Some(PathBuf::from("a.toml")));
        assert_eq!(cli.verbose, 0);
        let Command::External(args) = cli.command else {
            panic!("a plugin command")
        };
        assert_eq!(args, ["example", "greet", "--", "-v", "--config"]);
    }

    #[test]
    fn help_pages_that_list_plugin_commands() {
        let words = |w: &[&str]| -> Vec<OsString> {
            std::iter::once("parc")
                .chain(w.iter().copied())
                .map(OsString::from)
                .collect()
        };
        assert!(asks_top_level_help(&words(&[])));
        assert!(asks_top_level_help(&words(&["--help"])));
        assert!(asks_top_level_help(&words(&["--config", "a.toml", "-h"])));
        assert!(asks_top_level_help(&words(&["help"])));
        assert!(!asks_top_level_help(&words(&["help", "computer"])));
        assert!(!asks_top_level_help(&words(&["computer", "--help"])));
        assert_eq!(
            config_option(&words(&["--config=b.toml", "--help"])),
            Some(PathBuf::from("b.toml"))
        );
    }

    #[test]
    fn json_before_the_command_goes_to_the_listing() {
        let cli = parse(&["--json", "--config", "x.toml", "plugin", "list"]);
        assert_eq!(cli.config, Some(PathBuf::from("x.toml")));
        assert!(matches!(
            cli.command,
            Command::Plugin(super::super::PluginCommand::List(flag)) if flag.json
        ));
    }
}
