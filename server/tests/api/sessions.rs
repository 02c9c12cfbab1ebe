//! Server-side sessions against a real database (both backends).

use domain::{
    db::Db,
    sessions::{self, Ended, IDLE_TIMEOUT, SessionId, SessionToken},
    with_pool,
};
use pubsub::{Delivery, Subscriber};

use crate::helpers::{disable_every_account, register_user, spawn_app};

async fn start(db: &Db, user_id: i64) -> SessionToken {
    sessions::start(db, user_id, None).await.expect("starts")
}

async fn resumes(db: &Db, token: &SessionToken) -> Option<i64> {
    sessions::resume(db, token)
        .await
        .expect("query runs")
        .map(|session| session.user.id)
}

async fn session_id(db: &Db, token: &SessionToken) -> SessionId {
    sessions::resume(db, token)
        .await
        .expect("query runs")
        .expect("a live session")
        .id
}

async fn socket_user(db: &Db, user_id: i64, id: &SessionId) -> Option<i64> {
    sessions::socket_user(db, user_id, id)
        .await
        .expect("query runs")
        .map(|user| user.id)
}

#[tokio::test]
async fn a_started_session_resumes_as_its_user() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let token = sessions::start(&app.db, ada.id, Some("Firefox"))
        .await
        .expect("starts");
    assert_eq!(resumes(&app.db, &token).await, Some(ada.id));
    let cookie = SessionToken::from_cookie(token.expose());
    assert_eq!(
        resumes(&app.db, &cookie).await,
        Some(ada.id),
        "the cookie value is all it takes"
    );
}

#[tokio::test]
async fn every_sign_in_gets_a_fresh_token_and_only_its_hash_is_stored() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let first = start(&app.db, ada.id).await;
    let second = start(&app.db, ada.id).await;
    assert_ne!(first, second);
    let stored: Vec<String> = with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT token_hash FROM sessions")
            .fetch_all(pool)
            .await
    })
    .expect("rows");
    assert_eq!(stored.len(), 2);
    assert!(
        !stored
            .iter()
            .any(|hash| hash == first.expose() || hash == second.expose())
    );
}

#[tokio::test]
async fn an_unknown_or_tampered_token_resumes_nothing() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let token = start(&app.db, ada.id).await;
    let mut tampered = token.expose().to_owned();
    // Change the first character to a different one (never a no-op).
    let first = if tampered.starts_with('A') { "B" } else { "A" };
    tampered.replace_range(..1, first);
    assert_ne!(tampered, token.expose());
    for value in ["", "nonsense", tampered.as_str()] {
        assert_eq!(
            resumes(&app.db, &SessionToken::from_cookie(value)).await,
            None,
            "{value}"
        );
    }
}

#[tokio::test]
async fn an_ended_session_is_worthless() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let token = start(&app.db, ada.id).await;
    let id = session_id(&app.db, &token).await;
    assert_eq!(socket_user(&app.db, ada.id, &id).await, Some(ada.id));
    sessions::end(&app.db, &app.pubsub, &token)
        .await
        .expect("ends");
    assert_eq!(resumes(&app.db, &token).await, None);
    assert_eq!(
        socket_user(&app.db, ada.id, &id).await,
        None,
        "its socket tokens too"
    );
    sessions::end(&app.db, &app.pubsub, &token)
        .await
        .expect("ending twice is fine");
}

#[tokio::test]
async fn ending_every_session_of_a_person_leaves_no_one_elses() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let grace = register_user(&app.db, "grace@example.com").await;
    let laptop = start(&app.db, ada.id).await;
    let phone = start(&app.db, ada.id).await;
    let graces = start(&app.db, grace.id).await;

    let ended = sessions::end_all_for_user(&app.db, &app.pubsub, ada.id)
        .await
        .expect("ends");
    assert_eq!(ended, 2);
    assert_eq!(resumes(&app.db, &laptop).await, None);
    assert_eq!(resumes(&app.db, &phone).await, None);
    assert_eq!(resumes(&app.db, &graces).await, Some(grace.id));
}

#[tokio::test]
async fn ending_sessions_tells_the_persons_sockets_which_ended() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let laptop = start(&app.db, ada.id).await;
    let phone = start(&app.db, ada.id).await;
    let (laptop_id, phone_id) = (
        session_id(&app.db, &laptop).await,
        session_id(&app.db, &phone).await,
    );
    let (listener, mut heard) = Subscriber::new();
    app.pubsub
        .subscribe(&sessions::socket_topic(ada.id), &listener);
    let mut next = async || match heard.recv().await {
        Some(Delivery::Message(broadcast)) => broadcast,
        other => panic!("expected a broadcast, got {other:?}"),
    };

    sessions::end(&app.db, &app.pubsub, &laptop)
        .await
        .expect("ends");
    let one = next().await;
    assert!(Ended::closes(&one, &laptop_id));
    assert!(!Ended::closes(&one, &phone_id), "the phone stays signed in");

    sessions::end_all_for_user(&app.db, &app.pubsub, ada.id)
        .await
        .expect("ends");
    let all = next().await;
    assert!(Ended::closes(&all, &phone_id));
}

#[tokio::test]
async fn a_session_idle_past_the_timeout_has_expired() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let token = start(&app.db, ada.id).await;
    let idle = i64::try_from(IDLE_TIMEOUT.as_secs()).expect("fits") + 1;
    with_pool!(&app.db, |pool| {
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
            .bind(idle)
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("aged");
    assert_eq!(resumes(&app.db, &token).await, None);
}

#[tokio::test]
async fn a_socket_token_names_a_session_that_is_not_a_secret() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let token = start(&app.db, ada.id).await;
    let id = session_id(&app.db, &token).await;
    assert_ne!(id.as_str(), token.expose());
    assert_eq!(
        resumes(&app.db, &SessionToken::from_cookie(id.as_str())).await,
        None,
        "the id opens no session as a cookie"
    );
    let grace = register_user(&app.db, "grace@example.com").await;
    assert_eq!(
        socket_user(&app.db, grace.id, &id).await,
        None,
        "a session opens only its own person"
    );
    assert_eq!(
        socket_user(&app.db, ada.id, &SessionId::from_token("nonsense")).await,
        None
    );
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions() {
    let app = spawn_app().await;
    let ada = register_user(&app.db, "ada@example.com").await;
    let token = start(&app.db, ada.id).await;
    let id = session_id(&app.db, &token).await;
    disable_every_account(&app.db).await;
    assert_eq!(resumes(&app.db, &token).await, None);
    assert_eq!(socket_user(&app.db, ada.id, &id).await, None);
}
