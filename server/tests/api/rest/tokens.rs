//! The token lifecycle over HTTP: made (by password or by the browser's session, never by a
//! token), shown once, used, marked used, expired, revoked; the sign-in lockout and the
//! per-token budget.

use reqwest::Method;
use serde_json::json;

use super::{Client, send, sign_in};
use crate::helpers::{PASSWORD, register_user, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_token_is_shown_once_used_listed_and_revoked_at_once() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    assert!(ada.token.starts_with("cmn_"));
    let listed = ada.get("/api/v2/tokens").await;
    let tokens = listed.body["data"].as_array().expect("a list");
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["name"], "API session");
    assert_eq!(tokens[0]["scope"], "read write");
    assert!(tokens[0]["last_used_at"].is_string(), "using it marked it");
    assert!(
        tokens[0]["expires_at"].is_string(),
        "a session's token expires"
    );
    assert!(tokens[0].get("secret").is_none(), "never shown again");
    assert_eq!(listed.body["meta"]["next_cursor"], serde_json::Value::Null);
    let id = tokens[0]["id"].as_i64().expect("an id");
    let v1 = ada.get("/api/v1/tokens").await;
    assert_eq!(v1.body["total"], 1);
    assert_eq!(
        ada.get(&format!("/api/v1/tokens/{id}")).await.body["data"]["id"],
        id
    );

    // A second token, revoked with the first.
    let other = sign_in(&app, "ada@example.com", "read").await;
    let other_id = send(&app, Method::GET, "/api/v2/tokens", Some(&other), None, &[])
        .await
        .body["data"][0]["id"]
        .as_i64()
        .expect("the newest first");
    let revoked = ada.delete(&format!("/api/v2/tokens/{other_id}")).await;
    assert_eq!(revoked.status, 204);
    let after = send(&app, Method::GET, "/api/v2/me", Some(&other), None, &[]).await;
    assert_eq!((after.status, after.problem()), (401, "unauthorized"));
    assert_eq!(
        ada.delete(&format!("/api/v2/tokens/{other_id}"))
            .await
            .status,
        404
    );

    // Revoking itself: it works, and then nothing opens.
    assert_eq!(
        ada.delete(&format!("/api/v2/tokens/{id}")).await.status,
        204
    );
    assert_eq!(ada.get("/api/v2/me").await.status, 401);
}

#[tokio::test]
async fn someone_elses_token_is_not_found_and_an_expired_one_opens_nothing() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let (bob, _) = Client::register(&app, "bob@example.com", "read write").await;
    let bobs = bob.get("/api/v2/tokens").await.body["data"][0]["id"]
        .as_i64()
        .expect("an id");
    assert_eq!(ada.get(&format!("/api/v2/tokens/{bobs}")).await.status, 404);
    assert_eq!(
        ada.delete(&format!("/api/v2/tokens/{bobs}")).await.status,
        404
    );
    assert_eq!(
        bob.get("/api/v2/me").await.status,
        200,
        "still Bob's, still live"
    );

    // Bob's token expires a second from now; the server has it in memory, and lets it go
    // when the second has passed.
    let soon = chrono::Utc::now().timestamp() + 1;
    domain::with_pool!(&app.db, |pool| {
        sqlx::query("UPDATE access_tokens SET expires_at = $1")
            .bind(soon)
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("expiry moved");
    app.db.identities().changed();
    assert_eq!(bob.get("/api/v2/me").await.status, 200);
    while chrono::Utc::now().timestamp() <= soon {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(bob.get("/api/v2/me").await.status, 401);
}

#[tokio::test]
async fn a_token_cannot_make_tokens_but_the_browsers_session_can() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let by_token = ada
        .post("/api/v2/tokens", json!({ "name": "more", "scope": "read" }))
        .await;
    assert_eq!((by_token.status, by_token.problem()), (403, "forbidden"));

    let cookie = app.sign_in("ada@example.com", PASSWORD).await;
    let by_session = async |body: serde_json::Value| {
        send(
            &app,
            Method::POST,
            "/api/v1/tokens",
            None,
            Some(body),
            &[("cookie", &cookie), ("sec-fetch-site", "same-origin")],
        )
        .await
    };
    let made =
        by_session(json!({ "name": "laptop script", "scope": "read", "expires_in_days": 7 })).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let id = made.body["data"]["id"].as_i64().expect("an id");
    assert_eq!(
        made.header("location"),
        Some(format!("/api/v1/tokens/{id}").as_str())
    );
    let secret = made.body["data"]["secret"].as_str().expect("shown once");
    let me = send(&app, Method::GET, "/api/v1/me", Some(secret), None, &[]).await;
    assert_eq!(me.status, 200);

    let invalid = by_session(json!({ "name": "", "scope": "read", "expires_in_days": 400 })).await;
    assert_eq!((invalid.status, invalid.problem()), (422, "invalid"));
    assert!(invalid.body["errors"]["name"].is_string());
    assert!(invalid.body["errors"]["expires_in_days"].is_string());
    let bad_scope = by_session(json!({ "name": "x", "scope": "admin" })).await;
    assert_eq!(bad_scope.status, 422);

    let cross_site = send(
        &app,
        Method::POST,
        "/api/v1/tokens",
        None,
        Some(json!({ "name": "stolen", "scope": "read write" })),
        &[("cookie", &cookie), ("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(
        cross_site.status, 403,
        "the CSRF rule holds for the session"
    );
}

#[tokio::test]
async fn the_browsers_session_reads_the_api_until_it_signs_out() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    let cookie = app.sign_in("ada@example.com", PASSWORD).await;
    let me = async || {
        send(
            &app,
            Method::GET,
            "/api/v2/me",
            None,
            None,
            &[("cookie", &cookie)],
        )
        .await
    };
    let signed_in = me().await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    assert_eq!(signed_in.body["data"]["email"], "ada@example.com");
    assert!(signed_in.header("x-ratelimit-remaining").is_some());

    let out = app.post_form("/logout", &[], Some(&cookie)).await;
    assert!(out.status().is_redirection());
    let signed_out = me().await;
    assert_eq!(signed_out.status, 401);
    assert_eq!(
        signed_out.header("www-authenticate"),
        Some("Bearer realm=\"commons\"")
    );
    let forged = send(
        &app,
        Method::GET,
        "/api/v2/me",
        None,
        None,
        &[("cookie", "session=forged")],
    )
    .await;
    assert_eq!(forged.status, 401);
}

#[tokio::test]
async fn signing_in_for_a_token_is_locked_out_after_repeated_failures() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    let attempt = async |password: &str| {
        send(
            &app,
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({ "email": "ada@example.com", "password": password })),
            &[],
        )
        .await
    };
    let wrong = attempt("not the password").await;
    assert_eq!(
        (wrong.status, wrong.problem()),
        (401, "invalid_credentials")
    );
    for _ in 1..domain::accounts::MAX_FAILURES {
        assert_eq!(attempt("still wrong").await.status, 401);
    }
    let locked = attempt(PASSWORD).await;
    assert_eq!((locked.status, locked.problem()), (429, "rate_limited"));
    assert!(locked.header("retry-after").is_some());
    let unknown = send(
        &app,
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({ "email": "nobody@example.com", "password": PASSWORD })),
        &[],
    )
    .await;
    assert_eq!(
        unknown.status, 401,
        "an unknown email reads as a wrong password"
    );
}

