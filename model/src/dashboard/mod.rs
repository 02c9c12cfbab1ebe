//! The live dashboard's figures (recipe 29), as the collector samples them and the page draws
//! them: one [`Snapshot`] per sample, pushed on [`TOPIC`], and a [`History`] of the last
//! [`History::SPAN_MS`] that a page receives when it joins, so its charts are never empty.
//! Both sides record points with the same [`History::record`], so they agree on every chart.

mod history;

pub use history::History;

use serde::{Deserialize, Serialize};

/// The channel every dashboard joins.
pub const TOPIC: &str = "dashboard:updates";
/// A new snapshot, without the admin figures.
pub const UPDATE: &str = "update";
/// A new snapshot with the admin figures; only admins' sockets receive it (instead of
/// [`UPDATE`]).
pub const ADMIN_UPDATE: &str = "admin_update";

/// The node's figures at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When it was sampled, in unix milliseconds.
    pub at_ms: i64,
    /// Distinct signed-in people with at least one open socket.
    pub users_online: u32,
    /// Requests answered in the last minute.
    pub requests_per_min: u64,
    /// Mean response time over the last minute, in milliseconds (0 without requests).
    pub avg_response_ms: f64,
    /// 95th percentile response time over the last minute, in milliseconds.
    pub p95_response_ms: f64,
    /// Open WebSocket connections.
    pub sockets: u32,
    /// Chat messages posted in the last minute.
    pub messages_per_min: u64,
    /// What only admins see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<AdminFigures>,
}

/// Figures about the node's resources, for admins only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminFigures {
    /// Database connections checked out right now.
    pub pool_in_use: u32,
    /// Database connections open (in use or idle).
    pub pool_size: u32,
    /// Resident memory of the process, in bytes (0 where the platform does not say).
    pub memory_bytes: u64,
}

impl Snapshot {
    /// The same snapshot without the admin figures.
    pub fn public(&self) -> Self {
        Self {
            admin: None,
            ..self.clone()
        }
    }
}

/// What joining [`TOPIC`] answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardJoin {
    /// How often the collector samples, in milliseconds.
    pub interval_ms: u64,
    /// The recent points, the current snapshot last (empty only before the first sample).
    pub history: History,
}
