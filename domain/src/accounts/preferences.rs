//! A person's preferences (recipe 5), read with defaults for every key and updated in part.

use model::accounts::{Digest, Preferences, PreferencesPatch};

use super::AccountsError;
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    with_pool,
};

pub async fn preferences(db: &Db, scope: Scope) -> Result<Preferences, AccountsError> {
    let stored: Option<String> = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT preferences FROM users WHERE id = $1")
            .bind(scope.user_id)
            .fetch_optional(pool)
            .await
    })?;
    stored
        .map(|json| Preferences::from_stored(&json))
        .ok_or(AccountsError::UnknownUser)
}

/// Applies `patch` to what is stored, read and written in one write transaction: two updates
/// of different keys at once both stay (PostgreSQL: the row lock; SQLite: one writer).
pub async fn update_preferences(
    db: &Db,
    scope: Scope,
    patch: PreferencesPatch,
) -> Result<Preferences, AccountsError> {
    let read = match db.backend() {
        Backend::Postgres => "SELECT preferences FROM users WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT preferences FROM users WHERE id = $1",
    };
    let updated = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let stored: Option<String> = sqlx::query_scalar(read)
            .bind(scope.user_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(stored) = stored else {
            return Ok::<_, sqlx::Error>(None);
        };
        let mut preferences = Preferences::from_stored(&stored);
        preferences.apply(patch.clone());
        let json = serde_json::to_string(&preferences).expect("preferences serialize to JSON");
        sqlx::query("UPDATE users SET preferences = $1 WHERE id = $2")
            .bind(json)
            .bind(scope.user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(preferences))
    }
    .await)?;
    db.identities().changed();
    updated.ok_or(AccountsError::UnknownUser)
}

/// The active people whose preferences ask for `digest`, by id: one read of everyone's
/// preferences, chosen here (the stored document is read the same way on both backends).
pub async fn digest_recipients(db: &Db, digest: Digest) -> Result<Vec<i64>, AccountsError> {
    let stored: Vec<(i64, String)> = with_pool!(db, |pool| {
        sqlx::query_as("SELECT id, preferences FROM users WHERE active ORDER BY id")
            .fetch_all(pool)
            .await
    })?;
    Ok(stored
        .into_iter()
        .filter(|(_, json)| Preferences::from_stored(json).notifications.digest == digest)
        .map(|(id, _)| id)
        .collect())
}
