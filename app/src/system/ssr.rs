use leptos::prelude::use_context;
use model::system::{CheckResult, LogFilter, SystemReport};
use ops::Node;

use crate::{
    AppError,
    auth::ssr::{answer, context},
};

/// The node, for an admin; `Unauthorized` signed out, `Forbidden` for anyone else.
fn node_for_admin() -> Result<Node, AppError> {
    context()?.admin()?;
    use_context::<Node>().ok_or_else(|| {
        tracing::error!("the node is missing from the server function context");
        AppError::Internal
    })
}

pub(super) async fn report(filter: LogFilter) -> Result<SystemReport, AppError> {
    answer(node_for_admin().map(|node| node.report(&filter)))
}

pub(super) async fn stop_room(room_id: i64) -> Result<bool, AppError> {
    answer(node_for_admin().map(|node| {
        let stopped = node.stop_room(room_id);
        tracing::info!(room_id, stopped, "room task stopped from the system page");
        stopped
    }))
}

pub(super) async fn run_checks() -> Result<Vec<CheckResult>, AppError> {
    let node = answer(node_for_admin())?;
    Ok(node.run_checks().await)
}
