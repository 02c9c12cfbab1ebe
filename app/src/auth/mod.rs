//! Signing up, in and out: what pages know about the person, and the server functions the
//! forms call when JavaScript runs. Every successful sign-up or sign-in ends in a full page
//! load, so the navigation, the session and the flash message all come from the server.

use leptos::prelude::*;
use model::accounts::{
    FieldErrors, ForgotPasswordForm, PasswordChangeForm, ProfileForm, RegistrationForm,
    ResetPasswordForm,
};
use serde::{Deserialize, Serialize};

use crate::AppError;

#[cfg(feature = "ssr")]
pub mod ssr;

/// The address a request comes from, as the per-address limits count it: the TCP peer, or
/// the client a trusted proxy names (resolved once per request by the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The signed-in person, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub age: Option<u8>,
    pub is_admin: bool,
    /// Their picture (`/avatars/<user id>?v=<upload id>`), when they have uploaded one.
    pub avatar_url: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashKind {
    Info,
    Error,
}

/// Who is signed in, for every component: resolved by the server for the request and carried
/// into the browser with the page (`SharedValue`), so both render the same navigation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Viewer(pub Option<CurrentUser>);

/// The flash message of this page, carried into the browser the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageFlash(pub Option<Flash>);

/// Provides [`Viewer`] and [`PageFlash`] to the app, from the server's request context.
pub fn provide_session_context() {
    let user = SharedValue::new(use_context::<CurrentUser>).into_inner();
    let flash = SharedValue::new(use_context::<Flash>).into_inner();
    provide_context(Viewer(user));
    provide_context(PageFlash(flash));
}

/// A message for the next page only (it survives one redirect).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub message: String,
}

/// A registration the server refused, shown back — without its passwords — when the form was
/// posted without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationAttempt {
    pub form: RegistrationForm,
    pub errors: FieldErrors,
}

/// The sign-in form as typed. `return_to` is where to go afterwards; only local paths are
/// honoured.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    pub return_to: String,
}

/// A sign-in the server refused, shown back without the password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInAttempt {
    pub email: String,
    pub return_to: String,
    pub error: Option<String>,
}

/// A profile form the server refused when posted without JavaScript: which form, what was
/// typed in it (never a password), and the errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileAttempt {
    pub details: Option<ProfileForm>,
    pub errors: FieldErrors,
}

/// A "forgot your password" form the server refused, shown back when posted without
/// JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgotAttempt {
    pub email: String,
    pub errors: FieldErrors,
}

/// A reset the server refused, shown back (with its token, never the passwords) when posted
/// without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetAttempt {
    pub token: String,
    pub errors: FieldErrors,
}

/// Where to go after signing in: `return_to` when it is a path on this site, else the profile.
/// `//host` and `/\host` are other sites to a browser, and are refused.
/// The sign-in page, coming back to `return_to` (a local path) once signed in.
pub fn sign_in_path(return_to: &str) -> String {
    format!("/login?return_to={}", return_to.replace('/', "%2F"))
}

pub fn local_return_path(return_to: &str) -> &str {
    let local = return_to.starts_with('/')
        && !return_to.starts_with("//")
        && !return_to.starts_with("/\\")
        && !return_to.chars().any(|c| c.is_control() || c == '\\');
    if local { return_to } else { "/profile" }
}

/// Creates the account and signs in; answers where to go next.
#[server(prefix = "/rpc", endpoint = "register")]
pub async fn register(form: RegistrationForm) -> Result<String, AppError> {
    ssr::register_in_server_fn(form).await
}

/// Whether an account already uses this address, for the form's check while typing.
#[server(prefix = "/rpc", endpoint = "email_taken")]
pub async fn email_taken(email: String) -> Result<bool, AppError> {
    ssr::email_taken(&email).await
}

/// Signs in; answers where to go next.
#[server(prefix = "/rpc", endpoint = "sign_in")]
pub async fn sign_in(form: SignInForm) -> Result<String, AppError> {
    ssr::sign_in_in_server_fn(form).await
}

/// Saves the signed-in person's name and age; answers where to go next.
#[server(prefix = "/rpc", endpoint = "save_profile")]
pub async fn save_profile(form: ProfileForm) -> Result<String, AppError> {
    ssr::save_profile_in_server_fn(form).await
}

/// Changes the password (ending every other session); answers where to go next.
#[server(prefix = "/rpc", endpoint = "change_password")]
pub async fn change_password(form: PasswordChangeForm) -> Result<String, AppError> {
    ssr::change_password_in_server_fn(form).await
}

/// Mails a reset link to the address if an account uses it, answering the same either way;
/// answers where to go next.
#[server(prefix = "/rpc", endpoint = "forgot_password")]
pub async fn forgot_password(form: ForgotPasswordForm) -> Result<String, AppError> {
    ssr::forgot_password_in_server_fn(form).await
}

/// Sets a new password with a mailed token, signing out everywhere; answers where to go next.
#[server(prefix = "/rpc", endpoint = "reset_password")]
pub async fn reset_password(form: ResetPasswordForm) -> Result<String, AppError> {
    ssr::reset_password_in_server_fn(form).await
}

#[cfg(test)]
mod tests {
    use super::local_return_path;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_return_path("/profile?tab=2"), "/profile?tab=2");
        assert_eq!(local_return_path("/chat"), "/chat");
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "evil",
            "",
            "/a\\b",
            "/\n/evil",
        ] {
            assert_eq!(local_return_path(hostile), "/profile", "{hostile:?}");
        }
    }
}
