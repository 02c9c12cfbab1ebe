//! People who can sign in: registering, and checking credentials (cookbook recipes 13, 28).

mod admin;
pub mod handles;
mod lockout;
mod passwords;
mod preferences;
mod profile;
mod reset;
mod roles;
mod sign_in;
mod users;

pub use admin::{
    count_users, delete_user, find_user, import_person, list_users, set_role, users_report,
};
pub use lockout::{MAX_FAILURES, WINDOW as LOCKOUT_WINDOW};
pub use preferences::{digest_recipients, preferences, update_preferences};
pub use profile::{PasswordChanged, change_password, update_profile};
pub use reset::{
    PasswordResetMail, RESET_VALID_FOR, ResetToken, issue_reset_token, request_password_reset,
    reset_password, reset_token_is_valid,
};
pub use roles::promote_to_admin;
pub use sign_in::{SignIn, sign_in};

pub use users::{
    Role, USERS_EMAIL_KEY, User, WelcomeMail, active_user, authenticate, email_taken, register,
    user_id_by_email,
};
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
    /// Too many failed sign-ins for this email from this address; try again after the wait.
    #[error("too many failed sign-ins; try again in {} s", .retry_after.as_secs())]
    TooManyAttempts { retry_after: std::time::Duration },
    /// The account acted on no longer exists (deleted while signed in).
    #[error("no such account")]
    UnknownUser,
    /// No account with this id (an admin's lookup).
    #[error("no such account")]
    NotFound,
    /// Only admins may do this.
    #[error("only admins may do this")]
    Forbidden,
    /// An admin acting on their own account where only another admin may.
    #[error("another admin must do this to your own account")]
    OwnAccount,
    /// The change would leave the site without an admin.
    #[error("the site must keep at least one admin")]
    LastAdmin,
    /// A password change whose "current password" is not the current one.
    #[error("the current password is not correct")]
    WrongCurrentPassword,
    /// A password reset link that expired, was used, or never was one.
    #[error("this reset link has expired or was already used; ask for a new one")]
    InvalidResetToken,
    #[error("password hashing failed")]
    Hashing(#[source] passwords::HashingError),
    #[error("could not read the account's files")]
    Uploads(#[source] Box<crate::uploads::UploadsError>),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for AccountsError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}
