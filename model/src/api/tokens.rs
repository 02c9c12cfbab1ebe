use std::{fmt, str::FromStr};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{accounts::FieldErrors, refusal::Refusal, text::without_format};

/// What a token may do: read, or read and write. A read token is refused any write at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TokenScope {
    #[serde(rename = "read")]
    Read,
    #[serde(rename = "read write")]
    ReadWrite,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Choose \"read\" or \"read write\".")]
pub struct TokenScopeError;

impl TokenScope {
    /// As the API and the table write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::ReadWrite => "read write",
        }
    }

    pub fn allows_writes(self) -> bool {
        self == Self::ReadWrite
    }
}

impl FromStr for TokenScope {
    type Err = TokenScopeError;

    fn from_str(text: &str) -> Result<Self, TokenScopeError> {
        match text.trim() {
            "read" => Ok(Self::Read),
            "read write" => Ok(Self::ReadWrite),
            _ => Err(TokenScopeError),
        }
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What its owner calls a token ("laptop script"), so they can tell their tokens apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TokenName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenNameError {
    #[error("Give the token a name.")]
    Empty,
    #[error("A token's name is at most {max} characters.", max = TokenName::MAX_CHARS)]
    TooLong,
    #[error("A token's name cannot contain control characters.")]
    Control,
}

impl TokenName {
    pub const MAX_CHARS: usize = 60;

    /// Trimmed, without invisible format characters, 1 to [`Self::MAX_CHARS`] characters.
    pub fn parse(text: &str) -> Result<Self, TokenNameError> {
        let name = without_format(text);
        let name = name.trim();
        if name.is_empty() {
            Err(TokenNameError::Empty)
        } else if name.chars().count() > Self::MAX_CHARS {
            Err(TokenNameError::TooLong)
        } else if name.chars().any(char::is_control) {
            Err(TokenNameError::Control)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The form that makes a token, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessTokenForm {
    pub name: String,
    /// `read` or `read write`.
    pub scope: String,
    /// Whole days, 1 to [`AccessTokenForm::MAX_DAYS`]; empty for a token that does not expire.
    pub expires_in_days: String,
}

/// A token to make, every rule passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccessToken {
    pub name: TokenName,
    pub scope: TokenScope,
    /// `None`: it lasts until revoked.
    pub expires_in_days: Option<u16>,
}

impl AccessTokenForm {
    pub const NAME: &'static str = "name";
    pub const SCOPE: &'static str = "scope";
    pub const EXPIRES_IN_DAYS: &'static str = "expires_in_days";
    /// A year: a longer-lived secret is one that will be forgotten somewhere.
    pub const MAX_DAYS: u16 = 365;

    fn days(&self) -> Result<Option<u16>, Refusal> {
        let text = self.expires_in_days.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<u16>() {
            Ok(days) if (1..=Self::MAX_DAYS).contains(&days) => Ok(Some(days)),
            _ => Err(Refusal::TokenExpiryOutOfRange {
                max: Self::MAX_DAYS,
            }),
        }
    }

    /// What is wrong with one field, or `None` when it is fine; what the form shows while
    /// typing.
    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::NAME => TokenName::parse(&self.name).err().map(Refusal::from),
            Self::SCOPE => self
                .scope
                .parse::<TokenScope>()
                .err()
                .map(|_| Refusal::TokenScopeUnknown),
            Self::EXPIRES_IN_DAYS => self.days().err(),
            _ => None,
        }
    }

    pub fn parse(&self) -> Result<NewAccessToken, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = TokenName::parse(&self.name)
            .map_err(|e| errors.insert(Self::NAME, e))
            .ok();
        let scope = self
            .scope
            .parse::<TokenScope>()
            .map_err(|_| errors.insert(Self::SCOPE, Refusal::TokenScopeUnknown))
            .ok();
        let days = self
            .days()
            .map_err(|e| errors.insert(Self::EXPIRES_IN_DAYS, e))
            .ok();
        match (name, scope, days) {
            (Some(name), Some(scope), Some(expires_in_days)) => Ok(NewAccessToken {
                name,
                scope,
                expires_in_days,
            }),
            _ => Err(errors),
        }
    }
}

/// A token as its owner sees it in their list: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Token))]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    /// `null`: it never expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// Marked at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just made, with its secret: the only time anyone sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = NewToken))]
pub struct NewTokenInfo {
    #[serde(flatten)]
    pub token: TokenInfo,
    /// Send it as `Authorization: Bearer <secret>`. Store it now: it is never shown again.
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, scope: &str, days: &str) -> AccessTokenForm {
        AccessTokenForm {
            name: name.into(),
            scope: scope.into(),
            expires_in_days: days.into(),
        }
    }

    #[test]
    fn a_valid_form_parses_and_an_empty_expiry_means_none() {
        let token = form("  laptop script ", "read write", "")
            .parse()
            .expect("valid");
        assert_eq!(token.name.as_str(), "laptop script");
        assert_eq!(token.scope, TokenScope::ReadWrite);
        assert_eq!(token.expires_in_days, None);
        let token = form("ci", "read", "30").parse().expect("valid");
        assert_eq!(
            (token.scope, token.expires_in_days),
            (TokenScope::Read, Some(30))
        );
    }

    #[test]
    fn every_bad_field_says_why() {
        let errors = form("\u{202e}", "admin", "0").parse().expect_err("invalid");
        for field in [
            AccessTokenForm::NAME,
            AccessTokenForm::SCOPE,
            AccessTokenForm::EXPIRES_IN_DAYS,
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        for days in ["366", "-1", "1.5", "ten", "99999999"] {
            assert!(form("ci", "read", days).parse().is_err(), "{days}");
        }
        assert_eq!(
            TokenName::parse(&"x".repeat(61)),
            Err(TokenNameError::TooLong)
        );
        assert_eq!(TokenName::parse("a\nb"), Err(TokenNameError::Control));
    }

    #[test]
    fn a_scope_reads_back_as_written() {
        for scope in [TokenScope::Read, TokenScope::ReadWrite] {
            assert_eq!(scope.as_str().parse::<TokenScope>(), Ok(scope));
            assert_eq!(
                serde_json::to_value(scope).expect("encodes"),
                serde_json::json!(scope.as_str())
            );
        }
        assert!(!TokenScope::Read.allows_writes());
        assert!(TokenScope::ReadWrite.allows_writes());
    }
}
