//! The server half of accounts on the web: session and flash cookies, and the register and
//! sign-in flows shared by the server functions and the no-JavaScript form handlers.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use domain::{
    accounts::{self, SignIn, User},
    db::Db,
    sessions::{self, IDLE_TIMEOUT, SessionToken},
};
use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::{expect_context, use_context};
use model::accounts::{Email, RegistrationForm};

use super::{CurrentUser, Flash, FlashKind, SignInForm, local_return_path};
use crate::AppError;

/// How the session cookie is named and sent; `prod` uses the `__Host-` prefix and `Secure`,
/// which need HTTPS.
#[derive(Clone, Copy, Debug)]
pub struct CookiePolicy {
    pub secure: bool,
}

const FLASH: &str = "flash";

impl CookiePolicy {
    fn session_name(self) -> &'static str {
        if self.secure {
            "__Host-session"
        } else {
            "session"
        }
    }

    fn cookie(self, name: &str, value: &str, max_age_secs: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let text = format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
        );
        // Names and values here are base64url or fixed ASCII: always a valid header.
        HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    pub fn session(self, token: &SessionToken) -> HeaderValue {
        self.cookie(self.session_name(), token.expose(), IDLE_TIMEOUT.as_secs())
    }

    pub fn end_session(self) -> HeaderValue {
        self.cookie(self.session_name(), "", 0)
    }

    pub fn flash(self, flash: &Flash) -> HeaderValue {
        let encoded = serde_json::to_vec(flash)
            .map(|json| URL_SAFE_NO_PAD.encode(json))
            .unwrap_or_default();
        self.cookie(FLASH, &encoded, 60)
    }

    pub fn end_flash(self) -> HeaderValue {
        self.cookie(FLASH, "", 0)
    }

    pub fn session_token(self, headers: &HeaderMap) -> Option<SessionToken> {
        cookie(headers, self.session_name()).map(SessionToken::from_cookie)
    }

    pub fn read_flash(self, headers: &HeaderMap) -> Option<Flash> {
        let bytes = URL_SAFE_NO_PAD.decode(cookie(headers, FLASH)?).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// The value of cookie `name`, if the request carries it.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value)
}

impl From<&User> for CurrentUser {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            age: user.age,
            is_admin: user.role == accounts::Role::Admin,
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

/// What a server function needs from the request and the node.
struct ServerFnContext {
    db: Db,
    cookies: CookiePolicy,
    headers: HeaderMap,
    ip: String,
}

fn context() -> Result<ServerFnContext, AppError> {
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
    Ok(ServerFnContext {
        db: use_context::<Db>().ok_or_else(missing)?,
        cookies: use_context::<CookiePolicy>().ok_or_else(missing)?,
        headers: parts.headers,
        ip,
    })
}

fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
}

fn set_cookies(values: [HeaderValue; 2]) {
    let response = expect_context::<leptos_axum::ResponseOptions>();
    for value in values {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// Server functions answer an error with its own status (422, 429, …) rather than the
/// framework's blanket 500.
fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_lax_and_secure_with_the_host_prefix_in_prod() {
        let token = SessionToken::from_cookie("abc");
        let dev = CookiePolicy { secure: false }.session(&token);
        assert_eq!(
            dev,
            "session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000"
        );
        let prod = CookiePolicy { secure: true }.session(&token);
        assert_eq!(
            prod,
            "__Host-session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure"
        );
    }

    #[test]
    fn a_flash_survives_the_round_trip_through_its_cookie() {
        let policy = CookiePolicy { secure: false };
        let flash = Flash {
            kind: FlashKind::Info,
            message: "Welcome, Zoë; café = 1".into(),
        };
        let set = policy.flash(&flash);
        let value = set
            .to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("pair")
            .to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::try_from(format!("other=1; {value}")).expect("valid"),
        );
        assert_eq!(policy.read_flash(&headers), Some(flash));
    }

    #[test]
    fn the_session_cookie_is_found_among_others_and_empty_means_none() {
        let policy = CookiePolicy { secure: false };
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; session=tok; b=2"),
        );
        assert_eq!(
            policy.session_token(&headers),
            Some(SessionToken::from_cookie("tok"))
        );
        headers.insert(header::COOKIE, HeaderValue::from_static("session="));
        assert_eq!(policy.session_token(&headers), None);
    }
}
