//! Rate limits over HTTP (recipe 41): each limited answer says where the caller stands
//! (`x-ratelimit-limit`, `-remaining`, `-reset`); a refusal is 429 with `retry-after`, shown in
//! words on the page for the forms that work without JavaScript.

use reqwest::{Response, header::HeaderMap};
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, spawn_app_with};

fn header(headers: &HeaderMap, name: &str) -> u64 {
    headers[name]
        .to_str()
        .expect("ascii")
        .parse()
        .unwrap_or_else(|_| panic!("{name} is a number"))
}

/// A refusal: 429, a wait to retry after, and the limit's state (nothing left).
fn assert_refused(response: &Response, limit: u64) {
    assert_eq!(response.status(), 429);
    let headers = response.headers();
    assert_eq!(header(headers, "x-ratelimit-limit"), limit);
    assert_eq!(header(headers, "x-ratelimit-remaining"), 0);
    assert!(header(headers, "x-ratelimit-reset") >= 1);
    assert!(header(headers, "retry-after") >= 1);
}

async fn sign_in_form(app: &TestApp, email: &str) -> Response {
    app.post_form(
        "/login",
        &[
            ("email", email),
            ("password", "Wrong-Password-1"),
            ("return_to", ""),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_limited_and_the_page_says_when_to_retry() {
    let app = spawn_app_with(|settings| settings.limits.sign_ins_per_address = 3).await;
    for n in 0..3_u64 {
        let response = sign_in_form(&app, &format!("user{n}@example.com")).await;
        assert_eq!(
            response.status(),
            400,
            "a wrong password, shown on the page"
        );
        assert_eq!(header(response.headers(), "x-ratelimit-limit"), 3);
        assert_eq!(header(response.headers(), "x-ratelimit-remaining"), 2 - n);
    }
    let refused = sign_in_form(&app, "user3@example.com").await;
    assert_refused(&refused, 3);
    let page = refused.text().await.expect("a page");
    assert!(
        page.contains("Too many attempts. Please try again in 10 minutes."),
        "{page}"
    );
    assert!(
        page.contains(r#"value="user3@example.com""#),
        "what was typed is kept"
    );

    // The server function the hydrated page calls answers the same, as JSON.
    let refused = app
        .call(
            "sign_in",
            &[
                ("form[email]", "user4@example.com"),
                ("form[password]", "x"),
            ],
            None,
        )
        .await;
    assert_refused(&refused, 3);
    let body: Value = refused.json().await.expect("JSON");
    assert!(body.to_string().contains("RateLimited"), "{body}");
}

#[tokio::test]
async fn the_lockout_answer_carries_the_limit_headers_too() {
    let app = spawn_app_with(|_| {}).await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    for _ in 0..domain::accounts::MAX_FAILURES {
        assert_eq!(sign_in_form(&app, "ada@example.com").await.status(), 400);
    }
    let locked = sign_in_form(&app, "ada@example.com").await;
    assert_refused(&locked, 5);
}

async fn email_check(app: &TestApp, email: &str) -> Response {
    app.call("email_taken", &[("email", email)], None).await
}

#[tokio::test]
async fn the_email_check_answers_a_few_times_per_address_then_429() {
    let app = spawn_app_with(|settings| settings.limits.email_checks_per_address = 4).await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    for n in 0..4_u64 {
        let response = email_check(&app, "ada@example.com").await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(response.headers(), "x-ratelimit-remaining"), 3 - n);
        assert_eq!(response.text().await.expect("body"), "true");
    }
    // Walking a list of addresses gets nowhere: the next answer is a refusal, not a yes or no.
    let refused = email_check(&app, "grace@example.com").await;
    assert_refused(&refused, 4);
}

#[tokio::test]
async fn the_email_check_has_a_budget_for_everyone_together() {
    let app = spawn_app_with(|settings| {
        settings.limits.email_checks_per_address = 100;
        settings.limits.email_checks_per_node = 3;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(email_check(&app, "a@example.com").await.status(), 200);
    }
    assert_refused(&email_check(&app, "b@example.com").await, 3);
}

async fn create_room(app: &TestApp, cookie: &str, name: &str) -> Response {
    app.call(
        "chat/create_room",
        &[("name", name), ("private", "false")],
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn room_creation_is_limited_per_person_with_and_without_javascript() {
    let app = spawn_app_with(|settings| settings.limits.rooms_per_window = 2).await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bo = app.register("Bo", "bo@example.com", PASSWORD).await;
    let first = create_room(&app, &ada, "one").await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(first.headers(), "x-ratelimit-remaining"), 1);
    let second = app
        .post_form("/chat/rooms", &[("name", "two")], Some(&ada))
        .await;
    assert_eq!(second.status(), 303, "the plain form counts too");
    assert_eq!(header(second.headers(), "x-ratelimit-remaining"), 0);

    assert_refused(&create_room(&app, &ada, "three").await, 2);
    let page = app
        .post_form("/chat/rooms", &[("name", "four")], Some(&ada))
        .await;
    assert_refused(&page, 2);
    let page = page.text().await.expect("a page");
    assert!(
        page.contains("Too many attempts. Please try again in"),
        "{page}"
    );
    assert!(page.contains(r#"value="four""#), "what was typed is kept");

    assert_eq!(
        create_room(&app, &bo, "bo's").await.status(),
        200,
        "per person"
    );
    // A refused name does not use up the budget.
    let invalid = create_room(&app, &bo, "   ").await;
    assert_eq!(invalid.status(), 422);
}

async fn sign_in_from(app: &TestApp, forwarded_for: &str) -> u16 {
    app.client
        .post(app.url("/login"))
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("email", "ada@example.com"),
            ("password", "Wrong-Password-1"),
        ])
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget_and_a_forged_header_gains_nothing() {
    let proxied = spawn_app_with(|settings| {
        settings.limits.sign_ins_per_address = 1;
        settings.server.trusted_proxies = vec![[127, 0, 0, 1].into()];
    })
    .await;
    assert_eq!(sign_in_from(&proxied, "198.51.100.1").await, 400);
    assert_eq!(
        sign_in_from(&proxied, "198.51.100.2").await,
        400,
        "another client"
    );
    assert_eq!(sign_in_from(&proxied, "198.51.100.1").await, 429);

    let direct = spawn_app_with(|settings| settings.limits.sign_ins_per_address = 1).await;
    assert_eq!(sign_in_from(&direct, "198.51.100.1").await, 400);
    assert_eq!(
        sign_in_from(&direct, "198.51.100.2").await,
        429,
        "no trusted proxy: the header is the client's own claim"
    );
}

async fn register_form(app: &TestApp, email: &str) -> Response {
    app.post_form(
        "/register",
        &[
            ("name", "Someone"),
            ("email", email),
            ("age", ""),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn registering_is_limited_per_address_so_it_cannot_walk_a_list_of_emails() {
    let app = spawn_app_with(|settings| settings.limits.registrations_per_address = 2).await;
    let made = register_form(&app, "ada@example.com").await;
    assert_eq!(made.status(), 303);
    assert_eq!(header(made.headers(), "x-ratelimit-remaining"), 1);
    let taken = register_form(&app, "ada@example.com").await;
    assert_eq!(taken.status(), 422, "taken, and that counts");
    let refused = register_form(&app, "grace@example.com").await;
    assert_refused(&refused, 2);
    let page = refused.text().await.expect("a page");
    assert!(
        page.contains("Too many attempts. Please try again in"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="grace@example.com""#),
        "what was typed is kept"
    );

    let by_function = app
        .call(
            "register",
            &[
                ("form[name]", "Someone"),
                ("form[email]", "bo@example.com"),
                ("form[age]", ""),
                ("form[password]", PASSWORD),
                ("form[password_confirmation]", PASSWORD),
            ],
            None,
        )
        .await;
    assert_refused(&by_function, 2);
}

#[tokio::test]
async fn a_stolen_session_cannot_guess_the_password_through_the_change_form() {
    let app = spawn_app_with(|settings| settings.limits.password_changes_per_person = 2).await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let change = async |current: &str| {
        app.post_form(
            "/profile/password",
            &[
                ("current_password", current),
                ("password", "Difference-Engine-1822"),
                ("password_confirmation", "Difference-Engine-1822"),
            ],
            Some(&cookie),
        )
        .await
    };
    assert_eq!(change("Guess-Number-0001").await.status(), 422);
    assert_eq!(change("Guess-Number-0002").await.status(), 422);
    let refused = change(PASSWORD).await;
    assert_refused(&refused, 2);
    let page = refused.text().await.expect("a page");
    assert!(
        page.contains("Too many attempts. Please try again in"),
        "{page}"
    );
}
