//! The languages Commons speaks, and which one a request gets (recipe 42).
//!
//! One rule decides it everywhere: an explicit `?locale=` wins, then the cookie the language
//! switcher sets, then the browser's `Accept-Language` (by its q-values; `fr-CA` is French),
//! then English. The server applies it to every page it renders and every API problem it
//! answers; the browser only ever hydrates in the language the server chose.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// The cookie the language switcher sets: a locale's code, for a year, on the whole site.
pub const COOKIE: &str = "locale";
/// The query parameter that chooses a language for one page (and, in the browser, saves it).
pub const PARAM: &str = "locale";

/// A language of the interface. Stored with an account as its code (`en`, `id`, `es`, `fr`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    #[default]
    En,
    Id,
    Es,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Id, Locale::Es, Locale::Fr];

    /// The BCP 47 code, as `<html lang>` and the cookie carry it.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Id => "id",
            Locale::Es => "es",
            Locale::Fr => "fr",
        }
    }

    /// The language's name in itself, as the switcher lists it.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Id => "Bahasa Indonesia",
            Locale::Es => "Español",
            Locale::Fr => "Français",
        }
    }

    /// The locale a language tag asks for, by its primary subtag in any letter case:
    /// `fr`, `fr-CA` and `FR_ca` are French; `*`, `zh-Hant` and garbage are none of ours.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Self::ALL
            .into_iter()
            .find(|locale| primary.eq_ignore_ascii_case(locale.code()))
    }

    /// The language a request gets: `?locale=` > cookie > `Accept-Language` > English. A value
    /// that names none of ours is passed over, never an error.
    pub fn negotiate(
        param: Option<&str>,
        cookie: Option<&str>,
        accept_language: Option<&str>,
    ) -> Self {
        param
            .and_then(Self::from_tag)
            .or_else(|| cookie.and_then(Self::from_tag))
            .or_else(|| accept_language.and_then(Self::from_accept_language))
            .unwrap_or_default()
    }

    /// The best of ours an `Accept-Language` header accepts (RFC 9110 §12.5.4): tags by
    /// descending q-value, equal ones in the order given; `q=0` refuses a language. Entries
    /// with a malformed weight are skipped, and only the first 32 entries are read.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranges: Vec<(u16, &str)> = header
            .split(',')
            .take(32)
            .filter_map(|entry| {
                let mut parts = entry.split(';');
                let tag = parts.next()?.trim();
                let weight = match parts.next() {
                    None => 1000,
                    Some(param) => quality(param)?,
                };
                (!tag.is_empty() && parts.next().is_none()).then_some((weight, tag))
            })
            .collect();
        // Stable: equal weights keep the header's order.
        ranges.sort_by_key(|&(weight, _)| std::cmp::Reverse(weight));
        let refused: Vec<Self> = ranges
            .iter()
            .filter(|(weight, _)| *weight == 0)
            .filter_map(|(_, tag)| Self::from_tag(tag))
            .collect();
        ranges
            .iter()
            .filter(|(weight, _)| *weight > 0)
            .filter_map(|(_, tag)| Self::from_tag(tag))
            .find(|locale| !refused.contains(locale))
    }
}

