//! Mentions against a real database (SQLite by default, PostgreSQL with
//! `TEST_DATABASE=postgres`): who a post, a comment or a chat message notifies, once, in the
//! same transaction as the text; what the list shows and hides; the badge's count as announced;
//! the mail job for those who asked for mail.

use std::time::Duration;

use domain::{
    Scope,
    accounts::update_preferences,
    board::Board,
    chat::Chat,
    db::Db,
    mentions::{self as domain_mentions, Mentions},
    testing::{TestDatabase, person},
    with_pool,
};
use model::{
    accounts::{NotificationsPatch, PreferencesPatch},
    board::{CommentBody, PostForm},
    chat::{MessageBody, RoomName},
    mentions::{self, MAILS_PER_HOUR, MAX_PER_TEXT, MentionPlace, Unread},
};
use pubsub::{Delivery, PubSub, Subscriber, Subscription};

struct World {
    db: Db,
    pubsub: PubSub,
    board: Board,
    chat: Chat,
    mentions: Mentions,
    alice: Scope,
    bob: Scope,
    carol: Scope,
    _database: TestDatabase,
}

impl World {
    async fn new() -> Self {
        let database = TestDatabase::create().await;
        let db = database.open(8).await;
        let _admin = person(&db, "Root", "root@example.com").await;
        let alice = person(&db, "Alice", "alice@example.com").await;
        let bob = person(&db, "Bob", "bob@example.com").await;
        let carol = person(&db, "Carol", "carol@example.com").await;
        let pubsub = PubSub::local();
        Self {
            board: Board::new(db.clone(), pubsub.clone()),
            chat: Chat::new(db.clone(), pubsub.clone()),
            mentions: Mentions::new(db.clone(), pubsub.clone()),
            db,
            pubsub,
            alice,
            bob,
            carol,
            _database: database,
        }
    }

    async fn post(&self, by: Scope, body: &str, publish: bool) -> i64 {
        let form = PostForm {
            title: "A post".into(),
            body: body.into(),
            tags: String::new(),
            publish: publish.then(String::new),
        };
        self.board
            .create_post(by, form.parse().expect("a valid post"))
            .await
            .expect("written")
    }

    async fn unread(&self, who: Scope) -> i64 {
        self.mentions.unread(who).await.expect("counted")
    }

    /// The mention mails waiting, by the mention they are for.
    async fn mails(&self) -> Vec<String> {
        with_pool!(self.db, |pool| {
            sqlx::query_scalar("SELECT args FROM jobs WHERE kind = 'mail.mention' ORDER BY id")
                .fetch_all(pool)
                .await
        })
        .expect("read")
    }

    fn listen(&self, who: Scope) -> (Subscriber, Subscription) {
        let (listener, subscription) = Subscriber::new();
        self.pubsub
            .subscribe(&mentions::topic(who.user_id), &listener);
        (listener, subscription)
    }
}

async fn heard(subscription: &mut Subscription) -> i64 {
    match tokio::time::timeout(Duration::from_secs(5), subscription.recv()).await {
        Ok(Some(Delivery::Message(broadcast))) => {
            assert_eq!(broadcast.event, mentions::UNREAD);
            let unread: Unread = serde_json::from_value(broadcast.payload.clone()).expect("Unread");
            unread.count
        }
        other => panic!("expected the count, got {other:?}"),
    }
}

#[tokio::test]
async fn a_published_post_notifies_each_person_it_names_once() {
    let w = World::new().await;
    let (_listening, mut bobs_pages) = w.listen(w.bob);
    let text = "Hi @bob and @Carol, @bob again; not me (@alice), nor @nobody, nor bob@example.com";
    let post = w.post(w.alice, text, true).await;
    assert_eq!(heard(&mut bobs_pages).await, 1, "Bob's badge hears of it");
    assert_eq!((w.unread(w.bob).await, w.unread(w.carol).await), (1, 1));
    assert_eq!(
        w.unread(w.alice).await,
        0,
        "nobody is notified of their own mention"
    );

    let list = w.mentions.list(w.bob, None).await.expect("listed");
    assert_eq!(list.len(), 1);
    let mention = &list[0];
    assert_eq!(mention.by.name, "Alice");
    assert_eq!(
        mention.place,
        MentionPlace::Post {
            post_id: post,
            title: "A post".into()
        }
    );
    assert!(mention.excerpt.starts_with("Hi @bob and @Carol"));
    assert!(!mention.seen);

    // The same mention again (an edit that keeps it) says nothing new.
    let form = PostForm {
        title: "A post".into(),
        body: format!("{text} (edited)"),
        tags: String::new(),
        publish: Some(String::new()),
    };
    w.board
        .update_post(w.alice, post, form.parse().unwrap())
        .await
        .expect("edited");
    assert_eq!(w.unread(w.bob).await, 1);

    w.mentions.mark_seen(w.bob).await.expect("seen");
    assert_eq!(heard(&mut bobs_pages).await, 0, "every tab's badge clears");
    assert_eq!(w.unread(w.bob).await, 0);
    assert!(w.mentions.list(w.bob, None).await.unwrap()[0].seen);
    assert_eq!(w.unread(w.carol).await, 1, "Carol's are hers");
}

