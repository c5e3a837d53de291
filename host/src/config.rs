//! Runtime configuration: which `parc.toml` applies, what it says, and the
//! `PARC_*` variables that override it.
//!
//! Owns where things live (database, data and plugin directories) and the
//! user-facing settings every command needs. A sysadmin must be able to
//! tell which installation a command works on whatever the current
//! directory (a crontab line runs from `$HOME`), so the file is looked up
//! in a fixed order ([`Config::search_path`]), relative paths in a file are
//! taken from the file's own directory, and without any file the data
//! lives in the user's data directory, never under the current directory.
//! It does not open anything.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Errors reading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// A file named explicitly (`--config`, `$PARC_CONFIG`) does not exist.
    #[error("configuration file {path} (given by {origin}) does not exist")]
    Missing {
        /// File.
        path: PathBuf,
        /// `--config` or `$PARC_CONFIG`.
        origin: &'static str,
    },
    /// The file is not valid TOML for parc.
    #[error("invalid configuration in {path}: {message}")]
    Parse {
        /// File.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// No file names a data directory and there is no home directory to
    /// put one in.
    #[error(
        "no data directory: set data_dir in parc.toml or PARC_DATA_DIR (there is no home directory to default to)"
    )]
    NoDataDir,
}

/// The settings of one parc installation.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file these settings were read from; `None` when no file was
    /// found and every value is a default or comes from the environment.
    pub file: Option<PathBuf>,
    /// sqlx URL: `sqlite://…` (default) or `mysql://…`.
    pub database_url: String,
    /// Where parc keeps its files (database, keys, logs).
    pub data_dir: PathBuf,
    /// Where plugin archives are dropped and plugins are extracted.
    pub plugins_dir: PathBuf,
    /// Address `parc serve` listens on.
    pub listen: String,
    /// Language of user-facing messages (`en`, `fr`).
    pub locale: String,
    /// Tasks `parc cron run` launches without an argument (GLPI's
    /// `cron_limit`).
    pub cron_limit: usize,
    /// Seconds between two passes of the scheduler of `parc serve`.
    pub scheduler_tick: u64,
    /// Tasks `parc serve` runs at the same time.
    pub scheduler_workers: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    plugins_dir: Option<PathBuf>,
    listen: Option<String>,
    locale: Option<String>,
    cron_limit: Option<usize>,
    scheduler_tick: Option<u64>,
    scheduler_workers: Option<usize>,
}

impl Config {
    /// The files looked up, in order, when neither `--config` nor
    /// `$PARC_CONFIG` names one: `./parc.toml`, the user's
    /// (`$XDG_CONFIG_HOME/parc/parc.toml`, by default
    /// `~/.config/parc/parc.toml`), then the system's
    /// (`/etc/parc/parc.toml`). The first that exists is used.
    pub fn search_path() -> Vec<PathBuf> {
        let mut files = vec![PathBuf::from("./parc.toml")];
        if let Some(dir) = dirs::config_dir() {
            files.push(dir.join("parc").join("parc.toml"));
        }
        files.push(PathBuf::from("/etc/parc/parc.toml"));
        files
    }

    /// The data directory used when no file and no variable names one:
    /// the user's data directory (`$XDG_DATA_HOME/parc`, by default
    /// `~/.local/share/parc`).
    pub fn default_data_dir() -> Option<PathBuf> {
        dirs::data_dir().map(|dir| dir.join("parc"))
    }

