use serde_json::Value;
use server::cli::{CliError, promote};

use super::admin_and_user;
use crate::helpers::spawn_app;

#[tokio::test]
async fn only_admins_may_open_the_system_page() {
    let app = spawn_app().await;
    let (admin, user) = admin_and_user(&app).await;

    let signed_out = app.get_page("/admin/system", None).await;
    assert!(
        signed_out.status().is_redirection(),
        "{}",
        signed_out.status()
    );
    let location = signed_out.headers()["location"].to_str().expect("ascii");
    assert_eq!(location, "/login?return_to=%2Fadmin%2Fsystem");

    let forbidden = app.get_page("/admin/system", Some(&user)).await;
    assert_eq!(forbidden.status(), 403);
    assert!(
        forbidden
            .text()
            .await
            .expect("html")
            .contains("Admins only")
    );

    let page = app.get_page("/admin/system", Some(&admin)).await;
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn the_system_server_functions_answer_admins_only() {
    let app = spawn_app().await;
    let (admin, user) = admin_and_user(&app).await;
    for (endpoint, fields) in [
        ("system/report", vec![("filter[text]", "")]),
        ("system/checks", vec![]),
        ("system/stop_room", vec![("room_id", "1")]),
    ] {
        let refused = app.call(endpoint, &fields, Some(&user)).await;
        assert_eq!(refused.status(), 403, "{endpoint}");
        let signed_out = app.call(endpoint, &fields, None).await;
        assert_eq!(signed_out.status(), 401, "{endpoint}");
    }

    let report: Value = app
        .call("system/report", &[("filter[text]", "")], Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    let tasks = report["tasks"].as_array().expect("tasks");
    assert!(
        tasks
            .iter()
            .any(|task| task["name"] == "metrics_collector" && task["state"] == "running"),
        "{report}"
    );
    assert!(report["uptime_secs"].is_u64() && report["runtime_workers"].as_u64() >= Some(1));

    let checks: Value = app
        .call("system/checks", &[], Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    let names: Vec<_> = checks
        .as_array()
        .expect("results")
        .iter()
        .map(|check| (check["name"].as_str().unwrap_or(""), check["ok"].as_bool()))
        .collect();
    assert_eq!(
        names,
        [
            ("database", Some(true)),
            ("disk", Some(true)),
            ("supervisor", Some(true))
        ]
    );
}

#[tokio::test]
async fn stopping_a_room_from_the_system_page_ends_its_task() {
    let app = spawn_app().await;
    let (admin, _) = admin_and_user(&app).await;
    let mut bo = crate::chat::member(&app, "Cy").await;
    let topic = crate::chat::room(&app, bo.id, "general", false).await;
    bo.socket.join(&topic, serde_json::json!({})).await;
    let room_id = model::chat::channel::room_id(&topic)
        .expect("a room's topic")
        .to_string();
    assert_eq!(app.rooms.list().len(), 1);

    let stopped: bool = app
        .call("system/stop_room", &[("room_id", &room_id)], Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    assert!(stopped);
    assert!(app.rooms.list().is_empty());
    let again: bool = app
        .call("system/stop_room", &[("room_id", &room_id)], Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    assert!(!again, "nothing left to stop");
}

#[tokio::test]
async fn admin_promote_gives_an_existing_account_the_admin_role() {
    let app = spawn_app().await;
    let (_, user) = admin_and_user(&app).await;
    assert_eq!(
        app.get_page("/admin/system", Some(&user)).await.status(),
        403
    );

    let promoted = promote(&app.db, " BO@example.com ")
        .await
        .expect("promoted");
    assert_eq!(promoted.email, "bo@example.com");
    assert_eq!(
        app.get_page("/admin/system", Some(&user)).await.status(),
        200
    );

    assert!(matches!(
        promote(&app.db, "nobody@example.com").await,
        Err(CliError::NoSuchAccount(_))
    ));
    assert!(matches!(
        promote(&app.db, "not an email").await,
        Err(CliError::InvalidEmail(..))
    ));
}
