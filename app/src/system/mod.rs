//! The system page's server functions (recipes 12, 14, 37), admins only: the node's report
//! (figures, supervised tasks, live rooms, filtered log lines), stopping a room's task, and
//! running the health checks.

use leptos::prelude::*;
use model::system::{CheckResult, LogFilter, SystemReport};

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// The node now, with a page of the log lines that pass `filter` (newest first), below line
/// number `before` (from the newest when `None`).
#[server(prefix = "/rpc", endpoint = "system/report")]
pub async fn node_report(filter: LogFilter, before: Option<u64>) -> Result<SystemReport, AppError> {
    ssr::report(filter, before).await
}

/// Stops a live room's task (it starts again on the next join); answers whether it was
/// running.
#[server(prefix = "/rpc", endpoint = "system/stop_room")]
pub async fn stop_room(room_id: i64) -> Result<bool, AppError> {
    ssr::stop_room(room_id).await
}

/// Runs the node's health checks side by side, each with a timeout.
#[server(prefix = "/rpc", endpoint = "system/checks")]
pub async fn run_health_checks() -> Result<Vec<CheckResult>, AppError> {
    ssr::run_checks().await
}
