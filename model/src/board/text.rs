//! The three texts people write on the board, each kept as typed (a title's ends trimmed): a
//! post's title, its Markdown body and a comment's Markdown body. One rule set with a limit
//! each, so the three refuse alike.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a title, a post or a comment cannot be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("Write something first.")]
    Empty,
    #[error("Too long: at most {max} characters.")]
    TooLong { max: usize },
    #[error("Control characters are not allowed.")]
    ControlCharacter,
}

/// Checks `input` against one text's rules: not blank, at most `max` characters (Unicode
/// scalar values), and no control characters — none at all on one line, only line breaks and
/// tabs in a body (NUL in particular, which PostgreSQL text cannot store).
fn check(input: &str, max: usize, multiline: bool) -> Result<(), TextError> {
    if input.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if input.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(TextError::ControlCharacter);
    }
    if input.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(())
}

macro_rules! text {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, multiline = $multiline:expr, trim = $trim:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The most characters it may have; the form counts down from it.
            pub const MAX_CHARS: usize = $max;

            /// The text `input` is, or why it cannot be saved.
            pub fn parse(input: &str) -> Result<Self, TextError> {
                let input = if $trim { input.trim() } else { input };
                check(input, Self::MAX_CHARS, $multiline)?;
                Ok(Self(input.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> Self {
                text.0
            }
        }
    };
}

text!(
    /// A post's title: one line, its ends trimmed.
    PostTitle, max = 150, multiline = false, trim = true
);
text!(
    /// A post's body in Markdown, kept exactly as written (rendered and sanitised on the way out).
    PostBody, max = 20_000, multiline = true, trim = false
);
text!(
    /// A comment in Markdown, kept exactly as written.
    CommentBody, max = 4_000, multiline = true, trim = false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_trimmed_and_kept_on_one_line() {
        assert_eq!(PostTitle::parse("  Hello  ").unwrap().as_str(), "Hello");
        assert_eq!(PostTitle::parse("a\nb"), Err(TextError::ControlCharacter));
        assert_eq!(PostTitle::parse(" \t "), Err(TextError::Empty));
    }

    #[test]
    fn a_body_is_kept_exactly_with_its_line_breaks() {
        let typed = "  # Hi\n\n\t- one\r\n";
        assert_eq!(PostBody::parse(typed).unwrap().as_str(), typed);
        assert_eq!(
            CommentBody::parse("a\u{0}b"),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(
            CommentBody::parse("\u{1b}[31m"),
            Err(TextError::ControlCharacter)
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(PostTitle::parse(&"é".repeat(PostTitle::MAX_CHARS)).is_ok());
        assert_eq!(
            PostTitle::parse(&"é".repeat(PostTitle::MAX_CHARS + 1)),
            Err(TextError::TooLong { max: 150 })
        );
        assert_eq!(
            CommentBody::parse(&"x".repeat(CommentBody::MAX_CHARS + 1)),
            Err(TextError::TooLong { max: 4_000 })
        );
    }

    #[test]
    fn json_refuses_what_parse_refuses() {
        assert!(serde_json::from_str::<PostTitle>("\"\"").is_err());
        let title: PostTitle = serde_json::from_str("\" Hi \"").unwrap();
        assert_eq!(title.as_str(), "Hi");
    }
}
