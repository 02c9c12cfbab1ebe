//! The server half of accounts on the web: session and flash cookies, and the register and
//! sign-in flows shared by the server functions and the no-JavaScript form handlers.

use domain::{
    accounts::{self, SignIn, User},
    db::Db,
    sessions::{self, SessionToken},
};
use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::{expect_context, use_context};
use model::accounts::{Email, PasswordChangeForm, ProfileForm, RegistrationForm};

mod cookies;

pub use cookies::CookiePolicy;

use super::{CurrentUser, Flash, FlashKind, SignInForm, local_return_path};
use crate::AppError;

impl From<&User> for CurrentUser {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            age: user.age,
            is_admin: user.role == accounts::Role::Admin,
            avatar_url: user.avatar_url.clone(),
        }
    }
}

impl CurrentUser {
    /// The domain's view of this person, for verbs that act for them.
    pub fn scope(&self) -> domain::Scope {
        domain::Scope {
            user_id: self.id,
            role: if self.is_admin {
                accounts::Role::Admin
            } else {
                accounts::Role::User
            },
        }
    }
}

pub fn welcome(user: &User) -> Flash {
    Flash {
        kind: FlashKind::Info,
        message: format!("Welcome, {}! Your account is ready.", user.name),
    }
}

pub fn signed_in(user: &User) -> Flash {
    Flash {
        kind: FlashKind::Info,
        message: format!("Signed in as {}.", user.name),
    }
}

/// Parses the form, creates the account and opens its session.
pub async fn register(
    db: &Db,
    form: &RegistrationForm,
    user_agent: Option<&str>,
) -> Result<(User, SessionToken), AppError> {
    let registration = form.parse().map_err(AppError::Invalid)?;
    let user = accounts::register(db, registration).await?;
    let token = sessions::start(db, user.id, user_agent).await?;
    Ok((user, token))
}

/// Checks the credentials (with the lockout) and opens a new session: a new id at every
/// sign-in, so a session id planted before cannot be carried across it.
pub async fn sign_in(
    db: &Db,
    form: &SignInForm,
    ip: &str,
    user_agent: Option<&str>,
) -> Result<(User, SessionToken), AppError> {
    let user = accounts::sign_in(
        db,
        SignIn {
            email: &form.email,
            password: &form.password,
            ip,
        },
    )
    .await?;
    let token = sessions::start(db, user.id, user_agent).await?;
    Ok((user, token))
}

/// Saves the signed-in person's details.
pub async fn save_details(db: &Db, user_id: i64, form: &ProfileForm) -> Result<User, AppError> {
    let changes = form.parse().map_err(AppError::Invalid)?;
    Ok(accounts::update_profile(db, user_id, changes).await?)
}

/// Changes the password; every other session of the person ends.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    keep: &SessionToken,
    form: &PasswordChangeForm,
) -> Result<u64, AppError> {
    let change = form.parse().map_err(AppError::Invalid)?;
    Ok(accounts::change_password(db, user_id, change, keep).await?)
}

pub fn details_saved() -> Flash {
    Flash {
        kind: FlashKind::Info,
        message: "Your details are saved.".into(),
    }
}

pub fn password_changed(other_sessions_ended: u64) -> Flash {
    let message = match other_sessions_ended {
        0 => "Your password is changed.".to_owned(),
        1 => "Your password is changed, and your 1 other session was signed out.".to_owned(),
        n => format!("Your password is changed, and your {n} other sessions were signed out."),
    };
    Flash {
        kind: FlashKind::Info,
        message,
    }
}

/// What a server function needs from the request and the node.
pub(crate) struct ServerFnContext {
    pub(crate) db: Db,
    cookies: CookiePolicy,
    headers: HeaderMap,
    ip: String,
    session: Option<(CurrentUser, SessionToken)>,
}

impl ServerFnContext {
    /// The signed-in person and their session, or `Unauthorized`.
    pub(crate) fn signed_in(&self) -> Result<&(CurrentUser, SessionToken), AppError> {
        self.session.as_ref().ok_or(AppError::Unauthorized)
    }
}

pub(crate) fn context() -> Result<ServerFnContext, AppError> {
    let missing = || {
        tracing::error!("server function context is incomplete");
        AppError::Internal
    };
    let parts = use_context::<http::request::Parts>().ok_or_else(missing)?;
    let ip = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    let session = parts
        .extensions
        .get::<CurrentUser>()
        .cloned()
        .zip(parts.extensions.get::<SessionToken>().cloned());
    Ok(ServerFnContext {
        db: use_context::<Db>().ok_or_else(missing)?,
        cookies: use_context::<CookiePolicy>().ok_or_else(missing)?,
        headers: parts.headers,
        ip,
        session,
    })
}

fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
}

fn set_cookies<const N: usize>(values: [HeaderValue; N]) {
    let response = expect_context::<leptos_axum::ResponseOptions>();
    for value in values {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// Server functions answer an error with its own status (422, 429, …) rather than the
/// framework's blanket 500.
pub(crate) fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let (Err(error), Some(response)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
        response.set_status(error.status());
    }
    result
}

pub(super) async fn register_in_server_fn(form: RegistrationForm) -> Result<String, AppError> {
    answer(register_and_set_cookies(form).await)
}

pub(super) async fn sign_in_in_server_fn(form: SignInForm) -> Result<String, AppError> {
    answer(sign_in_and_set_cookies(form).await)
}

pub(super) async fn email_taken(email: &str) -> Result<bool, AppError> {
    answer(check_email(email).await)
}

pub(super) async fn save_profile_in_server_fn(form: ProfileForm) -> Result<String, AppError> {
    answer(
        async {
            let ctx = context()?;
            let (user, _) = ctx.signed_in()?;
            save_details(&ctx.db, user.id, &form).await?;
            set_cookies([ctx.cookies.flash(&details_saved())]);
            Ok("/profile".to_owned())
        }
        .await,
    )
}

pub(super) async fn change_password_in_server_fn(
    form: PasswordChangeForm,
) -> Result<String, AppError> {
    answer(
        async {
            let ctx = context()?;
            let (user, token) = ctx.signed_in()?;
            let ended = change_password(&ctx.db, user.id, token, &form).await?;
            set_cookies([ctx.cookies.flash(&password_changed(ended))]);
            Ok("/profile".to_owned())
        }
        .await,
    )
}

async fn register_and_set_cookies(form: RegistrationForm) -> Result<String, AppError> {
    let ctx = context()?;
    let (user, token) = register(&ctx.db, &form, user_agent(&ctx.headers)).await?;
    set_cookies([
        ctx.cookies.session(&token),
        ctx.cookies.flash(&welcome(&user)),
    ]);
    Ok("/profile".to_owned())
}

async fn sign_in_and_set_cookies(form: SignInForm) -> Result<String, AppError> {
    let ctx = context()?;
    let (user, token) = sign_in(&ctx.db, &form, &ctx.ip, user_agent(&ctx.headers)).await?;
    set_cookies([
        ctx.cookies.session(&token),
        ctx.cookies.flash(&signed_in(&user)),
    ]);
    Ok(local_return_path(&form.return_to).to_owned())
}

async fn check_email(email: &str) -> Result<bool, AppError> {
    let ctx = context()?;
    match Email::parse(email) {
        Ok(email) => Ok(accounts::email_taken(&ctx.db, &email).await?),
        Err(_) => Ok(false),
    }
}
