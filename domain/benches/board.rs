//! The board at size: seeds people, posts, comments and likes (100k posts and 1M comments by
//! default), then times feed pages and searches the way the pages ask for them, and the handle
//! backfill (recipe 39) over as many people. Prints its figures. SQLite by default,
//! PostgreSQL with `TEST_DATABASE=postgres` (server at `TEST_POSTGRES_URL`):
//!
//! ```text
//! cargo bench -p domain --bench board
//! BENCH_POSTS=10000 BENCH_COMMENTS=100000 cargo bench -p domain --bench board
//! ```

use std::time::{Duration, Instant};

use domain::{
    Scope,
    accounts::Role,
    board::{Board, FEED_PAGE, SEARCH_HITS},
    db::Db,
    testing::TestDatabase,
    with_pool,
};
use model::board::{FeedCursor, FeedFilter, FeedSort, SearchTerms, Tag};
use pubsub::PubSub;

const PEOPLE: i64 = 1_000;
const TAGS: i64 = 50;
const ROUNDS: usize = 200;
/// Words posts and comments are made of; a few are rare, so searches range from a handful of
/// hits to thousands.
const WORDS: &[&str] = &[
    "rust",
    "elixir",
    "phoenix",
    "leptos",
    "axum",
    "socket",
    "channel",
    "presence",
    "token",
    "upload",
    "schedule",
    "queue",
    "mail",
    "search",
    "index",
    "query",
    "plan",
    "cursor",
    "page",
    "feed",
    "tag",
    "comment",
    "like",
    "draft",
    "publish",
    "cluster",
    "node",
    "memory",
    "latency",
    "throughput",
    "backpressure",
    "supervisor",
    "restart",
    "migration",
    "handle",
    "mention",
    "badge",
    "stream",
    "hydrate",
    "render",
    "browser",
    "server",
    "wasm",
    "keyset",
    "offset",
    "ranking",
    "snippet",
    "highlight",
    "escape",
    "sanitise",
];

fn env(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// A SQL expression for word number `(seed) % len` of [`WORDS`].
fn word_sql(seed: &str) -> String {
    let cases: Vec<String> = WORDS
        .iter()
        .enumerate()
        .map(|(n, word)| format!("WHEN {n} THEN '{word}'"))
        .collect();
    format!("(CASE ({seed}) % {} {} END)", WORDS.len(), cases.join(" "))
}

/// `count` rows numbered 1… as a row source `n(i)`.
fn numbers(db: &Db, count: i64) -> String {
    match db.backend() {
        domain::db::Backend::Sqlite => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
        ),
        domain::db::Backend::Postgres => {
            format!("WITH n(i) AS (SELECT generate_series(1, {count})::BIGINT) ")
        }
    }
}

async fn run(db: &Db, sql: String) -> Result<(), sqlx::Error> {
    with_pool!(db, |pool| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .execute(pool)
        .await
        .map(drop))
}

async fn seed(db: &Db, posts: i64, comments: i64) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let now = chrono::Utc::now().timestamp_millis();
    run(db, format!(
        "{} INSERT INTO users (email, email_key, name, password_hash, handle) \
         SELECT 'p' || i || '@example.com', 'p' || i || '@example.com', 'Person ' || i, '!', 'person_' || i FROM n",
        numbers(db, PEOPLE)
    )).await?;
    // Bodies of twelve words; every tenth post a draft; a minute apart.
    let published =
        format!("CASE WHEN i % 10 = 0 THEN NULL ELSE {now} - ({posts} - i) * 60000 END");
    let body: Vec<String> = (0..12)
        .map(|k| word_sql(&format!("i * {} + i / {}", 7 + k * 3, k + 1)))
        .collect();
    run(db, format!(
        "{} INSERT INTO posts (author_id, title, body, excerpt, state, published_at, inserted_at, updated_at) \
         SELECT 1 + i % {PEOPLE}, 'Post ' || i || ' about ' || {title} || \
         CASE WHEN i % 997 = 0 THEN ' zeppelin' ELSE '' END, {body}, 'excerpt', \
         CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'published' END, \
         CASE WHEN i % 10 = 0 THEN NULL ELSE {now} - ({posts} - i) * 60000 END, \
         {now} - ({posts} - i) * 60000, {now} - ({posts} - i) * 60000 FROM n",
        numbers(db, posts),
        title = word_sql("i * 13"),
        body = body.join(" || ' ' || "),
    )).await?;
    run(
        db,
        format!(
            "{} INSERT INTO post_tags (post_id, tag, position) \
         SELECT i, 'tag' || (i % {TAGS}), 0 FROM n",
            numbers(db, posts)
        ),
    )
    .await?;
    run(
        db,
        format!(
            "{} INSERT INTO post_tags (post_id, tag, position, published_at) \
         SELECT i, 'tag' || ((i * 7 + 3) % {TAGS}), 1, {published} FROM n \
         WHERE (i * 7 + 3) % {TAGS} <> i % {TAGS}",
            numbers(db, posts)
        ),
    )
    .await?;
    let comment: Vec<String> = (0..8)
        .map(|k| word_sql(&format!("i * {} + i / {}", 11 + k * 5, k + 2)))
        .collect();
    run(db, format!(
        "{} INSERT INTO comments (post_id, author_id, body, inserted_at) \
         SELECT 1 + (i * 7919) % {posts}, 1 + i % {PEOPLE}, {body}, {now} - ({comments} - i) * 6000 FROM n",
        numbers(db, comments),
        body = comment.join(" || ' ' || "),
    )).await?;
    // Likes: popular posts get many, most a few.
    run(
        db,
        format!(
            "{} INSERT INTO post_likes (post_id, user_id, inserted_at) \
         SELECT DISTINCT 1 + (i * i) % {posts}, 1 + i % {PEOPLE}, {now} FROM n",
            numbers(db, posts * 2)
        ),
    )
    .await?;
    run(
        db,
        "UPDATE posts SET \
         like_count = (SELECT COUNT(*) FROM post_likes l WHERE l.post_id = posts.id), \
         comment_count = (SELECT COUNT(*) FROM comments c WHERE c.post_id = posts.id)"
            .to_owned(),
    )
    .await?;
    // Both planners read fresh statistics, as a database that has lived a while has.
    run(db, "ANALYZE".to_owned()).await?;
    println!(
        "seeded {PEOPLE} people, {posts} posts, {comments} comments in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{name:<34} p50 {:>10}   p95 {:>10}   max {:>10}",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap_or(&Duration::ZERO))
    );
}

