use std::fmt;

use serde::{Deserialize, Serialize};

pub(crate) const MAX_CHARS: usize = 100;

/// A person's display name: HTML tags stripped, surrounding whitespace trimmed, runs of
/// whitespace collapsed, invisible format characters dropped (`crate::text`), 1–100
/// characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("Enter your name.")]
    Empty,
    #[error("A name has at most 100 characters.")]
    TooLong,
    #[error("A name cannot contain control characters.")]
    ControlCharacter,
}

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, PersonNameError> {
        let stripped = strip_tags(&crate::text::without_format(input));
        if stripped
            .chars()
            .any(|c| c.is_control() && !c.is_whitespace())
        {
            return Err(PersonNameError::ControlCharacter);
        }
        let name = stripped.split_whitespace().collect::<Vec<_>>().join(" ");
        match name.chars().count() {
            0 => Err(PersonNameError::Empty),
            n if n > MAX_CHARS => Err(PersonNameError::TooLong),
            _ => Ok(Self(name)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Removes anything shaped like an HTML tag (`<…>`), as the cookbook's sanitiser does. What is
/// left is still escaped wherever it is rendered; this only keeps markup out of names.
fn strip_tags(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = PersonNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> Result<String, PersonNameError> {
        PersonName::parse(input).map(String::from)
    }

    #[test]
    fn names_are_trimmed_and_inner_whitespace_collapsed() {
        assert_eq!(parsed("  Ada \t  Lovelace \n"), Ok("Ada Lovelace".into()));
    }

    #[test]
    fn invisible_format_characters_are_dropped() {
        let name = PersonName::parse("Ada\u{202E} ecalevoL").expect("valid");
        assert_eq!(name.as_str(), "Ada ecalevoL");
    }

    #[test]
    fn html_tags_are_stripped() {
        assert_eq!(
            parsed("<b>Ada</b> <script>alert(1)</script>Lovelace"),
            Ok("Ada alert(1)Lovelace".into())
        );
        assert_eq!(
            parsed("a < b"),
            Ok("a < b".into()),
            "a lone angle bracket is text"
        );
    }

    #[test]
    fn a_name_that_is_only_markup_or_space_is_empty() {
        assert_eq!(parsed(""), Err(PersonNameError::Empty));
        assert_eq!(parsed("   "), Err(PersonNameError::Empty));
        assert_eq!(parsed("<br><i></i>"), Err(PersonNameError::Empty));
    }

    #[test]
    fn length_is_counted_in_characters_after_stripping() {
        assert!(parsed(&"é".repeat(100)).is_ok());
        assert_eq!(parsed(&"é".repeat(101)), Err(PersonNameError::TooLong));
        assert!(parsed(&format!("<em>{}</em>", "a".repeat(100))).is_ok());
    }

    #[test]
    fn unicode_names_are_welcome() {
        assert_eq!(parsed("Zoë Ñúñez-O'Brien"), Ok("Zoë Ñúñez-O'Brien".into()));
        assert_eq!(parsed("山田 太郎"), Ok("山田 太郎".into()));
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            parsed("Ada\u{0}Lovelace"),
            Err(PersonNameError::ControlCharacter)
        );
        assert_eq!(
            parsed("Ada\u{1b}[31m"),
            Err(PersonNameError::ControlCharacter)
        );
    }
}
