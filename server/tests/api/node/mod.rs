//! The node's machinery from outside: supervision of the collector, readiness, `/metrics`, the
//! dashboard channel, the system page and its server functions, and `admin promote`.

mod admin;
mod dashboard;
mod metrics;
mod supervision;

use crate::helpers::{PASSWORD, TestApp};

/// Registers the first account (an admin, as the first account always is) and then a plain
/// user; answers their session cookies.
pub async fn admin_and_user(app: &TestApp) -> (String, String) {
    let admin = app.register("Ada", "ada@example.com", PASSWORD).await;
    let user = app.register("Bo", "bo@example.com", PASSWORD).await;
    (admin, user)
}
