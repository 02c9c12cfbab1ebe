//! Where a live page's connection stands, as its reader sees it: one vocabulary for the chat
//! room and the dashboard, set by their browser-only halves and shown by [`LinkStatus`].

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    auth::sign_in_path,
    i18n::{t, t_string, use_i18n},
};

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

/// Why a live page's figures are not coming in, said by each page in its own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Trouble {
    /// The channel's answer was not what this page understands.
    NotUnderstood,
    /// The channel refused the join; the page tries again.
    Unavailable,
}

impl Link {
    /// The `data-state` the stylesheet colours.
    pub fn state(self) -> &'static str {
        match self {
            Self::Connecting => "connecting",
            Self::Live => "connected",
            Self::Reconnecting => "reconnecting",
            Self::Offline => "offline",
            Self::Closed => "closed",
            Self::SignedOut => "signed-out",
        }
    }
}

/// The connection line of a live page (`role="status"`, so a screen reader hears changes),
/// with a way back in once signed out; `offline` says what resumes when the network is back.
#[component]
pub fn LinkStatus(link: RwSignal<Link>, #[prop(into)] offline: TextProp) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let sign_in = move || sign_in_path(&location.pathname.get());
    let words = move || match link.get() {
        Link::Connecting => t_string!(i18n, link.connecting).into(),
        Link::Live => t_string!(i18n, link.connected).into(),
        Link::Reconnecting => t_string!(i18n, link.reconnecting).into(),
        Link::Offline => offline.get(),
        Link::Closed => t_string!(i18n, link.closed).into(),
        Link::SignedOut => t_string!(i18n, link.signed_out).into(),
    };
    view! {
        <p class="connection" data-state=move || link.get().state() role="status">
            {words}
            {move || {
                (link.get() == Link::SignedOut)
                    .then(|| view! { " " <a href=sign_in>{t!(i18n, link.sign_in_again)}</a> })
            }}
        </p>
    }
}
