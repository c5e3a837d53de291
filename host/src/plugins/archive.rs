//! Plugin archives: `<key>-<version>.tar.gz` holding `<key>/plugin.toml`, the
//! library and optional assets.
//!
//! Extraction is defensive because archives come from outside: only regular
//! files and directories, relative paths under `<key>/`, a hard cap on the
//! decompressed size, everything written into a temporary directory inside
//! `plugins_dir` and renamed into `<key>/<version>/` only once the manifest,
//! the checksum and the library's own metadata all agree. A refused archive
//! leaves nothing behind.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use flate2::read::GzDecoder;
use semver::Version;

use super::manifest::{self, FILE_NAME, Manifest, ManifestError};

/// Upper bound of the decompressed content of an archive.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Upper bound of the number of entries of an archive.
pub const MAX_ENTRIES: usize = 10_000;
/// Tar framing (headers, padding, long names) allowed on top of the content.
const FRAMING_ALLOWANCE: u64 = 16 * 1024 * 1024;

/// Why an archive is refused.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The file name is not `<key>-<version>.tar.gz`.
    #[error(
        "archive name {0:?} must be <key>-<version>.tar.gz (key: lowercase letters and digits; version: semver)"
    )]
    Name(String),
    /// Not a readable gzip-compressed tar.
    #[error("{archive} is not a valid .tar.gz archive: {message}")]
    Format {
        /// Archive.
        archive: String,
        /// Details.
        message: String,
    },
    /// An entry path escapes the plugin directory or is malformed.
    #[error("unsafe path {path:?} in the archive: {why}")]
    UnsafePath {
        /// Entry path.
        path: String,
        /// Why.
        why: &'static str,
    },
    /// A link, device, FIFO or other special entry.
    #[error(
        "entry {path:?} is a {kind}: plugin archives may only hold regular files and directories"
    )]
    EntryType {
        /// Entry path.
        path: String,
        /// Its type.
        kind: String,
    },
    /// The decompressed content is too large (decompression bomb).
    #[error("the archive expands beyond {} MiB: refused", MAX_UNPACKED_BYTES / (1024 * 1024))]
    TooLarge,
    /// Too many entries.
    #[error("the archive has more than {MAX_ENTRIES} entries: refused")]
    TooManyEntries,
    /// Something required is missing.
    #[error("the archive has no {0}")]
    Missing(String),
    /// Archive name, directory and manifest disagree.
    #[error("{what} mismatch: the archive name says {archive:?}, {other_place} says {other:?}")]
    Mismatch {
        /// `key` or `version`.
        what: &'static str,
        /// From the archive name.
        archive: String,
        /// Where the other value comes from.
        other_place: &'static str,
        /// The other value.
        other: String,
    },
    /// plugin.toml refused.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The library's checksum is not the manifest's.
    #[error("sha256 mismatch for {library}: plugin.toml says {expected}, the file is {actual}")]
    Checksum {
        /// Library file.
        library: String,
        /// From the manifest.
        expected: String,
        /// Computed.
        actual: String,
    },
    /// The library itself was refused when probed.
    #[error("{0}")]
    Library(String),
    /// This version is already installed with other content.
    #[error(
        "{key} {version} is already present with a different library; a loaded library is never overwritten: publish a new version"
    )]
    VersionExists {
        /// Key.
        key: String,
        /// Version.
        version: String,
    },
    /// The archive file cannot be opened.
    #[error("{}", open_failure(error))]
    Open {
        /// Path.
        path: String,
        /// Cause (its words are in the message).
        error: io::Error,
    },
    /// Filesystem error while extracting.
    #[error("cannot extract into {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        source: io::Error,
    },
}

fn open_failure(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => {
            "no such file (give the path of a `<key>-<version>.tar.gz` archive)".to_owned()
        }
        io::ErrorKind::PermissionDenied => {
            "permission denied: parc cannot read this file".to_owned()
        }
        _ => format!("cannot open: {error}"),
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// `(key, version)` from `<key>-<version>.tar.gz`.
pub fn parse_archive_name(file_name: &str) -> Result<(String, Version), ArchiveError> {
    let bad = || ArchiveError::Name(file_name.to_owned());
    let stem = file_name.strip_suffix(".tar.gz").ok_or_else(bad)?;
    let (key, version) = stem.split_once('-').ok_or_else(bad)?;
    if !manifest::is_valid_key(key) {
        return Err(bad());
    }
    let version = Version::parse(version).map_err(|_| bad())?;
    Ok((key.to_owned(), version))
}

/// Result of a successful extraction.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The validated manifest.
    pub manifest: Manifest,
    /// `plugins_dir/<key>/<version>`.
    pub dir: PathBuf,
    /// The same version was already there, identical: nothing was written.
    pub already_present: bool,
}

