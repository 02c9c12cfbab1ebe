//! Typed settings, loaded once at start-up from three layers, each deep-merged over the last
//! (cookbook recipes 2 and 36):
//!
//! 1. defaults in code (`Default` impls below);
//! 2. the optional file `config/<profile>.toml`;
//! 3. environment variables `APP_<SECTION>__<KEY>` (e.g. `APP_SERVER__PORT=8080`), plus the
//!    conventional `DATABASE_URL`, `SECRET_KEY_BASE` and `PORT`.
//!
//! The profile comes from `APP_PROFILE` (`dev` unless set). `prod` refuses to start without a
//! secret key base and an explicit database URL.

use std::{net::IpAddr, path::PathBuf, time::Duration};

pub use app::limits::LimitSettings;
use domain::uploads::Limits;
use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Minimum length of `SECRET_KEY_BASE`, in bytes: enough entropy to sign sessions and tokens.
pub const MIN_SECRET_KEY_BASE_BYTES: usize = 64;

/// Which set of defaults and checks apply.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    #[default]
    Dev,
    Test,
    Prod,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Test => "test",
            Self::Prod => "prod",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub profile: Profile,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    /// Signs sessions and socket tokens. Required in `prod`; at least 64 bytes wherever given.
    pub secret_key_base: Option<SecretString>,
    pub log: LogSettings,
    pub assets: AssetSettings,
    pub realtime: RealtimeSettings,
    pub node: NodeSettings,
    pub uploads: UploadSettings,
    /// Rate limits (recipe 41), per node.
    pub limits: LimitSettings,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    pub host: IpAddr,
    /// 0 asks the OS for a free port (tests do).
    pub port: u16,
    /// How long in-flight requests may take to finish after a shutdown signal.
    pub shutdown_grace_secs: u64,
    /// A request's headers must arrive within this many seconds, and a keep-alive connection
    /// idle this long is closed.
    pub header_timeout_secs: u64,
    /// Connections held at once, WebSockets included (each is a file descriptor; this
    /// machine's processes get 20,000).
    pub max_connections: usize,
    /// Connections one address may hold at once (trusted proxies excepted), so that one
    /// client cannot take them all.
    pub max_connections_per_address: usize,
    /// Every request but an upload must arrive and be answered within this (408 otherwise):
    /// a body trickled byte by byte must not hold a connection for ever.
    pub request_timeout_secs: u64,
    /// Sent as `Strict-Transport-Security` when the node is reached over HTTPS (`prod`): how
    /// long browsers must use HTTPS only. 0 sends none.
    pub hsts_max_age_secs: u64,
    /// Proxies in front of the node whose `X-Forwarded-For` is believed, so that per-address
    /// limits count clients rather than the proxy. Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            host: [127, 0, 0, 1].into(),
            port: 3000,
            shutdown_grace_secs: 30,
            header_timeout_secs: 10,
            max_connections: 16_000,
            max_connections_per_address: 1_000,
            request_timeout_secs: 30,
            hsts_max_age_secs: 0,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite:…` or `postgres://…`; a secret because it may carry a password.
    pub url: Option<SecretString>,
    pub max_connections: u32,
    pub acquire_timeout_secs: u64,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: None,
            max_connections: 10,
            acquire_timeout_secs: 5,
        }
    }
}

/// Where the embedded database lives when no URL is given.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/commons.db";

