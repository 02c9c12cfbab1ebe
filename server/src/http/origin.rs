//! Whether a browser's `Origin` is this site: the same scheme, host and port the request came
//! to. A scheme is part of an origin: `evil://host` is not `http://host`, even on the same host
//! and port.

use axum::http::{HeaderMap, header};

/// The scheme the client used: what the TLS-terminating proxy in front says
/// (`X-Forwarded-Proto`), else plain HTTP, which is all this listener speaks. A browser cannot
/// set this header itself, and a client that is not a browser can send any `Origin` anyway.
fn scheme(headers: &HeaderMap) -> &str {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(str::trim)
        .filter(|scheme| matches!(*scheme, "http" | "https"))
        .unwrap_or("http")
}

/// `scheme://host[:port]` of this request, as a browser on this site would send it.
pub fn own(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Some(format!("{}://{host}", scheme(headers)))
}

/// Whether `origin` is this request's own origin (compared without regard to case).
pub fn is_own(origin: &str, headers: &HeaderMap) -> bool {
    own(headers).is_some_and(|own| own.eq_ignore_ascii_case(origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::header_map as headers;

    #[test]
    fn scheme_host_and_port_must_all_match() {
        let plain = headers(&[("host", "127.0.0.1:3000")]);
        assert!(is_own("http://127.0.0.1:3000", &plain));
        assert!(is_own("HTTP://127.0.0.1:3000", &plain));
        for other in [
            "evil://127.0.0.1:3000",
            "https://127.0.0.1:3000",
            "http://127.0.0.1:3001",
            "http://127.0.0.2:3000",
            "http://127.0.0.1:3000.evil.example",
            "null",
            "",
        ] {
            assert!(!is_own(other, &plain), "{other}");
        }
    }

    #[test]
    fn behind_tls_the_scheme_is_the_proxys() {
        let proxied = headers(&[("host", "commons.example"), ("x-forwarded-proto", "https")]);
        assert!(is_own("https://commons.example", &proxied));
        assert!(!is_own("http://commons.example", &proxied));
        let junk = headers(&[("host", "commons.example"), ("x-forwarded-proto", "evil")]);
        assert!(
            is_own("http://commons.example", &junk),
            "only http or https"
        );
        assert!(!is_own("evil://commons.example", &junk));
    }

    #[test]
    fn without_a_host_nothing_is_own() {
        assert!(!is_own("http://a.test", &HeaderMap::new()));
    }
}
