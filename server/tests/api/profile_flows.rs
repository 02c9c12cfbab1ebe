//! The profile over HTTP, as a browser without JavaScript uses it.

use crate::helpers::{TestApp, session_cookie, spawn_app};

const OLD: &str = "Analytical-Engine-1843";
const NEW: &str = "Difference-Engine-1822";

async fn second_session(app: &TestApp) -> String {
    let response = app
        .post_form(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", OLD),
                ("return_to", ""),
            ],
            None,
        )
        .await;
    session_cookie(&response).expect("signed in again")
}

async fn profile_status(app: &TestApp, cookie: &str) -> u16 {
    app.get_page("/profile", Some(cookie))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn changing_the_password_signs_out_every_other_session() {
    let app = spawn_app().await;
    let here = app.register("Ada", "ada@example.com", OLD).await;
    let elsewhere = second_session(&app).await;

    let response = app
        .post_form(
            "/profile/password",
            &[
                ("current_password", OLD),
                ("password", NEW),
                ("password_confirmation", NEW),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(response.status(), 303);
    let renewed = session_cookie(&response).expect("this browser's session is renewed");
    assert_eq!(
        profile_status(&app, &renewed).await,
        200,
        "this browser stays"
    );
    assert_eq!(
        profile_status(&app, &here).await,
        302,
        "under a new token: the old cookie is over"
    );
    assert_eq!(
        profile_status(&app, &elsewhere).await,
        302,
        "the other one is over"
    );
}

#[tokio::test]
async fn a_wrong_current_password_is_a_field_error_and_changes_nothing() {
    let app = spawn_app().await;
    let here = app.register("Ada", "ada@example.com", OLD).await;
    let elsewhere = second_session(&app).await;
    let response = app
        .post_form(
            "/profile/password",
            &[
                ("current_password", "Not-It-1"),
                ("password", NEW),
                ("password_confirmation", NEW),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("Your current password is not correct."));
    assert!(!page.contains(NEW), "passwords are never sent back");
    assert_eq!(profile_status(&app, &elsewhere).await, 200);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    let here = app.register("Ada", "ada@example.com", OLD).await;
    let elsewhere = second_session(&app).await;
    let response = app.post_form("/logout/everywhere", &[], Some(&here)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(profile_status(&app, &here).await, 302);
    assert_eq!(profile_status(&app, &elsewhere).await, 302);
}

#[tokio::test]
async fn details_are_saved_or_shown_back_with_their_errors() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", OLD).await;

    let refused = app
        .post_form(
            "/profile",
            &[("name", "Ada King"), ("age", "7")],
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("body");
    assert!(page.contains("You must be at least 13 to register."));
    assert!(page.contains(r#"value="Ada King""#) && page.contains(r#"value="7""#));

    let saved = app
        .post_form(
            "/profile",
            &[("name", "Ada King"), ("age", "36")],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status(), 303);
    let page = app
        .get_page("/profile", Some(&cookie))
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("<h1>Ada King"), "{page}");
    assert!(page.contains(r#"value="36""#));
}

#[tokio::test]
async fn profile_changes_need_a_signed_in_person() {
    let app = spawn_app().await;
    for path in ["/profile", "/profile/password", "/logout/everywhere"] {
        let response = app
            .post_form(path, &[("name", "X"), ("age", "")], None)
            .await;
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(
            response.headers()["location"],
            "/login?return_to=%2Fprofile",
            "{path}"
        );
    }
}
