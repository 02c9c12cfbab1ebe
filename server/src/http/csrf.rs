//! Cross-site request forgery protection, as a verified same-origin check on every
//! state-changing request (POST, PUT, PATCH, DELETE), so every form and server function is
//! covered without per-form tokens.
//!
//! Browsers say where a request comes from: `Sec-Fetch-Site` (all current browsers), else
//! `Origin`. A write is refused with 403 when either says another site. A request with neither
//! header is not from a browser, cannot carry a victim's cookies, and passes.

use axum::{
    extract::Request,
    http::{HeaderMap, Method, header},
};

/// Whether `request` is a write from another site, to be refused (403) before any handler
/// runs. A refusal is logged.
pub fn refuses(request: &Request) -> bool {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe || from_this_site(request.headers()) {
        return false;
    }
    tracing::warn!(
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
        "refused a cross-site write"
    );
    true
}

fn from_this_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        // `none`: the person typed or bookmarked it; `same-site` is refused too, since a sibling
        // subdomain is not necessarily ours.
        return site == "same-origin" || site == "none";
    }
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => origin
            .to_str()
            .is_ok_and(|origin| super::origin::is_own(origin, headers)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::header_map as headers;

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(from_this_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(from_this_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(!from_this_site(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_this_site(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(
            !from_this_site(&headers(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "http://a.test"),
                ("host", "a.test")
            ])),
            "fetch metadata wins over a matching origin"
        );
    }

    #[test]
    fn otherwise_the_origin_must_be_this_host() {
        assert!(from_this_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!from_this_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!from_this_site(&headers(&[
            ("origin", "http://127.0.0.1:3001"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(
            !from_this_site(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])),
            "sandboxed or file: origins"
        );
        assert!(
            !from_this_site(&headers(&[
                ("origin", "evil://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ])),
            "another scheme is another origin"
        );
    }

    #[test]
    fn a_request_without_browser_headers_is_not_a_forgery() {
        assert!(from_this_site(&HeaderMap::new()));
    }
}
