//! People who can sign in: registering, and checking credentials (cookbook recipes 13, 28).

mod passwords;
mod users;

pub use users::{NewUser, Role, USERS_EMAIL_KEY, User, authenticate, email_taken, register};
pub(crate) use users::{UserRow, user_columns};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("an account with this email already exists")]
    EmailTaken,
    /// Deliberately one case for an unknown email, a wrong password and a disabled account,
    /// so that an answer never tells which emails have accounts.
    #[error("the email or password is not correct")]
    InvalidCredentials,
    #[error("password hashing failed")]
    Hashing(#[source] passwords::HashingError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for AccountsError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}