/// A `q=` weight in thousandths: `q=1`, `q=0.8`, `q=0.125`; anything else is malformed.
fn quality(param: &str) -> Option<u16> {
    let (name, value) = param.trim().split_once('=')?;
    if !name.trim().eq_ignore_ascii_case("q") {
        return None;
    }
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |sum, digit| sum * 10 + u16::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Exactly one of our codes (`fr`, not `fr-CA`): what is stored and what forms send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Choose one of the languages offered.")]
pub struct UnknownLocale;

impl FromStr for Locale {
    type Err = UnknownLocale;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|locale| locale.code() == code)
            .ok_or(UnknownLocale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parameter_wins_over_the_cookie_which_wins_over_the_header() {
        let header = Some("id");
        assert_eq!(
            Locale::negotiate(Some("es"), Some("fr"), header),
            Locale::Es
        );
        assert_eq!(Locale::negotiate(None, Some("fr"), header), Locale::Fr);
        assert_eq!(Locale::negotiate(None, None, header), Locale::Id);
        assert_eq!(Locale::negotiate(None, None, None), Locale::En);
    }

    #[test]
    fn a_value_that_names_none_of_ours_is_passed_over() {
        assert_eq!(
            Locale::negotiate(Some("klingon"), Some("fr"), None),
            Locale::Fr
        );
        assert_eq!(
            Locale::negotiate(Some(""), Some("zz"), Some("es")),
            Locale::Es
        );
        assert_eq!(
            Locale::negotiate(Some("%00"), Some("\u{0}"), Some("*")),
            Locale::En
        );
    }

    #[test]
    fn a_regional_tag_is_its_language_in_any_case() {
        for tag in ["fr", "fr-CA", "FR-ca", "fr_BE", " fr "] {
            assert_eq!(Locale::from_tag(tag), Some(Locale::Fr), "{tag}");
        }
        assert_eq!(Locale::from_tag("es-419"), Some(Locale::Es));
        assert_eq!(
            Locale::from_tag("in"),
            None,
            "the old code for Indonesian is not ours"
        );
        assert_eq!(Locale::from_tag("fre"), None);
        assert_eq!(Locale::from_tag("-fr"), None);
    }

    #[test]
    fn the_header_is_read_by_its_weights_then_its_order() {
        let best = Locale::from_accept_language;
        assert_eq!(best("fr-CA,fr;q=0.9,en;q=0.8"), Some(Locale::Fr));
        assert_eq!(
            best("de-DE, de;q=0.9, es;q=0.7, en;q=0.5"),
            Some(Locale::Es)
        );
        assert_eq!(
            best("en;q=0.5, id;q=0.8"),
            Some(Locale::Id),
            "weight before order"
        );
        assert_eq!(
            best("es, fr"),
            Some(Locale::Es),
            "equal weights keep their order"
        );
        assert_eq!(best("fr;q=0.5,id;Q=1"), Some(Locale::Id));
        assert_eq!(best("ja, zh-Hant;q=0.9, *;q=0.1"), None);
    }

    #[test]
    fn a_weight_of_zero_refuses_the_language() {
        let best = Locale::from_accept_language;
        assert_eq!(best("fr;q=0, es;q=0.1"), Some(Locale::Es));
        assert_eq!(
            best("fr-CA, fr;q=0"),
            None,
            "refused as a language, in all its regions"
        );
        assert_eq!(best("en;q=0"), None);
    }

    #[test]
    fn malformed_headers_are_read_for_what_they_hold_and_never_panic() {
        let best = Locale::from_accept_language;
        for garbage in [
            "",
            ",,,",
            ";q=1",
            "fr;q=",
            "fr;q=abc",
            "fr;q=1.5",
            "fr;q=2",
            "fr;q=0.1234",
            "fr;q=-1",
            "fr;q=0.5;q=0.6",
            "fr;level=1",
            "\u{fffd}\u{0};q=0.5",
            "é-é;q=0.é",
        ] {
            assert_eq!(best(garbage), None, "{garbage:?}");
        }
        assert_eq!(
            best("fr;q=abc, es"),
            Some(Locale::Es),
            "the bad entry alone is skipped"
        );
        assert_eq!(best(&"x,".repeat(100_000)), None);
        let late = format!("{}fr", "x,".repeat(40));
        assert_eq!(best(&late), None, "only the first 32 entries are read");
    }

    #[test]
    fn weights_read_as_thousandths() {
        assert_eq!(quality("q=1"), Some(1000));
        assert_eq!(quality("q=1.000"), Some(1000));
        assert_eq!(quality(" q = 0.8 "), Some(800));
        assert_eq!(quality("q=0.125"), Some(125));
        assert_eq!(quality("q=0"), Some(0));
        assert_eq!(quality("q=0."), Some(0));
        assert_eq!(quality("q=1.001"), None);
        assert_eq!(quality("q=.5"), None);
        assert_eq!(quality("r=0.5"), None);
    }

    #[test]
    fn codes_round_trip_and_only_exact_codes_parse() {
        for locale in Locale::ALL {
            assert_eq!(locale.code().parse(), Ok(locale));
            assert_eq!(
                serde_json::to_string(&locale).unwrap(),
                format!("\"{}\"", locale.code())
            );
        }
        assert_eq!("fr-CA".parse::<Locale>(), Err(UnknownLocale));
        assert_eq!("FR".parse::<Locale>(), Err(UnknownLocale));
        assert!(serde_json::from_str::<Locale>("\"de\"").is_err());
    }
}
