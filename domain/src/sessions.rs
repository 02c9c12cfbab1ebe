//! Server-side sessions (cookbook recipe 28): a random token in the browser's cookie, its hash
//! in the database, so signing out — or a password change — makes the cookie worthless.

use std::{fmt, time::Duration};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use crate::{
    accounts::{User, UserRow, user_columns},
    db::{Db, DbError},
    with_pool,
};

/// A session unused this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The secret the browser holds: 256 random bits, base64url. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> Self {
        Self(URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()))
    }

    /// Wraps a cookie value; any string is accepted, and an unknown one simply finds no session.
    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value to put in the cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub(crate) fn hash(&self) -> String {
        Sha256::digest(self.0.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken([REDACTED])")
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// Opens a new session for `user_id`. Called at every sign-in, so a session id is never reused
/// across one (no fixation).
pub async fn start(
    db: &Db,
    user_id: i64,
    user_agent: Option<&str>,
) -> Result<SessionToken, DbError> {
    let token = SessionToken::generate();
    let at = now();
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(token.hash())
        .bind(user_id)
        .bind(at)
        .bind(user_agent.map(|agent| agent.chars().take(512).collect::<String>()))
        .execute(pool)
        .await
        .map(drop)
    })?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_seen_at: i64,
}

/// The active user this token signs in, if the session exists, is not idle past
/// [`IDLE_TIMEOUT`], and belongs to an active account. Marks the session as seen.
pub async fn resume(db: &Db, token: &SessionToken) -> Result<Option<User>, DbError> {
    let at = now();
    let hash = token.hash();
    let sql = format!(
        "SELECT {}, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.last_seen_at > $2 AND u.active",
        user_columns(Some("u"))
    );
    let found: Option<SessionRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&hash)
            .bind(at - seconds(IDLE_TIMEOUT))
            .fetch_optional(pool)
            .await
    })?;
    let Some(row) = found else { return Ok(None) };
    if at - row.last_seen_at >= seconds(TOUCH_EVERY) {
        with_pool!(db, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(at)
                .bind(&hash)
                .execute(pool)
                .await
                .map(drop)
        })?;
    }
    Ok(Some(row.user.into()))
}

/// Ends this one session (sign-out). Ending an unknown session is not an error.
pub async fn end(db: &Db, token: &SessionToken) -> Result<(), DbError> {
    with_pool!(db, |pool| {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token.hash())
            .execute(pool)
            .await
            .map(drop)
    })?;
    Ok(())
}

/// Ends every session of `user_id` except `keep` (sign out everywhere, password change).
/// Returns how many ended.
pub async fn end_all_for_user(
    db: &Db,
    user_id: i64,
    keep: Option<&SessionToken>,
) -> Result<u64, DbError> {
    let keep = keep.map(SessionToken::hash).unwrap_or_default();
    let ended = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(&keep)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_256_bit_and_never_printed() {
        let (a, b) = (SessionToken::generate(), SessionToken::generate());
        assert_ne!(a, b);
        assert_eq!(
            a.expose().len(),
            43,
            "32 bytes in base64url without padding"
        );
        assert_eq!(format!("{a:?}"), "SessionToken([REDACTED])");
    }

    #[test]
    fn only_a_hash_of_the_token_is_stored() {
        let token = SessionToken::from_cookie("abc");
        assert_eq!(
            token.hash(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
