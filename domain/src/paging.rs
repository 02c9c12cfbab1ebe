//! Which slice of a long list to read. APIs page in two ways, and the domain answers both: by
//! position (page 3 of 20 — simple, but a row inserted meanwhile shifts every later page) or
//! after a key (keyset: stable under inserts, and as fast on the last page as on the first).

/// A slice of a list in the list's own order (each list says what its order and key are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// `limit` items after skipping `offset`.
    Numbered { offset: u64, limit: u32 },
    /// `limit` items after the one whose key is `after` (from the start when `None`).
    After { after: Option<i64>, limit: u32 },
}

impl Page {
    pub fn limit(self) -> u32 {
        match self {
            Self::Numbered { limit, .. } | Self::After { limit, .. } => limit,
        }
    }

    /// The SQL bindings: (offset, the key to start after, limit). An offset past what any table
    /// holds reads as the largest one SQL takes, which answers an empty page.
    pub(crate) fn bounds(self) -> (i64, Option<i64>, i64) {
        match self {
            Self::Numbered { offset, limit } => (
                i64::try_from(offset).unwrap_or(i64::MAX),
                None,
                i64::from(limit),
            ),
            Self::After { after, limit } => (0, after, i64::from(limit)),
        }
    }
}