impl DatabaseSettings {
    pub fn url(&self) -> &str {
        self.url
            .as_ref()
            .map_or(DEFAULT_DATABASE_URL, |url| url.expose_secret())
    }

    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_secs(self.acquire_timeout_secs)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Readable lines for a terminal.
    Human,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// A `tracing` filter; `RUST_LOG` overrides it.
    pub level: String,
    /// Human in dev and test, JSON in prod, unless set.
    pub format: Option<LogFormat>,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            level: "info".into(),
            format: None,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssetSettings {
    /// Where Trunk put the built bundle (`<site_root>/pkg`).
    pub site_root: PathBuf,
    /// Static files served from `/`: manifest, service worker, icons, offline page.
    pub public_dir: PathBuf,
}

impl Default for AssetSettings {
    fn default() -> Self {
        Self {
            site_root: "target/site".into(),
            public_dir: "public".into(),
        }
    }
}

/// The node's own machinery: where it keeps files, how often it samples its figures, and how
/// its supervisor treats failing tasks (cookbook recipes 19, 21, 29).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NodeSettings {
    /// Where the node keeps its files (the SQLite database by default, uploads); the disk
    /// check watches its free space.
    pub data_dir: PathBuf,
    /// How often the metrics collector samples and pushes the dashboard's figures.
    pub sample_interval_ms: u64,
    /// A task failing more than `max_restarts` times within `restart_window_secs` is given
    /// up and the node reports not ready.
    pub max_restarts: usize,
    pub restart_window_secs: u64,
    /// How long each health check may take.
    pub check_timeout_ms: u64,
    /// The bearer token a Prometheus scraper sends for `GET /metrics`
    /// (`Authorization: Bearer …`). Without one, only signed-in admins see the metrics.
    pub metrics_token: Option<SecretString>,
}

impl Default for NodeSettings {
    fn default() -> Self {
        Self {
            data_dir: "data".into(),
            sample_interval_ms: 1000,
            max_restarts: 3,
            restart_window_secs: 5,
            metrics_token: None,
            check_timeout_ms: 2000,
        }
    }
}

impl NodeSettings {
    pub fn sample_interval(&self) -> Duration {
        Duration::from_millis(self.sample_interval_ms.max(10))
    }

    pub fn check_timeout(&self) -> Duration {
        Duration::from_millis(self.check_timeout_ms)
    }
}

/// Uploads (recipes 22 and 43), stored under `node.data_dir`. The per-file limit defaults to
/// the shared rule the page checks (10 MB); raising it here lets the server take more than
/// the page offers (the streaming benchmark does).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UploadSettings {
    pub max_file_bytes: u64,
    /// How much one person may store in all.
    pub quota_bytes: u64,
    /// The most pixels a picture may claim to get a thumbnail (decompression bombs).
    pub max_pixels: u64,
    /// An upload that sends nothing for this long is given up (408) and its part deleted: a
    /// body trickled byte by byte must not hold a connection and an upload slot for ever.
    pub stall_timeout_secs: u64,
}

impl Default for UploadSettings {
    fn default() -> Self {
        let limits = Limits::default();
        Self {
            max_file_bytes: limits.max_file_bytes,
            quota_bytes: limits.quota_bytes,
            max_pixels: limits.max_pixels,
            stall_timeout_secs: 30,
        }
    }
}

impl UploadSettings {
    pub fn stall_timeout(&self) -> Duration {
        Duration::from_secs(self.stall_timeout_secs.max(1))
    }

    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_bytes,
            quota_bytes: self.quota_bytes,
            max_pixels: self.max_pixels,
        }
    }
}

/// The WebSocket endpoint and the live features behind it (`docs/protocol.md`).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RealtimeSettings {
    /// Origins (`https://host[:port]`) allowed to open a socket besides the server's own
    /// (the request's `Host`). A request with no `Origin` (not a browser) is allowed.
    pub allowed_origins: Vec<String>,
    /// How long a socket token stays valid.
    pub token_max_age_secs: u64,
    /// A socket that sends nothing, not even a heartbeat, for this long is closed.
    pub idle_timeout_secs: u64,
    /// Channels one socket may have joined at once.
    pub max_channels: usize,
    /// The largest frame a client may send; the socket is closed past it.
    pub max_frame_bytes: usize,
    /// A chat room's task stops after the room has had no one in it for this long.
    pub room_idle_secs: u64,
}

