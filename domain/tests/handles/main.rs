//! People's handles and the data migration that gave them (recipe 39), on a real database:
//! SQLite by default, PostgreSQL with `TEST_DATABASE=postgres`.

use std::collections::HashSet;

use domain::{
    db::Db,
    testing::{TestDatabase, person},
    with_pool,
};

/// The last migration before handles.
const BEFORE_HANDLES: i64 = 20261206000018;

async fn insert_without_handle(db: &Db, n: usize, name: &str) -> Result<(), sqlx::Error> {
    let email = format!("p{n}@example.com");
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO users (email, email_key, name, password_hash) VALUES ($1, $1, $2, '!')",
        )
        .bind(&email)
        .bind(name)
        .execute(pool)
        .await
        .map(drop)
    })
}

async fn handles(db: &Db) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    with_pool!(db, |pool| {
        sqlx::query_as("SELECT name, handle FROM users ORDER BY id")
            .fetch_all(pool)
            .await
    })
}

async fn count(db: &Db, table: &str) -> i64 {
    with_pool!(db, |pool| {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(pool)
            .await
    })
    .expect("the table is there")
}

/// Every person has a handle, and no two the same.
async fn assert_all_unique(db: &Db, people: usize) {
    let rows = handles(db).await.expect("handles are there");
    assert_eq!(rows.len(), people);
    let handles: Vec<String> = rows
        .iter()
        .map(|(name, handle)| handle.clone().unwrap_or_else(|| panic!("{name} has none")))
        .collect();
    let distinct: HashSet<&String> = handles.iter().collect();
    assert_eq!(distinct.len(), people, "handles are unique");
}

#[tokio::test]
async fn a_populated_database_migrates_up_down_and_up_again() {
    let database = TestDatabase::create().await;
    let options = domain::db::PoolOptions {
        max_connections: 4,
        acquire_timeout: std::time::Duration::from_secs(10),
    };
    let db = Db::connect(&database.url, options).await.unwrap();
    db.migrate_to(BEFORE_HANDLES).await.unwrap();
    // 2,500 people from before handles: thirty of one name, names with nothing to make a
    // handle of, every script, more than two batches' worth.
    let mut names: Vec<String> = (0..30).map(|_| "Ada".to_owned()).collect();
    names.extend(
        [
            "Ada Lovelace",
            "!!!",
            "???",
            "Élodie Dupont",
            "李小龍",
            "ada",
        ]
        .map(String::from),
    );
    names.extend((0..2_500 - names.len()).map(|n| format!("Person {n}")));
    for (n, name) in names.iter().enumerate() {
        insert_without_handle(&db, n, name).await.unwrap();
    }

    db.migrate()
        .await
        .expect("the rest applies, the backfill between");
    assert_all_unique(&db, names.len()).await;
    let rows = handles(&db).await.unwrap();
    let of = |name: &str| -> Vec<String> {
        rows.iter()
            .filter(|(n, _)| n == name)
            .map(|(_, handle)| handle.clone().unwrap())
            .collect()
    };
    let adas = of("Ada");
    assert_eq!(
        &adas[..3],
        ["ada", "ada2", "ada3"],
        "in the order they joined"
    );
    assert_eq!(adas[19], "ada20");
    assert!(
        adas[20..]
            .iter()
            .all(|h| h.starts_with("ada") && h.len() > 5),
        "{adas:?}"
    );
    assert_eq!(of("Ada Lovelace"), ["ada_lovelace"]);
    assert_eq!(of("!!!"), ["member"]);
    assert_eq!(of("???"), ["member2"]);
    assert_eq!(of("Élodie Dupont"), ["élodie_dupont"]);
    assert_eq!(of("李小龍"), ["李小龍"]);
    assert_eq!(of("Person 7"), ["person_7"]);
    // Now required: a row without one is refused.
    let refused = insert_without_handle(&db, 99_999, "Late").await;
    assert!(refused.is_err(), "a handle is required");

    // Down: the column goes, the people stay.
    db.undo_to(BEFORE_HANDLES).await.expect("both steps revert");
    assert!(handles(&db).await.is_err(), "no handle column");
    assert_eq!(count(&db, "users").await, names.len() as i64);
    insert_without_handle(&db, 99_999, "Ada")
        .await
        .expect("as before handles");

    // And up again: everyone, the newcomer too, gets one.
    db.migrate().await.expect("applies again");
    assert_all_unique(&db, names.len() + 1).await;
    assert_eq!(
        db.known_migrations() as i64,
        count(&db, "_sqlx_migrations").await
    );
    db.close().await;
}

#[tokio::test]
async fn new_people_get_a_free_handle_from_their_name() {
    let database = TestDatabase::create().await;
    let db = database.open(4).await;
    person(&db, "Ada Lovelace", "a1@example.com").await;
    person(&db, "Ada  Lovelace", "a2@example.com").await;
    person(&db, "ada-lovelace", "a3@example.com").await;
    let handles: Vec<Option<String>> = handles(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, handle)| handle)
        .collect();
    assert_eq!(
        handles,
        [
            Some("ada_lovelace".into()),
            Some("ada_lovelace2".into()),
            Some("ada_lovelace3".into())
        ]
    );
}

#[tokio::test]
async fn people_joining_at_once_never_share_a_handle() {
    let database = TestDatabase::create().await;
    let db = database.open(8).await;
    person(&db, "First", "first@example.com").await;
    let joins = (0..12).map(|n| {
        let db = db.clone();
        async move { person(&db, "Same Name", &format!("s{n}@example.com")).await }
    });
    futures_util::future::join_all(joins).await;
    assert_all_unique(&db, 13).await;
}