/// Checks a library before it is installed (opens it in a child process);
/// returns a message on refusal.
pub type Prober<'a> = &'a dyn Fn(&Path, &Manifest) -> Result<(), String>;

/// Validates `archive` and extracts it atomically into
/// `plugins_dir/<key>/<version>/`. The caller holds the plugins-dir lock.
pub fn extract(
    archive: &Path,
    plugins_dir: &Path,
    host_version: &str,
    probe: Prober<'_>,
) -> Result<Extracted, ArchiveError> {
    let file_name = archive
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| ArchiveError::Name(archive.display().to_string()))?;
    let (key, version) = parse_archive_name(file_name)?;
    fs::create_dir_all(plugins_dir).map_err(io_error(plugins_dir))?;
    // Inside plugins_dir so the final rename never crosses filesystems; a
    // leading dot keeps scans from mistaking it for a plugin. Removed on drop.
    let staging = tempfile::Builder::new()
        .prefix(".incoming-")
        .tempdir_in(plugins_dir)
        .map_err(io_error(plugins_dir))?;
    unpack(archive, &key, staging.path())?;

    let root = staging.path().join(&key);
    let manifest_path = root.join(FILE_NAME);
    if !manifest_path.is_file() {
        return Err(ArchiveError::Missing(format!("{key}/{FILE_NAME}")));
    }
    let manifest = Manifest::read(&manifest_path)?;
    if manifest.key != key {
        return Err(ArchiveError::Mismatch {
            what: "key",
            archive: key,
            other_place: "plugin.toml",
            other: manifest.key,
        });
    }
    if manifest.version()? != version {
        return Err(ArchiveError::Mismatch {
            what: "version",
            archive: version.to_string(),
            other_place: "plugin.toml",
            other: manifest.version,
        });
    }
    manifest.check_compatible(host_version)?;
    let library = root.join(&manifest.library);
    if !library.is_file() {
        return Err(ArchiveError::Missing(format!(
            "{key}/{} (the library named in plugin.toml)",
            manifest.library
        )));
    }
    let actual = manifest::sha256_file(&library).map_err(io_error(&library))?;
    if !actual.eq_ignore_ascii_case(&manifest.sha256) {
        return Err(ArchiveError::Checksum {
            library: manifest.library.clone(),
            expected: manifest.sha256.clone(),
            actual,
        });
    }

    let dir = plugins_dir.join(&key).join(&manifest.version);
    if dir.exists() {
        let existing = dir.join(&manifest.library);
        let same = manifest::sha256_file(&existing)
            .map(|sha| sha.eq_ignore_ascii_case(&manifest.sha256))
            .unwrap_or(false);
        if !same {
            return Err(ArchiveError::VersionExists {
                key,
                version: manifest.version,
            });
        }
        return Ok(Extracted {
            manifest,
            dir,
            already_present: true,
        });
    }
    probe(&library, &manifest).map_err(ArchiveError::Library)?;
    let parent = plugins_dir.join(&key);
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    fs::rename(&root, &dir).map_err(io_error(&dir))?;
    Ok(Extracted {
        manifest,
        dir,
        already_present: false,
    })
}

/// Reads every entry into `dest`, enforcing the rules of the module doc.
fn unpack(archive: &Path, key: &str, dest: &Path) -> Result<(), ArchiveError> {
    let format_error = |message: String| ArchiveError::Format {
        archive: archive.display().to_string(),
        message,
    };
    let file = File::open(archive).map_err(|error| ArchiveError::Open {
        path: archive.display().to_string(),
        error,
    })?;
    let limited = Limited {
        inner: GzDecoder::new(io::BufReader::new(file)),
        remaining: MAX_UNPACKED_BYTES + FRAMING_ALLOWANCE,
    };
    let mut tar = tar::Archive::new(limited);
    let mut seen = HashSet::new();
    let mut unpacked: u64 = 0;
    let entries = tar.entries().map_err(|e| classify(e, &format_error))?;
    for (index, entry) in entries.enumerate() {
        if index >= MAX_ENTRIES {
            return Err(ArchiveError::TooManyEntries);
        }
        let mut entry = entry.map_err(|e| classify(e, &format_error))?;
        let raw_path = entry
            .path()
            .map_err(|e| classify(e, &format_error))?
            .into_owned();
        let shown = raw_path.display().to_string();
        let entry_type = entry.header().entry_type();
        if entry_type.is_pax_global_extensions() {
            continue;
        }
        let relative = safe_relative(&raw_path, key)?;
        if !seen.insert(relative.clone()) {
            return Err(ArchiveError::UnsafePath {
                path: shown,
                why: "it appears twice",
            });
        }
        let target = dest.join(&relative);
        match entry_type {
            tar::EntryType::Directory => {
                fs::create_dir_all(&target).map_err(io_error(&target))?;
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                let declared = entry
                    .header()
                    .size()
                    .map_err(|e| classify(e, &format_error))?;
                unpacked = unpacked.saturating_add(declared);
                if unpacked > MAX_UNPACKED_BYTES {
                    return Err(ArchiveError::TooLarge);
                }
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                let mut out = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
                    .map_err(io_error(&target))?;
                let copied = io::copy(&mut (&mut entry).take(declared), &mut out)
                    .map_err(|e| classify(e, &format_error))?;
                if copied != declared {
                    return Err(format_error(format!("entry {shown:?} is truncated")));
                }
            }
            other => {
                return Err(ArchiveError::EntryType {
                    path: shown,
                    kind: describe_type(other),
                });
            }
        }
    }
    Ok(())
}

