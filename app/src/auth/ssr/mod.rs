//! The server half of accounts on the web: session and flash cookies, and the register and
//! sign-in flows shared by the server functions and the no-JavaScript form handlers.

use domain::{
    Scope,
    accounts::{self, PasswordChanged, SignIn, User},
    db::Db,
    sessions::{self, SessionToken},
};
use pubsub::PubSub;
use std::net::IpAddr;

use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::{expect_context, use_context};
use model::{
    accounts::{Email, PasswordChangeForm, PreferencesPatch, ProfileForm, RegistrationForm},
    locale::Locale,
};
use ops::limits::Verdict;

mod cookies;
mod reset;
pub mod respond;

pub use cookies::CookiePolicy;
pub use reset::{AFTER_RESET, forgot_password, reset_password};
pub(super) use reset::{forgot_password_in_server_fn, reset_password_in_server_fn};
use respond::user_agent;

use super::{CurrentUser, Flash, FlashKind, SignInForm, local_return_path};
use crate::{
    AppError,
    i18n::td_string,
    language,
    limits::{self, Limits},
};

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

pub fn welcome(user: &User, words: Locale) -> Flash {
    Flash {
        kind: FlashKind::Info,
        message: td_string!(language::of(words), flash.welcome, name = &user.name),
    }
}

pub fn signed_in(user: &User, words: Locale) -> Flash {
    Flash {
        kind: FlashKind::Info,
        message: td_string!(language::of(words), flash.signed_in, name = &user.name),
    }
}

/// Parses the form and, within the address's budget of registrations, creates the account and
/// opens its session. Answers where the address stands too, for the answer's headers.
pub async fn register(
    db: &Db,
    limits: &Limits,
    form: &RegistrationForm,
    language: Locale,
    ip: IpAddr,
    user_agent: Option<&str>,
) -> Result<(User, SessionToken, Verdict), AppError> {
    let mut registration = form.parse().map_err(AppError::Invalid)?;
    registration.language = language;
    let allowed = limits::check(limits.registrations.check(&ip))?;
    let user = accounts::register(db, registration).await?;
    let token = sessions::start(db, user.id, user_agent).await?;
    Ok((user, token, allowed))
}

/// Checks the credentials (with the lockout) and opens a new session: a new id at every
/// sign-in, so a session id planted before cannot be carried across it. The per-address
/// limit is the caller's to check first ([`limits::Limits::sign_ins`]), as each edge reports
/// it in its own way.
pub async fn sign_in(
    db: &Db,
    form: &SignInForm,
    ip: IpAddr,
    user_agent: Option<&str>,
) -> Result<(User, SessionToken), AppError> {
    let user = accounts::sign_in(
        db,
        SignIn {
            email: &form.email,
            password: &form.password,
            ip: &ip.to_string(),
        },
    )
    .await?;
    let token = sessions::start(db, user.id, user_agent).await?;
    Ok((user, token))
}

/// The language someone who just signed in goes on in: one chosen on this device (its cookie)
/// is their latest choice, and is saved with the account; a device without one takes the
/// account's. The answer is for the language cookie.
pub async fn language_at_sign_in(
    db: &Db,
    user: &User,
    chosen_here: Option<Locale>,
) -> Result<Locale, AppError> {
    let scope = user.scope();
    let saved = accounts::preferences(db, scope).await?.language;
    match chosen_here {
        Some(chosen) if chosen != saved => {
            let patch = PreferencesPatch {
                language: Some(chosen),
                ..PreferencesPatch::default()
            };
            accounts::update_preferences(db, scope, patch).await?;
            Ok(chosen)
        }
        Some(chosen) => Ok(chosen),
        None => Ok(saved),
    }
}

/// Saves the signed-in person's details.
pub async fn save_details(db: &Db, scope: Scope, form: &ProfileForm) -> Result<User, AppError> {
    let changes = form.parse().map_err(AppError::Invalid)?;
    Ok(accounts::update_profile(db, scope, changes).await?)
}

/// Changes the password, within the person's budget of tries (each checks the current
/// password): every other session of the person ends, this one is renewed (its new token goes
/// in the cookie), and all their sockets close.
pub async fn change_password(
    db: &Db,
    pubsub: &PubSub,
    limits: &Limits,
    scope: Scope,
    current: &SessionToken,
    form: &PasswordChangeForm,
) -> Result<(PasswordChanged, Verdict), AppError> {
    let change = form.parse().map_err(AppError::Invalid)?;
    let allowed = limits::check(limits.password_changes.check(&scope.user_id))?;
    let changed = accounts::change_password(db, pubsub, scope, change, current).await?;
    Ok((changed, allowed))
}

pub fn details_saved(words: Locale) -> Flash {
    Flash {
        kind: FlashKind::Info,
        message: td_string!(language::of(words), flash.details_saved).to_owned(),
    }
}

pub fn password_changed(other_sessions_ended: u64, words: Locale) -> Flash {
    let locale = language::of(words);
    let message = match other_sessions_ended {
        0 => td_string!(locale, flash.password_changed).to_owned(),
        count => td_string!(locale, flash.password_changed_others, count = count),
    };
    Flash {
        kind: FlashKind::Info,
        message,
    }
}

/// What a server function needs from the request and the node.
pub(crate) struct ServerFnContext {
    pub(crate) db: Db,
    pub(crate) pubsub: PubSub,
    pub(crate) cookies: CookiePolicy,
    headers: HeaderMap,
    /// The request's language, as the edge negotiated it.
    pub(crate) language: Locale,
    /// The client's address (see [`super::ClientAddress`]).
    pub(crate) ip: IpAddr,
    session: Option<(CurrentUser, SessionToken)>,
}

