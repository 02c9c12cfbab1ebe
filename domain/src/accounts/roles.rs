use model::accounts::Email;

use super::{AccountsError, Role, User, UserRow, user_columns};
use crate::{db::Db, with_pool};

/// Gives the account with this address (in any letter case) the admin role; an operator's
/// verb (the server's `admin promote` command), not one anyone can reach over HTTP.
pub async fn promote_to_admin(db: &Db, email: &Email) -> Result<User, AccountsError> {
    set_role(db, email, Role::Admin).await
}

async fn set_role(db: &Db, email: &Email, role: Role) -> Result<User, AccountsError> {
    let sql = format!(
        "UPDATE users SET role = $1, updated_at = {} WHERE email_key = $2 RETURNING {}",
        db.backend().now_sql(),
        user_columns(None)
    );
    let row: Option<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(role.as_str())
            .bind(email.key())
            .fetch_optional(pool)
            .await
    })?;
    db.identities().changed();
    row.map(User::from).ok_or(AccountsError::UnknownUser)
}
