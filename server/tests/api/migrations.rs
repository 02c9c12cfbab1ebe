use domain::{accounts::USERS_EMAIL_KEY, db::UniqueIndex, with_pool};

use crate::helpers::spawn_app;

async fn applied(db: &domain::db::Db) -> i64 {
    with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await
    })
    .expect("the migrations table exists")
}

async fn insert_user(db: &domain::db::Db, email: &str) -> Result<(), sqlx::Error> {
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO users (email, email_key, name, password_hash, handle) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(email)
        .bind(email.to_lowercase())
        .bind("Ada")
        .bind("not-a-real-hash")
        .bind(email)
        .execute(pool)
        .await
        .map(drop)
    })
}

#[tokio::test]
async fn a_fresh_database_gets_every_migration_at_start_up() {
    let app = spawn_app().await;
    assert!(app.db.known_migrations() >= 1);
    assert_eq!(applied(&app.db).await, app.db.known_migrations() as i64);
}

#[tokio::test]
async fn the_unique_email_index_is_recognised_on_both_backends() {
    let app = spawn_app().await;
    insert_user(&app.db, "Ada@example.com")
        .await
        .expect("the first insert succeeds");
    let error = insert_user(&app.db, "ada@EXAMPLE.com")
        .await
        .expect_err("the same key is refused");
    assert!(USERS_EMAIL_KEY.is_violated_by(&error), "{error}");
    let other = UniqueIndex {
        name: "users_other_key",
        columns: "users.other",
    };
    assert!(!other.is_violated_by(&error));
}

#[tokio::test]
async fn every_migration_can_be_reverted_and_applied_again() {
    let app = spawn_app().await;
    app.db
        .undo_all_migrations()
        .await
        .expect("all migrations revert");
    assert_eq!(applied(&app.db).await, 0);
    assert!(
        insert_user(&app.db, "gone@example.com").await.is_err(),
        "the users table is gone"
    );

    app.db
        .migrate()
        .await
        .expect("migrations apply again from empty");
    assert_eq!(applied(&app.db).await, app.db.known_migrations() as i64);
    insert_user(&app.db, "back@example.com")
        .await
        .expect("the schema is back");
}
