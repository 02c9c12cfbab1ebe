//! Searching published posts and the comments on them (recipe 16's server half): SQLite's FTS5
//! ranked by bm25, PostgreSQL's tsvector under GIN ranked by ts_rank; the best few of each,
//! each with a snippet whose matched words come back marked, never as HTML. The snippet is
//! cut here, the same on both backends (PostgreSQL's `ts_headline` drops what looks like a
//! tag from the text; a snippet shows what was written).

use model::board::{SearchHit, SearchResults, SearchTerms};

use super::BoardError;
use crate::{
    db::{Backend, Db},
    with_pool,
};

/// The most hits of each kind one search answers.
pub const SEARCH_HITS: u32 = 10;

/// How many of the newest matches are ranked. A common word matches a good part of what was
/// ever written, and ranking every match costs in proportion (a million comments: 370 ms on
/// SQLite, 690 ms on PostgreSQL for a word in one comment in seven); so both take the newest
/// matches first, rank those, and keep the best. PostgreSQL orders them by `id + 0`, an
/// expression no index has, so that it always finds them through the GIN index: ordered by `id`
/// it may instead walk the primary key backwards testing every row, which it picks for a
/// prefix it cannot estimate (290 ms for a word in one post in a thousand).
const CANDIDATES: i64 = 1_000;

const SQLITE_POSTS: &str = "SELECT p.id AS post_id, NULL AS comment_id, p.title AS post_title, \
     p.body AS text \
     FROM (SELECT rowid AS id, rank FROM posts_search WHERE posts_search MATCH $1 \
           ORDER BY rowid DESC LIMIT $3) newest \
     JOIN posts p ON p.id = newest.id \
     WHERE p.state = 'published' ORDER BY newest.rank, p.id DESC LIMIT $2";

const SQLITE_COMMENTS: &str = "SELECT c.post_id AS post_id, c.id AS comment_id, \
     p.title AS post_title, c.body AS text \
     FROM (SELECT rowid AS id, rank FROM comments_search WHERE comments_search MATCH $1 \
           ORDER BY rowid DESC LIMIT $3) newest \
     JOIN comments c ON c.id = newest.id JOIN posts p ON p.id = c.post_id \
     WHERE p.state = 'published' ORDER BY newest.rank, c.id DESC LIMIT $2";

const PG_POSTS: &str = "SELECT p.id AS post_id, NULL::BIGINT AS comment_id, \
     p.title AS post_title, p.body AS text \
     FROM (SELECT id FROM posts WHERE search @@ to_tsquery('simple', $1) \
           AND state = 'published' ORDER BY id + 0 DESC LIMIT $3) newest \
     JOIN posts p ON p.id = newest.id, to_tsquery('simple', $1) q \
     ORDER BY ts_rank(p.search, q) DESC, p.id DESC LIMIT $2";

const PG_COMMENTS: &str = "SELECT c.post_id, c.id AS comment_id, p.title AS post_title, \
     c.body AS text \
     FROM (SELECT id FROM comments WHERE search @@ to_tsquery('simple', $1) \
           ORDER BY id + 0 DESC LIMIT $3) newest \
     JOIN comments c ON c.id = newest.id JOIN posts p ON p.id = c.post_id, \
     to_tsquery('simple', $1) q \
     WHERE p.state = 'published' \
     ORDER BY ts_rank(c.search, q) DESC, c.id DESC LIMIT $2";

/// About how many words a snippet shows.
const SNIPPET_WORDS: usize = 24;

#[derive(sqlx::FromRow)]
struct HitRow {
    post_id: i64,
    comment_id: Option<i64>,
    post_title: String,
    text: String,
}

impl HitRow {
    fn hit(self, terms: &SearchTerms) -> SearchHit {
        SearchHit {
            snippet: terms.snippet(&self.text, SNIPPET_WORDS),
            post_id: self.post_id,
            comment_id: self.comment_id,
            post_title: self.post_title,
        }
    }
}

/// The two queries and the text they are given on `db`'s backend.
fn queries(db: &Db, terms: &SearchTerms) -> ([String; 2], String) {
    match db.backend() {
        Backend::Sqlite => (
            [SQLITE_POSTS.to_owned(), SQLITE_COMMENTS.to_owned()],
            terms.fts5(),
        ),
        Backend::Postgres => (
            [PG_POSTS.to_owned(), PG_COMMENTS.to_owned()],
            terms.tsquery(),
        ),
    }
}

pub(super) async fn search(
    db: &Db,
    terms: &SearchTerms,
    limit: u32,
) -> Result<SearchResults, BoardError> {
    let limit = i64::from(limit.clamp(1, SEARCH_HITS));
    let ([posts, comments], query) = queries(db, terms);
    let mut found = [Vec::new(), Vec::new()];
    for (sql, hits) in [posts, comments].iter().zip(found.iter_mut()) {
        let rows: Vec<HitRow> = with_pool!(db, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&query)
                .bind(limit)
                .bind(CANDIDATES)
                .fetch_all(pool)
                .await
        })?;
        *hits = rows.into_iter().map(|row| row.hit(terms)).collect();
    }
    let [posts, comments] = found;
    Ok(SearchResults { posts, comments })
}

/// The plans of the search's two queries, for tests that fail on a full scan.
#[cfg(feature = "testing")]
pub async fn explain_search(db: &Db, terms: &SearchTerms) -> Result<Vec<String>, BoardError> {
    let ([posts, comments], query) = queries(db, terms);
    let mut lines = Vec::new();
    for sql in [posts, comments] {
        let hits = i64::from(SEARCH_HITS);
        lines.extend(super::posts::explain_search_query(db, &sql, &query, hits, CANDIDATES).await?);
    }
    Ok(lines)
}
