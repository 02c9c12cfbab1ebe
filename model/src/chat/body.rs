use std::fmt;

use serde::{Deserialize, Serialize};

/// A chat message as its author typed it, never rewritten: not blank, at most
/// [`MessageBody::MAX_CHARS`] characters, and no control characters other than line breaks and
/// tabs (NUL in particular, which PostgreSQL text cannot store).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageBody(String);

/// Why a typed message cannot be sent; the message is shown under the composer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MessageBodyError {
    #[error("Write a message first.")]
    Empty,
    #[error("A message has at most 4000 characters.")]
    TooLong,
    #[error("A message cannot contain control characters.")]
    ControlCharacter,
}

impl MessageBody {
    /// The longest message, in Unicode scalar values; the composer counts down from it.
    pub const MAX_CHARS: usize = 4000;

    /// The message `input` is, unchanged, or why it cannot be sent.
    pub fn parse(input: &str) -> Result<Self, MessageBodyError> {
        if input.trim().is_empty() {
            return Err(MessageBodyError::Empty);
        }
        if input
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(MessageBodyError::ControlCharacter);
        }
        if input.chars().count() > Self::MAX_CHARS {
            return Err(MessageBodyError::TooLong);
        }
        Ok(Self(input.to_owned()))
    }

    /// The message as text, to store or show (escaped).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for MessageBody {
    type Error = MessageBodyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MessageBody> for String {
    fn from(body: MessageBody) -> Self {
        body.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> Result<String, MessageBodyError> {
        MessageBody::parse(input).map(String::from)
    }

    #[test]
    fn a_message_is_kept_exactly_as_typed() {
        let typed = "  hello\n\n\tworld  \r\n<b>not bold</b>  ";
        assert_eq!(parsed(typed), Ok(typed.to_owned()));
    }

    #[test]
    fn an_empty_or_blank_message_is_refused() {
        assert_eq!(parsed(""), Err(MessageBodyError::Empty));
        assert_eq!(parsed(" \n\t\r\n "), Err(MessageBodyError::Empty));
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(parsed(&"é".repeat(MessageBody::MAX_CHARS)).is_ok());
        assert_eq!(
            parsed(&"é".repeat(MessageBody::MAX_CHARS + 1)),
            Err(MessageBodyError::TooLong)
        );
    }

    #[test]
    fn control_characters_other_than_line_breaks_and_tabs_are_refused() {
        assert_eq!(parsed("a\u{0}b"), Err(MessageBodyError::ControlCharacter));
        assert_eq!(
            parsed("\u{1b}[31mred"),
            Err(MessageBodyError::ControlCharacter)
        );
        assert_eq!(
            parsed("page\u{c}break"),
            Err(MessageBodyError::ControlCharacter)
        );
        assert_eq!(
            parsed("next\u{85}line"),
            Err(MessageBodyError::ControlCharacter)
        );
    }

    #[test]
    fn emoji_and_other_scripts_are_welcome() {
        assert_eq!(parsed("🎉 こんにちは"), Ok("🎉 こんにちは".into()));
    }

    #[test]
    fn deserializing_applies_the_rules() {
        let body: MessageBody = serde_json::from_str(r#"" hi ""#).expect("valid");
        assert_eq!(body.as_str(), " hi ");
        assert!(serde_json::from_str::<MessageBody>(r#""a\u0000""#).is_err());
    }
}
