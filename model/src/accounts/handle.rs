//! A person's handle: what `@` names them by in posts, comments and chat (recipes 6–12). Made
//! from their name when they join — "Ada Lovelace" is `ada_lovelace` — lower-case letters (any
//! script), digits and `_`, unique across the site (the second Ada is `ada2`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A handle as stored: 1 to [`Handle::MAX_CHARS`] lower-case letters, digits or `_`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Handle(String);

/// Not a handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a handle is 1 to 30 letters, digits or _")]
pub struct HandleMalformed;

fn is_handle_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Handle {
    pub const MAX_CHARS: usize = 30;
    /// Room left after a name's part for a number that tells two people of one name apart.
    const BASE_CHARS: usize = 24;
    /// A name with no letter or digit at all.
    const FALLBACK: &'static str = "member";

    /// `input` as a handle: a leading `@` and any letter case are accepted.
    pub fn parse(input: &str) -> Result<Self, HandleMalformed> {
        let handle = input
            .trim()
            .strip_prefix('@')
            .unwrap_or(input.trim())
            .to_lowercase();
        let length = handle.chars().count();
        if length == 0 || length > Self::MAX_CHARS || !handle.chars().all(is_handle_char) {
            return Err(HandleMalformed);
        }
        Ok(Self(handle))
    }

    /// The handle a name suggests, before it is made unique: its letters and digits,
    /// lower-cased, each run of anything else one `_`.
    pub fn base_of(name: &str) -> String {
        let mut base = String::new();
        let mut gap = false;
        for c in name.chars().flat_map(char::to_lowercase) {
            if !is_handle_char(c) || c == '_' {
                gap = true;
                continue;
            }
            if base.chars().count() >= Self::BASE_CHARS {
                break;
            }
            if gap && !base.is_empty() && base.chars().count() < Self::BASE_CHARS - 1 {
                base.push('_');
            }
            gap = false;
            base.push(c);
        }
        if base.is_empty() {
            Self::FALLBACK.to_owned()
        } else {
            base
        }
    }

    /// The `n`th handle to try for a name whose base is `base`: the base itself, then `base2`,
    /// `base3`, …
    pub fn numbered(base: &str, n: u32) -> Self {
        if n <= 1 {
            Self(base.to_owned())
        } else {
            Self(format!("{base}{n}"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The distinct handles `text` mentions (`@ada`, `@Ada_Lovelace`), in the order first
    /// written, at most `max`. An `@` inside a word (an email address) mentions nobody.
    pub fn mentioned_in(text: &str, max: usize) -> Vec<Self> {
        let mut found: Vec<Self> = Vec::new();
        let mut previous: Option<char> = None;
        for (at, c) in text.char_indices() {
            let starts =
                c == '@' && !previous.is_some_and(|p| is_handle_char(p) || p == '@' || p == '.');
            previous = Some(c);
            if !starts {
                continue;
            }
            let rest = &text[at + 1..];
            let end = rest
                .find(|c: char| !is_handle_char(c))
                .unwrap_or(rest.len());
            if let Ok(handle) = Self::parse(&rest[..end])
                && !found.contains(&handle)
            {
                found.push(handle);
                if found.len() == max {
                    break;
                }
            }
        }
        found
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Handle {
    type Error = HandleMalformed;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Handle> for String {
    fn from(handle: Handle) -> Self {
        handle.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_suggests_a_handle() {
        assert_eq!(Handle::base_of("Ada Lovelace"), "ada_lovelace");
        assert_eq!(Handle::base_of("  Jean-Luc  Picard! "), "jean_luc_picard");
        assert_eq!(Handle::base_of("Élodie"), "élodie");
        assert_eq!(Handle::base_of("李小龍"), "李小龍");
        assert_eq!(Handle::base_of("!!!"), "member");
        assert_eq!(Handle::base_of("__x__"), "x");
        let long = Handle::base_of(&"abc ".repeat(20));
        assert!(long.chars().count() <= 24, "{long}");
        assert!(!long.ends_with('_'));
        assert!(Handle::parse(&long).is_ok());
    }

    #[test]
    fn the_next_handle_of_a_name_is_numbered() {
        assert_eq!(Handle::numbered("ada", 1).as_str(), "ada");
        assert_eq!(Handle::numbered("ada", 2).as_str(), "ada2");
        let longest = "x".repeat(24);
        assert!(Handle::parse(Handle::numbered(&longest, 999_999).as_str()).is_ok());
    }

    #[test]
    fn a_typed_handle_is_lower_cased_and_checked() {
        assert_eq!(Handle::parse("@Ada_L").unwrap().as_str(), "ada_l");
        for bad in ["", "@", "a b", "a-b", "<x>", &"x".repeat(31), "a\u{0}"] {
            assert_eq!(Handle::parse(bad), Err(HandleMalformed), "{bad:?}");
        }
    }

    #[test]
    fn mentions_are_found_once_each_never_in_an_address() {
        let text = "Hi @Ada, and @bob_2! cc @ada. Mail ada@example.com or @@x, (@Élodie)";
        let found: Vec<String> = Handle::mentioned_in(text, 10)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(found, ["ada", "bob_2", "élodie"]);
        let many = (0..20)
            .map(|n| format!("@p{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(Handle::mentioned_in(&many, 10).len(), 10);
        assert!(Handle::mentioned_in("no one", 10).is_empty());
    }
}
