//! Forgotten passwords (recipe 44's reset mail). Asking answers the same whether or not an
//! account has the address: the ask only enqueues a job, and the job — not the request —
//! looks the account up, makes a token and mails the link. A token is 256 random bits, only
//! its SHA-256 kept; it opens one reset within [`RESET_VALID_FOR`]. A reset ends every session
//! of the person (and so their sockets), and every other reset token they had.

use std::{fmt, time::Duration};

use model::accounts::{Email, Password};
use pubsub::PubSub;
use serde::{Deserialize, Serialize};

use super::{AccountsError, User, UserRow, lockout, passwords, user_columns};
use crate::{
    db::{BeginWrite, Db, DbError},
    jobs::{Enqueue, Job, NewJob},
    sessions::Ended,
    tokens::{random_secret, stored_hash},
    with_pool,
};

/// How long a mailed reset link works.
pub const RESET_VALID_FOR: Duration = Duration::from_secs(60 * 60);

/// The job that mails a reset link to whoever owns `email`, if anyone does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordResetMail {
    /// The address as typed (valid, but perhaps nobody's).
    pub email: String,
}

impl Job for PasswordResetMail {
    const KIND: &'static str = "mail.password_reset";
    const QUEUE: &'static str = "mail";
    const MAX_ATTEMPTS: i32 = 5;

    /// One mail on its way per address: asking again while one waits adds nothing.
    fn unique_key(&self) -> Option<String> {
        Some(format!(
            "password-reset:{}",
            self.email.trim().to_lowercase()
        ))
    }
}

/// A reset token as mailed; never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct ResetToken(String);

impl ResetToken {
    /// Wraps a token from a link; any string is accepted, and a wrong one opens nothing.
    pub fn from_link(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The token, for the link in the mail.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> String {
        stored_hash(&self.0)
    }
}

impl fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetToken([REDACTED])")
    }
}

/// Someone asked to reset the password of `email`: enqueues the mail, whoever owns it. Does
/// the same work, and answers the same, whether or not an account has the address.
pub async fn request_password_reset(db: &Db, email: &Email, at_millis: i64) -> Result<(), DbError> {
    let job = NewJob::of(
        &PasswordResetMail {
            email: email.as_str().to_owned(),
        },
        at_millis,
    )
    .expect("a struct of one string serializes");
    let enqueued = with_pool!(db, |pool| async {
        let mut connection = pool.acquire().await?;
        connection.enqueue(&job, at_millis).await
    }
    .await)?;
    enqueued.announce(db);
    Ok(())
}

/// The job's part: a new reset token for the active account that owns `email`, valid from
/// `at` (unix seconds) for [`RESET_VALID_FOR`]; nothing when no active account has it.
pub async fn issue_reset_token(
    db: &Db,
    email: &str,
    at: i64,
) -> Result<Option<(User, ResetToken)>, AccountsError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(None);
    };
    let token = ResetToken(random_secret());
    let expires_at = at.saturating_add(valid_for_secs());
    let select = format!(
        "SELECT {} FROM users WHERE email_key = $1 AND active",
        user_columns(None)
    );
    let user = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let user: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
            .bind(email.key())
            .fetch_optional(&mut *tx)
            .await?;
        let user = user.map(User::from);
        if let Some(user) = &user {
            // Expired tokens of anyone go as new ones are made.
            sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1")
                .bind(at)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(token.hash())
            .bind(user.id)
            .bind(at)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(user)
    }
    .await)?;
    Ok(user.map(|user| (user, token)))
}

/// Whether `token` would open a reset at `at` (unix seconds): the reset page says at once
/// when a link has expired or was used.
pub async fn reset_token_is_valid(db: &Db, token: &ResetToken, at: i64) -> Result<bool, DbError> {
    let valid = with_pool!(db, |pool| {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM password_resets WHERE token_hash = $1 AND expires_at > $2)",
        )
        .bind(token.hash())
        .bind(at)
        .fetch_one(pool)
        .await
    })?;
    Ok(valid)
}

/// Sets a new password with a mailed token, once: the token is spent in the same transaction
/// that changes the password, every session and reset token of the person ends with it, and
/// their failed sign-ins are forgotten. Then every socket of the person closes, on every node.
pub async fn reset_password(
    db: &Db,
    pubsub: &PubSub,
    token: &ResetToken,
    password: Password,
    at: i64,
) -> Result<User, AccountsError> {
    if !reset_token_is_valid(db, token, at).await? {
        return Err(AccountsError::InvalidResetToken);
    }
    let password_hash = passwords::hash(password)
        .await
        .map_err(AccountsError::Hashing)?;
    let update = format!(
        "UPDATE users SET password_hash = $1, updated_at = {} WHERE id = $2 AND active RETURNING {}",
        db.backend().now_sql(),
        user_columns(None)
    );
    let user = with_pool!(db, |pool| {
        async {
        let mut tx = pool.begin_write().await?;
        let spent: Option<i64> = sqlx::query_scalar(
            "DELETE FROM password_resets WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id",
        )
        .bind(token.hash())
        .bind(at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = spent else {
            // Spent by a reset that ran at the same time, or expired since the check.
            return Ok(None);
        };
        let user: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(update.clone()))
            .bind(&password_hash)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(user) = user.map(User::from) else {
            return Ok(None);
        };
        for forget in [
            "DELETE FROM password_resets WHERE user_id = $1",
            "DELETE FROM sessions WHERE user_id = $1",
        ] {
            sqlx::query(forget).bind(user_id).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE email_key = $1")
            .bind(lockout::key(&user.email))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some(user))
    }
    .await
    })?;
    let user = user.ok_or(AccountsError::InvalidResetToken)?;
    db.identities().changed();
    Ended::All.announce(pubsub, user.id);
    Ok(user)
}

fn valid_for_secs() -> i64 {
    i64::try_from(RESET_VALID_FOR.as_secs()).unwrap_or(i64::MAX)
}
