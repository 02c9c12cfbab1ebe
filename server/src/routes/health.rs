//! Liveness and readiness for load balancers and orchestrators (cookbook recipe 37). Readiness
//! runs the node's health checks (`crate::checks`): the database, the disk, and the supervisor —
//! a task given up past its restart intensity makes the node not ready.

use std::collections::BTreeMap;

use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize)]
pub(super) struct Live {
    status: &'static str,
}

/// The process is up and answering; says nothing about its dependencies.
pub(super) async fn live() -> Json<Live> {
    Json(Live { status: "ok" })
}

#[derive(Serialize)]
pub(super) struct Ready {
    status: &'static str,
    checks: BTreeMap<String, Check>,
}

#[derive(Serialize)]
struct Check {
    status: &'static str,
    duration_ms: f64,
}

fn status(ok: bool) -> &'static str {
    if ok { "ok" } else { "unavailable" }
}

/// Ready when every check passes; 503 otherwise. Each check's status and duration, never its
/// details (they are for admins, on the system page, and in the log).
pub(super) async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Ready>) {
    let results = state.node.run_checks().await;
    let ready = results.iter().all(|result| result.ok);
    for failed in results.iter().filter(|result| !result.ok) {
        tracing::warn!(check = %failed.name, detail = %failed.detail, "readiness: a check failed");
    }
    let checks = results
        .into_iter()
        .map(|result| {
            let check = Check {
                status: status(result.ok),
                duration_ms: result.duration_ms,
            };
            (result.name, check)
        })
        .collect();
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        code,
        Json(Ready {
            status: status(ready),
            checks,
        }),
    )
}
