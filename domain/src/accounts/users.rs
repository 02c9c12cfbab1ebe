use chrono::{DateTime, Utc};
use model::accounts::{Email, Preferences, Registration};

use serde::{Deserialize, Serialize};

use super::{AccountsError, handles::FreeHandle, passwords};
use crate::{
    db::{Backend, BeginWrite, Db, UniqueIndex},
    jobs::{Enqueue, Job, NewJob},
    time::now_millis,
    with_pool,
};

/// What a user may do beyond their own things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    User,
    Admin,
}

impl Role {
    /// As the `role` column holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Admin => "admin",
        }
    }
}

/// A registered person, without their password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub age: Option<u8>,
    pub role: Role,
    pub active: bool,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub avatar_url: Option<String>,
    pub inserted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// This person as the domain's verbs act for them.
    pub fn scope(&self) -> crate::Scope {
        crate::Scope {
            user_id: self.id,
            role: self.role,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    name: String,
    age: Option<i32>,
    role: String,
    active: bool,
    confirmed_at: Option<DateTime<Utc>>,
    avatar_url: Option<String>,
    inserted_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            name: row.name,
            // The column's CHECK keeps it within 13–150.
            age: row.age.and_then(|years| u8::try_from(years).ok()),
            role: if row.role == "admin" {
                Role::Admin
            } else {
                Role::User
            },
            active: row.active,
            confirmed_at: row.confirmed_at,
            avatar_url: row.avatar_url,
            inserted_at: row.inserted_at,
            updated_at: row.updated_at,
        }
    }
}

/// One account per email, whatever its letter case (see the `users` migration).
pub const USERS_EMAIL_KEY: UniqueIndex = UniqueIndex {
    name: "users_email_key",
    columns: "users.email_key",
};

/// The columns [`UserRow`] reads, qualified by `table` (an alias such as `u`) when given.
pub(crate) fn user_columns(table: Option<&str>) -> String {
    const COLUMNS: [&str; 10] = [
        "id",
        "email",
        "name",
        "age",
        "role",
        "active",
        "confirmed_at",
        "avatar_url",
        "inserted_at",
        "updated_at",
    ];
    let prefix = table.map(|t| format!("{t}.")).unwrap_or_default();
    COLUMNS
        .iter()
        .map(|column| format!("{prefix}{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first account ever becomes an admin, so a fresh install has one. The role is decided in
/// the same statement as the insert; on PostgreSQL a table lock (which blocks other writers, not
/// readers) keeps two simultaneous first registrations from both seeing an empty table, while
/// SQLite serialises writers by itself.
fn register_sql() -> String {
    format!(
        "INSERT INTO users (email, email_key, name, age, password_hash, preferences, handle, role) \
         SELECT $1, $2, $3, $4, $5, $6, $7, \
         CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'user' ELSE 'admin' END \
         RETURNING {}",
        user_columns(None)
    )
}

/// The job that mails a new account its welcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WelcomeMail {
    pub user_id: i64,
}

impl Job for WelcomeMail {
    const KIND: &'static str = "mail.welcome";
    const QUEUE: &'static str = "mail";
    const MAX_ATTEMPTS: i32 = 10;

    fn unique_key(&self) -> Option<String> {
        Some(format!("welcome:{}", self.user_id))
    }
}

/// Creates the account, and enqueues its welcome mail in the same transaction; the password
/// is hashed off the async runtime.
pub async fn register(db: &Db, registration: Registration) -> Result<User, AccountsError> {
    let Registration {
        email,
        name,
        age,
        password,
        language,
    } = registration;
    // The account starts in the language it was made in; every other preference is the default.
    let preferences = Preferences {
        language,
        ..Preferences::default()
    };
    let preferences = serde_json::to_string(&preferences).expect("preferences serialize to JSON");
    let password_hash = passwords::hash(password)
        .await
        .map_err(AccountsError::Hashing)?;
    let lock = match db.backend() {
        Backend::Postgres => Some("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"),
        Backend::Sqlite => None,
    };
    let inserted = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = lock {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let handle = (&mut *tx).free_handle(name.as_str()).await?;
        let row: UserRow = sqlx::query_as(sqlx::AssertSqlSafe(register_sql()))
            .bind(email.as_str())
            .bind(email.key())
            .bind(name.as_str())
            .bind(age.map(|age| i32::from(age.years())))
            .bind(&password_hash)
            .bind(&preferences)
            .bind(&handle)
            .fetch_one(&mut *tx)
            .await?;
        let at = now_millis();
        let welcome = NewJob::of(&WelcomeMail { user_id: row.id }, at)
            .expect("a struct of one number serializes");
        let enqueued = (&mut *tx).enqueue(&welcome, at).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>((row, enqueued))
    }
    .await);
    match inserted {
        Ok((row, welcome)) => {
            welcome.announce(db);
            Ok(row.into())
        }
        Err(error) if USERS_EMAIL_KEY.is_violated_by(&error) => Err(AccountsError::EmailTaken),
        Err(error) => Err(error.into()),
    }
}

/// Whether an account already uses this address (in any letter case); for live form checks.
pub async fn email_taken(db: &Db, email: &Email) -> Result<bool, AccountsError> {
    let taken: bool = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)")
            .bind(email.key())
            .fetch_one(pool)
            .await
    })?;
    Ok(taken)
}

/// The id of the account using this address (in any letter case), if there is one.
pub async fn user_id_by_email(db: &Db, email: &Email) -> Result<Option<i64>, AccountsError> {
    let id = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT id FROM users WHERE email_key = $1")
            .bind(email.key())
            .fetch_optional(pool)
            .await
    })?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Credentials {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

/// The account these credentials open. Any failure — an address that is not one, an unknown
/// email, a wrong password, a disabled account — is the same [`AccountsError::InvalidCredentials`]
/// after the same amount of hashing work.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> Result<User, AccountsError> {
    let found = match Email::parse(email) {
        Ok(email) => {
            let sql = format!(
                "SELECT {}, password_hash FROM users WHERE email_key = $1",
                user_columns(None)
            );
            with_pool!(db, |pool| {
                sqlx::query_as::<_, Credentials>(sqlx::AssertSqlSafe(sql))
                    .bind(email.key())
                    .fetch_optional(pool)
                    .await
            })?
        }
        Err(_) => None,
    };
    let (user, stored) = match found {
        Some(Credentials {
            user,
            password_hash,
        }) => (Some(user), Some(password_hash)),
        None => (None, None),
    };
    let matches = passwords::verify(password.to_owned(), stored)
        .await
        .map_err(AccountsError::Hashing)?;
    match user {
        Some(user) if matches && user.active => Ok(user.into()),
        _ => Err(AccountsError::InvalidCredentials),
    }
}

/// The account with this id, if it exists and may still sign in (a socket token names a user
/// by id; a disabled or deleted account must not reconnect with one).
pub async fn active_user(db: &Db, id: i64) -> Result<Option<User>, AccountsError> {
    let sql = format!(
        "SELECT {} FROM users WHERE id = $1 AND active",
        user_columns(None)
    );
    let row: Option<UserRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.map(User::from))
}
