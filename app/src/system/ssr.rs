use leptos::prelude::use_context;
use model::system::{CheckResult, LogFilter, SystemReport};
use ops::Node;

use crate::{AppError, auth::ssr::for_admin};

/// The node, as the system page's server functions reach it.
fn node() -> Result<Node, AppError> {
    use_context::<Node>().ok_or_else(|| {
        tracing::error!("the node is missing from the server function context");
        AppError::Internal
    })
}

pub(super) async fn report(
    filter: LogFilter,
    before: Option<u64>,
) -> Result<SystemReport, AppError> {
    for_admin(async |ctx, user| {
        let mut report = node()?.report(&filter, before);
        // The node knows its live rooms by id; their names are the chat's.
        let ids: Vec<i64> = report.rooms.iter().map(|room| room.room_id).collect();
        let names = ctx.chat().room_names(user.scope(), &ids).await?;
        for room in &mut report.rooms {
            room.name = names.get(&room.room_id).cloned();
        }
        Ok(report)
    })
    .await
}

pub(super) async fn stop_room(room_id: i64) -> Result<bool, AppError> {
    for_admin(async |_, _| {
        let stopped = node()?.stop_room(room_id);
        tracing::info!(room_id, stopped, "room task stopped from the system page");
        Ok(stopped)
    })
    .await
}

pub(super) async fn run_checks() -> Result<Vec<CheckResult>, AppError> {
    for_admin(async |_, _| Ok(node()?.run_checks().await)).await
}
