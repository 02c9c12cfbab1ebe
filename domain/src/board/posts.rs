//! Posts: written, changed and deleted by their author (or an admin), read one at a time or as
//! the feed — a keyset over one of two indexes (`posts_published_newest`,
//! `posts_published_most_liked`), so the hundredth page costs what the first does and a page
//! never repeats or skips a post published meanwhile.

use model::board::{
    FeedCursor, FeedFilter, FeedPage, FeedSort, NewPost, PostDetail, PostState, PostSummary,
};

use super::{
    BoardError, markdown,
    rows::{SUMMARY_COLUMNS, SummaryRow, summaries, tags_of},
};
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    mentions::{Place, RecordMentions, Recorded},
    time::now_millis,
    with_pool,
};

/// The most posts a feed page holds.
pub const FEED_PAGE: u32 = 50;
/// How much of a post the feed shows, in characters.
pub const EXCERPT_CHARS: usize = 280;

const FROM: &str = "FROM posts p JOIN users u ON u.id = p.author_id";

/// Inserts a post's tags in the order typed, with its publication time, on the transaction
/// `$tx`.
macro_rules! insert_tags {
    ($tx:expr, $post_id:expr, $tags:expr, $published_at:expr) => {
        for (position, tag) in $tags.iter().enumerate() {
            sqlx::query(
                "INSERT INTO post_tags (post_id, tag, position, published_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind($post_id)
            .bind(tag.as_str())
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .bind($published_at)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

/// Writes a post; answers its id and, published, the mentions it made.
pub(super) async fn create(
    db: &Db,
    scope: Scope,
    post: NewPost,
) -> Result<(i64, Recorded), BoardError> {
    let now = now_millis();
    let published_at = (post.state == PostState::Published).then_some(now);
    let excerpt = markdown::excerpt(post.body.as_str(), EXCERPT_CHARS);
    let written = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts \
             (author_id, title, body, excerpt, state, published_at, inserted_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(scope.user_id)
        .bind(post.title.as_str())
        .bind(post.body.as_str())
        .bind(&excerpt)
        .bind(post.state.as_str())
        .bind(published_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_tags!(tx, id, post.tags, published_at);
        let mentioned = match published_at {
            Some(_) => {
                let place = Place::Post { post_id: id };
                (&mut *tx)
                    .record_mentions(scope.user_id, place, post.body.as_str(), now)
                    .await?
            }
            None => Recorded::default(),
        };
        tx.commit().await?;
        Ok::<_, sqlx::Error>((id, mentioned))
    }
    .await)?;
    Ok(written)
}

/// The post's author and publication time, its row locked on PostgreSQL until the commit.
fn find_for_change(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Postgres => "SELECT author_id, published_at FROM posts WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT author_id, published_at FROM posts WHERE id = $1",
    }
}

/// Whether `scope` may change the post `found` (its author and publication time): its author
/// or an admin. Someone else's draft does not exist for them; a published post does. Answers
/// its publication time.
fn may_change(scope: Scope, found: Option<(i64, Option<i64>)>) -> Result<Option<i64>, BoardError> {
    match found {
        None => Err(BoardError::NotFound),
        Some((author_id, published_at)) if scope.may_manage(author_id) => Ok(published_at),
        Some((_, Some(_))) => Err(BoardError::Forbidden),
        Some((_, None)) => Err(BoardError::NotFound),
    }
}

/// What an update did besides: whether it took a published post back to being a draft, and
/// the mentions a published post's new text made.
pub(super) struct Updated {
    pub withdrawn: bool,
    pub mentioned: Recorded,
}

pub(super) async fn update(
    db: &Db,
    scope: Scope,
    post_id: i64,
    post: NewPost,
) -> Result<Updated, BoardError> {
    let now = now_millis();
    let excerpt = markdown::excerpt(post.body.as_str(), EXCERPT_CHARS);
    let find = find_for_change(db);
    with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let found: Option<(i64, Option<i64>)> = sqlx::query_as(find)
            .bind(post_id)
            .fetch_optional(&mut *tx)
            .await?;
        // An admin's edit mentions people in its author's name.
        let author_id = found.map_or(scope.user_id, |(author_id, _)| author_id);
        let published_at = match may_change(scope, found) {
            Ok(published_at) => published_at,
            Err(refused) => return Ok(Err(refused)),
        };
        let was_published = published_at.is_some();
        // Published keeps its first publication time; back to a draft, it has none.
        let published_at = match post.state {
            PostState::Published => Some(published_at.unwrap_or(now)),
            PostState::Draft => None,
        };
        sqlx::query(
            "UPDATE posts SET title = $1, body = $2, excerpt = $3, state = $4, \
             published_at = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(post.title.as_str())
        .bind(post.body.as_str())
        .bind(&excerpt)
        .bind(post.state.as_str())
        .bind(published_at)
        .bind(now)
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM post_tags WHERE post_id = $1")
            .bind(post_id)
            .execute(&mut *tx)
            .await?;
        insert_tags!(tx, post_id, post.tags, published_at);
        let mentioned = match published_at {
            Some(_) => {
                let place = Place::Post { post_id };
                (&mut *tx)
                    .record_mentions(author_id, place, post.body.as_str(), now)
                    .await?
            }
            None => Recorded::default(),
        };
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Ok(Updated {
            withdrawn: was_published && published_at.is_none(),
            mentioned,
        }))
    }
    .await)?
}

pub(super) async fn delete(db: &Db, scope: Scope, post_id: i64) -> Result<(), BoardError> {
    let find = find_for_change(db);
    with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let found: Option<(i64, Option<i64>)> = sqlx::query_as(find)
            .bind(post_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Err(refused) = may_change(scope, found) {
            return Ok(Err(refused));
        }
        // Tags, comments and likes go with it (ON DELETE CASCADE).
        sqlx::query("DELETE FROM posts WHERE id = $1")
            .bind(post_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Ok(()))
    }
    .await)?
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    row: SummaryRow,
    #[sqlx(rename = "body")]
    markdown: String,
}

