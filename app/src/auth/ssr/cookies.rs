//! The session, flash and language cookies: names, attributes, and reading them back.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use domain::sessions::{IDLE_TIMEOUT, SessionToken};
use http::{HeaderMap, HeaderValue, header};
use model::locale::{self, Locale};

use crate::auth::Flash;

/// How the session cookie is named and sent; `prod` uses the `__Host-` prefix and `Secure`,
/// which need HTTPS.
#[derive(Clone, Copy, Debug)]
pub struct CookiePolicy {
    pub secure: bool,
}

const FLASH: &str = "flash";
/// A language chosen is kept for a year.
const LOCALE_MAX_AGE_SECS: u64 = 365 * 24 * 60 * 60;

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

    /// The language chosen with the switcher (or a `?locale=` link).
    pub fn locale(self, locale: Locale) -> HeaderValue {
        self.cookie(locale::COOKIE, locale.code(), LOCALE_MAX_AGE_SECS)
    }

    /// The language cookie as sent, for [`Locale::negotiate`] to read (whatever it holds).
    pub fn read_locale(self, headers: &HeaderMap) -> Option<&str> {
        cookie(headers, locale::COOKIE)
    }

    /// The language chosen on this device, if its cookie names one of ours.
    pub fn chosen_locale(self, headers: &HeaderMap) -> Option<Locale> {
        self.read_locale(headers).and_then(Locale::from_tag)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::FlashKind;

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
    fn the_language_cookie_lasts_a_year_and_is_read_back() {
        let policy = CookiePolicy { secure: true };
        assert_eq!(
            policy.locale(Locale::Fr),
            "locale=fr; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000; Secure"
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("session=x; locale=id"),
        );
        assert_eq!(policy.read_locale(&headers), Some("id"));
        assert_eq!(policy.chosen_locale(&headers), Some(Locale::Id));
        headers.insert(header::COOKIE, HeaderValue::from_static("locale=de"));
        assert_eq!(policy.chosen_locale(&headers), None);
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
