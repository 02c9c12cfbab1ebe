//! The board's verbs against a real database: SQLite by default, PostgreSQL with
//! `TEST_DATABASE=postgres` (server at `TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432`).

mod feed;
mod plans;
mod posts;
mod reactions;
mod sanitising;
mod search;
mod stats;

use domain::{
    Scope,
    accounts::Role,
    board::Board,
    db::Db,
    testing::{TestDatabase, person},
};
use model::board::{NewPost, PostForm};
use pubsub::PubSub;

/// A database with three accounts: an admin (the first account ever), Alice and Bob.
pub struct World {
    pub db: Db,
    pub board: Board,
    pub admin: Scope,
    pub alice: Scope,
    pub bob: Scope,
    _database: TestDatabase,
}

impl World {
    pub async fn new() -> Self {
        let database = TestDatabase::create().await;
        let db = database.open(8).await;
        let admin = person(&db, "Root", "root@example.com").await;
        let alice = person(&db, "Alice", "alice@example.com").await;
        let bob = person(&db, "Bob", "bob@example.com").await;
        assert_eq!(admin.role, Role::Admin);
        Self {
            board: Board::new(db.clone(), PubSub::local()),
            db,
            admin,
            alice,
            bob,
            _database: database,
        }
    }

    /// A post `by` writes, published (or a draft), which must succeed.
    pub async fn post(&self, by: Scope, title: &str, body: &str, tags: &str, publish: bool) -> i64 {
        self.board
            .create_post(by, new_post(title, body, tags, publish))
            .await
            .expect("the post is written")
    }
}

pub fn new_post(title: &str, body: &str, tags: &str, publish: bool) -> NewPost {
    PostForm {
        title: title.into(),
        body: body.into(),
        tags: tags.into(),
        publish: publish.then(String::new),
    }
    .parse()
    .expect("a valid post")
}
