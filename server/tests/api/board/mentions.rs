//! Mentions end to end: a post written through the form names someone; their badge's channel
//! hears the new count and the mail arrives through the job queue. Nobody may listen to
//! someone else's badge.

use model::mentions;
use serde_json::json;

use super::write;
use crate::{
    helpers::{PASSWORD, TestApp, spawn_app},
    mail::mail_to,
};

async fn user_id(app: &TestApp, email: &str) -> i64 {
    domain::with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT id FROM users WHERE email_key = $1")
            .bind(email)
            .fetch_one(pool)
            .await
    })
    .expect("the user exists")
}

#[tokio::test]
async fn the_person_a_post_mentions_sees_their_badge_change_and_gets_a_mail() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let bob_id = user_id(&app, "bob@example.com").await;
    let topic = mentions::topic(bob_id);
    let mut badge = app.ws_connect(&app.socket_token(&bob).await).await;
    let (_, reply) = badge.join(&topic, json!({})).await;
    assert_eq!(reply.ok(), &json!({"count": 0}));

    let post = write(&app, &ada, "Hello", "Welcome, @bob!", "", true).await;
    let (_, _, unread) = badge.event(&topic, mentions::UNREAD).await;
    assert_eq!(unread, json!({"count": 1}));

    let mail = mail_to(&app, "bob@example.com", "Ada mentioned you").await;
    assert!(
        mail.text.contains("Ada mentioned you in the post “Hello”:"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("> Welcome, @bob!"), "{}", mail.text);
    assert!(
        mail.text.contains(&format!("{}/posts/{post}", app.address)),
        "{}",
        mail.text
    );

    // Someone else's badge is theirs alone.
    let mut ada_socket = app.ws_connect(&app.socket_token(&ada).await).await;
    let not_yours = json!({"reason": mentions::NOT_YOURS});
    let aliases = [format!("mentions:0{bob_id}"), format!("mentions:+{bob_id}")];
    for topic in [
        topic.as_str(),
        "mentions:x",
        "mentions:",
        &aliases[0],
        &aliases[1],
    ] {
        let (_, reply) = ada_socket.join(topic, json!({})).await;
        assert_eq!(reply.error(), &not_yours, "{topic}");
    }
}
