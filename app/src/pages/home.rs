//! The front page. For a visitor: what Commons is, and the way in. For someone signed in: their
//! rooms, the most recently active first, with unread counts and each one's newest message (a
//! line of the chat's own room list), and where to go next; for an admin also the node it runs
//! on. The cookbook's recipe index is a page of its own (`/recipes`, in the footer).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;
use model::chat::RoomSummary;

use crate::{
    auth::{CurrentUser, Viewer},
    chat::chat_rooms,
    i18n::{t, t_string, use_i18n},
    pages::chat::RoomLink,
    status::fetch_node_status,
};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = use_context::<Viewer>().unwrap_or_default();
    view! {
        <Title text="" />
        <Meta name="description" content=move || t_string!(i18n, home.description) />
        {match user {
            None => view! { <Welcome /> }.into_any(),
            Some(user) => view! { <SignedIn user /> }.into_any(),
        }}
    }
}

/// What Commons is, for someone who has not signed in.
#[component]
fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="hero">
            <h1>{t!(i18n, home.heading)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            <p class="cta">
                <a class="button" href="/register">{t!(i18n, home.create_account)}</a>
                <a class="button button-secondary" href="/login">{t!(i18n, home.sign_in)}</a>
            </p>
        </section>
        <ul class="features">
            <li class="panel">
                <h2>{t!(i18n, home.chat_heading)}</h2>
                <p>{t!(i18n, home.chat_text)}</p>
            </li>
            <li class="panel">
                <h2>{t!(i18n, home.dashboard_heading)}</h2>
                <p>{t!(i18n, home.dashboard_text)}</p>
            </li>
            <li class="panel">
                <h2>{t!(i18n, home.files_heading)}</h2>
                <p>{t!(i18n, home.files_text)}</p>
            </li>
            <li class="panel">
                <h2>{t!(i18n, home.api_heading)}</h2>
                <p>
                    {t!(i18n, home.api_text)}
                    " "
                    <a href="/api/docs">{t!(i18n, home.api_link)}</a>
                </p>
            </li>
        </ul>
    }
}

/// Rooms by their newest message, newest first; rooms without one last, by name.
fn by_activity(mut rooms: Vec<RoomSummary>) -> Vec<RoomSummary> {
    rooms.sort_by(|a, b| {
        let at = |room: &RoomSummary| room.last_message.as_ref().map(|last| last.inserted_at);
        at(b)
            .cmp(&at(a))
            .then_with(|| a.room.name.cmp(&b.room.name))
    });
    rooms
}

/// Someone's own front page: their rooms and where to go next.
#[component]
fn SignedIn(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let rooms = Resource::new(|| (), |_| chat_rooms());
    let path = Memo::new({
        let location = use_location();
        move |_| location.pathname.get()
    });
    let unread_total =
        move |rooms: &[RoomSummary]| -> i64 { rooms.iter().map(|room| room.unread_count).sum() };
    view! {
        <section class="hero">
            <h1>{t!(i18n, home.hello, name = move || user.name.clone())}</h1>
            {user.is_admin.then(|| view! { <NodeFacts /> })}
        </section>
        <section class="panel" aria-labelledby="your-rooms">
            <div class="panel-head">
                <h2 id="your-rooms">{t!(i18n, home.your_rooms)}</h2>
                <a href="/chat">{t!(i18n, home.open_chat)}</a>
            </div>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, home.loading_rooms)}</p> }>
                {move || Suspend::new(async move {
                    match rooms.await {
                        Ok(list) if list.is_empty() => view! {
                            <p>
                                {t!(i18n, home.no_rooms)}
                                " "
                                <a href="/chat">{t!(i18n, home.start_first)}</a>
                            </p>
                        }
                        .into_any(),
                        Ok(list) => {
                            let unread = unread_total(&list);
                            let summary = match unread {
                                0 => t!(i18n, home.caught_up).into_any(),
                                n => t!(i18n, home.waiting, count = move || n).into_any(),
                            };
                            view! {
                                <p class="muted">{summary}</p>
                                <ul class="home-rooms">
                                    {by_activity(list)
                                        .into_iter()
                                        .take(8)
                                        .map(|summary| view! { <RoomLink summary path /> })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }
                            .into_any(),
                    }
                })}
            </Suspense>
        </section>
        <nav class="panel next-steps" aria-label=move || t_string!(i18n, home.jump_to)>
            <a href="/dashboard">{t!(i18n, home.dashboard_link)}</a>
            <a href="/uploads">{t!(i18n, home.files_link)}</a>
            <a href="/profile">{t!(i18n, home.profile_link)}</a>
            <a href="/api/docs">{t!(i18n, home.api_reference)}</a>
        </nav>
    }
}

/// The database engine under this node, read through a server function (admins only).
#[component]
fn NodeFacts() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| fetch_node_status());
    view! {
        <p class="node-facts">
            <Suspense fallback=move || t!(i18n, home.checking_node)>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => t!(
                            i18n,
                            home.node,
                            database = move || status.database.clone(),
                            version = move || status.database_version.clone(),
                            count = move || status.migrations_applied
                        )
                        .into_any(),
                        Err(error) => error.to_string().into_any(),
                    }
                })}
            </Suspense>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use model::chat::{LastMessage, RoomInfo};

    use super::*;

    fn room(id: i64, name: &str, minute: Option<u32>) -> RoomSummary {
        RoomSummary {
            room: RoomInfo {
                id,
                name: name.into(),
                private: false,
                created_by: None,
            },
            member_count: 1,
            unread_count: 0,
            last_message: minute.map(|minute| LastMessage {
                author_name: "Ada".into(),
                preview: "hi".into(),
                inserted_at: Utc.with_ymd_and_hms(2026, 1, 1, 12, minute, 0).unwrap(),
                deleted: false,
            }),
        }
    }

    #[test]
    fn rooms_come_newest_activity_first_then_quiet_ones_by_name() {
        let rooms = vec![
            room(1, "quiet b", None),
            room(2, "old", Some(1)),
            room(3, "quiet a", None),
            room(4, "new", Some(30)),
        ];
        let names: Vec<String> = by_activity(rooms)
            .into_iter()
            .map(|r| r.room.name)
            .collect();
        assert_eq!(names, ["new", "old", "quiet a", "quiet b"]);
    }
}
