//! What the system page shows (recipes 12, 14, 21, 37 — this product's Observer): the node's
//! figures, its supervised tasks, the live rooms, the recent log lines parsed into their parts,
//! and the results of the health checks.

mod logs;

pub use logs::{Level, LogFilter, LogLine};

use serde::{Deserialize, Serialize};

/// Where a supervised task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    Running,
    /// Failed, and waiting out its backoff before the next start.
    Restarting,
    /// Failed more often than the restart intensity allows: given up, the node not ready.
    Failed,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Restarting => "restarting",
            Self::Failed => "failed",
        }
    }
}

/// One supervised task, as the supervisor sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInfo {
    pub name: String,
    pub state: TaskState,
    /// Restarts since the task was first started.
    pub restarts: u32,
    /// Why it last failed (an error's chain or a panic's message).
    pub last_error: Option<String>,
    /// When its current run started, in unix milliseconds.
    pub started_at_ms: i64,
}

/// A live chat room's task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomTask {
    pub room_id: i64,
    /// Its name, filled in for the page (the task itself knows only the id); none once the
    /// room is deleted.
    #[serde(default)]
    pub name: Option<String>,
    /// Sockets in the room right now.
    pub sockets: u32,
}

/// The node at a glance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemReport {
    pub uptime_secs: u64,
    /// Resident memory, in bytes (`None` where the platform does not say).
    pub memory_bytes: Option<u64>,
    /// The async runtime's worker threads and the tasks alive on it.
    pub runtime_workers: u32,
    pub runtime_tasks: u64,
    /// Open WebSocket connections, and the distinct people behind them.
    pub sockets: u32,
    pub users_online: u32,
    pub pool_in_use: u32,
    pub pool_size: u32,
    /// Why the node is not ready, if a task failed beyond its restart intensity.
    pub escalation: Option<String>,
    pub tasks: Vec<TaskInfo>,
    pub rooms: Vec<RoomTask>,
    /// A page of the lines that pass the filter, newest first.
    pub logs: Vec<LogLine>,
    /// Where the next, older page of them starts; `None` on the last page.
    pub logs_older: Option<u64>,
    /// How many lines the ring holds in all (before the filter).
    pub logs_kept: usize,
}

/// One health check's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub name: String,
    pub ok: bool,
    /// What was found ("12.3 GiB free"), or why it failed ("timed out after 2 s").
    pub detail: String,
    pub duration_ms: f64,
}
