//! What admins do with everyone's accounts: list them, look one up, change a role, delete one.
//! Each verb checks the acting [`Scope`] itself. An admin never changes their own role or
//! deletes their own account here, and no change may leave the site without an admin: two
//! admins demoting each other at once leave one. Both the count and whether the one acting is
//! still an admin are read in the write transaction, under PostgreSQL's lock on the admins'
//! rows (SQLite has one writer at a time).

use pubsub::PubSub;

use model::accounts::{NewPerson, UsersReport};

use super::{
    AccountsError, Role, USERS_EMAIL_KEY, User, UserRow, handles::FreeHandle, passwords,
    user_columns,
};
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    paging::Page,
    sessions::Ended,
    uploads::Uploads,
    with_pool,
};

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
    let lock = admins_lock(db);
    let changed = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = lock {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let (others, acting): (i64, i64) = sqlx::query_as(ADMINS)
            .bind(user_id)
            .bind(scope.user_id)
            .fetch_one(&mut *tx)
            .await?;
        if acting == 0 {
            return Ok(Err(AccountsError::Forbidden));
        }
        if role != Role::Admin && others == 0 {
            return Ok(Err(AccountsError::LastAdmin));
        }
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(role.as_str())
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(row.map(User::from).ok_or(AccountsError::NotFound))
    }
    .await)?;
    db.identities().changed();
    changed
}

/// PostgreSQL: the admins' rows locked for the rest of the transaction, so two changes of
/// admins serialise (SQLite's write transaction does that by itself).
fn admins_lock(db: &Db) -> Option<&'static str> {
    match db.backend() {
        Backend::Postgres => Some("SELECT id FROM users WHERE role = 'admin' FOR UPDATE"),
        Backend::Sqlite => None,
    }
}

/// Among the admins: how many there are besides `$1`, and whether `$2` (who acts) still is one.
const ADMINS: &str = "SELECT CAST(COALESCE(SUM(CASE WHEN id <> $1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN id = $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
     FROM users WHERE role = 'admin'";

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
    let lock = admins_lock(db);
    let deleted = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = lock {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let (others, acting): (i64, i64) = sqlx::query_as(ADMINS)
            .bind(user_id)
            .bind(scope.user_id)
            .fetch_one(&mut *tx)
            .await?;
        if acting == 0 {
            return Ok(Err(AccountsError::Forbidden));
        }
        if others == 0 {
            return Ok(Err(AccountsError::LastAdmin));
        }
        let deleted = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok::<_, sqlx::Error>(if deleted == 0 {
            Err(AccountsError::NotFound)
        } else {
            Ok(())
        })
    }
    .await)?;
    deleted?;
    db.identities().changed();
    Ended::All.announce(pubsub, user_id);
    uploads.remove_stored(&stored).await;
    Ok(())
}

/// Adds a person from an admin's list, with no usable password: they cannot sign in until they
/// set one. One insert, so a row is added whole or not at all.
pub async fn import_person(
    db: &Db,
    scope: Scope,
    person: NewPerson,
) -> Result<User, AccountsError> {
    admin_only(&scope)?;
    let sql = format!(
        "INSERT INTO users (email, email_key, name, age, password_hash, handle, role) \
         VALUES ($1, $2, $3, $4, $5, $6, 'user') RETURNING {}",
        user_columns(None)
    );
    // Registration's lock (PostgreSQL), so the handle chosen is still free at the insert.
    let lock = match db.backend() {
        Backend::Postgres => Some("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"),
        Backend::Sqlite => None,
    };
    let inserted: Result<UserRow, sqlx::Error> = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = lock {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let handle = (&mut *tx).free_handle(person.name.as_str()).await?;
        let row = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(person.email.as_str())
            .bind(person.email.key())
            .bind(person.name.as_str())
            .bind(person.age.map(|age| i32::from(age.years())))
            .bind(passwords::UNUSABLE)
            .bind(&handle)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row)
    }
    .await);
    match inserted {
        Ok(row) => Ok(row.into()),
        Err(error) if USERS_EMAIL_KEY.is_violated_by(&error) => Err(AccountsError::EmailTaken),
        Err(error) => Err(error.into()),
    }
}

/// How many accounts of one role were made in one month (UTC, `YYYY-MM`).
#[derive(sqlx::FromRow)]
struct Signups {
    month: String,
    role: String,
    count: i64,
}

/// Accounts by role and sign-ups by month (recipe 3): counted by month and role in one query,
/// then arranged month by month.
pub async fn users_report(db: &Db, scope: Scope) -> Result<UsersReport, AccountsError> {
    admin_only(&scope)?;
    let month = match db.backend() {
        Backend::Postgres => "to_char(inserted_at AT TIME ZONE 'UTC', 'YYYY-MM')",
        Backend::Sqlite => "substr(inserted_at, 1, 7)",
    };
    let sql = format!(
        "SELECT {month} AS month, role, COUNT(*) AS count FROM users \
         GROUP BY {month}, role ORDER BY month, role"
    );
    let rows: Vec<Signups> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(pool)
            .await
    })?;
    Ok(UsersReport::of(rows.iter().map(|row| {
        (row.month.as_str(), row.role.as_str(), row.count)
    })))
}
