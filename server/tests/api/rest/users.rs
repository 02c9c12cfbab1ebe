//! `/users` for admins, and `/uploads` with a bearer token: the API's admin side and files.

use serde_json::json;

use super::{Client, send};
use crate::{helpers::spawn_app, uploads::samples};

#[tokio::test]
async fn admins_list_look_up_change_roles_and_delete_accounts_but_never_their_own() {
    let app = spawn_app().await;
    // The first account is an admin.
    let (admin, admin_id) = Client::register(&app, "root@example.com", "read write").await;
    let (bob, bob_id) = Client::register(&app, "bob@example.com", "read write").await;
    for n in 0..3 {
        Client::register(&app, &format!("p{n}@example.com"), "read").await;
    }

    let refused = bob.get("/api/v2/users").await;
    assert_eq!((refused.status, refused.problem()), (403, "forbidden"));
    assert_eq!(
        bob.get(&format!("/api/v2/users/{admin_id}")).await.status,
        403
    );

    let v1 = admin.get("/api/v1/users?page=1&limit=2").await;
    assert_eq!(v1.body["total"], 5);
    assert_eq!(v1.body["data"][0]["id"], admin_id);
    assert_eq!(v1.body["data"][0]["role"], "admin");
    assert!(v1.body["data"][0]["inserted_at"].is_string());
    let mut seen = Vec::new();
    let mut path = "/api/v2/users?limit=2".to_owned();
    loop {
        let page = admin.get(&path).await;
        seen.extend(
            page.body["data"]
                .as_array()
                .expect("users")
                .iter()
                .map(|u| u["id"].clone()),
        );
        match page.body["meta"]["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v2/users?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);

    let promoted = admin
        .patch(
            &format!("/api/v2/users/{bob_id}"),
            json!({ "role": "admin" }),
        )
        .await;
    assert_eq!(promoted.body["data"]["role"], "admin");
    assert!(promoted.body["data"]["created_at"].is_string());
    let own = admin
        .patch(
            &format!("/api/v2/users/{admin_id}"),
            json!({ "role": "user" }),
        )
        .await;
    assert_eq!((own.status, own.problem()), (409, "conflict"));
    let unknown = admin
        .patch("/api/v2/users/999999", json!({ "role": "user" }))
        .await;
    assert_eq!(unknown.status, 404);
    let bad_role = admin
        .patch(
            &format!("/api/v2/users/{bob_id}"),
            json!({ "role": "owner" }),
        )
        .await;
    assert_eq!(bad_role.status, 422);

    assert_eq!(
        admin
            .delete(&format!("/api/v2/users/{admin_id}"))
            .await
            .status,
        409
    );
    assert_eq!(
        admin
            .delete(&format!("/api/v2/users/{bob_id}"))
            .await
            .status,
        204
    );
    assert_eq!(
        bob.get("/api/v2/me").await.status,
        401,
        "their tokens went with them"
    );
    assert_eq!(
        admin.get(&format!("/api/v2/users/{bob_id}")).await.status,
        404
    );
}

#[tokio::test]
async fn two_admins_demoting_or_deleting_each_other_at_once_leave_one_admin() {
    let app = spawn_app().await;
    let (ada, ada_id) = Client::register(&app, "root@example.com", "read write").await;
    let (bob, bob_id) = Client::register(&app, "bob@example.com", "read write").await;
    for round in 0..3 {
        let promoted = ada
            .patch(
                &format!("/api/v2/users/{bob_id}"),
                json!({ "role": "admin" }),
            )
            .await;
        assert_eq!(promoted.status, 200, "round {round}");
        let (bobs, adas) = (
            format!("/api/v2/users/{bob_id}"),
            format!("/api/v2/users/{ada_id}"),
        );
        let (one, other) = if round == 2 {
            tokio::join!(ada.delete(&bobs), bob.delete(&adas))
        } else {
            let demote = json!({ "role": "user" });
            tokio::join!(
                ada.patch(&bobs, demote.clone()),
                bob.patch(&adas, demote.clone())
            )
        };
        let mut statuses = [one.status, other.status];
        statuses.sort_unstable();
        // The loser is refused as the last admin (409), as no longer an admin (403), or, once
        // deleted, as a token that opens nothing (401).
        assert!(
            matches!(statuses, [200 | 204, 401 | 403 | 409]),
            "round {round}: {statuses:?} {} {}",
            one.body,
            other.body
        );
        let admins: i64 = domain::with_pool!(&app.db, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
                .fetch_one(pool)
                .await
        })
        .expect("counted");
        assert_eq!(admins, 1, "round {round}");
        if round < 2 && ada.get("/api/v2/users").await.status != 200 {
            // Bob won this round: swap back so Ada can go on promoting him.
            let restored = bob
                .patch(
                    &format!("/api/v2/users/{ada_id}"),
                    json!({ "role": "admin" }),
                )
                .await;
            assert_eq!(restored.status, 200);
            assert_eq!(
                bob.patch(
                    &format!("/api/v2/users/{bob_id}"),
                    json!({ "role": "user" })
                )
                .await
                .status,
                409,
                "not his own"
            );
            let demote_bob = ada
                .patch(
                    &format!("/api/v2/users/{bob_id}"),
                    json!({ "role": "user" }),
                )
                .await;
            assert_eq!(demote_bob.status, 200);
        }
    }
}

#[tokio::test]
async fn a_read_token_of_an_admin_reads_but_changes_nobody() {
    let app = spawn_app().await;
    let (admin, _) = Client::register(&app, "root@example.com", "read").await;
    let (_, bob_id) = Client::register(&app, "bob@example.com", "read").await;
    assert_eq!(admin.get("/api/v2/users").await.status, 200);
    let change = admin
        .patch(
            &format!("/api/v2/users/{bob_id}"),
            json!({ "role": "admin" }),
        )
        .await;
    assert_eq!(
        (change.status, change.problem()),
        (403, "insufficient_scope")
    );
    assert_eq!(
        admin
            .delete(&format!("/api/v2/users/{bob_id}"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn files_go_up_with_a_write_token_and_are_listed_described_and_deleted_by_the_api() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let (reader, _) = Client::register(&app, "bob@example.com", "read").await;
    let upload = async |token: &str| {
        app.client
            .post(app.url("/uploads"))
            .query(&[("name", "diagram.png")])
            .bearer_auth(token)
            .body(samples::png())
            .send()
            .await
            .expect("sent")
    };
    let sent = upload(&ada.token).await;
    assert_eq!(sent.status(), 201);
    let info: serde_json::Value = sent.json().await.expect("JSON");
    let id = info["id"].as_i64().expect("an id");

    let read_only = upload(&reader.token).await;
    assert_eq!(read_only.status(), 403);
    assert_eq!(upload("cmn_forged").await.status(), 401);

    let v1 = ada.get("/api/v1/uploads").await;
    assert_eq!(
        (v1.body["total"].clone(), v1.body["data"][0]["id"].clone()),
        (json!(1), json!(id))
    );
    let shown = ada.get(&format!("/api/v2/uploads/{id}")).await;
    assert_eq!(shown.body["data"]["content_type"], "image/png");
    assert_eq!(
        reader.get(&format!("/api/v2/uploads/{id}")).await.status,
        404
    );
    assert_eq!(
        reader.delete(&format!("/api/v2/uploads/{id}")).await.status,
        403
    );

    let download = async |token: &str| {
        app.client
            .get(app.url(&format!("/uploads/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .expect("sent")
    };
    let own = download(&ada.token).await;
    assert_eq!(own.status(), 200);
    assert_eq!(
        own.bytes().await.expect("the file").as_ref(),
        samples::png().as_slice()
    );
    assert_eq!(download(&reader.token).await.status(), 404, "not theirs");
    assert_eq!(
        ada.delete(&format!("/api/v2/uploads/{id}")).await.status,
        204
    );
    assert_eq!(ada.get(&format!("/api/v2/uploads/{id}")).await.status, 404);
    let listed = send(
        &app,
        reqwest::Method::GET,
        "/api/v2/uploads",
        Some(&ada.token),
        None,
        &[],
    )
    .await;
    assert_eq!(listed.body["data"], json!([]));
}
