//! Which language a request gets: the edge decides it once ([`Locale::negotiate`]: `?locale=`,
//! the cookie, `Accept-Language`, English) and puts it in the request's extensions, where
//! pages, server functions and the API's problems read it. A `?locale=` that names one of ours
//! is also remembered: the answer sets the cookie, so the language switcher's links work
//! without JavaScript.

use app::auth::ssr::CookiePolicy;
use axum::{
    extract::Request,
    http::{HeaderValue, header},
    response::Response,
};
use model::locale::{self, Locale};

/// The request's language, and whether its `?locale=` asked to keep it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Negotiated {
    pub locale: Locale,
    chosen: bool,
}

tokio::task_local! {
    /// The language of the request being answered, for what words an answer without seeing
    /// the request (an API problem's `IntoResponse`); set by the edge around the handlers.
    static ANSWERING_IN: Locale;
}

/// Runs `answer` (the rest of the request's handling) in `locale`.
pub async fn answering_in<F: Future>(locale: Locale, answer: F) -> F::Output {
    ANSWERING_IN.scope(locale, answer).await
}

/// The language of the request being answered; English outside one (a unit test).
pub fn current() -> Locale {
    ANSWERING_IN.try_with(|locale| *locale).unwrap_or_default()
}

/// [`current`] as the translations are keyed, for words a handler writes itself (a flash).
pub fn translations() -> app::i18n::Locale {
    app::language::of(current())
}

/// Reads the three sources of a request, best first.
pub fn negotiate(request: &Request, cookies: CookiePolicy) -> Negotiated {
    let param = request.uri().query().and_then(param);
    let accept_language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    let cookie = cookies.read_locale(request.headers());
    let locale = Locale::negotiate(param, cookie, accept_language);
    // `?locale=fr-CA` chooses French too; only a choice that changes the cookie is written.
    let chosen = param.and_then(Locale::from_tag) == Some(locale) && cookie != Some(locale.code());
    Negotiated { locale, chosen }
}

/// Sets the cookie when the request chose its language by parameter.
pub fn remember(negotiated: Negotiated, cookies: CookiePolicy, response: &mut Response) {
    if negotiated.chosen {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookies.locale(negotiated.locale));
    }
    // A page says which language it is in (the service worker keeps the last one, for the
    // offline page); a handler that knows better (the offline page itself) has said so.
    let headers = response.headers_mut();
    let page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if page && !headers.contains_key(header::CONTENT_LANGUAGE) {
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(negotiated.locale.code()),
        );
    }
}

/// The first `locale=` of a query string. Our codes need no decoding; anything encoded is
/// none of them and is passed over like any other unknown value.
fn param(query: &str) -> Option<&str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == locale::PARAM)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    fn request(uri: &str, headers: &[(&'static str, &'static str)]) -> Request {
        let mut builder = Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).expect("a valid request")
    }

    const COOKIES: CookiePolicy = CookiePolicy { secure: false };

    #[test]
    fn each_source_in_its_order() {
        let all = [("cookie", "locale=fr"), ("accept-language", "id, en;q=0.5")];
        let pick = |uri: &str, headers: &[(&'static str, &'static str)]| {
            negotiate(&request(uri, headers), COOKIES).locale
        };
        assert_eq!(pick("/?a=1&locale=es", &all), Locale::Es);
        assert_eq!(pick("/?locale=xx", &all), Locale::Fr);
        assert_eq!(pick("/", &all), Locale::Fr);
        assert_eq!(pick("/", &all[1..]), Locale::Id);
        assert_eq!(pick("/", &[]), Locale::En);
        assert_eq!(pick("/?locale=%66r&locale=", &[]), Locale::En);
    }

    #[test]
    fn a_parameter_that_changes_the_language_is_remembered_and_only_then() {
        let remembered = |uri: &str, headers: &[(&'static str, &'static str)]| {
            let mut response = Response::new(Body::empty());
            remember(
                negotiate(&request(uri, headers), COOKIES),
                COOKIES,
                &mut response,
            );
            response
                .headers()
                .get(header::SET_COOKIE)
                .map(|value| value.to_str().expect("ascii").to_owned())
        };
        assert_eq!(
            remembered("/chat?locale=fr-CA", &[]).as_deref(),
            Some("locale=fr; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000")
        );
        assert_eq!(remembered("/?locale=fr", &[("cookie", "locale=fr")]), None);
        assert_eq!(
            remembered("/?locale=nope", &[("cookie", "locale=fr")]),
            None
        );
        assert_eq!(remembered("/", &[("accept-language", "es")]), None);
    }
}
