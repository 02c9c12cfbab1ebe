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

/// Checks the credentials unless this email and address are locked out. The attempt counts as
/// a failure from the moment it is let through (see `lockout`), so parallel guesses cannot all
/// slip past one check; a correct password clears the count. A locked-out attempt is refused
/// before any password work, whatever the password.
pub async fn sign_in(db: &Db, attempt: SignIn<'_>) -> Result<User, AccountsError> {
    let key = lockout::key(attempt.email);
    let now = chrono::Utc::now().timestamp();
    let allowed = match lockout::begin(db, &key, attempt.ip, now).await? {
        Ok(allowed) => allowed,
        Err(retry_after) => return Err(AccountsError::TooManyAttempts { retry_after }),
    };
    match authenticate(db, attempt.email, attempt.password).await {
        Ok(user) => {
            lockout::succeeded(db, &key, attempt.ip).await?;
            Ok(user)
        }
        Err(AccountsError::InvalidCredentials) => Err(AccountsError::InvalidCredentials),
        Err(other) => {
            lockout::undecided(db, allowed).await?;
            Err(other)
        }
    }
}
