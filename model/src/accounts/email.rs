use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest address SMTP can carry (RFC 5321: 254 octets in a path, 64 in a local part).
pub(crate) const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;

/// An email address in a sane shape, normalised: surrounding whitespace trimmed and the domain
/// lower-cased. The local part keeps its case (it belongs to the mail server); uniqueness is
/// enforced case-insensitively by the database.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("An email address has at most 254 characters.")]
    TooLong,
    #[error("Enter an email address like name@example.com.")]
    Malformed,
}

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(EmailError::Malformed)?;
        if !valid_local_part(local) || !valid_domain(domain) {
            return Err(EmailError::Malformed);
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What makes two addresses the same account: the whole address lower-cased (Unicode-aware,
    /// unlike SQLite's `lower()`), stored beside the address under a unique index.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// Printable, no spaces or characters that need quoting, dots only between other characters.
fn valid_local_part(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c))
}

/// At least two labels of letters, digits and inner hyphens; the last (the TLD) alphabetic and
/// at least two long. Letters may be any script (internationalised domains).
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.chars().count())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted() {
        for address in [
            "ada@example.com",
            "ada.lovelace+notes@mail.example.co.uk",
            "o'brien@example.ie",
            "x@ex-ample.io",
        ] {
            assert_eq!(
                Email::parse(address).map(String::from),
                Ok(address.to_string()),
                "{address}"
            );
        }
    }

    #[test]
    fn surrounding_whitespace_is_trimmed_and_the_domain_lower_cased_but_not_the_local_part() {
        assert_eq!(
            Email::parse("  Ada.L@Example.COM \n").map(String::from),
            Ok("Ada.L@example.com".to_string())
        );
    }

    #[test]
    fn unicode_domains_and_local_parts_are_accepted_and_lower_cased() {
        assert_eq!(
            Email::parse("josé@BÜCHER.de").map(String::from),
            Ok("josé@bücher.de".to_string())
        );
        assert!(Email::parse("用户@例子.广告").is_ok());
    }

    #[test]
    fn blank_input_asks_for_an_address() {
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse(" \t "), Err(EmailError::Empty));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for address in [
            "plainaddress",
            "@example.com",
            "ada@",
            "ada@example",
            "ada@example.c",
            "ada@example.123",
            "ada@-example.com",
            "ada@example-.com",
            "ada@exa mple.com",
            "ad a@example.com",
            ".ada@example.com",
            "ada.@example.com",
            "a..da@example.com",
            "ada@example..com",
            "<ada>@example.com",
            "ada@exam_ple.com",
        ] {
            assert_eq!(
                Email::parse(address),
                Err(EmailError::Malformed),
                "{address}"
            );
        }
    }

    #[test]
    fn length_limits_follow_smtp() {
        let local = "a".repeat(64);
        assert!(Email::parse(&format!("{local}@example.com")).is_ok());
        assert_eq!(
            Email::parse(&format!("a{local}@example.com")),
            Err(EmailError::Malformed)
        );
        let long = format!(
            "ada@{}.com",
            "d".repeat(60).repeat(5).chars().collect::<String>()
        );
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn addresses_differing_only_in_case_share_a_key() {
        let a = Email::parse("JOSÉ.Ünal@example.com").expect("valid");
        let b = Email::parse("josé.ünal@EXAMPLE.com").expect("valid");
        assert_ne!(a, b, "the address keeps its case");
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn deserialising_runs_the_same_rules() {
        let ok: Email = serde_json::from_str("\" Ada@EXAMPLE.com\"").expect("valid");
        assert_eq!(ok.as_str(), "Ada@example.com");
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }
}
