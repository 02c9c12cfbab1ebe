use model::dashboard::{DashboardJoin, Snapshot, TOPIC};
use serde_json::json;

use crate::{
    chat::{member, room, wait_for},
    helpers::{PASSWORD, spawn_app},
};

#[tokio::test]
async fn joining_the_dashboard_answers_the_history_then_pushes_each_sample() {
    let app = spawn_app().await;
    // The first account is an admin; the second, who watches here, is not.
    app.register("Ada", "ada@example.com", PASSWORD).await;
    wait_for(|| app.node.charts().latest().is_some()).await;
    let mut bo = app.ws_user("Bo", "bo@example.com").await;

    let (_, reply) = bo.join(TOPIC, json!({})).await;
    let joined: DashboardJoin = serde_json::from_value(reply.ok().clone()).expect("the reply");
    assert_eq!(joined.interval_ms, 100);
    assert!(!joined.history.is_empty(), "the charts are never empty");
    assert!(joined.history.points().all(|s| s.admin.is_none()));

    let (_, _, pushed) = bo.event(TOPIC, "update").await;
    let snapshot: Snapshot = serde_json::from_value(pushed).expect("a snapshot");
    assert!(snapshot.admin.is_none(), "admin figures are for admins");
    // Bo's own socket is online.
    wait_for(|| app.collector.sample().sockets >= 1).await;
    let (_, _, pushed) = bo.event(TOPIC, "update").await;
    let snapshot: Snapshot = serde_json::from_value(pushed).expect("a snapshot");
    assert!(
        snapshot.users_online >= 1 && snapshot.sockets >= 1,
        "{snapshot:?}"
    );
}

#[tokio::test]
async fn an_admin_watching_the_dashboard_gets_the_admin_figures() {
    let app = spawn_app().await;
    let mut ada = app.ws_user("Ada", "ada@example.com").await;
    let (join_ref, reply) = ada.join(TOPIC, json!({})).await;
    let joined: DashboardJoin = serde_json::from_value(reply.ok().clone()).expect("the reply");
    assert!(joined.history.points().all(|s| s.admin.is_some()));
    let (_, _, pushed) = ada.event(TOPIC, "admin_update").await;
    let snapshot: Snapshot = serde_json::from_value(pushed).expect("a snapshot");
    assert!(snapshot.admin.is_some_and(|admin| admin.pool_size >= 1));
    let refused = ada.push(&join_ref, TOPIC, "anything", json!({})).await;
    assert_eq!(refused.response["reason"], "the dashboard only listens");
}

#[tokio::test]
async fn chat_messages_count_on_the_dashboard() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;
    let before = app.collector.sample().messages_per_min;
    for body in ["one", "two"] {
        let reply = ada
            .socket
            .push(&join_ref, &topic, "new_message", json!({ "body": body }))
            .await;
        reply.ok();
    }
    assert_eq!(app.collector.sample().messages_per_min, before + 2);
}

#[tokio::test]
async fn the_dashboard_page_is_for_signed_in_people() {
    let app = spawn_app().await;
    let signed_out = app.get_page("/dashboard", None).await;
    assert!(
        signed_out.status().is_redirection(),
        "{}",
        signed_out.status()
    );
    assert_eq!(
        signed_out.headers()["location"].to_str().expect("ascii"),
        "/login?return_to=%2Fdashboard"
    );
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let page = app.get_page("/dashboard", Some(&cookie)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("<title>Dashboard · Commons</title>"));
}
