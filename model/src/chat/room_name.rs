use std::fmt;

use serde::{Deserialize, Serialize};

/// A room's name: surrounding whitespace trimmed, inner runs of whitespace collapsed to one
/// space, invisible format characters dropped (`crate::text`), 1–50 characters, no control
/// characters. Any other text is kept as typed (markup
/// included): every place that shows a name escapes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RoomName(String);

/// Why a typed room name is not one; the message is shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoomNameError {
    #[error("Enter a room name.")]
    Empty,
    #[error("A room name has at most 50 characters.")]
    TooLong,
    #[error("A room name cannot contain control characters.")]
    ControlCharacter,
}

impl RoomName {
    /// The longest name, in characters.
    pub const MAX_CHARS: usize = 50;

    /// The name `input` stands for, or why it cannot be one.
    pub fn parse(input: &str) -> Result<Self, RoomNameError> {
        if input.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(RoomNameError::ControlCharacter);
        }
        let name = crate::text::without_format(input)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match name.chars().count() {
            0 => Err(RoomNameError::Empty),
            n if n > Self::MAX_CHARS => Err(RoomNameError::TooLong),
            _ => Ok(Self(name)),
        }
    }

    /// The name as text, to store or show (escaped).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What makes two names the same room: the name lower-cased (Unicode-aware, unlike SQLite's
    /// `lower()`), stored beside it under a unique index.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for RoomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RoomName {
    type Error = RoomNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RoomName> for String {
    fn from(name: RoomName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> Result<String, RoomNameError> {
        RoomName::parse(input).map(String::from)
    }

    #[test]
    fn names_are_trimmed_and_inner_whitespace_collapsed() {
        assert_eq!(parsed("  Rust \t  talk \n"), Ok("Rust talk".into()));
    }

    #[test]
    fn a_blank_name_is_empty() {
        assert_eq!(parsed(""), Err(RoomNameError::Empty));
        assert_eq!(parsed(" \t\n "), Err(RoomNameError::Empty));
    }

    #[test]
    fn length_is_counted_in_characters_after_collapsing() {
        assert!(parsed(&"é".repeat(50)).is_ok());
        assert_eq!(parsed(&"é".repeat(51)), Err(RoomNameError::TooLong));
        assert!(parsed(&format!("  {}   {}  ", "a".repeat(24), "b".repeat(25))).is_ok());
    }

    #[test]
    fn markup_is_kept_as_text() {
        assert_eq!(parsed("<b>bold</b> & co"), Ok("<b>bold</b> & co".into()));
    }

    #[test]
    fn invisible_format_characters_are_dropped() {
        assert_eq!(parsed("Ge\u{200B}neral\u{202E}"), Ok("General".into()));
        assert_eq!(parsed("\u{2066}\u{2069}"), Err(RoomNameError::Empty));
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(parsed("a\u{0}b"), Err(RoomNameError::ControlCharacter));
        assert_eq!(
            parsed("red\u{1b}[31m"),
            Err(RoomNameError::ControlCharacter)
        );
    }

    #[test]
    fn the_key_ignores_letter_case_in_any_script() {
        let upper = RoomName::parse("ÉCOLE Rust").expect("valid");
        let lower = RoomName::parse("école rust").expect("valid");
        assert_eq!(upper.key(), lower.key());
        assert_eq!(upper.as_str(), "ÉCOLE Rust", "the name keeps its case");
    }

    #[test]
    fn deserializing_applies_the_rules() {
        let name: RoomName = serde_json::from_str(r#"" general ""#).expect("valid");
        assert_eq!(name.as_str(), "general");
        assert!(serde_json::from_str::<RoomName>(r#""  ""#).is_err());
    }
}
