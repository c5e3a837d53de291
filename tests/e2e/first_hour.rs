//! A sysadmin's first hour: which configuration and installation a command
//! uses whatever the current directory (a crontab line runs from `$HOME`),
//! global options written after a plugin command, `parc status`, the plugin
//! commands in `parc --help`, and the words of a few first mistakes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parc_tests::{example_archive, isolate, parc_bin};
use serde_json::Value;

/// A machine of its own: a home with its configuration and data
/// directories, and an installation configured by `inst/parc.toml`.
struct Machine {
    root: tempfile::TempDir,
}

impl Machine {
    fn new() -> Self {
        let root = tempfile::Builder::new()
            .prefix("parc-first-hour-")
            .tempdir()
            .unwrap();
        Self { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// `parc ARGS` run from `cwd` (created), with nothing from the test's
    /// own environment telling it where the installation is.
    fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        std::fs::create_dir_all(cwd).unwrap();
        let mut command = Command::new(parc_bin());
        command.current_dir(cwd).args(args);
        for var in [
            "PARC_CONFIG",
            "PARC_DATA_DIR",
            "PARC_DATABASE_URL",
            "PARC_PLUGINS_DIR",
            "PARC_LOCALE",
            "RUST_LOG",
        ] {
            command.env_remove(var);
        }
        isolate(&mut command, self.root.path());
        command.output().unwrap()
    }

    fn ok_in(&self, cwd: &Path, args: &[&str]) -> (String, String) {
        let output = self.run_in(cwd, args);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "parc {} failed:\nstdout: {stdout}\nstderr: {stderr}",
            args.join(" ")
        );
        (stdout, stderr)
    }

    /// An installation whose configuration file is `inst/parc.toml`,
    /// its data beside it, with the example plugin installed and active.
    fn installation_with_example(&self) -> PathBuf {
        let inst = self.path("inst");
        std::fs::create_dir_all(inst.join("data/plugins")).unwrap();
        let config = inst.join("parc.toml");
        std::fs::write(&config, "data_dir = \"data\"\n").unwrap();
        std::fs::copy(
            example_archive(),
            inst.join("data/plugins/example-1.0.0.tar.gz"),
        )
        .unwrap();
        let config_arg = config.to_str().unwrap();
        let home = self.path("home");
        self.ok_in(
            &home,
            &["--config", config_arg, "plugin", "install", "example"],
        );
        self.ok_in(
            &home,
            &["plugin", "activate", "example", "--config", config_arg],
        );
        config
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// With no file and no variable, the data lives in the user's data
/// directory, not under the current directory; the user's configuration
/// file is found from any directory, and its relative paths are taken from
/// the file's own directory.
#[test]
fn the_installation_does_not_depend_on_the_current_directory() {
    let machine = Machine::new();
    let cwd = machine.path("somewhere");
    let (stdout, _) = machine.ok_in(&cwd, &["status", "--json"]);
    let status: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["config_file"], Value::Null, "{status}");
    let default_data = machine.path(".local/share/parc");
    assert_eq!(status["data_dir"], default_data.to_str().unwrap());
    assert!(default_data.join("parc.db").is_file());
    assert!(entries(&cwd).is_empty(), "nothing created in the cwd");

    // The user's own configuration file, found from another directory.
    let user_config = machine.path(".config/parc/parc.toml");
    std::fs::create_dir_all(user_config.parent().unwrap()).unwrap();
    std::fs::write(&user_config, "data_dir = \"state\"\nlocale = \"fr\"\n").unwrap();
    let other = machine.path("other");
    let (stdout, _) = machine.ok_in(&other, &["--json", "status"]);
    let status: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["config_file"], user_config.to_str().unwrap());
    let state = machine.path(".config/parc/state");
    assert_eq!(status["data_dir"], state.to_str().unwrap());
    assert_eq!(status["locale"], "fr");
    assert!(state.join("parc.db").is_file());
    assert!(entries(&other).is_empty());

    // `./parc.toml` comes first.
    std::fs::write(other.join("parc.toml"), "data_dir = \"here\"\n").unwrap();
    let (stdout, _) = machine.ok_in(&other, &["status"]);
    assert!(
        stdout.contains(&format!(
            "configuration: {}",
            other.join("parc.toml").display()
        )),
        "{stdout}"
    );
    assert!(other.join("here/parc.db").is_file());
}

