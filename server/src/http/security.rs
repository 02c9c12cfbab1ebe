//! Security headers on every response, and the per-request nonce that lets exactly the
//! hydration script run under a strict Content-Security-Policy.

use std::sync::LazyLock;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use http::{HeaderMap, HeaderName, HeaderValue, header};

/// The nonce of this request's CSP; the Leptos shell puts it on the scripts it inlines.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    pub fn generate() -> Self {
        Self(URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>()))
    }
}

/// The policy: only our own origin, plus inline scripts carrying this request's nonce (for a
/// page; nothing else runs inline scripts) and the WebAssembly compilation hydration needs. No
/// inline styles, no plugins, no framing by others.
pub fn content_security_policy(nonce: Option<&CspNonce>) -> String {
    let nonce = nonce
        .map(|nonce| format!(" 'nonce-{}'", nonce.0))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; \
         manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'self'"
    )
}

/// The policy of every response that is not a page: the same, without a nonce. Made once;
/// formatting it for each JSON answer was a measurable part of one.
fn policy_without_nonce() -> HeaderValue {
    static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
        HeaderValue::try_from(content_security_policy(None)).expect("the policy is ASCII")
    });
    POLICY.clone()
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"))
}

/// The `Strict-Transport-Security` value for `max_age_secs` (none for 0: served over plain
/// HTTP, or behind a proxy that sets it).
pub fn hsts(max_age_secs: u64) -> Option<HeaderValue> {
    (max_age_secs > 0)
        .then(|| HeaderValue::try_from(format!("max-age={max_age_secs}; includeSubDomains")))
        .and_then(Result::ok)
}

/// Sets the security headers `response` lacks: the API's (`api`, unless it answered a page)
/// or a page's, with the policy that lets the scripts carrying `nonce` run.
pub fn stamp(headers: &mut HeaderMap, hsts: Option<&HeaderValue>, api: bool, nonce: &CspNonce) {
    if let Some(hsts) = hsts
        && !headers.contains_key(header::STRICT_TRANSPORT_SECURITY)
    {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    if api && !is_html(headers) {
        api_headers(headers);
    } else {
        page_headers(headers, nonce);
    }
}

/// What a program reading the API needs (OWASP's REST guidance): the document is data, never
/// to be sniffed into something else, framed or made to load anything.
static API_HEADERS: [(HeaderName, HeaderValue); 3] = [
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    ),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
];

/// What a browser showing a page (or fetching its parts) needs, besides the policy.
static PAGE_HEADERS: [(HeaderName, HeaderValue); 5] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    ),
    (
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    ),
];

fn api_headers(headers: &mut HeaderMap) {
    set_defaults(headers, &API_HEADERS);
}

fn page_headers(headers: &mut HeaderMap, nonce: &CspNonce) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if is_html(headers) {
            HeaderValue::try_from(content_security_policy(Some(nonce)))
                .unwrap_or_else(|_| policy_without_nonce())
        } else {
            policy_without_nonce()
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    set_defaults(headers, &PAGE_HEADERS);
}

/// Sets each header the handler did not choose itself.
fn set_defaults(headers: &mut HeaderMap, defaults: &[(HeaderName, HeaderValue)]) {
    for (name, value) in defaults {
        if !headers.contains_key(name) {
            headers.insert(name, value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_request_gets_its_own_unguessable_nonce() {
        let (a, b) = (CspNonce::generate(), CspNonce::generate());
        assert_ne!(a.0, b.0);
        assert_eq!(a.0.len(), 22, "16 random bytes, base64url without padding");
    }

    #[test]
    fn the_policy_allows_inline_script_only_with_the_nonce() {
        let policy = content_security_policy(Some(&CspNonce("abc".into())));
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'self'"));
        let elsewhere = content_security_policy(None);
        assert!(elsewhere.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert_eq!(
            policy.replace(" 'nonce-abc'", ""),
            elsewhere,
            "the same policy but for the nonce"
        );
    }
}