pub(super) async fn detail(
    db: &Db,
    reader: Option<Scope>,
    post_id: i64,
) -> Result<PostDetail, BoardError> {
    let sql = format!("SELECT {SUMMARY_COLUMNS}, p.body {FROM} WHERE p.id = $2");
    let found: Option<DetailRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(reader.map(|reader| reader.user_id))
            .bind(post_id)
            .fetch_optional(pool)
            .await
    })?;
    let DetailRow { row, markdown } = found
        .filter(|found| found.row.visible_to(reader))
        .ok_or(BoardError::NotFound)?;
    let tags = tags_of(db, &[row.id])
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    Ok(PostDetail {
        post: row.into_summary(tags),
        html: markdown::render(&markdown, markdown::Under::Title),
        markdown: Some(markdown),
    })
}

/// Whether `reader` may see post `post_id` — found and published, or theirs to manage —
/// answering its (likes, comments).
pub(super) async fn visible(
    db: &Db,
    reader: Option<Scope>,
    post_id: i64,
) -> Result<(i64, i64), BoardError> {
    let found: Option<(i64, String, i64, i64)> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT author_id, state, like_count, comment_count FROM posts WHERE id = $1",
        )
        .bind(post_id)
        .fetch_optional(pool)
        .await
    })?;
    match found {
        Some((author_id, state, likes, comments))
            if state == PostState::Published.as_str()
                || reader.is_some_and(|reader| reader.may_manage(author_id)) =>
        {
            Ok((likes, comments))
        }
        _ => Err(BoardError::NotFound),
    }
}

/// One argument of a query put together from a filter.
pub(crate) enum Arg {
    Int(Option<i64>),
    Text(String),
}

/// The feed's query for `filter` after `after`, and its arguments in order (`$1` the reader).
fn feed_query(
    reader: Option<Scope>,
    filter: &FeedFilter,
    after: Option<FeedCursor>,
    limit: u32,
) -> (String, Vec<Arg>) {
    let mut args = vec![Arg::Int(reader.map(|reader| reader.user_id))];
    let next = |arg: Arg, args: &mut Vec<Arg>| {
        args.push(arg);
        format!("${}", args.len())
    };
    let mut sql = format!("SELECT {SUMMARY_COLUMNS} {FROM}");
    if let Some(tag) = &filter.tag {
        let tag = next(Arg::Text(tag.as_str().to_owned()), &mut args);
        sql.push_str(&format!(
            " JOIN post_tags t ON t.post_id = p.id AND t.tag = {tag}"
        ));
    }
    sql.push_str(" WHERE p.state = 'published'");
    if let Some(author) = filter.author {
        let author = next(Arg::Int(Some(author)), &mut args);
        sql.push_str(&format!(" AND p.author_id = {author}"));
    }
    // The order's key and the id beside it. A tag's newest posts are read in the order of the
    // tag's own index (`post_tags_published`), which holds the same values.
    let (key, id) = match (filter.sort, filter.tag.is_some()) {
        (FeedSort::Newest, true) => {
            sql.push_str(" AND t.published_at IS NOT NULL");
            ("t.published_at", "t.post_id")
        }
        (FeedSort::Newest, false) => ("p.published_at", "p.id"),
        (FeedSort::MostLiked, _) => ("p.like_count", "p.id"),
    };
    if let Some(after) = after.filter(|after| after.sort == filter.sort) {
        let at = next(Arg::Int(Some(after.key)), &mut args);
        let after_id = next(Arg::Int(Some(after.id)), &mut args);
        sql.push_str(&format!(" AND ({key}, {id}) < ({at}, {after_id})"));
    }
    let limit = next(Arg::Int(Some(i64::from(limit))), &mut args);
    sql.push_str(&format!(" ORDER BY {key} DESC, {id} DESC LIMIT {limit}"));
    (sql, args)
}

