//! A session's end reaches its sockets (issue: "sessions end everywhere, sockets included"):
//! signing out closes that session's sockets and voids the socket tokens it was given; signing
//! out everywhere or changing the password does the same for every session of the person.

use model::{
    dashboard,
    wire::{SIGNED_OUT_CODE, SIGNED_OUT_REASON},
};
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::{
    helpers::{PASSWORD, TestApp, session_cookie, spawn_app},
    socket_client::{WsClient, refusal_status},
};

const EMAIL: &str = "ada@example.com";

/// A socket of `cookie`'s session, joined to the dashboard (any signed-in person may).
async fn joined_socket(app: &TestApp, cookie: &str) -> WsClient {
    let token = app.socket_token(cookie).await;
    let mut socket = app.ws_connect(&token).await;
    let (_, reply) = socket.join(dashboard::TOPIC, json!({})).await;
    reply.ok();
    socket
}

/// Whether a socket with `token` is refused before the upgrade (403).
async fn token_refused(app: &TestApp, token: &str) -> bool {
    let request = app
        .ws_url(&format!("vsn=2.0.0&token={token}"))
        .into_client_request()
        .expect("a request");
    match app.ws_open(request).await {
        Ok(_) => false,
        refused => refusal_status(refused) == 403,
    }
}

/// The socket is told its channel closed, then is closed as signed out.
async fn assert_signed_out(socket: &mut WsClient) {
    socket.event(dashboard::TOPIC, "phx_close").await;
    assert_eq!(
        socket.closed_with_reason().await,
        (SIGNED_OUT_CODE, SIGNED_OUT_REASON.to_owned())
    );
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)], cookie: &str) {
    let response = app.post_form(path, fields, Some(cookie)).await;
    assert_eq!(response.status(), 303, "{path} succeeds");
}

#[tokio::test]
async fn signing_out_closes_that_sessions_sockets_and_voids_its_tokens_only() {
    let app = spawn_app().await;
    let laptop = app.register("Ada", EMAIL, PASSWORD).await;
    let phone = app.sign_in(EMAIL, PASSWORD).await;
    let mut laptop_socket = joined_socket(&app, &laptop).await;
    let mut phone_socket = joined_socket(&app, &phone).await;
    let held = app.socket_token(&laptop).await;
    assert!(
        !token_refused(&app, &held).await,
        "the held token works now"
    );

    post(&app, "/logout", &[], &laptop).await;

    assert_signed_out(&mut laptop_socket).await;
    assert!(
        token_refused(&app, &held).await,
        "no upgrade with the held token"
    );
    phone_socket.heartbeat().await.ok();
    let phone_token = app.socket_token(&phone).await;
    assert!(
        !token_refused(&app, &phone_token).await,
        "the phone is signed in"
    );
}

#[tokio::test]
async fn signing_out_everywhere_closes_every_socket_of_the_person_and_voids_every_token() {
    let app = spawn_app().await;
    let laptop = app.register("Ada", EMAIL, PASSWORD).await;
    let phone = app.sign_in(EMAIL, PASSWORD).await;
    let grace = app.register("Grace", "grace@example.com", PASSWORD).await;
    let mut laptop_socket = joined_socket(&app, &laptop).await;
    let mut phone_socket = joined_socket(&app, &phone).await;
    let mut graces_socket = joined_socket(&app, &grace).await;
    let held = [
        app.socket_token(&laptop).await,
        app.socket_token(&phone).await,
    ];

    post(&app, "/logout/everywhere", &[], &phone).await;

    assert_signed_out(&mut laptop_socket).await;
    assert_signed_out(&mut phone_socket).await;
    for token in &held {
        assert!(token_refused(&app, token).await);
    }
    graces_socket.heartbeat().await.ok();
}

#[tokio::test]
async fn a_password_change_closes_every_socket_and_only_the_renewed_session_gets_tokens() {
    let app = spawn_app().await;
    let laptop = app.register("Ada", EMAIL, PASSWORD).await;
    let phone = app.sign_in(EMAIL, PASSWORD).await;
    let mut laptop_socket = joined_socket(&app, &laptop).await;
    let mut phone_socket = joined_socket(&app, &phone).await;
    let held = app.socket_token(&laptop).await;

    let new_password = "Difference-Engine-1822";
    let response = app
        .post_form(
            "/profile/password",
            &[
                ("current_password", PASSWORD),
                ("password", new_password),
                ("password_confirmation", new_password),
            ],
            Some(&laptop),
        )
        .await;
    assert_eq!(response.status(), 303);
    let renewed = session_cookie(&response).expect("the session is renewed");
    assert_ne!(renewed, laptop);

    assert_signed_out(&mut laptop_socket).await;
    assert_signed_out(&mut phone_socket).await;
    assert!(token_refused(&app, &held).await, "tokens from before void");
    for old in [&laptop, &phone] {
        let response = app
            .client
            .get(app.url("/socket/token"))
            .header("cookie", old.as_str())
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 401);
    }
    let mut again = joined_socket(&app, &renewed).await;
    again.heartbeat().await.ok();
}

#[tokio::test]
async fn a_sign_out_while_a_socket_is_still_upgrading_closes_it_too() {
    let app = spawn_app().await;
    let laptop = app.register("Ada", EMAIL, PASSWORD).await;
    let token = app.socket_token(&laptop).await;
    let mut socket = app.ws_connect(&token).await;
    post(&app, "/logout", &[], &laptop).await;
    assert_eq!(
        socket.closed_with_reason().await,
        (SIGNED_OUT_CODE, SIGNED_OUT_REASON.to_owned()),
        "no channel joined: closed all the same"
    );
}

#[tokio::test]
async fn sockets_upgrading_while_their_session_ends_are_refused_or_closed_never_left_open() {
    let app = spawn_app().await;
    app.register("Ada", EMAIL, PASSWORD).await;
    for trial in 0..8u64 {
        let cookie = app.sign_in(EMAIL, PASSWORD).await;
        let mut tokens = Vec::new();
        for _ in 0..8 {
            tokens.push(app.socket_token(&cookie).await);
        }
        let upgrades = futures_util::future::join_all(tokens.iter().map(|token| {
            let request = app
                .ws_url(&format!("vsn=2.0.0&token={token}"))
                .into_client_request()
                .expect("a request");
            app.ws_open(request)
        }));
        let sign_out = async {
            tokio::time::sleep(std::time::Duration::from_millis(trial * 2)).await;
            post(&app, "/logout", &[], &cookie).await;
        };
        let (opened, ()) = tokio::join!(upgrades, sign_out);
        for socket in opened {
            match socket {
                Ok(mut socket) => assert_eq!(
                    socket.closed_with_reason().await,
                    (SIGNED_OUT_CODE, SIGNED_OUT_REASON.to_owned()),
                    "trial {trial}: a socket outlived its session"
                ),
                refused => assert_eq!(refusal_status(refused), 403, "trial {trial}"),
            }
        }
    }
}
