//! Opens a library in a child process before it is accepted.
//!
//! Loading a library runs its initialisers and abi_stable's checks; a
//! truncated or hostile file may crash the process that does it. So
//! `parc plugin add` and the drop-in scan open it in `parc __probe-library`,
//! a child of the same executable, and only read back its metadata.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use parc_plugin_api::messages::LibraryInfo;

use super::loader::Library;
use super::manifest::Manifest;

/// Name of the hidden subcommand that runs [`probe_here`].
pub const SUBCOMMAND: &str = "__probe-library";
const TIMEOUT: Duration = Duration::from_secs(60);

/// The executable that runs probes: `PARC_PROBE_EXE`, else this process.
pub fn default_executable() -> PathBuf {
    std::env::var_os("PARC_PROBE_EXE")
        .map(PathBuf::from)
        .or_else(|| std::env::current_exe().ok())
        .unwrap_or_else(|| PathBuf::from("parc"))
}

/// Body of the hidden subcommand: loads the library in this process and
/// prints its metadata as JSON.
pub fn probe_here(library: &Path) -> Result<String, String> {
    let library = Library::open(library).map_err(|e| e.to_string())?;
    serde_json::to_string(library.info()).map_err(|e| e.to_string())
}

/// Opens `library` in a child process and checks that its own metadata
/// agrees with `manifest`.
pub fn check(
    executable: &Path,
    library: &Path,
    manifest: &Manifest,
) -> Result<LibraryInfo, String> {
    let info = describe(executable, library)?;
    agree(&info, manifest)?;
    Ok(info)
}

/// Opens `library` in a child process and returns its metadata.
pub fn describe(executable: &Path, library: &Path) -> Result<LibraryInfo, String> {
    let mut child = Command::new(executable)
        .arg(SUBCOMMAND)
        .arg(library)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_LOG", "off")
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {} to check the library: {e}",
                executable.display()
            )
        })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish loading within {}s",
                    library.display(),
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot check {}: {e}", library.display())),
        }
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot check {}: {e}", library.display()))?;
    if output.status.success() {
        serde_json::from_slice(&output.stdout)
            .map_err(|e| format!("{} reported unreadable metadata: {e}", library.display()))
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr.lines().rev().find(|l| !l.trim().is_empty());
        Err(match (message, output.status.code()) {
            (Some(message), _) => message.trim().to_owned(),
            (None, Some(code)) => {
                format!("loading {} failed (exit code {code})", library.display())
            }
            (None, None) => {
                use std::os::unix::process::ExitStatusExt;
                let signal = output
                    .status
                    .signal()
                    .map_or(String::new(), |s| format!(" (signal {s})"));
                format!(
                    "loading {} crashed the loader process{signal}: the file is truncated, corrupt or not built for this system",
                    library.display()
                )
            }
        })
    }
}

/// The library's metadata must agree with `plugin.toml`.
pub fn agree(info: &LibraryInfo, manifest: &Manifest) -> Result<(), String> {
    let pairs = [
        ("key", &info.key, &manifest.key),
        ("name", &info.name, &manifest.name),
        ("version", &info.version, &manifest.version),
        ("api", &info.api, &manifest.api),
        ("host", &info.host, &manifest.host),
    ];
    for (field, library, declared) in pairs {
        if library != declared {
            return Err(format!(
                "the library disagrees with plugin.toml: {field} is {library:?} in the library, {declared:?} in plugin.toml"
            ));
        }
    }
    Ok(())
}