#[tokio::test]
async fn a_draft_notifies_nobody_until_published_and_hides_its_mentions_again() {
    let w = World::new().await;
    let post = w.post(w.alice, "for @bob", false).await;
    assert_eq!(w.unread(w.bob).await, 0, "a draft is nobody's business");
    let publish = |publish: bool| PostForm {
        title: "A post".into(),
        body: "for @bob".into(),
        tags: String::new(),
        publish: publish.then(String::new),
    };
    w.board
        .update_post(w.alice, post, publish(true).parse().unwrap())
        .await
        .unwrap();
    assert_eq!(w.unread(w.bob).await, 1);
    w.board
        .update_post(w.alice, post, publish(false).parse().unwrap())
        .await
        .unwrap();
    assert_eq!(w.unread(w.bob).await, 0, "back to a draft, it is hidden");
    assert!(w.mentions.list(w.bob, None).await.unwrap().is_empty());
    w.board.delete_post(w.alice, post).await.unwrap();
    let left: i64 = with_pool!(w.db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM mentions")
            .fetch_one(pool)
            .await
    })
    .unwrap();
    assert_eq!(left, 0, "a mention goes with its place");
}

#[tokio::test]
async fn comments_and_messages_notify_and_a_private_room_only_its_members() {
    let w = World::new().await;
    let post = w.post(w.alice, "nothing here", true).await;
    let comment = w
        .board
        .add_comment(w.bob, post, CommentBody::parse("**Look**, @alice").unwrap())
        .await
        .unwrap();
    let list = w.mentions.list(w.alice, None).await.unwrap();
    assert_eq!(
        list[0].place,
        MentionPlace::Comment {
            post_id: post,
            comment_id: comment.id,
            title: "A post".into()
        }
    );
    assert_eq!(
        list[0].excerpt, "Look, @alice",
        "a comment's excerpt is its text"
    );

    let name = |name: &str| RoomName::parse(name).unwrap();
    let open = w
        .chat
        .create_room(w.alice, name("open"), false)
        .await
        .unwrap();
    let say = |text: &str| MessageBody::parse(text).unwrap();
    w.chat
        .post_message(w.alice, open.id, say("@bob @carol hello"))
        .await
        .unwrap();
    assert_eq!((w.unread(w.bob).await, w.unread(w.carol).await), (1, 1));

    let secret = w
        .chat
        .create_room(w.alice, name("secret"), true)
        .await
        .unwrap();
    w.chat
        .invite(w.alice, secret.id, w.bob.user_id)
        .await
        .unwrap();
    w.chat
        .post_message(w.alice, secret.id, say("@bob @carol psst"))
        .await
        .unwrap();
    assert_eq!(w.unread(w.bob).await, 2, "a member is notified");
    assert_eq!(
        w.unread(w.carol).await,
        1,
        "a private room's message reaches no one outside it"
    );
    let list = w.mentions.list(w.bob, None).await.unwrap();
    assert_eq!(
        list[0].place,
        MentionPlace::Message {
            room_id: secret.id,
            room: "secret".into()
        }
    );

    // An edit that names someone new tells them, and only them.
    let said = w
        .chat
        .post_message(w.bob, open.id, say("hello all"))
        .await
        .unwrap();
    let before = (w.unread(w.alice).await, w.unread(w.carol).await);
    w.chat
        .edit_message(w.bob, open.id, said.id, say("hello @carol"))
        .await
        .unwrap();
    w.chat
        .edit_message(w.bob, open.id, said.id, say("hello @carol!"))
        .await
        .unwrap();
    assert_eq!(
        (w.unread(w.alice).await, w.unread(w.carol).await),
        (before.0, before.1 + 1)
    );
}

#[tokio::test]
async fn a_mail_is_queued_for_whoever_asked_for_one_and_a_text_names_at_most_ten() {
    let w = World::new().await;
    let no_mail = PreferencesPatch {
        notifications: Some(NotificationsPatch {
            mentions_by_mail: Some(false),
            ..Default::default()
        }),
        ..Default::default()
    };
    update_preferences(&w.db, w.carol, no_mail).await.unwrap();
    w.post(w.alice, "@bob @carol", true).await;
    let mails = w.mails().await;
    assert_eq!(mails.len(), 1, "Bob wants mail, Carol does not: {mails:?}");
    let bobs = w.mentions.list(w.bob, None).await.unwrap()[0].id;
    assert_eq!(mails[0], format!(r#"{{"mention_id":{bobs}}}"#));
    let (user, mention) = domain_mentions::for_mail(&w.db, bobs)
        .await
        .unwrap()
        .expect("to mail");
    assert_eq!((user.name.as_str(), mention.id), ("Bob", bobs));
    w.mentions.mark_seen(w.bob).await.unwrap();
    assert!(
        domain_mentions::for_mail(&w.db, bobs)
            .await
            .unwrap()
            .is_none(),
        "seen already: no mail"
    );

    let mut many = Vec::new();
    for n in 0..MAX_PER_TEXT + 3 {
        many.push(person(&w.db, &format!("Many{n}"), &format!("many{n}@example.com")).await);
    }
    let text: String = (0..MAX_PER_TEXT + 3)
        .map(|n| format!("@many{n} "))
        .collect();
    w.post(w.alice, &text, true).await;
    let notified = {
        let mut notified = 0;
        for person in &many {
            notified += w.unread(*person).await;
        }
        notified
    };
    assert_eq!(notified, MAX_PER_TEXT as i64);
}

#[tokio::test]
async fn a_flood_of_mentions_fills_the_list_not_the_mailbox() {
    let w = World::new().await;
    for n in 0..MAILS_PER_HOUR + 5 {
        w.post(w.alice, &format!("@bob number {n}"), true).await;
    }
    assert_eq!(
        w.unread(w.bob).await,
        MAILS_PER_HOUR + 5,
        "every mention counts"
    );
    assert_eq!(
        w.mails().await.len(),
        MAILS_PER_HOUR as usize,
        "but only so many mails an hour"
    );
}
