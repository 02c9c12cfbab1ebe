//! The node's own machinery, its uploads, and its live features.

use std::{path::PathBuf, time::Duration};

use domain::uploads::Limits;
use secrecy::SecretString;
use serde::Deserialize;

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
