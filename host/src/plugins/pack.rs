//! `parc plugin pack`: builds a plugin crate in release mode and writes its
//! `<key>-<version>.tar.gz`, with a `plugin.toml` generated from the
//! library's own metadata (so the two always agree) and its sha256.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::manifest::{self, Manifest};
use super::probe;

/// Why packing failed.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// No Cargo.toml in the directory.
    #[error("{0} is not a crate directory (no Cargo.toml)")]
    NotACrate(String),
    /// cargo failed.
    #[error("cargo build failed for {0}")]
    Build(String),
    /// No cdylib came out of the build.
    #[error("{0} produced no cdylib: set `crate-type = [\"cdylib\"]` in its [lib] section")]
    NoLibrary(String),
    /// The library was refused.
    #[error("the built library is not a valid plugin: {0}")]
    Library(String),
    /// The library's metadata is not a valid manifest.
    #[error("the plugin's metadata is invalid: {0}")]
    Manifest(#[from] manifest::ManifestError),
    /// Filesystem error.
    #[error("{path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> PackError + '_ {
    move |source| PackError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Builds the crate at `crate_dir` and writes its archive into `out_dir`;
/// returns the archive path.
pub fn pack(crate_dir: &Path, out_dir: &Path, probe_exe: &Path) -> Result<PathBuf, PackError> {
    let cargo_toml = crate_dir.join("Cargo.toml");
    if !cargo_toml.is_file() {
        return Err(PackError::NotACrate(crate_dir.display().to_string()));
    }
    let library = build(&cargo_toml)?;
    let info = probe::describe(probe_exe, &library).map_err(PackError::Library)?;
    let library_name = library
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let manifest = Manifest {
        key: info.key.clone(),
        name: info.name,
        version: info.version,
        api: info.api,
        host: info.host,
        author: info.author,
        license: info.license,
        homepage: info.homepage,
        library: library_name,
        sha256: manifest::sha256_file(&library).map_err(io_error(&library))?,
        oldname: None,
    };
    let manifest = Manifest::parse(&manifest.to_toml())?;
    fs::create_dir_all(out_dir).map_err(io_error(out_dir))?;
    let archive = out_dir.join(format!("{}-{}.tar.gz", manifest.key, manifest.version));
    let partial = out_dir.join(format!(
        ".{}-{}.tar.gz.partial",
        manifest.key, manifest.version
    ));
    write_archive(&partial, &manifest, &library, &crate_dir.join("assets"))
        .map_err(io_error(&partial))?;
    fs::rename(&partial, &archive).map_err(io_error(&archive))?;
    Ok(archive)
}

/// `cargo build --release` of the crate's library; returns the cdylib path.
fn build(cargo_toml: &Path) -> Result<PathBuf, PackError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let shown = cargo_toml.display().to_string();
    let mut child = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--lib",
            "--message-format=json-render-diagnostics",
            "--manifest-path",
        ])
        .arg(cargo_toml)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| PackError::Build(format!("{shown}: cannot run cargo: {e}")))?;
    let manifest_path = fs::canonicalize(cargo_toml).map_err(io_error(cargo_toml))?;
    let mut library = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let same_crate = message["manifest_path"]
                .as_str()
                .and_then(|p| fs::canonicalize(p).ok())
                .is_some_and(|p| p == manifest_path);
            let is_cdylib = message["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == "cdylib"));
            if same_crate && is_cdylib {
                library = message["filenames"].as_array().and_then(|files| {
                    files
                        .iter()
                        .filter_map(|f| f.as_str())
                        .find(|f| f.ends_with(std::env::consts::DLL_SUFFIX))
                        .map(PathBuf::from)
                });
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| PackError::Build(format!("{shown}: {e}")))?;
    if !status.success() {
        return Err(PackError::Build(shown));
    }
    library.ok_or(PackError::NoLibrary(shown))
}

fn write_archive(
    path: &Path,
    manifest: &Manifest,
    library: &Path,
    assets: &Path,
) -> std::io::Result<()> {
    let file = File::create(path)?;
    let mut tar = tar::Builder::new(GzEncoder::new(file, Compression::default()));
    tar.mode(tar::HeaderMode::Deterministic);
    let key = &manifest.key;
    append_dir(&mut tar, key)?;
    append_bytes(
        &mut tar,
        &format!("{key}/plugin.toml"),
        manifest.to_toml().as_bytes(),
    )?;
    append_bytes(
        &mut tar,
        &format!("{key}/{}", manifest.library),
        &fs::read(library)?,
    )?;
    if assets.is_dir() {
        append_tree(&mut tar, assets, &format!("{key}/assets"))?;
    }
    let mut gz = tar.into_inner()?;
    gz.flush()?;
    gz.finish()?.sync_all()
}

fn append_dir<W: Write>(tar: &mut tar::Builder<W>, name: &str) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Directory);
    header.set_mode(0o755);
    header.set_size(0);
    tar.append_data(&mut header, format!("{name}/"), std::io::empty())
}

fn append_bytes<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    data: &[u8],
) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mode(0o644);
    header.set_size(data.len() as u64);
    tar.append_data(&mut header, name, data)
}

/// Appends a directory tree, regular files and directories only.
fn append_tree<W: Write>(tar: &mut tar::Builder<W>, dir: &Path, name: &str) -> std::io::Result<()> {
    append_dir(tar, name)?;
    let mut entries: Vec<_> = fs::read_dir(dir)?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let child = format!("{name}/{}", entry.file_name().to_string_lossy());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            append_tree(tar, &entry.path(), &child)?;
        } else if kind.is_file() {
            append_bytes(tar, &child, &fs::read(entry.path())?)?;
        }
    }
    Ok(())
}
