//! Resolves who is signed in, once per page or server-function request: the session cookie is
//! looked up and the user (with the session's token and id) put in the request's extensions,
//! where the Leptos context and the handlers find it. A flash message is read and its cookie cleared in the same pass.

use app::auth::CurrentUser;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::{
    db::DbError,
    sessions::{self, Session, SessionToken},
};
use http::{HeaderMap, header};

use crate::state::AppState;

pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let policy = state.cookies;
    match current(&state, request.headers()).await {
        Ok(Some((token, session))) => {
            let extensions = request.extensions_mut();
            extensions.insert(CurrentUser::from(&session.user));
            extensions.insert(token);
            extensions.insert(session.id);
        }
        Ok(None) => {}
        Err(error) => return app::AppError::from(error).into_response(),
    }
    let flash = policy.read_flash(request.headers());
    let had_flash = flash.is_some();
    // Only a page loaded in the tab shows a flash, and a browser loading one asks for HTML
    // (through the service worker too, which passes the request on as it came); the worker's
    // own fetch of the offline pages asks for anything (`*/*`).
    let for_a_document = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if let Some(flash) = flash {
        request.extensions_mut().insert(flash);
    }
    let mut response = next.run(request).await;
    // The flash belongs to the page that shows it: a request in between (a server function, a
    // file, a redirect that sets a flash of its own) leaves it for that page.
    let is_page = for_a_document
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
    if had_flash && is_page {
        response
            .headers_mut()
            .append(header::SET_COOKIE, policy.end_flash());
    }
    response
}

/// The session the request's cookie opens (marked as seen), with its token, if any.
pub async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(SessionToken, Session)>, DbError> {
    let Some(token) = state.cookies.session_token(headers) else {
        return Ok(None);
    };
    let session = sessions::resume(&state.db, &token).await?;
    Ok(session.map(|session| (token, session)))
}
