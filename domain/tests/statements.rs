//! The feed takes a constant number of statements whatever its page size: authors come in the
//! page's own query (a join), tags in one more for the whole page — never one per post. Counted
//! from sqlx's own `sqlx::query` events, one per statement run. A test binary of its own: the
//! counter is the process's subscriber (SQLite runs statements on its own threads), so no
//! other test may run beside it. SQLite by default, PostgreSQL with `TEST_DATABASE=postgres`.

use std::{
    fmt,
    sync::{Arc, Mutex},
};

use domain::{
    board::Board,
    testing::{TestDatabase, person},
};
use model::board::{CommentBody, FeedFilter, FeedSort, PostForm};
use pubsub::PubSub;
use tracing_subscriber::{Layer, layer::SubscriberExt};

/// Every statement sqlx ran, as its log's summary (the statement's start).
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut summary = Summary::default();
            event.record(&mut summary);
            self.0.lock().unwrap().push(summary.0);
        }
    }
}

#[derive(Default)]
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}");
        }
    }
}

/// The statements `work` runs, by the process's `statements`: the queries it asked for, not
/// what a connection does on its own (a new pool connection's set-up pragmas).
async fn counted<T>(statements: &Statements, work: impl Future<Output = T>) -> (Vec<String>, T) {
    let before = statements.0.lock().unwrap().len();
    let done = work.await;
    let ran = statements.0.lock().unwrap()[before..]
        .iter()
        .filter(|summary| !summary.to_ascii_uppercase().contains("PRAGMA"))
        .cloned()
        .collect();
    (ran, done)
}

#[tokio::test]
async fn a_feed_page_of_fifty_takes_as_many_statements_as_a_page_of_two() {
    let statements = Statements::default();
    let subscriber = tracing_subscriber::registry().with(
        statements.clone().with_filter(
            tracing_subscriber::filter::Targets::new()
                .with_target("sqlx::query", tracing::Level::TRACE),
        ),
    );
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let database = TestDatabase::create().await;
    let db = database.open(4).await;
    let board = Board::new(db.clone(), PubSub::local());
    let people = [
        person(&db, "Root", "root@example.com").await,
        person(&db, "Alice", "alice@example.com").await,
        person(&db, "Bob", "bob@example.com").await,
    ];
    let [_, alice, bob] = people;
    for n in 0..60 {
        let form = PostForm {
            title: format!("Post {n}"),
            body: "body".into(),
            tags: "a, b, c".into(),
            publish: Some(String::new()),
        };
        let id = board
            .create_post(people[n % 3], form.parse().unwrap())
            .await
            .unwrap();
        if n % 4 == 0 {
            board.like_post(bob, id, true).await.unwrap();
            let body = CommentBody::parse("hi").unwrap();
            board.add_comment(alice, id, body).await.unwrap();
        }
    }
    for sort in [FeedSort::Newest, FeedSort::MostLiked] {
        let filter = FeedFilter {
            sort,
            ..FeedFilter::default()
        };
        let (small, page) = counted(&statements, board.feed(Some(bob), &filter, None, 2)).await;
        assert_eq!(page.unwrap().posts.len(), 2);
        let (large, page) = counted(&statements, board.feed(Some(bob), &filter, None, 50)).await;
        let page = page.unwrap();
        assert_eq!(page.posts.len(), 50);
        assert!(page.posts.iter().all(|post| post.tags == ["a", "b", "c"]));
        assert!(
            page.posts
                .iter()
                .any(|post| post.liked && post.comment_count == 1)
        );
        assert!(!small.is_empty(), "statements are counted");
        assert_eq!(
            small.len(),
            large.len(),
            "{sort:?}: the same statements for 2 posts and for 50: {small:#?} {large:#?}"
        );
        assert!(large.len() <= 2, "{sort:?}: {large:#?} for a page");
        eprintln!(
            "{sort:?}: {} statements for 2 posts, {} for 50",
            small.len(),
            large.len()
        );
    }
}
