//! `plugin.toml`: the metadata read and checked before any library is
//! opened (opening a library runs its initialisers).

use std::path::Path;

use semver::{Version, VersionReq};
use serde::{Deserialize, Serialize};

/// The manifest file name inside `<key>/`.
pub const FILE_NAME: &str = "plugin.toml";

/// Why a manifest is refused.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Not TOML, or fields missing or unknown.
    #[error("invalid plugin.toml: {0}")]
    Syntax(String),
    /// The key has forbidden characters.
    #[error("invalid plugin key {0:?}: only lowercase ASCII letters and digits are allowed")]
    Key(String),
    /// A version field is not semver.
    #[error("invalid {field} {value:?} in plugin.toml: {message}")]
    Version {
        /// `version`, `api` or `host`.
        field: &'static str,
        /// The value.
        value: String,
        /// Parser message.
        message: String,
    },
    /// The host version does not match the plugin's requirement.
    #[error("This plugin requires parc {required}; this is parc {host}.")]
    HostRequirement {
        /// The requirement.
        required: String,
        /// The host version.
        host: String,
    },
    /// Built against an incompatible plugin-api major.
    #[error(
        "this plugin was built against plugin-api {plugin}, but this host supports plugin-api {host_major}.x: rebuild it against parc-plugin-api {host_major}"
    )]
    Api {
        /// The plugin's api.
        plugin: String,
        /// The host's api major.
        host_major: u64,
    },
    /// `library` is not a plain file name of a shared library.
    #[error("invalid library {0:?} in plugin.toml: expected a file name ending in {suffix}", suffix = std::env::consts::DLL_SUFFIX)]
    Library(String),
    /// `sha256` is not 64 hex digits.
    #[error("invalid sha256 {0:?} in plugin.toml: expected 64 hexadecimal digits")]
    Sha256(String),
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// Path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// The content of `plugin.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Plugin key (`^[a-z0-9]+$`), also the directory name.
    pub key: String,
    /// Human-readable name.
    pub name: String,
    /// Plugin version (semver).
    pub version: String,
    /// plugin-api version the library was built against.
    pub api: String,
    /// Semver range the host version must match.
    pub host: String,
    /// Authors.
    pub author: String,
    /// License.
    pub license: String,
    /// Homepage.
    pub homepage: String,
    /// File name of the library next to `plugin.toml`.
    pub library: String,
    /// SHA-256 of the library, lowercase hex.
    pub sha256: String,
    /// Key of the plugin this one replaces (GLPI's `oldname`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldname: Option<String>,
}

/// Whether `key` is a valid plugin key.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

impl Manifest {
    /// Parses and validates the syntax of every field.
    pub fn parse(text: &str) -> Result<Self, ManifestError> {
        let manifest: Self =
            toml::from_str(text).map_err(|e| ManifestError::Syntax(e.message().to_owned()))?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// Reads and parses a `plugin.toml` file.
    pub fn read(path: &Path) -> Result<Self, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    fn validate(&self) -> Result<(), ManifestError> {
        if !is_valid_key(&self.key) {
            return Err(ManifestError::Key(self.key.clone()));
        }
        if let Some(old) = &self.oldname
            && !is_valid_key(old)
        {
            return Err(ManifestError::Key(old.clone()));
        }
        self.version()?;
        parse_version("api", &self.api)?;
        self.host_requirement()?;
        let library = Path::new(&self.library);
        let plain_name = library
            .file_name()
            .is_some_and(|n| n == library.as_os_str());
        if !plain_name || !self.library.ends_with(std::env::consts::DLL_SUFFIX) {
            return Err(ManifestError::Library(self.library.clone()));
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ManifestError::Sha256(self.sha256.clone()));
        }
        Ok(())
    }

    /// The plugin version.
    pub fn version(&self) -> Result<Version, ManifestError> {
        parse_version("version", &self.version)
    }

    /// The host requirement.
    pub fn host_requirement(&self) -> Result<VersionReq, ManifestError> {
        VersionReq::parse(&self.host).map_err(|e| ManifestError::Version {
            field: "host",
            value: self.host.clone(),
            message: e.to_string(),
        })
    }

    /// Checks that this host can run the plugin: host version in the
    /// plugin's range (the host's pre-release suffix ignored, as GLPI does)
    /// and the same plugin-api major.
    pub fn check_compatible(&self, host_version: &str) -> Result<(), ManifestError> {
        let required = self.host_requirement()?;
        let mut host = parse_version("host version", host_version)?;
        host.pre = semver::Prerelease::EMPTY;
        if !required.matches(&host) {
            return Err(ManifestError::HostRequirement {
                required: self.host.clone(),
                host: host.to_string(),
            });
        }
        let api = parse_version("api", &self.api)?;
        let host_api = parse_version("api", parc_plugin_api::API_VERSION)?;
        if api.major != host_api.major {
            return Err(ManifestError::Api {
                plugin: self.api.clone(),
                host_major: host_api.major,
            });
        }
        Ok(())
    }

    /// The manifest as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

fn parse_version(field: &'static str, value: &str) -> Result<Version, ManifestError> {
    Version::parse(value).map_err(|e| ManifestError::Version {
        field,
        value: value.to_owned(),
        message: e.to_string(),
    })
}

/// SHA-256 of a file, lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            key: "example".into(),
            name: "Example".into(),
            version: "1.2.0".into(),
            api: "1.0.0".into(),
            host: ">=0.1.0, <0.2.0".into(),
            author: "someone".into(),
            license: "MIT".into(),
            homepage: "https://example.org".into(),
            library: format!("libexample{}", std::env::consts::DLL_SUFFIX),
            sha256: "a".repeat(64),
            oldname: None,
        }
    }

    #[test]
    fn round_trips_through_toml() {
        let m = sample();
        assert_eq!(Manifest::parse(&m.to_toml()).unwrap(), m);
    }

    #[test]
    fn refuses_bad_fields() {
        let mut m = sample();
        m.key = "my-plugin".into();
        assert!(matches!(
            Manifest::parse(&m.to_toml()),
            Err(ManifestError::Key(_))
        ));
        let mut m = sample();
        m.version = "1.2".into();
        assert!(matches!(
            Manifest::parse(&m.to_toml()),
            Err(ManifestError::Version {
                field: "version",
                ..
            })
        ));
        let mut m = sample();
        m.library = "../libx.so".into();
        assert!(matches!(
            Manifest::parse(&m.to_toml()),
            Err(ManifestError::Library(_))
        ));
        let text = format!("{}\nextra = 1\n", sample().to_toml());
        assert!(matches!(
            Manifest::parse(&text),
            Err(ManifestError::Syntax(_))
        ));
    }

    #[test]
    fn host_prerelease_suffix_is_ignored() {
        let m = sample();
        m.check_compatible("0.1.0-dev").unwrap();
        m.check_compatible("0.1.5").unwrap();
        let err = m.check_compatible("0.2.0").unwrap_err();
        assert_eq!(
            err.to_string(),
            "This plugin requires parc >=0.1.0, <0.2.0; this is parc 0.2.0."
        );
    }

    #[test]
    fn other_api_major_is_refused() {
        let mut m = sample();
        m.api = "2.0.0".into();
        assert!(matches!(
            m.check_compatible("0.1.0"),
            Err(ManifestError::Api { .. })
        ));
    }
}
