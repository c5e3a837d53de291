//! Runtime configuration: `parc.toml`, overridden by `PARC_*` variables.
//!
//! Owns where things live (database, data and plugin directories) and the
//! user-facing settings every command needs. It does not open anything.

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
    /// The file is not valid TOML for parc.
    #[error("invalid configuration in {path}: {message}")]
    Parse {
        /// File.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The settings of one parc installation.
#[derive(Debug, Clone)]
pub struct Config {
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
    /// Reads `path` (or `./parc.toml`, or `$PARC_CONFIG`) if it exists, then
    /// applies `PARC_DATABASE_URL`, `PARC_DATA_DIR`, `PARC_PLUGINS_DIR`,
    /// `PARC_LISTEN`, `PARC_LOCALE` and `PARC_SCHEDULER_TICK`.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let path = path
            .map(Path::to_path_buf)
            .or_else(|| env("PARC_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("parc.toml"));
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<FileConfig>(&text).map_err(|e| ConfigError::Parse {
                path: path.clone(),
                message: e.message().to_owned(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileConfig::default(),
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        let data_dir = env("PARC_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("parc-data"));
        let mut config = Self::resolve(
            data_dir,
            env("PARC_DATABASE_URL").or(file.database_url),
            env("PARC_PLUGINS_DIR")
                .map(PathBuf::from)
                .or(file.plugins_dir),
            env("PARC_LISTEN").or(file.listen),
            env("PARC_LOCALE").or(file.locale),
        );
        if let Some(limit) = file.cron_limit {
            config.cron_limit = limit;
        }
        if let Some(tick) = env("PARC_SCHEDULER_TICK")
            .and_then(|t| t.parse().ok())
            .or(file.scheduler_tick)
        {
            config.scheduler_tick = tick;
        }
        if let Some(workers) = file.scheduler_workers {
            config.scheduler_workers = workers;
        }
        Ok(config)
    }

    /// A configuration rooted at `data_dir` with every default.
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Self::resolve(data_dir.into(), None, None, None, None)
    }

    fn resolve(
        data_dir: PathBuf,
        database_url: Option<String>,
        plugins_dir: Option<PathBuf>,
        listen: Option<String>,
        locale: Option<String>,
    ) -> Self {
        Self {
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
