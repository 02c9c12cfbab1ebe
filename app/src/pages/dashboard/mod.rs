//! `/dashboard` (recipe 29): the node's figures as tiles with a 15-minute sparkline each,
//! pushed over the Phoenix socket on [`model::dashboard::TOPIC`] — never polled. The join
//! reply brings the recent history, so the charts are full at once; every push adds a point
//! with the same [`History::record`] the server uses.
//!
//! The figures render in the browser only: the server renders the frame with "—" in every
//! tile, and the socket fills it in, so there is one source of truth and nothing to mismatch
//! at hydration (as in the chat room).

#[cfg(feature = "hydrate")]
mod live;
mod sparkline;
mod tiles;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::dashboard::{History, Snapshot};

use super::units;
use crate::{
    auth::{Viewer, sign_in_path},
    components::{Link, LinkStatus, Trouble},
    i18n::{t, t_string, use_i18n},
};
use tiles::{ADMIN, PUBLIC, Tile};

/// Everything the dashboard shows, as signals the live half fills.
#[derive(Clone, Copy)]
struct DashboardState {
    /// The chart points, the latest snapshot last (empty until the join reply).
    history: RwSignal<History>,
    /// How often the node samples, from the join reply.
    interval_ms: RwSignal<Option<u64>>,
    link: RwSignal<Link>,
    /// Why the figures are not coming in, if the channel refused or answered oddly.
    problem: RwSignal<Option<Trouble>>,
}

impl DashboardState {
    fn new() -> Self {
        Self {
            history: RwSignal::new(History::default()),
            interval_ms: RwSignal::new(None),
            link: RwSignal::new(Link::Connecting),
            problem: RwSignal::new(None),
        }
    }
}

/// The live dashboard, for signed-in people; signed out, it sends them to sign in and back.
#[component]
pub fn Dashboard() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, dashboard.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/dashboard") /> }.into_any(),
            Some(_) => view! { <Board /> }.into_any(),
        }}
    }
}

/// The tiles, joined to the dashboard channel for as long as they are shown.
#[component]
fn Board() -> impl IntoView {
    let state = DashboardState::new();
    let i18n = use_i18n();

    #[cfg(feature = "hydrate")]
    live::start(state).stop_on_cleanup();

    let latest = Memo::new(move |_| state.history.with(|history| history.latest().cloned()));
    let has_admin =
        move || latest.with(|latest| latest.as_ref().is_some_and(|s| s.admin.is_some()));
    let every = move || {
        state.interval_ms.get().map(|ms| {
            let every = units::interval(i18n.get_locale(), ms);
            t_string!(i18n, dashboard.sampled_every, every = every)
        })
    };

    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <header class="dashboard-head">
                <h1 id="dashboard-title">{t!(i18n, dashboard.title)}</h1>
                <LinkStatus link=state.link offline=move || t_string!(i18n, dashboard.offline) />
            </header>
            <p class="muted">{t!(i18n, dashboard.lead)} " " {every}</p>
            <noscript>
                <p class="panel">{t!(i18n, dashboard.needs_javascript)}</p>
            </noscript>
            {move || {
                state
                    .problem
                    .get()
                    .map(|problem| {
                        let words = match problem {
                            Trouble::NotUnderstood => t_string!(i18n, dashboard.not_understood),
                            Trouble::Unavailable => t_string!(i18n, dashboard.unavailable),
                        };
                        view! { <p class="flash flash-error" role="alert">{words}</p> }
                    })
            }}
            <div class="tiles">
                {PUBLIC
                    .iter()
                    .map(|metric| view! { <Tile metric history=state.history /> })
                    .collect_view()}
                <Show when=has_admin>
                    {ADMIN
                        .iter()
                        .map(|metric| view! { <Tile metric history=state.history /> })
                        .collect_view()}
                </Show>
            </div>
            <LastUpdated latest />
        </section>
    }
}

/// "Last updated 14:03:07", in the reader's time zone, from the newest snapshot.
#[component]
fn LastUpdated(latest: Memo<Option<Snapshot>>) -> impl IntoView {
    let at = move || latest.with(|latest| latest.as_ref().map(|snapshot| snapshot.at_ms));
    let i18n = use_i18n();
    view! {
        <p class="last-updated">
            {t!(
                i18n,
                dashboard.last_updated,
                <time> = move |children: ChildrenFn| view! {
                    <time datetime=move || at().map(units::rfc3339)>{children()}</time>
                },
                clock = move || at().map_or_else(|| "—".to_owned(), units::clock)
            )}
        </p>
    }
}
