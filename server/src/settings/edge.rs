//! The HTTP edge's settings: where it listens and how it treats connections, the database, the
//! logs, the built assets.

use std::{net::IpAddr, path::PathBuf, time::Duration};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

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
    /// Where people reach the node (`https://commons.example`): the links mails carry start
    /// with it. Never taken from a request's `Host`, which its sender chooses. Unset: the
    /// address the node is bound to.
    pub public_url: Option<String>,
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
            public_url: None,
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
    /// Static files served from `/`: manifest, service worker, icons.
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
