//! The account forms' plain HTML posts: what runs when JavaScript does not. A success redirects
//! (303) with the session cookie set; a refusal re-renders the page with what was typed (never
//! a password) and the errors.

use app::{
    AppError,
    auth::{
        CurrentUser, Flash, FlashKind, ProfileAttempt, RegistrationAttempt, SignInAttempt,
        SignInForm, local_return_path, ssr,
    },
};
use axum::{
    Form, Router,
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::post,
};
use domain::sessions::{self, SessionToken};
use leptos::prelude::provide_context;
use model::accounts::{FieldErrors, PasswordChangeForm, ProfileForm, RegistrationForm};
use std::net::SocketAddr;

use super::pages::render_page;
use crate::startup::AppState;

/// Adds the POST handlers to the router that serves the same paths' pages.
pub fn add_routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/register", post(register))
        .route("/login", post(sign_in))
        .route("/logout", post(sign_out))
        .route("/logout/everywhere", post(sign_out_everywhere))
        .route("/profile", post(save_details))
        .route("/profile/password", post(change_password))
}

/// Answers a refused form by rendering `page` again with what the person sent (`attempt`, built
/// from the field errors) and 422; any other error answers as itself.
pub(super) async fn show_refusal<A>(
    state: &AppState,
    page: &'static str,
    parts: Parts,
    error: AppError,
    attempt: impl FnOnce(FieldErrors) -> A,
) -> Response
where
    A: Clone + Send + Sync + 'static,
{
    match error {
        AppError::Invalid(errors) => {
            let attempt = attempt(errors);
            render_page(
                state,
                page,
                parts,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || provide_context(attempt.clone()),
            )
            .await
        }
        other => other.into_response(),
    }
}

/// Who the session middleware found signed in, with their session.
fn signed_in(parts: &Parts) -> Option<(CurrentUser, SessionToken)> {
    parts
        .extensions
        .get::<CurrentUser>()
        .cloned()
        .zip(parts.extensions.get::<SessionToken>().cloned())
}

pub(super) fn to_sign_in(return_to: &str) -> Response {
    see_other(
        &format!("/login?return_to={}", return_to.replace('/', "%2F")),
        [],
    )
}

fn user_agent(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
}

pub(super) fn see_other(
    location: &str,
    cookies: impl IntoIterator<Item = HeaderValue>,
) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

async fn register(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<RegistrationForm>,
) -> Response {
    match ssr::register(&state.db, &form, user_agent(&parts)).await {
        Ok((user, token)) => see_other(
            "/profile",
            [
                state.cookies.session(&token),
                state.cookies.flash(&ssr::welcome(&user)),
            ],
        ),
        Err(error) => {
            show_refusal(&state, "/register", parts, error, |errors| {
                RegistrationAttempt {
                    form: form.without_passwords(),
                    errors,
                }
            })
            .await
        }
    }
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: Parts,
    Form(form): Form<SignInForm>,
) -> Response {
    match ssr::sign_in(&state.db, &form, &peer.ip().to_string(), user_agent(&parts)).await {
        Ok((user, token)) => see_other(
            local_return_path(&form.return_to),
            [
                state.cookies.session(&token),
                state.cookies.flash(&ssr::signed_in(&user)),
            ],
        ),
        Err(error) => {
            let status = error.status();
            let attempt = SignInAttempt {
                email: form.email.clone(),
                return_to: form.return_to.clone(),
                error: Some(error.to_string()),
            };
            render_page(&state, "/login", parts, status, move || {
                provide_context(attempt.clone())
            })
            .await
        }
    }
}

async fn save_details(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<ProfileForm>,
) -> Response {
    let Some((user, _)) = signed_in(&parts) else {
        return to_sign_in("/profile");
    };
    match ssr::save_details(&state.db, user.id, &form).await {
        Ok(_) => see_other("/profile", [state.cookies.flash(&ssr::details_saved())]),
        Err(error) => {
            show_refusal(&state, "/profile", parts, error, |errors| ProfileAttempt {
                details: Some(form),
                errors,
            })
            .await
        }
    }
}

async fn change_password(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<PasswordChangeForm>,
) -> Response {
    let Some((user, token)) = signed_in(&parts) else {
        return to_sign_in("/profile");
    };
    match ssr::change_password(&state.db, user.id, &token, &form).await {
        Ok(ended) => see_other(
            "/profile",
            [state.cookies.flash(&ssr::password_changed(ended))],
        ),
        Err(error) => {
            show_refusal(&state, "/profile", parts, error, |errors| ProfileAttempt {
                details: None,
                errors,
            })
            .await
        }
    }
}

/// Ends every session of the person, this one included.
async fn sign_out_everywhere(State(state): State<AppState>, parts: Parts) -> Response {
    let Some((user, _)) = signed_in(&parts) else {
        return to_sign_in("/profile");
    };
    if let Err(error) = sessions::end_all_for_user(&state.db, user.id, None).await {
        return AppError::from(error).into_response();
    }
    let flash = Flash {
        kind: FlashKind::Info,
        message: "You are signed out on every device.".into(),
    };
    see_other(
        "/",
        [state.cookies.end_session(), state.cookies.flash(&flash)],
    )
}

/// Ends this session server-side, so the old cookie is worthless even if it was copied.
async fn sign_out(State(state): State<AppState>, request: Request<Body>) -> Response {
    if let Some(token) = request.extensions().get::<SessionToken>()
        && let Err(error) = sessions::end(&state.db, token).await
    {
        return AppError::from(error).into_response();
    }
    let flash = Flash {
        kind: FlashKind::Info,
        message: "You have signed out.".into(),
    };
    see_other(
        "/",
        [state.cookies.end_session(), state.cookies.flash(&flash)],
    )
}
