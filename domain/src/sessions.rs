//! Server-side sessions (cookbook recipe 28): a random token in the browser's cookie, its hash
//! in the database, so signing out — or a password change — makes the cookie worthless.
//!
//! A session also has an [`SessionId`], which is not a secret: the socket tokens issued to a
//! session name it, so they stop working the moment it ends, and every socket of the session
//! is told to close ([`Ended`], published on PubSub after the delete commits, so every node
//! closes its own).

use std::{fmt, time::Duration};

use serde_json::json;

use crate::{
    accounts::{User, UserRow, user_columns},
    db::{Db, DbError},
    tokens::{random_secret, stored_hash},
    with_pool,
};
use pubsub::{Broadcast, PubSub};

/// A session unused this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The secret the browser holds: 256 random bits, base64url. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    pub(crate) fn generate() -> Self {
        Self(random_secret())
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
        stored_hash(&self.0)
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken([REDACTED])")
    }
}

/// A session's public name: 128 random bits in hex. It opens nothing by itself; it lets a
/// socket token name its session, and a sign-out find that session's sockets.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    pub(crate) fn generate() -> Self {
        Self(
            rand::random::<[u8; 16]>()
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect(),
        )
    }

    /// Wraps an id read from a (verified) socket token; an unknown one finds no session.
    pub fn from_token(value: &str) -> Self {
        Self(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A live session: whose it is, and its public id.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: SessionId,
    pub user: User,
}

/// Which sessions just ended, as every node's sockets hear it: the sockets of those sessions
/// close, and the socket tokens issued to them no longer verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    /// One session (sign-out).
    One(SessionId),
    /// Every session of the person (sign out everywhere, a password change).
    All,
}

/// The topic a socket of `user_id` listens on for its sessions' end (Phoenix's socket `id`,
/// `"users_socket:<id>"`). No channel serves it: clients cannot join it.
pub fn socket_topic(user_id: i64) -> String {
    format!("users_socket:{user_id}")
}

/// The event on [`socket_topic`] that tells sockets their session ended.
pub const DISCONNECT: &str = "disconnect";

impl Ended {
    /// What a socket of `session` should do with `broadcast`: `true` when it must close.
    pub fn closes(broadcast: &Broadcast, session: &SessionId) -> bool {
        if broadcast.event != DISCONNECT {
            return false;
        }
        match broadcast.payload.get("session") {
            Some(serde_json::Value::String(ended)) => *ended == session.0,
            _ => true,
        }
    }

    /// Tells every node's sockets of `user_id` (after the change is committed).
    pub fn announce(self, pubsub: &PubSub, user_id: i64) {
        let session = match self {
            Self::One(id) => json!(id.0),
            Self::All => json!(null),
        };
        pubsub.broadcast(
            &socket_topic(user_id),
            DISCONNECT,
            json!({ "session": session }),
        );
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
            "INSERT INTO sessions (token_hash, id, user_id, created_at, last_seen_at, user_agent) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token.hash())
        .bind(SessionId::generate().0)
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
    session_id: String,
    last_seen_at: i64,
}

/// The session this token opens, if it exists, is not idle past [`IDLE_TIMEOUT`], and belongs
/// to an active account. Marks the session as seen.
pub async fn resume(db: &Db, token: &SessionToken) -> Result<Option<Session>, DbError> {
    let at = now();
    let hash = token.hash();
    let sql = format!(
        "SELECT {}, s.id AS session_id, s.last_seen_at FROM sessions s \
         JOIN users u ON u.id = s.user_id \
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
    Ok(Some(Session {
        id: SessionId(row.session_id),
        user: row.user.into(),
    }))
}

/// `user_id`, if their session `id` is still live (not ended, not idle past [`IDLE_TIMEOUT`])
/// and the account active. Read-only: a socket is not a page view.
pub async fn socket_user(db: &Db, user_id: i64, id: &SessionId) -> Result<Option<User>, DbError> {
    let sql = format!(
        "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id = $1 AND s.user_id = $2 AND s.last_seen_at > $3 AND u.active",
        user_columns(Some("u"))
    );
    let row: Option<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&id.0)
            .bind(user_id)
            .bind(now() - seconds(IDLE_TIMEOUT))
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.map(User::from))
}

/// Deletes the sessions idle past [`IDLE_TIMEOUT`] at `at` (unix seconds), which open nothing
/// any more, and the password reset tokens that expired; answers how many sessions went.
pub async fn prune(db: &Db, at: i64) -> Result<u64, DbError> {
    let pruned = with_pool!(db, |pool| async {
        let pruned = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1")
            .bind(at - seconds(IDLE_TIMEOUT))
            .execute(pool)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1")
            .bind(at)
            .execute(pool)
            .await?;
        Ok::<_, sqlx::Error>(pruned)
    }
    .await)?;
    Ok(pruned)
}

/// Ends this one session (sign-out), and closes its sockets on every node. Ending an unknown
/// session is not an error.
pub async fn end(db: &Db, pubsub: &PubSub, token: &SessionToken) -> Result<(), DbError> {
    let ended: Option<(String, i64)> = with_pool!(db, |pool| {
        sqlx::query_as("DELETE FROM sessions WHERE token_hash = $1 RETURNING id, user_id")
            .bind(token.hash())
            .fetch_optional(pool)
            .await
    })?;
    if let Some((id, user_id)) = ended {
        Ended::One(SessionId(id)).announce(pubsub, user_id);
    }
    Ok(())
}

/// Ends every session of `user_id` (sign out everywhere) and closes all their sockets on every
/// node. Returns how many ended.
pub async fn end_all_for_user(db: &Db, pubsub: &PubSub, user_id: i64) -> Result<u64, DbError> {
    let ended = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ended::All.announce(pubsub, user_id);
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
    fn a_socket_closes_when_its_own_session_or_all_of_them_end() {
        let mine = SessionId::generate();
        let other = SessionId::generate();
        assert_eq!(mine.as_str().len(), 32, "128 bits in hex");
        assert_ne!(mine, other);
        let disconnect = |session: serde_json::Value| {
            Broadcast::new(
                socket_topic(7),
                DISCONNECT,
                json!({ "session": session }),
                None,
            )
        };
        assert!(Ended::closes(&disconnect(json!(mine.as_str())), &mine));
        assert!(!Ended::closes(&disconnect(json!(other.as_str())), &mine));
        assert!(Ended::closes(&disconnect(json!(null)), &mine));
        let unrelated = Broadcast::new(socket_topic(7), "hello", json!({}), None);
        assert!(!Ended::closes(&unrelated, &mine));
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
