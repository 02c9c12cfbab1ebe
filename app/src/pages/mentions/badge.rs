//! The unseen mentions' count in the navigation, kept true over `mentions:<user id>` (browser
//! only): the join answers the count, and every change comes as it happens — a new mention,
//! or the list opened in another tab. Without JavaScript there is no count; the page is there.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// The count, shown only when there is one (at most "99+").
#[component]
pub fn MentionsBadge(unread: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let count = unread.get();
        (count > 0).then(|| {
            view! {
                <span class="unread" aria-label=move || t_string!(i18n, mentions.unread, count = count)>
                    {count.min(99)}
                    {(count > 99).then_some("+")}
                </span>
            }
        })
    }
}

/// Joins the reader's mentions topic for as long as the component being built lives; what
/// arrives sets `unread`.
#[cfg(feature = "hydrate")]
pub fn watch(user_id: i64, unread: RwSignal<i64>) {
    use model::{
        mentions::{self, UNREAD, Unread},
        wire::client::Event,
    };

    use crate::{components::Link, live::LiveChannel, socket::parse};

    // The badge has no connection line of its own: a lost connection only leaves the count
    // as it was until the rejoin answers it again.
    let link = RwSignal::new(Link::Connecting);
    LiveChannel::start(
        mentions::topic(user_id),
        serde_json::Map::new(),
        link,
        move |channel, event| match event {
            Event::Joined { response, .. } => {
                if let Some(Unread { count }) = parse(response) {
                    unread.set(count);
                    channel.live();
                }
            }
            Event::Message { event, payload, .. } if event == UNREAD => {
                if let Some(Unread { count }) = parse(payload) {
                    unread.set(count);
                }
            }
            _ => {}
        },
    )
    .stop_on_cleanup();
}
