use super::{page, write};
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn a_person_s_page_and_the_admins_report() {
    let app = spawn_app().await;
    let root = app.register("Root", "root@example.com", PASSWORD).await;
    let ada = app
        .register("Ada Lovelace", "ada@example.com", PASSWORD)
        .await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let id = write(&app, &ada, "Engines", "notes", "math, engines", true).await;
    let response = app
        .post_form(&format!("/posts/{id}/like"), &[("on", "true")], Some(&bob))
        .await;
    assert_eq!(response.status(), 303);

    // Ada is 2, Bob 3: ids in the order they joined.
    let (status, html) = page(&app, "/people/2", None).await;
    assert_eq!(status, 200, "an author's page is open to all");
    assert!(html.contains("ada_lovelace"), "{html}");
    assert!(html.contains("Engines"));
    assert!(html.contains("href=\"/posts?tag=math\""));
    let (status, _) = page(&app, "/people/3", None).await;
    assert_eq!(
        status, 404,
        "someone who never posted is nobody's business but members'"
    );
    assert_eq!(page(&app, "/people/3", Some(&ada)).await.0, 200);
    for garbage in ["/people/x", "/people/99999", "/people/-1"] {
        assert_eq!(page(&app, garbage, Some(&ada)).await.0, 404, "{garbage}");
    }
    let (status, figures) = app.call_json("board/person", &[("id", "2")], &bob).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            &figures["stats"]["posts"],
            &figures["stats"]["likes_received"]
        ),
        (&serde_json::json!(1), &serde_json::json!(1))
    );

    let (status, _) = app.call_json("board/report", &[], &ada).await;
    assert_eq!(status, 403);
    let (status, report) = app.call_json("board/report", &[], &root).await;
    assert_eq!(status, 200, "{report}");
    let months = report["months"].as_array().unwrap();
    assert_eq!(months.len(), 1, "one month, one role (members): {report}");
    assert_eq!(
        (&months[0]["posts"], &months[0]["likes"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );
    assert_eq!(page(&app, "/admin/board", Some(&ada)).await.0, 403);
    assert_eq!(page(&app, "/admin/board", Some(&root)).await.0, 200);
}
