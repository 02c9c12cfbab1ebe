use super::{AccountsError, User, authenticate, lockout};
use crate::db::Db;

/// A sign-in attempt as it arrives: raw strings (a malformed email is just a failed attempt)
/// and the client's address, which the lockout counts by.
#[derive(Debug)]
pub struct SignIn<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub ip: &'a str,
}

/// Checks the credentials unless this email and address are locked out; records the outcome.
/// A locked-out attempt is refused before any password work, whatever the password.
pub async fn sign_in(db: &Db, attempt: SignIn<'_>) -> Result<User, AccountsError> {
    let key = lockout::key(attempt.email);
    let now = chrono::Utc::now().timestamp();
    if let Some(retry_after) = lockout::wait_before_next(db, &key, attempt.ip, now).await? {
        return Err(AccountsError::TooManyAttempts { retry_after });
    }
    match authenticate(db, attempt.email, attempt.password).await {
        Ok(user) => {
            lockout::clear(db, &key, attempt.ip).await?;
            Ok(user)
        }
        Err(AccountsError::InvalidCredentials) => {
            lockout::record_failure(db, &key, attempt.ip, now).await?;
            Err(AccountsError::InvalidCredentials)
        }
        Err(other) => Err(other),
    }
}
