//! What admins do with everyone's accounts: list them, look one up, change a role, delete one.
//! Each verb checks the acting [`Scope`] itself. An admin never changes their own role or
//! deletes their own account here, so the last admin cannot lock everyone out by mistake.

use pubsub::PubSub;

use super::{AccountsError, Role, User, UserRow, user_columns};
use crate::{Scope, db::Db, paging::Page, sessions::Ended, uploads::Uploads, with_pool};

fn admin_only(scope: &Scope) -> Result<(), AccountsError> {
    if scope.is_admin() {
        Ok(())
    } else {
        Err(AccountsError::Forbidden)
    }
}

fn not_oneself(scope: &Scope, user_id: i64) -> Result<(), AccountsError> {
    if scope.user_id == user_id {
        Err(AccountsError::OwnAccount)
    } else {
        Ok(())
    }
}

/// Accounts in the order they were made (by id; a page `After` names the last id it saw).
pub async fn list_users(db: &Db, scope: Scope, page: Page) -> Result<Vec<User>, AccountsError> {
    admin_only(&scope)?;
    let (offset, after, limit) = page.bounds();
    let sql = format!(
        "SELECT {} FROM users WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2 OFFSET $3",
        user_columns(None)
    );
    let rows: Vec<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(after)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(User::from).collect())
}

pub async fn count_users(db: &Db, scope: Scope) -> Result<i64, AccountsError> {
    admin_only(&scope)?;
    let count = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(pool)
            .await
    })?;
    Ok(count)
}

/// One account: an admin may look up anyone, anyone else only themselves.
pub async fn find_user(db: &Db, scope: Scope, user_id: i64) -> Result<User, AccountsError> {
    if scope.user_id != user_id {
        admin_only(&scope)?;
    }
    let sql = format!("SELECT {} FROM users WHERE id = $1", user_columns(None));
    let row: Option<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(user_id)
            .fetch_optional(pool)
            .await
    })?;
    row.map(User::from).ok_or(AccountsError::NotFound)
}

/// Gives another account `role`.
pub async fn set_role(
    db: &Db,
    scope: Scope,
    user_id: i64,
    role: Role,
) -> Result<User, AccountsError> {
    admin_only(&scope)?;
    not_oneself(&scope, user_id)?;
    let sql = format!(
        "UPDATE users SET role = $1, updated_at = {} WHERE id = $2 RETURNING {}",
        db.backend().now_sql(),
        user_columns(None)
    );
    let row: Option<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(role.as_str())
            .bind(user_id)
            .fetch_optional(pool)
            .await
    })?;
    row.map(User::from).ok_or(AccountsError::NotFound)
}

/// Deletes another account with everything that is theirs (sessions, tokens, memberships,
/// messages and files; rooms they made stay, without a creator), then closes their sockets on
/// every node. The stored files go last: a crash before leaves unlisted files, never a listed
/// file that is gone.
pub async fn delete_user(
    db: &Db,
    pubsub: &PubSub,
    uploads: &Uploads,
    scope: Scope,
    user_id: i64,
) -> Result<(), AccountsError> {
    admin_only(&scope)?;
    not_oneself(&scope, user_id)?;
    let stored = uploads
        .stored_by(user_id)
        .await
        .map_err(|error| AccountsError::Uploads(Box::new(error)))?;
    let deleted = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    if deleted == 0 {
        return Err(AccountsError::NotFound);
    }
    Ended::All.announce(pubsub, user_id);
    uploads.remove_stored(&stored).await;
    Ok(())
}
