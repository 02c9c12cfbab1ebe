//! The feed's questions: which posts (a tag, an author), in which order (newest or most liked),
//! and where the last page ended — a keyset cursor, so a page never repeats or skips a post
//! when others are published meanwhile.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use super::{PostSummary, Tag};

/// The feed's order. Ties (the same moment, the same likes) go to the newer post.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeedSort {
    #[default]
    Newest,
    MostLiked,
}

impl FeedSort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::MostLiked => "most_liked",
        }
    }

    /// The sort a query string names; anything else is the default.
    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "newest" => Some(Self::Newest),
            "most_liked" => Some(Self::MostLiked),
            _ => None,
        }
    }
}

/// Which published posts a feed page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedFilter {
    pub tag: Option<Tag>,
    pub author: Option<i64>,
    pub sort: FeedSort,
}

/// Where a page of the feed ended: the last post's sort key (its publication time in unix ms,
/// or its like count) and id, for the sort it was read in. Written `n1733480000000.42` /
/// `l17.42` in URLs: opaque to readers, but cheap to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FeedCursor {
    pub sort: FeedSort,
    pub key: i64,
    pub id: i64,
}

/// A cursor that is not one this server wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a feed cursor")]
pub struct CursorMalformed;

impl fmt::Display for FeedCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sort = match self.sort {
            FeedSort::Newest => 'n',
            FeedSort::MostLiked => 'l',
        };
        write!(f, "{sort}{}.{}", self.key, self.id)
    }
}

impl FromStr for FeedCursor {
    type Err = CursorMalformed;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let sort = match input.chars().next() {
            Some('n') => FeedSort::Newest,
            Some('l') => FeedSort::MostLiked,
            _ => return Err(CursorMalformed),
        };
        let (key, id) = input[1..].split_once('.').ok_or(CursorMalformed)?;
        let number = |text: &str| -> Result<i64, CursorMalformed> {
            // Digits only: no sign, no `+`, no spaces (i64's parser takes a leading `+`).
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CursorMalformed);
            }
            text.parse().map_err(|_| CursorMalformed)
        };
        Ok(Self {
            sort,
            key: number(key)?,
            id: number(id)?,
        })
    }
}

/// A page of the feed and the cursor of the next one (none on the last).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    pub posts: Vec<PostSummary>,
    #[serde(default)]
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote() {
        for cursor in [
            FeedCursor {
                sort: FeedSort::Newest,
                key: 1_733_480_000_000,
                id: 42,
            },
            FeedCursor {
                sort: FeedSort::MostLiked,
                key: 0,
                id: 1,
            },
        ] {
            assert_eq!(cursor.to_string().parse(), Ok(cursor));
        }
    }

    #[test]
    fn garbage_is_not_a_cursor() {
        for garbage in [
            "",
            "n",
            "n1",
            "n1.",
            "n.1",
            "x1.2",
            "n-1.2",
            "n+1.2",
            "n1.2.3",
            "n 1.2",
            "n99999999999999999999.1",
            "é1.2",
        ] {
            assert_eq!(
                garbage.parse::<FeedCursor>(),
                Err(CursorMalformed),
                "{garbage}"
            );
        }
    }

    #[test]
    fn sorts_have_stable_names() {
        assert_eq!(FeedSort::parse("most_liked"), Some(FeedSort::MostLiked));
        assert_eq!(FeedSort::parse("MOST_LIKED"), None);
        assert_eq!(FeedSort::Newest.as_str(), "newest");
    }
}