/// The entry path relative to the staging directory, if it is a plain
/// relative path under `<key>/`.
fn safe_relative(path: &Path, key: &str) -> Result<PathBuf, ArchiveError> {
    let shown = || path.display().to_string();
    let mut relative = PathBuf::new();
    for component in path.components() {
        match component {
            // `Path::components` already drops interior `.`; a leading one
            // (`./example/…`) is harmless.
            Component::CurDir => {}
            Component::Normal(part) => relative.push(part),
            Component::ParentDir => {
                return Err(ArchiveError::UnsafePath {
                    path: shown(),
                    why: "it contains '..'",
                });
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(ArchiveError::UnsafePath {
                    path: shown(),
                    why: "it is absolute",
                });
            }
        }
    }
    match relative.components().next() {
        Some(Component::Normal(first)) if first == key => Ok(relative),
        _ => Err(ArchiveError::UnsafePath {
            path: shown(),
            why: "every entry must be under the <key>/ directory named by the archive",
        }),
    }
}

fn describe_type(entry_type: tar::EntryType) -> String {
    match entry_type {
        tar::EntryType::Symlink => "symbolic link".to_owned(),
        tar::EntryType::Link => "hard link".to_owned(),
        tar::EntryType::Char => "character device".to_owned(),
        tar::EntryType::Block => "block device".to_owned(),
        tar::EntryType::Fifo => "FIFO".to_owned(),
        tar::EntryType::GNUSparse => "sparse file".to_owned(),
        other => format!("special entry ({other:?})"),
    }
}

/// Maps the reader's size-limit error to [`ArchiveError::TooLarge`].
fn classify(error: io::Error, format_error: &dyn Fn(String) -> ArchiveError) -> ArchiveError {
    if error.get_ref().is_some_and(|e| e.is::<LimitExceeded>()) {
        ArchiveError::TooLarge
    } else {
        format_error(error.to_string())
    }
}

#[derive(Debug)]
struct LimitExceeded;

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompressed size limit exceeded")
    }
}

impl std::error::Error for LimitExceeded {}

/// A reader that fails once more than `remaining` bytes were read: bounds
/// everything the tar reader consumes, headers and extensions included.
struct Limited<R> {
    inner: R,
    remaining: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let n64 = n as u64;
        if n64 > self.remaining {
            return Err(io::Error::other(LimitExceeded));
        }
        self.remaining -= n64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names() {
        let (key, version) = parse_archive_name("example-1.2.3.tar.gz").unwrap();
        assert_eq!(
            (key.as_str(), version.to_string().as_str()),
            ("example", "1.2.3")
        );
        let (_, version) = parse_archive_name("ocs-2.0.0-rc.1.tar.gz").unwrap();
        assert_eq!(version.pre.as_str(), "rc.1");
        for bad in [
            "example.tar.gz",
            "Example-1.0.0.tar.gz",
            "ex_ample-1.0.0.tar.gz",
            "example-1.0.tar.gz",
            "example-1.0.0.zip",
        ] {
            assert!(parse_archive_name(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn paths_must_stay_under_the_key() {
        assert!(safe_relative(Path::new("example/plugin.toml"), "example").is_ok());
        assert!(safe_relative(Path::new("./example/lib.so"), "example").is_ok());
        assert_eq!(
            safe_relative(Path::new("example/./x"), "example").unwrap(),
            Path::new("example/x")
        );
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "example/../../x",
            "other/plugin.toml",
            "./../example/x",
        ] {
            assert!(
                safe_relative(Path::new(bad), "example").is_err(),
                "{bad} accepted"
            );
        }
    }
}