#[tokio::test]
async fn each_token_spends_its_own_budget_and_every_answer_says_what_is_left() {
    let app = spawn_app_with(|settings| {
        settings.limits.api_requests_per_minute = 1;
        settings.limits.api_burst = 3;
    })
    .await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read").await;
    let first = ada.get("/api/v2/me").await;
    assert_eq!(first.header("x-ratelimit-limit"), Some("3"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("2"));
    ada.get("/api/v2/me").await;
    ada.get("/api/v2/rooms").await;
    let refused = ada.get("/api/v2/me").await;
    assert_eq!((refused.status, refused.problem()), (429, "rate_limited"));
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("0"));
    let retry: u64 = refused
        .header("retry-after")
        .expect("when")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");

    let other = sign_in(&app, "ada@example.com", "read").await;
    let fresh = send(&app, Method::GET, "/api/v2/me", Some(&other), None, &[]).await;
    assert_eq!(fresh.status, 200, "another token has its own budget");
}

#[tokio::test]
async fn the_profiles_token_functions_need_a_session_and_reach_only_ones_own_tokens() {
    let app = spawn_app().await;
    let (bob, _) = Client::register(&app, "bob@example.com", "read write").await;
    let bobs = bob.get("/api/v2/tokens").await.body["data"][0]["id"]
        .as_i64()
        .expect("an id");
    assert_eq!(app.call("tokens/list", &[], None).await.status(), 401);
    let form = [
        ("form[name]", "script"),
        ("form[scope]", "read"),
        ("form[expires_in_days]", ""),
    ];
    assert_eq!(app.call("tokens/create", &form, None).await.status(), 401);

    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let made = app.call("tokens/create", &form, Some(&ada)).await;
    assert_eq!(made.status(), 200);
    let made: serde_json::Value = made.json().await.expect("JSON");
    assert!(
        made["secret"]
            .as_str()
            .expect("shown once")
            .starts_with("cmn_")
    );
    let bad = [
        ("form[name]", ""),
        ("form[scope]", "admin"),
        ("form[expires_in_days]", "0"),
    ];
    assert_eq!(
        app.call("tokens/create", &bad, Some(&ada)).await.status(),
        422
    );

    let bobs = bobs.to_string();
    let foreign = app
        .call("tokens/revoke", &[("id", &bobs)], Some(&ada))
        .await;
    assert_eq!(foreign.status(), 404, "someone else's token is not found");
    assert_eq!(bob.get("/api/v2/me").await.status, 200, "and still opens");
    let garbage = app.call("tokens/revoke", &[("id", "x")], Some(&ada)).await;
    assert_eq!(garbage.status(), 400);
}