    /// Finds the configuration file (`path` from `--config`, else
    /// `$PARC_CONFIG`, else the first of [`Self::search_path`] that
    /// exists), reads it, then applies `PARC_DATABASE_URL`,
    /// `PARC_DATA_DIR`, `PARC_PLUGINS_DIR`, `PARC_LISTEN`, `PARC_LOCALE`
    /// and `PARC_SCHEDULER_TICK`. A file named explicitly must exist.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let explicit = path
            .map(|p| (p.to_path_buf(), "--config"))
            .or_else(|| env("PARC_CONFIG").map(|p| (PathBuf::from(p), "$PARC_CONFIG")));
        let found = match explicit {
            Some((path, origin)) => {
                if !path.exists() {
                    return Err(ConfigError::Missing { path, origin });
                }
                Some(path)
            }
            None => Self::search_path().into_iter().find(|p| p.is_file()),
        };
        let (file, file_config) = match found {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                let parsed =
                    toml::from_str::<FileConfig>(&text).map_err(|e| ConfigError::Parse {
                        path: path.clone(),
                        message: e.message().to_owned(),
                    })?;
                let path = std::path::absolute(&path).unwrap_or(path);
                (Some(path), parsed)
            }
            None => (None, FileConfig::default()),
        };
        // Relative paths in a file are relative to the file, so the same
        // file means the same installation from any directory.
        let base = file.as_deref().and_then(Path::parent);
        let from_file = |p: PathBuf| match base {
            Some(base) if p.is_relative() => base.join(p),
            _ => p,
        };
        let data_dir = match env("PARC_DATA_DIR")
            .map(PathBuf::from)
            .or(file_config.data_dir.map(from_file))
        {
            Some(dir) => dir,
            None => Self::default_data_dir().ok_or(ConfigError::NoDataDir)?,
        };
        let mut config = Self::resolve(
            data_dir,
            env("PARC_DATABASE_URL").or(file_config.database_url),
            env("PARC_PLUGINS_DIR")
                .map(PathBuf::from)
                .or(file_config.plugins_dir.map(from_file)),
            env("PARC_LISTEN").or(file_config.listen),
            env("PARC_LOCALE").or(file_config.locale),
        );
        config.file = file;
        if let Some(limit) = file_config.cron_limit {
            config.cron_limit = limit;
        }
        if let Some(tick) = env("PARC_SCHEDULER_TICK")
            .and_then(|t| t.parse().ok())
            .or(file_config.scheduler_tick)
        {
            config.scheduler_tick = tick;
        }
        if let Some(workers) = file_config.scheduler_workers {
            config.scheduler_workers = workers;
        }
        Ok(config)
    }

    /// A configuration rooted at `data_dir` with every default.
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Self::resolve(data_dir.into(), None, None, None, None)
    }

    /// The database URL without its password, for messages and `parc
    /// status`.
    pub fn database_display(&self) -> String {
        redact_password(&self.database_url)
    }

    fn resolve(
        data_dir: PathBuf,
        database_url: Option<String>,
        plugins_dir: Option<PathBuf>,
        listen: Option<String>,
        locale: Option<String>,
    ) -> Self {
        Self {
            file: None,
            database_url: database_url
                .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("parc.db").display())),
            plugins_dir: plugins_dir.unwrap_or_else(|| data_dir.join("plugins")),
            listen: listen.unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            locale: locale.unwrap_or_else(|| "en".to_owned()),
            cron_limit: 5,
            scheduler_tick: 60,
            scheduler_workers: 2,
            data_dir,
        }
    }
}

/// `mysql://user:secret@host/db` → `mysql://user:***@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, address)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{address}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redact_password("mysql://parc:s3cr@t@db.example:3306/parc"),
            "mysql://parc:***@db.example:3306/parc"
        );
        assert_eq!(
            redact_password("mysql://root@127.0.0.1/parc"),
            "mysql://root@127.0.0.1/parc"
        );
        assert_eq!(
            redact_password("sqlite:///var/lib/parc/parc.db"),
            "sqlite:///var/lib/parc/parc.db"
        );
    }

    #[test]
    fn the_user_files_come_before_the_system_one() {
        let path = Config::search_path();
        assert_eq!(path.first(), Some(&PathBuf::from("./parc.toml")));
        assert_eq!(path.last(), Some(&PathBuf::from("/etc/parc/parc.toml")));
    }
}
