//! Who is calling the API, and how much they may: an access token (`Authorization: Bearer`,
//! recipe 25) or, for the same-origin browser, the session cookie (whose writes the CSRF rule
//! already guards). Every authenticated request spends from its caller's token bucket, and
//! every answer says what is left (`x-ratelimit-*`).

use std::sync::Arc;

use app::{
    AppError,
    auth::CurrentUser,
    limits::{self, ApiClient},
};
use axum::{
    extract::{FromRequestParts, Request, State},
    http::{HeaderMap, Method, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::{Scope, access_tokens::Bearer};
use model::api::TokenScope;

use super::problem::ApiError;
use crate::{
    http::{extract::BearerSecret, session},
    state::AppState,
};

/// The authenticated caller of an API route.
#[derive(Clone, Copy, Debug)]
pub struct Caller {
    /// Whom the domain's verbs act for.
    pub scope: Scope,
    /// What the credentials allow: a token's scope; a session may do anything its person may.
    pub access: TokenScope,
    /// Whose budget the request spends.
    pub client: ApiClient,
}

/// A caller whose credentials may write (a `read` token gets 403 `insufficient_scope`).
pub struct Writer(pub Caller);

/// A caller who is an admin, with credentials that may do what is asked (403 otherwise).
pub struct AdminCaller(pub Caller);

/// The bearer token in `headers`: `Some(Err(()))` for an `Authorization` of another kind.
fn bearer(headers: &HeaderMap) -> Option<Result<&str, ()>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let token = value.to_str().ok().and_then(|value| {
        let (scheme, token) = value.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    Some(token.ok_or(()))
}

/// The caller a bearer token signs in, and whose it is.
async fn open(state: &AppState, token: &str) -> Result<(Caller, Arc<Bearer>), ApiError> {
    let bearer = state
        .opened_tokens
        .open(&state.db, token)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::unauthorized(true))?;
    let caller = Caller {
        scope: Scope::for_user(&bearer.user),
        access: bearer.scope,
        client: ApiClient::Token(bearer.token_id),
    };
    Ok((caller, bearer))
}

/// The person the request's session cookie signs in, if any. The API is not behind the pages'
/// session lookup (`resolve_session`): only a caller without a token needs it.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, ApiError> {
    let session = session::current(state, headers)
        .await
        .map_err(|error| ApiError::from(AppError::from(error)))?;
    Ok(session.map(|(_, session)| CurrentUser::from(&session.user)))
}

/// Who `request` comes from: its bearer token if it has an `Authorization` header (a bad one
/// is refused even with a session cookie beside it), else its session. A token also answers
/// its owner's account as it was read with it.
async fn identify(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Caller, Option<Arc<Bearer>>), ApiError> {
    match bearer(headers) {
        Some(Ok(token)) => {
            let (caller, bearer) = open(state, token).await?;
            Ok((caller, Some(bearer)))
        }
        Some(Err(())) => Err(ApiError::unauthorized(true)),
        None => {
            let user = signed_in(state, headers)
                .await?
                .ok_or_else(|| ApiError::unauthorized(false))?;
            let caller = Caller {
                scope: user.scope(),
                access: TokenScope::ReadWrite,
                client: ApiClient::Person(user.id),
            };
            Ok((caller, None))
        }
    }
}

/// Spends one request from `caller`'s budget: the `x-ratelimit-*` headers to answer with, or
/// the 429 problem.
fn spend(state: &AppState, caller: &Caller) -> Result<HeaderMap, ApiError> {
    let verdict = state.limits.api.check(&caller.client);
    let headers = limits::headers(&verdict);
    if verdict.allowed {
        Ok(headers)
    } else {
        Err(ApiError::from(AppError::from(verdict)).with_headers(headers))
    }
}

/// Middleware on every API route that needs a caller: refuses the unauthenticated (401) and
/// the over-budget (429), and puts the [`Caller`] where the handlers' extractors find it.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let (caller, bearer) = match identify(&state, request.headers()).await {
        Ok(identified) => identified,
        Err(refusal) => return refusal.into_response(),
    };
    let headers = match spend(&state, &caller) {
        Ok(headers) => headers,
        Err(refusal) => return refusal.into_response(),
    };
    let extensions = request.extensions_mut();
    extensions.insert(caller);
    if let Some(bearer) = bearer {
        extensions.insert(bearer);
    }
    let mut response = next.run(request).await;
    response.headers_mut().extend(headers);
    response
}

/// Middleware on the streamed file routes: a bearer token signs the request in as its owner, as
/// a session cookie would — any live token to download, a `read write` one to upload — spending
/// from the token's budget like any API request. A bad or read-only one is refused as the API
/// refuses it, and so is anything else: the routes' own refusals come back as problems. Without
/// `Authorization`, the session decides as before.
pub async fn bearer_signs_in(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let secret = match bearer(request.headers()) {
        None => return next.run(request).await,
        Some(Err(())) => return ApiError::unauthorized(true).into_response(),
        Some(Ok(token)) => token.to_owned(),
    };
    let (caller, bearer) = match open(&state, &secret).await {
        Ok(opened) => opened,
        Err(refusal) => return refusal.into_response(),
    };
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if !reads && !caller.access.allows_writes() {
        return ApiError::insufficient_scope().into_response();
    }
    let headers = match spend(&state, &caller) {
        Ok(headers) => headers,
        Err(refusal) => return refusal.into_response(),
    };
    let extensions = request.extensions_mut();
    extensions.insert(CurrentUser::from(&bearer.user));
    extensions.insert(BearerSecret(secret));
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<AppError>() {
        response = ApiError::from(error).into_response();
    }
    response.headers_mut().extend(headers);
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Caller>()
            .copied()
            .ok_or_else(|| ApiError::unauthorized(false))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.access.allows_writes() {
            Ok(Self(caller))
        } else {
            Err(ApiError::insufficient_scope())
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if !caller.scope.is_admin() {
            return Err(AppError::Forbidden.into());
        }
        let writes = !matches!(parts.method, Method::GET | Method::HEAD);
        if writes && !caller.access.allows_writes() {
            return Err(ApiError::insufficient_scope());
        }
        Ok(Self(caller))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn a_bearer_is_read_whatever_the_schemes_case() {
        assert_eq!(bearer(&with("Bearer cmn_abc")), Some(Ok("cmn_abc")));
        assert_eq!(bearer(&with("bearer  cmn_abc ")), Some(Ok("cmn_abc")));
        assert_eq!(bearer(&with("Basic YWRhOnB3")), Some(Err(())));
        assert_eq!(bearer(&with("Bearer")), Some(Err(())));
        assert_eq!(bearer(&HeaderMap::new()), None);
    }
}