impl ServerFnContext {
    /// The chat, over this node's database and PubSub.
    pub(crate) fn chat(&self) -> domain::chat::Chat {
        domain::chat::Chat::new(self.db.clone(), self.pubsub.clone())
    }

    /// The board, over this node's database and PubSub.
    pub(crate) fn board(&self) -> domain::board::Board {
        domain::board::Board::new(self.db.clone(), self.pubsub.clone())
    }

    /// People's mentions, over this node's database and PubSub.
    pub(crate) fn mentions(&self) -> domain::mentions::Mentions {
        domain::mentions::Mentions::new(self.db.clone(), self.pubsub.clone())
    }

    /// The signed-in person and their session, or `Unauthorized`.
    pub(crate) fn signed_in(&self) -> Result<&(CurrentUser, SessionToken), AppError> {
        self.session.as_ref().ok_or(AppError::Unauthorized)
    }

    /// The signed-in admin; `Unauthorized` signed out, `Forbidden` for anyone else.
    pub(crate) fn admin(&self) -> Result<&CurrentUser, AppError> {
        let (user, _) = self.signed_in()?;
        if user.is_admin {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
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
        .get::<super::ClientAddress>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |address| address.0);
    let session = parts
        .extensions
        .get::<CurrentUser>()
        .cloned()
        .zip(parts.extensions.get::<SessionToken>().cloned());
    Ok(ServerFnContext {
        db: use_context::<Db>().ok_or_else(missing)?,
        pubsub: use_context::<PubSub>().ok_or_else(missing)?,
        cookies: use_context::<CookiePolicy>().ok_or_else(missing)?,
        language: parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default(),
        headers: parts.headers,
        ip,
        session,
    })
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
    if let Err(error) = &result {
        crate::error::answer_with_status(error);
    }
    result
}

/// The body of a server function that acts for someone: runs `verb` with the request's context
/// and the signed-in person (`Unauthorized` for anyone else), answering any error with its own
/// status.
pub(crate) async fn for_signed_in<T>(
    verb: impl AsyncFnOnce(&ServerFnContext, &CurrentUser) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let outcome = async {
        let ctx = context()?;
        let (user, _) = ctx.signed_in()?;
        verb(&ctx, user).await
    };
    answer(outcome.await)
}

/// [`for_signed_in`] for admins only: `Unauthorized` signed out, `Forbidden` for anyone else.
pub(crate) async fn for_admin<T>(
    verb: impl AsyncFnOnce(&ServerFnContext, &CurrentUser) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let outcome = async {
        let ctx = context()?;
        let admin = ctx.admin()?;
        verb(&ctx, admin).await
    };
    answer(outcome.await)
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
    for_signed_in(async |ctx, user| {
        save_details(&ctx.db, user.scope(), &form).await?;
        set_cookies([ctx.cookies.flash(&details_saved(ctx.language))]);
        Ok("/profile".to_owned())
    })
    .await
}

pub(super) async fn change_password_in_server_fn(
    form: PasswordChangeForm,
) -> Result<String, AppError> {
    for_signed_in(async |ctx, user| {
        let (_, session) = ctx.signed_in()?;
        let limits = limits::from_context()?;
        let (changed, allowed) =
            change_password(&ctx.db, &ctx.pubsub, &limits, user.scope(), session, &form).await?;
        limits::note(&allowed);
        set_cookies([
            ctx.cookies.session(&changed.token),
            ctx.cookies
                .flash(&password_changed(changed.others_ended, ctx.language)),
        ]);
        Ok("/profile".to_owned())
    })
    .await
}

async fn register_and_set_cookies(form: RegistrationForm) -> Result<String, AppError> {
    let ctx = context()?;
    let limits = limits::from_context()?;
    let (user, token, allowed) = register(
        &ctx.db,
        &limits,
        &form,
        ctx.language,
        ctx.ip,
        user_agent(&ctx.headers),
    )
    .await?;
    limits::note(&allowed);
    set_cookies([
        ctx.cookies.session(&token),
        ctx.cookies.flash(&welcome(&user, ctx.language)),
    ]);
    Ok("/profile".to_owned())
}

async fn sign_in_and_set_cookies(form: SignInForm) -> Result<String, AppError> {
    let ctx = context()?;
    let allowed = limits::check(limits::from_context()?.sign_ins.check(&ctx.ip))?;
    limits::note(&allowed);
    let (user, token) = sign_in(&ctx.db, &form, ctx.ip, user_agent(&ctx.headers)).await?;
    let chosen_here = ctx.cookies.chosen_locale(&ctx.headers);
    let language = language_at_sign_in(&ctx.db, &user, chosen_here).await?;
    set_cookies([
        ctx.cookies.session(&token),
        ctx.cookies.flash(&signed_in(&user, language)),
        ctx.cookies.locale(language),
    ]);
    Ok(local_return_path(&form.return_to).to_owned())
}

/// Answers whether an account uses `email`, within the address's and everyone's budget of
/// checks: a form being filled in asks a few times, a script walking a list of addresses runs
/// out at once (and registering to find out costs an account per address tried).
async fn check_email(email: &str) -> Result<bool, AppError> {
    let ctx = context()?;
    let allowed = limits::check(limits::from_context()?.email_check(ctx.ip))?;
    limits::note(&allowed);
    match Email::parse(email) {
        Ok(email) => Ok(accounts::email_taken(&ctx.db, &email).await?),
        Err(_) => Ok(false),
    }
}
