//! The account forms' plain HTML posts: what runs when JavaScript does not. A success redirects
//! (303) with the session cookie set; a refusal re-renders the page with what was typed (never
//! a password) and the errors.

use app::{
    AppError,
    auth::{
        ClientAddress, Flash, FlashKind, ForgotAttempt, ProfileAttempt, RegistrationAttempt,
        ResetAttempt, SignInAttempt, SignInForm, local_return_path,
        ssr::{
            self,
            respond::{see_other, user_agent},
        },
    },
    i18n::td_string,
    limits,
};
use axum::{
    Extension, Form,
    body::Body,
    extract::{Request, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use domain::sessions::{self, SessionToken};
use leptos::prelude::provide_context;
use model::{
    accounts::{
        FieldErrors, ForgotPasswordForm, PasswordChangeForm, ProfileForm, RegistrationForm,
        ResetPasswordForm,
    },
    locale::Locale,
    refusal::Refusal,
};

use super::pages::render_page;
use crate::{
    http::{extract::SignedInPage, locale},
    state::AppState,
};

/// Answers a refused form by rendering `page` again with what the person sent (`attempt`, built
/// from the field errors) and 422 — or, over a rate limit, 429 with the wait in words beside
/// the form's `limited` field and the limit's headers; any other error answers as itself.
pub(super) async fn show_refusal<A>(
    state: &AppState,
    page: &str,
    parts: Parts,
    error: AppError,
    limited: &str,
    attempt: impl FnOnce(FieldErrors) -> A,
) -> Response
where
    A: Clone + Send + Sync + 'static,
{
    let (status, errors, headers) = match error {
        AppError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        refusal @ AppError::RateLimited {
            retry_after_secs, ..
        } => {
            let mut errors = FieldErrors::default();
            errors.insert(limited, Refusal::TooManyAttempts { retry_after_secs });
            (refusal.status(), errors, Some(refusal.rate_limit_headers()))
        }
        other => return other.into_response(),
    };
    let attempt = attempt(errors);
    let mut response = render_page(state, page, parts, status, move || {
        provide_context(attempt.clone())
    })
    .await;
    response.headers_mut().extend(headers.unwrap_or_default());
    response
}

pub(super) async fn register(
    State(state): State<AppState>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    Extension(language): Extension<Locale>,
    parts: Parts,
    Form(form): Form<RegistrationForm>,
) -> Response {
    let agent = user_agent(&parts.headers);
    match ssr::register(&state.db, &state.limits, &form, language, address, agent).await {
        Ok((user, token, allowed)) => {
            let mut response = see_other(
                "/profile",
                [
                    state.cookies.session(&token),
                    state.cookies.flash(&ssr::welcome(&user, language)),
                ],
            );
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            show_refusal(&state, "/register", parts, error, "email", |errors| {
                RegistrationAttempt {
                    form: form.without_passwords(),
                    errors,
                }
            })
            .await
        }
    }
}

pub(super) async fn sign_in(
    State(state): State<AppState>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    parts: Parts,
    Form(form): Form<SignInForm>,
) -> Response {
    let limit = state.limits.sign_ins.check(&address);
    let signed_in = match limits::check(limit) {
        Ok(_) => ssr::sign_in(&state.db, &form, address, user_agent(&parts.headers)).await,
        Err(refused) => Err(refused),
    };
    let chosen_here = state.cookies.chosen_locale(&parts.headers);
    let signed_in = match signed_in {
        Ok((user, token)) => ssr::language_at_sign_in(&state.db, &user, chosen_here)
            .await
            .map(|language| (user, token, language)),
        Err(error) => Err(error),
    };
    let mut response = match signed_in {
        Ok((user, token, language)) => see_other(
            local_return_path(&form.return_to),
            [
                state.cookies.session(&token),
                state.cookies.flash(&ssr::signed_in(&user, language)),
                state.cookies.locale(language),
            ],
        ),
        Err(error) => {
            let status = error.status();
            let rate_limited = error.rate_limit_headers();
            let attempt = SignInAttempt {
                email: form.email.clone(),
                return_to: form.return_to.clone(),
                error: Some(error.to_string()),
            };
            let mut page = render_page(&state, "/login", parts, status, move || {
                provide_context(attempt.clone())
            })
            .await;
            page.headers_mut().extend(rate_limited);
            page
        }
    };
    with_limit_headers(&mut response, &limit);
    response
}

pub(super) async fn forgot_password(
    State(state): State<AppState>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    Extension(language): Extension<Locale>,
    parts: Parts,
    Form(form): Form<ForgotPasswordForm>,
) -> Response {
    match ssr::forgot_password(&state.db, &state.limits, &form, language, address).await {
        Ok((flash, allowed)) => {
            let mut response = see_other(ssr::AFTER_RESET, [state.cookies.flash(&flash)]);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            let field = ForgotPasswordForm::EMAIL;
            show_refusal(&state, "/password/forgot", parts, error, field, |errors| {
                ForgotAttempt {
                    email: form.email.clone(),
                    errors,
                }
            })
            .await
        }
    }
}

/// Sets the new password; the session of this browser, if any, ended with every other one.
pub(super) async fn reset_password(
    State(state): State<AppState>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    Extension(language): Extension<Locale>,
    parts: Parts,
    Form(form): Form<ResetPasswordForm>,
) -> Response {
    let (pubsub, limits) = (&state.pubsub, &state.limits);
    match ssr::reset_password(&state.db, pubsub, limits, &form, language, address).await {
        Ok((flash, allowed)) => {
            let cookies = [state.cookies.end_session(), state.cookies.flash(&flash)];
            let mut response = see_other(ssr::AFTER_RESET, cookies);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            let field = ResetPasswordForm::PASSWORD;
            show_refusal(&state, "/password/reset", parts, error, field, |errors| {
                ResetAttempt {
                    token: form.token.clone(),
                    errors,
                }
            })
            .await
        }
    }
}

/// Adds `verdict`'s `x-ratelimit-*` headers, unless a tighter refusal already set its own.
pub(super) fn with_limit_headers(response: &mut Response, verdict: &ops::limits::Verdict) {
    for (name, value) in &limits::headers(verdict) {
        response
            .headers_mut()
            .entry(name.clone())
            .or_insert(value.clone());
    }
}

pub(super) async fn save_details(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Extension(language): Extension<Locale>,
    parts: Parts,
    Form(form): Form<ProfileForm>,
) -> Response {
    match ssr::save_details(&state.db, user.scope(), &form).await {
        Ok(_) => see_other(
            "/profile",
            [state.cookies.flash(&ssr::details_saved(language))],
        ),
        Err(error) => {
            show_refusal(&state, "/profile", parts, error, "name", |errors| {
                ProfileAttempt {
                    details: Some(form),
                    errors,
                }
            })
            .await
        }
    }
}

pub(super) async fn change_password(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Extension(token): Extension<SessionToken>,
    Extension(language): Extension<Locale>,
    parts: Parts,
    Form(form): Form<PasswordChangeForm>,
) -> Response {
    let pubsub = &state.pubsub;
    let limits = &state.limits;
    match ssr::change_password(&state.db, pubsub, limits, user.scope(), &token, &form).await {
        Ok((changed, allowed)) => {
            let flash = ssr::password_changed(changed.others_ended, language);
            let cookies = [
                state.cookies.session(&changed.token),
                state.cookies.flash(&flash),
            ];
            let mut response = see_other("/profile", cookies);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            let field = PasswordChangeForm::CURRENT_PASSWORD;
            show_refusal(&state, "/profile", parts, error, field, |errors| {
                ProfileAttempt {
                    details: None,
                    errors,
                }
            })
            .await
        }
    }
}

/// Ends every session of the person, this one included, and closes all their sockets.
pub(super) async fn sign_out_everywhere(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
) -> Response {
    let pubsub = &state.pubsub;
    if let Err(error) = sessions::end_all_for_user(&state.db, pubsub, user.id).await {
        return AppError::from(error).into_response();
    }
    let flash = Flash {
        kind: FlashKind::Info,
        message: td_string!(locale::translations(), flash.signed_out_everywhere).into(),
    };
    see_other(
        "/",
        [state.cookies.end_session(), state.cookies.flash(&flash)],
    )
}

/// Ends this session server-side, so the old cookie is worthless even if it was copied, and
/// closes the session's sockets.
pub(super) async fn sign_out(State(state): State<AppState>, request: Request<Body>) -> Response {
    if let Some(token) = request.extensions().get::<SessionToken>()
        && let Err(error) = sessions::end(&state.db, &state.pubsub, token).await
    {
        return AppError::from(error).into_response();
    }
    let flash = Flash {
        kind: FlashKind::Info,
        message: td_string!(locale::translations(), flash.signed_out).into(),
    };
    see_other(
        "/",
        [state.cookies.end_session(), state.cookies.flash(&flash)],
    )
}
