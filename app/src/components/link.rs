//! Where a live page's connection stands, as its reader sees it: one vocabulary for the chat
//! room and the dashboard, set by their browser-only halves and shown by [`LinkStatus`].

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::sign_in_path;

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
    /// The session ended (signed out here or on another device, or the password changed).
    SignedOut,
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
            Self::SignedOut => ("signed-out", "You are signed out."),
        }
    }
}

/// The connection line of a live page (`role="status"`, so a screen reader hears changes),
/// with a way back in once signed out.
#[component]
pub fn LinkStatus(link: RwSignal<Link>, offline: &'static str) -> impl IntoView {
    let described = move || link.get().describe(offline);
    let location = use_location();
    let sign_in = move || sign_in_path(&location.pathname.get());
    view! {
        <p class="connection" data-state=move || described().0 role="status">
            {move || described().1}
            {move || {
                (link.get() == Link::SignedOut)
                    .then(|| view! { " " <a href=sign_in>"Sign in again"</a> })
            }}
        </p>
    }
}
