//! Tags, normalised by one pipeline (recipes 6–11): what a person types in the tags field —
//! "Rust, #web dev,rust" — becomes `["rust", "web-dev"]`: split at commas, trimmed, a leading
//! `#` dropped, inner spaces joined by `-`, lower-cased, duplicates dropped (the first kept),
//! at most [`Tags::MAX`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// One normalised tag: 1 to [`Tag::MAX_CHARS`] letters, digits, `-` or `_`, lower-case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct Tag(String);

/// A post's tags: normalised, distinct, in the order first typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Tags(Vec<Tag>);

/// Why the tags typed cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TagsError {
    #[error("A tag has at most {max} characters.")]
    TooLong { max: usize },
    #[error("“{tag}” is not a tag: letters, digits, - and _ only.")]
    Malformed { tag: String },
    #[error("At most {max} tags.")]
    TooMany { max: usize },
}

impl Tag {
    pub const MAX_CHARS: usize = 30;

    /// `input` as a tag, normalised; `None` when nothing is left of it.
    pub fn parse(input: &str) -> Result<Option<Self>, TagsError> {
        let words: Vec<&str> = input
            .trim()
            .trim_start_matches('#')
            .split_whitespace()
            .collect();
        if words.is_empty() {
            return Ok(None);
        }
        let tag = words.join("-").to_lowercase();
        if tag.chars().count() > Self::MAX_CHARS {
            return Err(TagsError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(TagsError::Malformed {
                tag: input.trim().to_owned(),
            });
        }
        Ok(Some(Self(tag)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Tag {
    type Error = TagsError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)?.ok_or(TagsError::Malformed { tag: value })
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> Self {
        tag.0
    }
}

impl Tags {
    pub const MAX: usize = 5;

    /// The tags in a comma-separated field.
    pub fn parse(input: &str) -> Result<Self, TagsError> {
        Self::from_each(input.split(','))
    }

    /// The tags in a list (the API's shape), each normalised like a typed one.
    pub fn from_each<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, TagsError> {
        let mut tags: Vec<Tag> = Vec::new();
        for tag in items.into_iter().map(Tag::parse) {
            match tag? {
                Some(tag) if !tags.contains(&tag) => tags.push(tag),
                _ => {}
            }
        }
        if tags.len() > Self::MAX {
            return Err(TagsError::TooMany { max: Self::MAX });
        }
        Ok(Self(tags))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As the form shows them: "rust, web-dev".
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(Tag::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl TryFrom<Vec<String>> for Tags {
    type Error = TagsError;
    fn try_from(value: Vec<String>) -> Result<Self, Self::Error> {
        Self::from_each(value.iter().map(String::as_str))
    }
}

impl From<Tags> for Vec<String> {
    fn from(tags: Tags) -> Self {
        tags.0.into_iter().map(String::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(input: &str) -> Result<Vec<String>, TagsError> {
        Tags::parse(input).map(Vec::from)
    }

    #[test]
    fn one_pipeline_normalises_what_is_typed() {
        assert_eq!(
            tags(" Rust, #web  dev,rust ,, RUST,Élan ").unwrap(),
            ["rust", "web-dev", "élan"]
        );
        assert_eq!(tags("").unwrap(), Vec::<String>::new());
        assert_eq!(tags(" , #, ").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn at_most_five_distinct_tags() {
        assert!(tags("a,b,c,d,e,a,B").is_ok());
        assert_eq!(tags("a,b,c,d,e,f"), Err(TagsError::TooMany { max: 5 }));
    }

    #[test]
    fn a_tag_is_letters_digits_dashes_and_underscores() {
        assert_eq!(
            tags("ok, <script>"),
            Err(TagsError::Malformed {
                tag: "<script>".into()
            })
        );
        assert!(matches!(tags("a/b"), Err(TagsError::Malformed { .. })));
        assert!(matches!(tags("a\u{0}b"), Err(TagsError::Malformed { .. })));
        assert_eq!(tags("c_sharp, 日本語").unwrap(), ["c_sharp", "日本語"]);
        assert_eq!(
            tags(&"x".repeat(Tag::MAX_CHARS + 1)),
            Err(TagsError::TooLong { max: 30 })
        );
    }

    #[test]
    fn the_api_list_is_normalised_the_same_way() {
        let tags: Tags = serde_json::from_str(r##"["Rust", " rust ", "#Web"]"##).unwrap();
        assert_eq!(Vec::from(tags), ["rust", "web"]);
        assert!(serde_json::from_str::<Tags>(r#"["a","b","c","d","e","f"]"#).is_err());
        assert!(serde_json::from_str::<Tag>(r#""  ""#).is_err());
    }
}
