//! Liveness and readiness for load balancers and orchestrators (cookbook recipe 37).

use std::time::{Duration, Instant};

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use domain::db::Db;
use serde::Serialize;

use crate::startup::AppState;

/// How long the readiness check waits for the database before calling it down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
}

#[derive(Serialize)]
struct Live {
    status: &'static str,
}

/// The process is up and answering; says nothing about its dependencies.
async fn live() -> Json<Live> {
    Json(Live { status: "ok" })
}

#[derive(Serialize)]
struct Ready {
    status: &'static str,
    checks: Checks,
}

#[derive(Serialize)]
struct Checks {
    database: Check,
}

#[derive(Serialize)]
struct Check {
    status: &'static str,
    duration_ms: f64,
}

/// Ready when the database answers within [`CHECK_TIMEOUT`]; 503 otherwise, without internals.
async fn ready(State(db): State<Db>) -> (StatusCode, Json<Ready>) {
    let started = Instant::now();
    let outcome = tokio::time::timeout(CHECK_TIMEOUT, db.ping()).await;
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let database_up = match outcome {
        Ok(Ok(())) => true,
        Ok(Err(error)) => {
            tracing::warn!(error = ?error, "readiness: database check failed");
            false
        }
        Err(_) => {
            tracing::warn!(
                timeout_ms = CHECK_TIMEOUT.as_millis() as u64,
                "readiness: database check timed out"
            );
            false
        }
    };
    let (code, status) = if database_up {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    let check = Check {
        status,
        duration_ms,
    };
    (
        code,
        Json(Ready {
            status,
            checks: Checks { database: check },
        }),
    )
}