pub(super) async fn feed(
    db: &Db,
    reader: Option<Scope>,
    filter: &FeedFilter,
    after: Option<FeedCursor>,
    limit: u32,
) -> Result<FeedPage, BoardError> {
    let limit = limit.clamp(1, FEED_PAGE);
    // One more than asked says whether there is a next page.
    let (sql, args) = feed_query(reader, filter, after, limit + 1);
    let mut rows: Vec<SummaryRow> = with_pool!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for arg in &args {
            query = match arg {
                Arg::Int(value) => query.bind(*value),
                Arg::Text(value) => query.bind(value.clone()),
            };
        }
        query.fetch_all(pool).await
    })?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = more
        .then(|| rows.last())
        .flatten()
        .map(|last| FeedCursor {
            sort: filter.sort,
            key: match filter.sort {
                FeedSort::Newest => last.published_at.unwrap_or_default(),
                FeedSort::MostLiked => last.like_count,
            },
            id: last.id,
        })
        .map(|cursor| cursor.to_string());
    Ok(FeedPage {
        posts: summaries(db, rows).await?,
        next,
    })
}

/// The plan the database chooses for the feed's query for `filter` (on a page after the first
/// when `after`), one line per step: for tests that fail on a full scan. PostgreSQL is told to
/// avoid sequential scans, so one in the plan means no index could serve the query.
#[cfg(feature = "testing")]
pub async fn explain_feed(
    db: &Db,
    filter: &FeedFilter,
    after: bool,
) -> Result<Vec<String>, BoardError> {
    let after = after.then_some(FeedCursor {
        sort: filter.sort,
        key: 1,
        id: 1,
    });
    let (sql, args) = feed_query(
        Some(Scope {
            user_id: 1,
            role: crate::accounts::Role::User,
        }),
        filter,
        after,
        FEED_PAGE,
    );
    explain(db, &sql, &args).await
}

/// The plan of one of the search's queries, given its text and its two numbers.
#[cfg(feature = "testing")]
pub(super) async fn explain_search_query(
    db: &Db,
    sql: &str,
    text: &str,
    hits: i64,
    candidates: i64,
) -> Result<Vec<String>, BoardError> {
    let args = [
        Arg::Text(text.to_owned()),
        Arg::Int(Some(hits)),
        Arg::Int(Some(candidates)),
    ];
    explain(db, sql, &args).await
}

/// The plan of `sql` with `args`, one line per step (PostgreSQL avoiding sequential scans).
#[cfg(feature = "testing")]
pub(crate) async fn explain(db: &Db, sql: &str, args: &[Arg]) -> Result<Vec<String>, BoardError> {
    let lines = with_pool!(db, |pool| async {
        let mut connection = pool.acquire().await?;
        let explain = match db.backend() {
            Backend::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
            Backend::Postgres => {
                sqlx::query("SET enable_seqscan = off")
                    .execute(&mut *connection)
                    .await?;
                format!("EXPLAIN {sql}")
            }
        };
        let mut query = sqlx::query(sqlx::AssertSqlSafe(explain));
        for arg in args {
            query = match arg {
                Arg::Int(value) => query.bind(*value),
                Arg::Text(value) => query.bind(value.clone()),
            };
        }
        let rows = query.fetch_all(&mut *connection).await?;
        if db.backend() == Backend::Postgres {
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *connection)
                .await?;
        }
        use sqlx::Row;
        let column = match db.backend() {
            Backend::Sqlite => "detail",
            Backend::Postgres => "QUERY PLAN",
        };
        rows.iter()
            .map(|row| row.try_get::<String, _>(column))
            .collect::<Result<Vec<String>, sqlx::Error>>()
    }
    .await)?;
    Ok(lines)
}

pub(super) async fn drafts(db: &Db, scope: Scope) -> Result<Vec<PostSummary>, BoardError> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {FROM} WHERE p.author_id = $1 AND p.state = 'draft' \
         ORDER BY p.updated_at DESC, p.id DESC LIMIT $2"
    );
    let rows: Vec<SummaryRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(scope.user_id)
            .bind(i64::from(FEED_PAGE))
            .fetch_all(pool)
            .await
    })?;
    summaries(db, rows).await
}
