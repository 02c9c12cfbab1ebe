//! Reactions: a small fixed set, so that each has a stable name for the API and the wire, a
//! glyph for the eye and words for a screen reader — and so that a reaction cannot carry text.

use serde::{Deserialize, Serialize};

/// One of the reactions a message can be given. Its name (`thumbs_up`, …) is what the wire,
/// the API and the database say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Reaction {
    ThumbsUp,
    Heart,
    Laugh,
    Party,
    Surprised,
    Sad,
}

impl Reaction {
    /// Every reaction, in the order a message shows them.
    pub const ALL: [Self; 6] = [
        Self::ThumbsUp,
        Self::Heart,
        Self::Laugh,
        Self::Party,
        Self::Surprised,
        Self::Sad,
    ];

    /// The name the wire, the API and the database use.
    pub fn name(self) -> &'static str {
        match self {
            Self::ThumbsUp => "thumbs_up",
            Self::Heart => "heart",
            Self::Laugh => "laugh",
            Self::Party => "party",
            Self::Surprised => "surprised",
            Self::Sad => "sad",
        }
    }

    /// The reaction a name says, if it names one exactly.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|reaction| reaction.name() == name)
    }

    /// What the eye sees.
    pub fn emoji(self) -> &'static str {
        match self {
            Self::ThumbsUp => "👍",
            Self::Heart => "❤️",
            Self::Laugh => "😂",
            Self::Party => "🎉",
            Self::Surprised => "😮",
            Self::Sad => "😢",
        }
    }
}

/// How many gave a message one reaction, and whether the reader is one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactionCount {
    pub reaction: Reaction,
    pub count: i64,
    /// The reader gave it (always false where a message is broadcast to everyone).
    pub mine: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_what_serde_writes() {
        for reaction in Reaction::ALL {
            assert_eq!(Reaction::parse(reaction.name()), Some(reaction));
            assert_eq!(
                serde_json::to_value(reaction).expect("encodes"),
                reaction.name()
            );
        }
        for unknown in ["", "Heart", "thumbs up", "👍", "heart ", "poo"] {
            assert_eq!(Reaction::parse(unknown), None, "{unknown:?}");
        }
        assert!(serde_json::from_str::<Reaction>("\"poo\"").is_err());
    }
}