/// A configuration file named explicitly must exist.
#[test]
fn a_missing_configuration_file_is_an_error() {
    let machine = Machine::new();
    let cwd = machine.path("home");
    let output = machine.run_in(&cwd, &["--config", "nope.toml", "status"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("configuration file nope.toml (given by --config) does not exist"),
        "{stderr}"
    );
    assert!(entries(&cwd).is_empty());
}

/// `--config` and `-v` written after a plugin command reach the host: the
/// plugin runs on that installation, and nothing is created where the
/// command runs.
#[test]
fn global_options_work_after_a_plugin_command() {
    let machine = Machine::new();
    let config = machine.installation_with_example();
    let config_arg = config.to_str().unwrap();
    let cwd = machine.path("cron-cwd");
    let (stdout, stderr) = machine.ok_in(
        &cwd,
        &["example", "greet", "admin", "--config", config_arg, "-v"],
    );
    assert!(stdout.contains("admin"), "{stdout}");
    assert!(
        stderr.contains(&format!("configuration {config_arg}")),
        "-v says which file: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "database sqlite://{}",
            machine.path("inst/data/parc.db").display()
        )),
        "-v says which database: {stderr}"
    );
    let (stdout, _) = machine.ok_in(
        &cwd,
        &[
            "example",
            "greetings",
            "--json",
            &format!("--config={config_arg}"),
        ],
    );
    let rows: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    assert!(entries(&cwd).is_empty(), "nothing created in the cwd");
}

/// `parc status` names the file, the database and the directories, lists
/// the plugins with their states and the automatic actions due.
#[test]
fn status_tells_which_installation_and_what_is_due() {
    let machine = Machine::new();
    let config = machine.installation_with_example();
    let config_arg = config.to_str().unwrap();
    let home = machine.path("home");
    let (stdout, _) = machine.ok_in(&home, &["status", "--config", config_arg]);
    let data = machine.path("inst/data");
    for expected in [
        format!("configuration: {config_arg}"),
        format!(
            "database:      sqlite://{}/parc.db (sqlite)",
            data.display()
        ),
        format!("data dir:      {}", data.display()),
        format!("plugins dir:   {}/plugins", data.display()),
        format!("parc {}", parc::plugins::HOST_VERSION),
        "automatic actions due:".to_owned(),
    ] {
        assert!(stdout.contains(&expected), "{expected:?} in:\n{stdout}");
    }
    let (stdout, _) = machine.ok_in(&home, &["status", "--json", "--config", config_arg]);
    let status: Value = serde_json::from_str(&stdout).unwrap();
    let example = status["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "example")
        .cloned()
        .unwrap_or_else(|| panic!("example listed: {status}"));
    assert_eq!(example["state"], 1);
    assert_eq!(example["state_label"], "Enabled");
    let due: Vec<&str> = status["tasks_due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(due.contains(&"examplegreet"), "{due:?}");

    // Once run, the task is no longer due.
    machine.ok_in(
        &home,
        &["cron", "run", "examplegreet", "--config", config_arg],
    );
    let (stdout, _) = machine.ok_in(&home, &["status", "--json", "--config", config_arg]);
    let status: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        !status["tasks_due"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "examplegreet"),
        "{status}"
    );
}

/// `parc --help` lists the commands of the active plugins, and only theirs.
#[test]
fn help_lists_the_commands_of_active_plugins() {
    let machine = Machine::new();
    let home = machine.path("home");
    let (before, _) = machine.ok_in(&home, &["--help"]);
    assert!(!before.contains("Plugin commands"), "{before}");
    assert!(entries(&home).is_empty(), "help creates nothing");
    assert!(
        !machine.path(".local/share/parc").exists(),
        "help creates no installation"
    );

    let config = machine.installation_with_example();
    let config_arg = config.to_str().unwrap();
    let (help, _) = machine.ok_in(&home, &["--config", config_arg, "--help"]);
    assert!(help.contains("Plugin commands (active plugins):"), "{help}");
    assert!(help.contains("example greet"), "{help}");
    assert!(help.contains("Greet someone"), "{help}");

    machine.ok_in(
        &home,
        &["--config", config_arg, "plugin", "deactivate", "example"],
    );
    let (after, _) = machine.ok_in(&home, &["--config", config_arg, "help"]);
    assert!(!after.contains("example greet"), "{after}");
}

/// `parc plugin add` of a file that is not there says so.
#[test]
fn adding_a_missing_archive_says_the_file_is_missing() {
    let machine = Machine::new();
    let home = machine.path("home");
    let output = machine.run_in(&home, &["plugin", "add", "ocsinventoryng-9.9.9.tar.gz"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ocsinventoryng-9.9.9.tar.gz: no such file"),
        "{stderr}"
    );
}

/// `parc … | head` is not an error: when stdout's reader goes away the
/// command ends quietly with the status of a SIGPIPE, whether the listing
/// is written with `println!` or through a writer.
#[test]
fn a_listing_cut_short_by_its_reader_ends_quietly() {
    use std::process::Stdio;
    let machine = Machine::new();
    let config = machine.installation_with_example();
    let home = machine.path("home");
    let commands: [&[&str]; 3] = [&["status"], &["plugin", "list"], &["menu", "list"]];
    for args in commands {
        let mut command = Command::new(parc_bin());
        command
            .current_dir(&home)
            .args(args.iter())
            .arg("--config")
            .arg(&config)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        isolate(&mut command, machine.root.path());
        let mut child = command.spawn().unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
