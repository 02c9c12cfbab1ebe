//! Who is asking, as handler arguments. The session middleware (`session.rs`) has put the
//! signed-in person in the request's extensions; these read it there, and each refuses the way
//! its client expects:
//!
//! | extractor         | for                                   | when nobody (allowed) is signed in        |
//! |-------------------|---------------------------------------|--------------------------------------------|
//! | [`SignedIn`]      | programs: XHR, `<img>`, scripts       | 401                                        |
//! | [`SignedInPage`]  | a page or a plain form post           | 303 to sign in, coming back ([`ReturnTo`]) |
//! | [`Admin`]         | admins' programs                      | 401, or 403 for a signed-in non-admin      |
//! | [`MaybeSignedIn`] | anyone                                | never refuses                              |

use app::{
    AppError,
    auth::{CurrentUser, ssr::respond::to_sign_in},
};
use axum::{
    extract::FromRequestParts,
    http::{Extensions, Method, request::Parts},
    response::Response,
};
use domain::{
    access_tokens,
    db::Db,
    sessions::{self, SessionToken},
};

/// The signed-in person; anyone else gets 401.
pub struct SignedIn(pub CurrentUser);

/// The signed-in person at a page or a form; anyone else is sent to sign in (303), and comes
/// back to the page they asked for (a `GET`: its path) or to the page the form is on
/// ([`ReturnTo`]).
pub struct SignedInPage(pub CurrentUser);

/// A signed-in admin: 401 for nobody, 403 for anyone else.
pub struct Admin(pub CurrentUser);

/// Whoever is signed in, if anyone.
pub struct MaybeSignedIn(pub Option<CurrentUser>);

/// What signed a request in, to check again when a long request ends: an upload can outlast
/// the session or token it began with, and must not be kept if that ended meanwhile.
#[derive(Clone, Debug)]
pub enum Credential {
    Session(SessionToken),
    Bearer(BearerSecret),
}

/// A bearer token as a request presented it (`api::bearer_signs_in` puts it in the request's
/// extensions). Never printed.
#[derive(Clone)]
pub struct BearerSecret(pub String);

impl std::fmt::Debug for BearerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerSecret([REDACTED])")
    }
}

impl Credential {
    /// The request's credential: its bearer token if it had one, else its session's.
    pub fn of(extensions: &Extensions) -> Option<Self> {
        extensions
            .get::<BearerSecret>()
            .cloned()
            .map(Self::Bearer)
            .or_else(|| extensions.get::<SessionToken>().cloned().map(Self::Session))
    }

    /// Whether it still signs its person in (not signed out, revoked, expired or deleted).
    pub async fn still_valid(&self, db: &Db) -> Result<bool, AppError> {
        Ok(match self {
            Self::Session(token) => sessions::resume(db, token).await?.is_some(),
            Self::Bearer(BearerSecret(secret)) => access_tokens::authenticate(db, secret)
                .await
                .map_err(AppError::from)?
                .is_some(),
        })
    }
}

/// The page a route's forms are on, where [`SignedInPage`] sends someone back after signing
/// in (`.route_layer(Extension(ReturnTo("/profile")))`); without one, the site's root.
#[derive(Clone, Copy, Debug)]
pub struct ReturnTo(pub &'static str);

fn current(parts: &Parts) -> Option<CurrentUser> {
    parts.extensions.get::<CurrentUser>().cloned()
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        current(parts).map(Self).ok_or(AppError::Unauthorized)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedInPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Response> {
        if let Some(user) = current(parts) {
            return Ok(Self(user));
        }
        let back = if matches!(parts.method, Method::GET | Method::HEAD) {
            parts.uri.path()
        } else {
            parts
                .extensions
                .get::<ReturnTo>()
                .map_or("/", |page| page.0)
        };
        Err(to_sign_in(back))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        match current(parts) {
            Some(user) if user.is_admin => Ok(Self(user)),
            Some(_) => Err(AppError::Forbidden),
            None => Err(AppError::Unauthorized),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeSignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(Self(current(parts)))
    }
}

#[cfg(test)]
mod tests {
    use axum::{
        Extension, Router,
        body::Body,
        http::{Request, StatusCode, header},
        routing::{get, post},
    };
    use tower::ServiceExt;

    use super::*;

    fn person(is_admin: bool) -> CurrentUser {
        CurrentUser {
            id: 7,
            name: "Ada".into(),
            email: "ada@example.com".into(),
            age: None,
            is_admin,
            avatar_url: None,
        }
    }

    fn app() -> Router {
        Router::new()
            .route(
                "/program",
                get(|SignedIn(user): SignedIn| async move { user.name }),
            )
            .route(
                "/page",
                get(|SignedInPage(user): SignedInPage| async move { user.name }),
            )
            .route(
                "/profile/password",
                post(|SignedInPage(user): SignedInPage| async move { user.name })
                    .route_layer(Extension(ReturnTo("/profile"))),
            )
            .route(
                "/form",
                post(|SignedInPage(user): SignedInPage| async move { user.name }),
            )
            .route("/admin", get(|Admin(user): Admin| async move { user.name }))
            .route(
                "/anyone",
                get(|MaybeSignedIn(user): MaybeSignedIn| async move {
                    user.map_or("nobody".to_owned(), |user| user.name)
                }),
            )
    }

    async fn ask(method: Method, path: &str, user: Option<CurrentUser>) -> Response {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .expect("a request");
        if let Some(user) = user {
            request.extensions_mut().insert(user);
        }
        app().oneshot(request).await.expect("an answer")
    }

    fn location(response: &Response) -> &str {
        response.headers()[header::LOCATION]
            .to_str()
            .expect("a location")
    }

    #[tokio::test]
    async fn each_extractor_lets_its_people_through() {
        for (method, path) in [
            (Method::GET, "/program"),
            (Method::GET, "/page"),
            (Method::POST, "/form"),
            (Method::GET, "/admin"),
            (Method::GET, "/anyone"),
        ] {
            let response = ask(method, path, Some(person(true))).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
        }
        let response = ask(Method::GET, "/anyone", None).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn a_program_gets_401_and_a_non_admin_403() {
        assert_eq!(
            ask(Method::GET, "/program", None).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            ask(Method::GET, "/admin", None).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            ask(Method::GET, "/admin", Some(person(false)))
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
    }

    #[tokio::test]
    async fn a_page_or_form_sends_to_sign_in_and_back_to_the_page() {
        let page = ask(Method::GET, "/page?tab=2", None).await;
        assert_eq!(page.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&page), "/login?return_to=%2Fpage");
        let form = ask(Method::POST, "/profile/password", None).await;
        assert_eq!(location(&form), "/login?return_to=%2Fprofile");
        let pageless = ask(Method::POST, "/form", None).await;
        assert_eq!(location(&pageless), "/login?return_to=%2F");
    }
}
