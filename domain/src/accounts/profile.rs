use model::accounts::{PasswordChange, ProfileChanges};

use super::{AccountsError, User, UserRow, passwords, user_columns};
use crate::{
    Scope,
    db::{BeginWrite, Db},
    sessions::{Ended, SessionId, SessionToken},
    with_pool,
};
use pubsub::PubSub;

/// Saves the person's own details.
pub async fn update_profile(
    db: &Db,
    scope: Scope,
    changes: ProfileChanges,
) -> Result<User, AccountsError> {
    let user_id = scope.user_id;
    let sql = format!(
        "UPDATE users SET name = $1, age = $2, updated_at = {} WHERE id = $3 RETURNING {}",
        db.backend().now_sql(),
        user_columns(None)
    );
    let row: Option<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(changes.name.as_str())
            .bind(changes.age.map(|age| i32::from(age.years())))
            .bind(user_id)
            .fetch_optional(pool)
            .await
    })?;
    db.identities().changed();
    row.map(User::from).ok_or(AccountsError::UnknownUser)
}

/// The session a password change leaves: the one it was made from, under a new token.
#[derive(Debug)]
pub struct PasswordChanged {
    /// The new cookie value of the session the change was made from.
    pub token: SessionToken,
    /// How many other sessions ended.
    pub others_ended: u64,
}

/// Replaces the password after checking the current one. In the same transaction every other
/// session of the person ends — whoever else knew the old password is signed out — and the
/// current one is renewed (a new token and id), so no socket token issued before the change
/// opens anything. Then every socket of the person, on every node, is told to close.
pub async fn change_password(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    change: PasswordChange,
    current: &SessionToken,
) -> Result<PasswordChanged, AccountsError> {
    let user_id = scope.user_id;
    let stored: Option<String> = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await
    })?;
    let current_matches = passwords::verify(change.current_password, stored)
        .await
        .map_err(AccountsError::Hashing)?;
    if !current_matches {
        return Err(AccountsError::WrongCurrentPassword);
    }
    let new_hash = passwords::hash(change.new_password)
        .await
        .map_err(AccountsError::Hashing)?;
    let update = format!(
        "UPDATE users SET password_hash = $1, updated_at = {} WHERE id = $2",
        db.backend().now_sql()
    );
    let current = current.hash();
    let renewed = SessionToken::generate();
    let renewed_id = SessionId::generate();
    let (others_ended, kept) = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sqlx::AssertSqlSafe(update.clone()))
            .bind(&new_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let others_ended =
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(&current)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let kept = sqlx::query(
            "UPDATE sessions SET token_hash = $1, id = $2 WHERE token_hash = $3 AND user_id = $4",
        )
        .bind(renewed.hash())
        .bind(renewed_id.as_str())
        .bind(&current)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok::<_, sqlx::Error>((others_ended, kept))
    }
    .await)?;
    db.identities().changed();
    Ended::All.announce(pubsub, user_id);
    if kept == 0 {
        // The session was ended while the change ran (signed out elsewhere): the password is
        // changed, but this request no longer has a session to keep.
        return Err(AccountsError::UnknownUser);
    }
    Ok(PasswordChanged {
        token: renewed,
        others_ended,
    })
}
