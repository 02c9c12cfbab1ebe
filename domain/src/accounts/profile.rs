use model::accounts::{PasswordChange, ProfileChanges};

use super::{AccountsError, User, UserRow, passwords, user_columns};
use crate::{
    db::{BeginWrite, Db},
    sessions::SessionToken,
    with_pool,
};

/// Saves the person's own details.
pub async fn update_profile(
    db: &Db,
    user_id: i64,
    changes: ProfileChanges,
) -> Result<User, AccountsError> {
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
    row.map(User::from).ok_or(AccountsError::UnknownUser)
}

/// Replaces the password after checking the current one, and ends every other session of the
/// user in the same transaction: whoever else knew the old password is signed out. Returns how
/// many sessions ended.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    change: PasswordChange,
    keep: &SessionToken,
) -> Result<u64, AccountsError> {
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
    let keep = keep.hash();
    let ended = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sqlx::AssertSqlSafe(update.clone()))
            .bind(&new_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(&keep)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok::<_, sqlx::Error>(ended)
    }
    .await)?;
    Ok(ended)
}
