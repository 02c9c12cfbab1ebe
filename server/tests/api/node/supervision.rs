use std::time::Duration;

use model::system::TaskState;
use serde_json::Value;

use crate::{chat::wait_for, helpers::spawn_app};

const COLLECTOR: &str = "metrics_collector";

#[tokio::test]
async fn a_failing_collector_is_restarted_and_shows_why() {
    let app = spawn_app().await;
    let collector = || {
        app.node
            .supervisor()
            .tasks()
            .into_iter()
            .find(|task| task.name == COLLECTOR)
            .expect("the collector is supervised")
    };
    assert_eq!(collector().state, TaskState::Running);
    assert_eq!(collector().restarts, 0);

    app.collector.fail_next(1);
    wait_for(|| collector().restarts == 1 && collector().state == TaskState::Running).await;
    let failed = collector();
    assert!(
        failed
            .last_error
            .as_deref()
            .is_some_and(|why| why.contains("injected")),
        "{failed:?}"
    );
    // It samples again: the charts move on.
    let latest = || app.node.charts().latest().map(|sample| sample.at_ms);
    let before = latest();
    wait_for(|| latest() > before).await;
    // One restart is within the intensity: the node stays ready.
    assert_eq!(app.get("/health/ready").await.status(), 200);
}

#[tokio::test]
async fn failing_beyond_the_restart_intensity_makes_the_node_not_ready() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health/ready").await.status(), 200);

    app.collector.fail_next(u32::MAX);
    wait_for(|| app.node.supervisor().escalation().is_some()).await;
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"]["supervisor"]["status"], "unavailable");
    assert_eq!(body["checks"]["database"]["status"], "ok");
    let task = app.node.supervisor().tasks();
    let collector = task.iter().find(|t| t.name == COLLECTOR).expect("listed");
    assert_eq!(collector.state, TaskState::Failed);
    assert_eq!(collector.restarts, 3);

    // Given up means given up: no more samples.
    let last = app.node.charts().latest().map(|s| s.at_ms);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(app.node.charts().latest().map(|s| s.at_ms), last);
}
