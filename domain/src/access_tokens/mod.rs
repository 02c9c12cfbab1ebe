//! Personal access tokens (recipe 25): a person makes one for a script or an app, sees it once,
//! and the API takes it as `Authorization: Bearer …` instead of a session cookie. Only its
//! SHA-256 is stored; revoking deletes it, so a revoked, expired or unknown token opens nothing
//! from the very next request. What the token may do is its [`TokenScope`].

mod opened;

use std::fmt;

use chrono::DateTime;
use model::{
    accounts::Preferences,
    api::{NewAccessToken, TokenInfo, TokenScope},
};

use crate::{
    Scope,
    accounts::{User, UserRow, user_columns},
    db::{Backend, BeginWrite, Db, DbError},
    time::now_seconds as now,
    tokens::{random_secret, stored_hash as hash},
    with_pool,
};

pub use opened::OpenedTokens;

/// What every token starts with, so that a secret scanner (and a person) can tell one apart.
pub const PREFIX: &str = "cmn_";
/// Tokens one person may hold at once.
pub const MAX_PER_PERSON: i64 = 50;
/// `last_used_at` is written at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// A token as its owner sees it in their list: never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken {
    pub id: i64,
    pub name: String,
    pub scope: TokenScope,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl From<AccessToken> for TokenInfo {
    fn from(token: AccessToken) -> Self {
        let time = |seconds: i64| DateTime::from_timestamp(seconds, 0).unwrap_or_default();
        Self {
            id: token.id,
            name: token.name,
            scope: token.scope,
            created_at: time(token.created_at),
            expires_at: token.expires_at.map(time),
            last_used_at: token.last_used_at.map(time),
        }
    }
}

/// The secret itself, as made: shown to its owner once, then only its hash exists. Never
/// printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    fn generate() -> Self {
        Self(format!("{PREFIX}{}", random_secret()))
    }

    /// The token, for the one answer that shows it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccessTokenError {
    /// No such token among the person's own (another person's is "not found" too).
    #[error("no such token")]
    NotFound,
    #[error("you already have {MAX_PER_PERSON} tokens: revoke one first")]
    TooMany,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for AccessTokenError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    name: String,
    scope: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
}

impl TokenRow {
    /// A row whose scope no version of the code wrote reads as the narrower scope.
    fn into_token(self) -> AccessToken {
        AccessToken {
            id: self.id,
            name: self.name,
            scope: self.scope.parse().unwrap_or(TokenScope::Read),
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
        }
    }
}

const COLUMNS: &str = "id, name, scope, created_at, expires_at, last_used_at";

/// Makes a token for `scope`'s person; answers it and its secret, which nobody can see again.
/// At most [`MAX_PER_PERSON`] at once, counted in the same write transaction.
pub async fn create(
    db: &Db,
    scope: Scope,
    new: NewAccessToken,
) -> Result<(AccessToken, Secret), AccessTokenError> {
    let secret = Secret::generate();
    let created_at = now();
    let expires_at = new
        .expires_in_days
        .map(|days| created_at + i64::from(days) * 24 * 60 * 60);
    let token_hash = hash(secret.expose());
    let insert = format!(
        "INSERT INTO access_tokens (user_id, name, token_hash, scope, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let row: Option<TokenRow> = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        // SQLite's write transaction serialises creations; PostgreSQL's readers do not block,
        // so take the owner's row lock first, or two at once could both pass the count.
        if db.backend() == Backend::Postgres {
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(scope.user_id)
                .execute(&mut *tx)
                .await?;
        }
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_tokens WHERE user_id = $1")
            .bind(scope.user_id)
            .fetch_one(&mut *tx)
            .await?;
        if held >= MAX_PER_PERSON {
            return Ok::<_, sqlx::Error>(None);
        }
        let row = sqlx::query_as(sqlx::AssertSqlSafe(insert.clone()))
            .bind(scope.user_id)
            .bind(new.name.as_str())
            .bind(&token_hash)
            .bind(new.scope.as_str())
            .bind(created_at)
            .bind(expires_at)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(row))
    }
    .await)?;
    let row = row.ok_or(AccessTokenError::TooMany)?;
    Ok((row.into_token(), secret))
}

/// `scope`'s person's tokens, newest first.
pub async fn list(db: &Db, scope: Scope) -> Result<Vec<AccessToken>, AccessTokenError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
    );
    let rows: Vec<TokenRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(scope.user_id)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(TokenRow::into_token).collect())
}

/// Revokes one of `scope`'s person's tokens: from the next request on it opens nothing.
pub async fn revoke(db: &Db, scope: Scope, id: i64) -> Result<(), AccessTokenError> {
    let deleted = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM access_tokens WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(scope.user_id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    if deleted == 0 {
        return Err(AccessTokenError::NotFound);
    }
    db.identities().changed();
    Ok(())
}

#[derive(sqlx::FromRow)]
struct BearerRow {
    #[sqlx(flatten)]
    user: UserRow,
    preferences: String,
    token_id: i64,
    token_scope: String,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
}

/// A live token, as a request presents it: whose it is (their account and preferences, read
/// with the token), which one, and what it may do.
#[derive(Clone, Debug)]
pub struct Bearer {
    pub user: User,
    pub preferences: Preferences,
    pub token_id: i64,
    pub scope: TokenScope,
}

/// A live token as read, with what decides whether it still is and when it was last used.
struct Found {
    bearer: Bearer,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
}

/// The live token whose secret hashes to `token_hash` at `at` (unix seconds), if any.
async fn find(db: &Db, token_hash: &str, at: i64) -> Result<Option<Found>, AccessTokenError> {
    let sql = format!(
        "SELECT {}, u.preferences, t.id AS token_id, t.scope AS token_scope, t.expires_at, \
         t.last_used_at \
         FROM access_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.active",
        user_columns(Some("u"))
    );
    let found: Option<BearerRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(token_hash)
            .bind(at)
            .fetch_optional(pool)
            .await
    })?;
    Ok(found.map(|row| Found {
        bearer: Bearer {
            user: row.user.into(),
            preferences: Preferences::from_stored(&row.preferences),
            token_id: row.token_id,
            scope: row.token_scope.parse().unwrap_or(TokenScope::Read),
        },
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
    }))
}

/// Whether a token last used at `last_used_at` should be marked used at `at`.
fn due_for_touch(last_used_at: Option<i64>, at: i64) -> bool {
    last_used_at.is_none_or(|used| at - used >= TOUCH_EVERY_SECS)
}

/// Marks the token used at `at`. Not a change of who is who: the clock does not tick.
async fn touch(db: &Db, token_id: i64, at: i64) -> Result<(), AccessTokenError> {
    with_pool!(db, |pool| {
        sqlx::query("UPDATE access_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(token_id)
            .execute(pool)
            .await
            .map(drop)
    })?;
    Ok(())
}

/// Who `bearer` signs in and what it may do, if it is a live token (made here, not revoked,
/// not expired) of an active account, asking the database every time. Marks it used (at most
/// once a minute). Requests go through [`OpenedTokens`], which remembers.
pub async fn authenticate(db: &Db, bearer: &str) -> Result<Option<Bearer>, AccessTokenError> {
    if !bearer.starts_with(PREFIX) {
        return Ok(None);
    }
    let at = now();
    let Some(found) = find(db, &hash(bearer), at).await? else {
        return Ok(None);
    };
    if due_for_touch(found.last_used_at, at) {
        touch(db, found.bearer.token_id, at).await?;
    }
    Ok(Some(found.bearer))
}