async fn feeds(board: &Board, reader: Scope) -> Result<(), Box<dyn std::error::Error>> {
    let tag = Tag::parse("tag7")?.ok_or("a tag")?;
    let cases: Vec<(&str, FeedFilter, bool)> = vec![
        ("feed newest, first page", FeedFilter::default(), false),
        ("feed newest, 20 pages deep", FeedFilter::default(), true),
        (
            "feed most liked, first page",
            FeedFilter {
                sort: FeedSort::MostLiked,
                ..FeedFilter::default()
            },
            false,
        ),
        (
            "feed most liked, 20 pages deep",
            FeedFilter {
                sort: FeedSort::MostLiked,
                ..FeedFilter::default()
            },
            true,
        ),
        (
            "feed by tag, first page",
            FeedFilter {
                tag: Some(tag.clone()),
                ..FeedFilter::default()
            },
            false,
        ),
        (
            "feed by tag, 20 pages deep",
            FeedFilter {
                tag: Some(tag),
                ..FeedFilter::default()
            },
            true,
        ),
        (
            "feed by author, first page",
            FeedFilter {
                author: Some(42),
                ..FeedFilter::default()
            },
            false,
        ),
    ];
    for (name, filter, deep) in cases {
        // The cursor twenty pages in, read once, as a reader paging would hold it.
        let mut after: Option<FeedCursor> = None;
        if deep {
            for _ in 0..20 {
                let page = board.feed(Some(reader), &filter, after, FEED_PAGE).await?;
                after = page.next.map(|next| next.parse()).transpose()?;
            }
        }
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let page = board.feed(Some(reader), &filter, after, FEED_PAGE).await?;
            times.push(started.elapsed());
            assert!(!page.posts.is_empty());
        }
        report(name, times);
    }
    Ok(())
}

async fn searches(board: &Board) -> Result<(), Box<dyn std::error::Error>> {
    // Common words (each in one comment in seven, as a stop word would be), two of them, a
    // prefix as typing asks; and a rare word (in one post in a thousand, no comment).
    let common = |n: usize| -> String {
        let first = WORDS[(n * 7) % WORDS.len()];
        let second = WORDS[(n * 13 + 5) % WORDS.len()];
        match n % 3 {
            0 => first.to_owned(),
            1 => format!("{first} {second}"),
            _ => first[..first.len().min(3)].to_owned(),
        }
    };
    let rare = |_: usize| "zeppelin".to_owned();
    let cases: [(&str, &dyn Fn(usize) -> String); 2] = [
        ("search, common words", &common),
        ("search, a rare word", &rare),
    ];
    for (name, typed) in cases {
        let mut times = Vec::with_capacity(ROUNDS);
        let mut hits = 0;
        for n in 0..ROUNDS {
            let terms = SearchTerms::parse(&typed(n))?;
            let started = Instant::now();
            let found = board.search(&terms, SEARCH_HITS).await?;
            times.push(started.elapsed());
            hits += found.posts.len() + found.comments.len();
        }
        report(name, times);
        println!("  ({hits} hits over {ROUNDS} searches)");
    }
    Ok(())
}

async fn backfill(database: &TestDatabase, people: i64) -> Result<(), Box<dyn std::error::Error>> {
    let db = database.open_unmigrated(4).await;
    db.migrate_to(20261206000018).await?;
    run(&db, format!(
        "{} INSERT INTO users (email, email_key, name, password_hash) \
         SELECT 'b' || i || '@example.com', 'b' || i || '@example.com', 'Person ' || (i % 5000), '!' FROM n",
        numbers(&db, people)
    )).await?;
    let started = Instant::now();
    db.migrate().await?;
    let took = started.elapsed();
    println!(
        "handle backfill: {people} people of {} names in {:.2} s = {:.0} people/s",
        people.min(5_000),
        took.as_secs_f64(),
        people as f64 / took.as_secs_f64()
    );
    db.close().await;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let posts = env("BENCH_POSTS", 100_000);
        let comments = env("BENCH_COMMENTS", 1_000_000);
        let database = TestDatabase::create().await;
        let db = database.open(8).await;
        println!("backend: {}", db.backend().name());
        seed(&db, posts, comments).await?;
        let board = Board::new(db.clone(), PubSub::local());
        let reader = Scope {
            user_id: 7,
            role: Role::User,
        };
        feeds(&board, reader).await?;
        searches(&board).await?;
        db.close().await;
        let other = TestDatabase::create().await;
        backfill(&other, posts).await?;
        Ok(())
    })
}
