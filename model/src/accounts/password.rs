use std::fmt;

/// Shortest accepted password, in characters.
pub const MIN_CHARS: usize = 8;
/// Longest accepted password, in characters: room for passphrases, a bound for the hasher.
pub const MAX_CHARS: usize = 256;

/// A password that meets the rules: 8–256 characters of any Unicode, with at least one digit
/// and one upper-case letter. Kept exactly as typed (spaces count). Never printed: `Debug`
/// shows a placeholder, and there is no `Display` or `Serialize`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Enter a password.")]
    Empty,
    #[error("Use at least 8 characters.")]
    TooShort,
    #[error("Use at most 256 characters.")]
    TooLong,
    #[error("Include at least one digit.")]
    NoDigit,
    #[error("Include at least one upper-case letter.")]
    NoUppercase,
}

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let chars = input.chars().count();
        if chars == 0 {
            return Err(PasswordError::Empty);
        }
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if !input.chars().any(char::is_numeric) {
            return Err(PasswordError::NoDigit);
        }
        if !input.chars().any(char::is_uppercase) {
            return Err(PasswordError::NoUppercase);
        }
        Ok(Self(input.to_owned()))
    }

    /// The password itself, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_meeting_every_rule_is_kept_exactly_as_typed() {
        let typed = "  Correct horse 7  ";
        assert_eq!(
            Password::parse(typed).map(|p| p.expose().to_owned()),
            Ok(typed.to_owned())
        );
    }

    #[test]
    fn each_rule_names_what_is_missing() {
        assert_eq!(Password::parse(""), Err(PasswordError::Empty));
        assert_eq!(Password::parse("Abc1234"), Err(PasswordError::TooShort));
        assert_eq!(Password::parse("Abcdefgh"), Err(PasswordError::NoDigit));
        assert_eq!(Password::parse("abcdefg1"), Err(PasswordError::NoUppercase));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Seven characters, but more than eight bytes.
        assert_eq!(Password::parse("Ääääää1"), Err(PasswordError::TooShort));
        assert!(Password::parse("Ääääää12").is_ok());
    }

    #[test]
    fn any_unicode_is_allowed_and_its_digits_and_capitals_count() {
        assert!(
            Password::parse("пароль-Пароль-٣").is_ok(),
            "Cyrillic capital, Arabic-Indic digit"
        );
        assert!(Password::parse("🔐 Schlüssel 42").is_ok());
        assert_eq!(
            Password::parse("日本語のパスワード1"),
            Err(PasswordError::NoUppercase)
        );
    }

    #[test]
    fn passwords_of_128_and_256_characters_are_accepted_and_longer_ones_refused() {
        let base = "A1".to_owned();
        assert!(
            Password::parse(&format!("{base}{}", "x".repeat(126))).is_ok(),
            "128"
        );
        assert!(
            Password::parse(&format!("{base}{}", "é".repeat(254))).is_ok(),
            "256 multi-byte"
        );
        assert_eq!(
            Password::parse(&format!("{base}{}", "x".repeat(255))),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let password = Password::parse("Secret-Value-9").expect("valid");
        assert_eq!(format!("{password:?}"), "Password([REDACTED])");
    }
}
