//! Where a live page's connection stands, as its reader sees it: one vocabulary for the chat
//! room and the dashboard, set by their browser-only halves and shown by their views.

/// The state of a live page's channel.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Live,
    Reconnecting,
    Offline,
    /// Not joined, and it will not be by itself (no access, deleted, closed by the server).
    Closed,
}

impl Link {
    /// The `data-state` the stylesheet colours, and the words shown; `offline` says what
    /// resumes when the network is back.
    pub fn describe(self, offline: &'static str) -> (&'static str, &'static str) {
        match self {
            Self::Connecting => ("connecting", "Connecting…"),
            Self::Live => ("connected", "Connected"),
            Self::Reconnecting => ("reconnecting", "Reconnecting…"),
            Self::Offline => ("offline", offline),
            Self::Closed => ("closed", "Not connected"),
        }
    }
}
