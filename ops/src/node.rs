//! The node as the system page sees it: one value, in the server's Leptos context, that
//! gathers the supervisor, the log ring, the health checks and the charts.

use std::sync::Arc;

use model::system::{CheckResult, LogFilter, RoomTask, SystemReport};
use tokio::time::Instant;

use crate::{
    checks::HealthChecks, logs::LogRing, metrics::Charts, process, supervisor::Supervisor,
};

/// The most log lines one report carries: a page.
pub const REPORT_LOG_LINES: usize = 50;

/// The live chat rooms' tasks, which the server owns (the system page lists and stops them).
pub trait LiveRooms: Send + Sync {
    fn rooms(&self) -> Vec<RoomTask>;
    /// Stops a room's task; it starts again on the next join. Whether it was running.
    fn stop_room(&self, room_id: i64) -> bool;
}

/// What makes up a [`Node`].
pub struct NodeParts {
    pub supervisor: Supervisor,
    pub logs: Arc<LogRing>,
    pub checks: HealthChecks,
    pub charts: Arc<Charts>,
    pub rooms: Arc<dyn LiveRooms>,
}

/// The node's machinery, for the system page and readiness. Cheap to clone.
#[derive(Clone)]
pub struct Node {
    parts: Arc<NodeParts>,
    started: Instant,
}

impl Node {
    pub fn new(parts: NodeParts) -> Self {
        Self {
            parts: Arc::new(parts),
            started: Instant::now(),
        }
    }

    pub fn supervisor(&self) -> &Supervisor {
        &self.parts.supervisor
    }

    pub fn charts(&self) -> &Arc<Charts> {
        &self.parts.charts
    }

    pub async fn run_checks(&self) -> Vec<CheckResult> {
        self.parts.checks.run().await
    }

    pub fn stop_room(&self, room_id: i64) -> bool {
        self.parts.rooms.stop_room(room_id)
    }

    /// The node now: figures of the last sample, the tasks, the rooms, and a page of the log
    /// lines that pass `filter`, below line number `before` (the newest when `None`).
    pub fn report(&self, filter: &LogFilter, before: Option<u64>) -> SystemReport {
        let latest = self.parts.charts.latest().unwrap_or_default();
        let admin = latest.admin.unwrap_or_default();
        let runtime = tokio::runtime::Handle::try_current().map(|handle| handle.metrics());
        let logs = self.parts.logs.search(filter, before, REPORT_LOG_LINES);
        SystemReport {
            uptime_secs: self.started.elapsed().as_secs(),
            memory_bytes: process::resident_memory_bytes(),
            runtime_workers: runtime
                .as_ref()
                .map_or(0, |m| u32::try_from(m.num_workers()).unwrap_or(u32::MAX)),
            runtime_tasks: runtime.as_ref().map_or(0, |m| m.num_alive_tasks() as u64),
            sockets: latest.sockets,
            users_online: latest.users_online,
            pool_in_use: admin.pool_in_use,
            pool_size: admin.pool_size,
            escalation: self.parts.supervisor.escalation(),
            tasks: self.parts.supervisor.tasks(),
            rooms: self.parts.rooms.rooms(),
            logs: logs.lines,
            logs_older: logs.older,
            logs_kept: logs.kept,
        }
    }
}
