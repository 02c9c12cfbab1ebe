//! Registration, sign-in and sign-out over HTTP, as a browser without JavaScript does them.

use crate::helpers::{TestApp, session_cookie, spawn_app};

const PASSWORD: &str = "Analytical-Engine-1843";

async fn sign_in(app: &TestApp, email: &str, password: &str, return_to: &str) -> reqwest::Response {
    app.post_form(
        "/login",
        &[
            ("email", email),
            ("password", password),
            ("return_to", return_to),
        ],
        None,
    )
    .await
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().expect("ascii")
}

#[tokio::test]
async fn registering_signs_the_person_in_and_welcomes_them_on_their_profile() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/register",
            &[
                ("name", "Ada Lovelace"),
                ("email", "Ada@Example.com"),
                ("age", "36"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/profile");
    let set_cookies: Vec<_> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect();
    let session = set_cookies
        .iter()
        .find(|c| c.starts_with("session="))
        .expect("a session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    let flash = set_cookies
        .iter()
        .find(|c| c.starts_with("flash="))
        .expect("a flash cookie");

    let cookies = format!(
        "{}; {}",
        session_cookie(&response).expect("session"),
        flash.split(';').next().expect("pair")
    );
    // Requests before the page (a server function, a file, a service worker's fetch of the
    // offline page) leave the flash for it.
    let function = app.call("chat/rooms", &[], Some(&cookies)).await;
    let file = app.get_page("/manifest.webmanifest", Some(&cookies)).await;
    let offline = app
        .client
        .get(app.url("/offline/fr"))
        .header("cookie", &cookies)
        .header("accept", "*/*")
        .send()
        .await
        .expect("sent");
    for (between, what) in [
        (function, "a server function"),
        (file, "a file"),
        (offline, "the service worker's fetch"),
    ] {
        assert!(
            between.status().is_success(),
            "{what}: {}",
            between.status()
        );
        let ended = between
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|cookie| cookie.to_str().is_ok_and(|c| c.starts_with("flash=")));
        assert!(!ended, "{what} ended the flash");
    }
    let profile = app.get_page("/profile", Some(&cookies)).await;
    let ended = profile
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|cookie| cookie.to_str().is_ok_and(|c| c.starts_with("flash=")));
    assert!(ended, "the page that shows the flash ends it");
    assert_eq!(profile.status(), 200);
    let page = profile.text().await.expect("body");
    assert!(
        page.contains("Welcome, Ada Lovelace! Your account is ready."),
        "the flash shows once"
    );
    assert!(page.contains("Ada@example.com"));
    assert!(
        page.contains("Administrator"),
        "the first account is an admin"
    );
}

#[tokio::test]
async fn a_taken_email_in_another_case_is_a_field_error_and_the_form_comes_back_filled_without_passwords()
 {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    let response = app
        .post_form(
            "/register",
            &[
                ("name", "Second Ada"),
                ("email", "ADA@example.com"),
                ("age", "40"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(session_cookie(&response).is_none());
    let page = response.text().await.expect("body");
    assert!(
        page.contains("An account with this email already exists."),
        "{page}"
    );
    assert!(
        page.contains(r#"value="Second Ada""#)
            && page.contains(r#"value="ADA@example.com""#)
            && page.contains(r#"value="40""#)
    );
    assert!(!page.contains(PASSWORD), "passwords are never sent back");
}

#[tokio::test]
async fn an_invalid_form_is_refused_with_every_field_error() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/register",
            &[
                ("name", ""),
                ("email", "nope"),
                ("age", "7"),
                ("password", "short"),
                ("password_confirmation", "other"),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    for message in [
        "Enter your name.",
        "Enter an email address like name@example.com.",
        "You must be at least 13 to register.",
    ] {
        assert!(page.contains(message), "{message}");
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    let wrong = sign_in(&app, "ada@example.com", "Wrong-Password-1", "").await;
    let unknown = sign_in(&app, "grace@example.com", PASSWORD, "").await;
    assert_eq!(wrong.status(), unknown.status());
    assert!(session_cookie(&wrong).is_none() && session_cookie(&unknown).is_none());
    let message = "The email or password is not correct.";
    assert!(wrong.text().await.expect("body").contains(message));
    assert!(unknown.text().await.expect("body").contains(message));
}

#[tokio::test]
async fn signing_in_issues_a_new_session_id() {
    let app = spawn_app().await;
    let at_registration = app.register("Ada", "ada@example.com", PASSWORD).await;
    let response = sign_in(&app, "ada@example.com", PASSWORD, "").await;
    assert_eq!(response.status(), 303);
    let at_sign_in = session_cookie(&response).expect("a new session cookie");
    assert_ne!(at_registration, at_sign_in);
}

#[tokio::test]
async fn after_signing_out_the_old_cookie_is_worthless() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    assert_eq!(app.get_page("/profile", Some(&cookie)).await.status(), 200);

    let response = app.post_form("/logout", &[], Some(&cookie)).await;
    assert_eq!(response.status(), 303);
    let cleared = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with("session=;")));
    assert!(cleared, "the browser is told to drop the cookie");

    let replayed = app.get_page("/profile", Some(&cookie)).await;
    assert_eq!(
        replayed.status(),
        302,
        "the copied cookie no longer signs anyone in"
    );
}

#[tokio::test]
async fn a_protected_page_sends_a_signed_out_visitor_to_sign_in_and_back() {
    let app = spawn_app().await;
    let response = app.get_page("/profile", None).await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/login?return_to=%2Fprofile");

    let login = app
        .get("/login?return_to=%2Fprofile")
        .await
        .text()
        .await
        .expect("body");
    assert!(login.contains("Please sign in to see that page."));
    assert!(
        login.contains(r#"name="return_to" value="/profile""#),
        "{login}"
    );

    app.register("Ada", "ada@example.com", PASSWORD).await;
    let signed_in = sign_in(&app, "ada@example.com", PASSWORD, "/profile").await;
    assert_eq!(location(&signed_in), "/profile");
}

#[tokio::test]
async fn an_open_redirect_through_return_to_is_ignored() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    for hostile in ["//evil.example", "https://evil.example/", "/\\evil.example"] {
        let response = sign_in(&app, "ada@example.com", PASSWORD, hostile).await;
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), "/profile", "{hostile}");
    }
}

#[tokio::test]
async fn a_cross_site_registration_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/register"))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("name", "Mallory"),
            ("email", "m@example.com"),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn repeated_failures_lock_the_sign_in_with_a_clear_message() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, "ada@example.com", "Wrong-Password-1", "")
                .await
                .status(),
            400
        );
    }
    let locked = sign_in(&app, "ada@example.com", PASSWORD, "").await;
    assert_eq!(locked.status(), 429);
    assert!(session_cookie(&locked).is_none());
    assert!(
        locked
            .text()
            .await
            .expect("body")
            .contains("Too many attempts. Please try again in 15 minutes.")
    );
}