impl Default for RealtimeSettings {
    fn default() -> Self {
        Self {
            allowed_origins: Vec::new(),
            token_max_age_secs: 24 * 60 * 60,
            idle_timeout_secs: 60,
            max_channels: 100,
            max_frame_bytes: 64 * 1024,
            room_idle_secs: 5 * 60,
        }
    }
}

impl RealtimeSettings {
    pub fn token_max_age(&self) -> Duration {
        Duration::from_secs(self.token_max_age_secs)
    }

    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_timeout_secs)
    }

    pub fn room_idle(&self) -> Duration {
        Duration::from_secs(self.room_idle_secs)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
    #[error("{}", missing_message(.0))]
    MissingForProd(Vec<Missing>),
    #[error(
        "SECRET_KEY_BASE is too short: it has {0} bytes and needs at least {MIN_SECRET_KEY_BASE_BYTES}. \
         Generate one with `openssl rand -base64 64`."
    )]
    SecretTooShort(usize),
}

/// A setting `prod` cannot start without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    SecretKeyBase,
    DatabaseUrl,
}

fn missing_message(missing: &[Missing]) -> String {
    let mut text = String::from("the prod profile cannot start: required settings are missing:");
    for item in missing {
        text.push_str(match item {
            Missing::SecretKeyBase => {
                "\n  - SECRET_KEY_BASE: set it to at least 64 random bytes, e.g. \
                 SECRET_KEY_BASE=\"$(openssl rand -base64 64 | tr -d '\\n')\""
            }
            Missing::DatabaseUrl => {
                "\n  - DATABASE_URL: set it to the database to use, e.g. \
                 DATABASE_URL=postgres://user:password@host/commons or DATABASE_URL=sqlite://data/commons.db"
            }
        });
    }
    text
}

impl Settings {
    /// Loads the settings for the profile named by `APP_PROFILE`, from `config_dir`, the
    /// process environment, and the defaults.
    pub fn load(config_dir: &std::path::Path) -> Result<Self, SettingsError> {
        let profile: Profile = Figment::new()
            .merge(Env::prefixed("APP_").only(&["profile"]))
            .extract_inner("profile")
            .or_else(|error| {
                if error.missing() {
                    Ok(Profile::Dev)
                } else {
                    Err(Box::new(error))
                }
            })?;
        let figment = Figment::new()
            .merge(Toml::file(
                config_dir.join(format!("{}.toml", profile.as_str())),
            ))
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database.url".into()),
            )
            .merge(Env::raw().only(&["SECRET_KEY_BASE"]))
            .merge(Env::raw().only(&["PORT"]).map(|_| "server.port".into()))
            .merge(Env::prefixed("APP_").split("__"))
            .merge(("profile", profile.as_str()));
        Self::from_figment(figment)
    }

    /// Extracts and checks settings from any set of layers (tests build their own).
    pub fn from_figment(figment: Figment) -> Result<Self, SettingsError> {
        let settings: Self = figment.extract().map_err(Box::new)?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), SettingsError> {
        if let Some(secret) = &self.secret_key_base {
            let len = secret.expose_secret().len();
            if len < MIN_SECRET_KEY_BASE_BYTES {
                return Err(SettingsError::SecretTooShort(len));
            }
        }
        if self.profile == Profile::Prod {
            let mut missing = Vec::new();
            if self.secret_key_base.is_none() {
                missing.push(Missing::SecretKeyBase);
            }
            if self.database.url.is_none() {
                missing.push(Missing::DatabaseUrl);
            }
            if !missing.is_empty() {
                return Err(SettingsError::MissingForProd(missing));
            }
        }
        Ok(())
    }

    pub fn log_format(&self) -> LogFormat {
        self.log.format.unwrap_or(match self.profile {
            Profile::Prod => LogFormat::Json,
            Profile::Dev | Profile::Test => LogFormat::Human,
        })
    }
}

#[cfg(test)]
mod tests;
