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
    pages::chat::RoomLink,
    status::fetch_node_status,
};

#[component]
pub fn Home() -> impl IntoView {
    let Viewer(user) = use_context::<Viewer>().unwrap_or_default();
    view! {
        <Title text="" />
        <Meta
            name="description"
            content="Commons: chat rooms, a live dashboard and shared files for your community, in real time on every device."
        />
        {match user {
            None => view! { <Welcome /> }.into_any(),
            Some(user) => view! { <SignedIn user /> }.into_any(),
        }}
    }
}

/// What Commons is, for someone who has not signed in.
#[component]
fn Welcome() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Your community, live in one place"</h1>
            <p class="lead">
                "Commons brings chat rooms, a live dashboard and shared files together — real time on every device, and installable as an app."
            </p>
            <p class="cta">
                <a class="button" href="/register">"Create an account"</a>
                <a class="button button-secondary" href="/login">"Sign in"</a>
            </p>
        </section>
        <ul class="features">
            <li class="panel">
                <h2>"Chat that feels instant"</h2>
                <p>
                    "Public and private rooms, who is typing and who has read what, reactions and edits — live for everyone, and what you send offline goes once you are back."
                </p>
            </li>
            <li class="panel">
                <h2>"See what is happening"</h2>
                <p>"A live dashboard of the community's activity, updated every second."</p>
            </li>
            <li class="panel">
                <h2>"Share files"</h2>
                <p>"Pictures and documents, uploaded with progress, kept to your account."</p>
            </li>
            <li class="panel">
                <h2>"Build on it"</h2>
                <p>
                    "A documented REST API with access tokens, and a socket the official Phoenix client speaks. "
                    <a href="/api/docs">"Read the API reference"</a>
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
    let rooms = Resource::new(|| (), |_| chat_rooms());
    let path = Memo::new({
        let location = use_location();
        move |_| location.pathname.get()
    });
    let unread_total =
        move |rooms: &[RoomSummary]| -> i64 { rooms.iter().map(|room| room.unread_count).sum() };
    view! {
        <section class="hero">
            <h1>{format!("Hello, {}", user.name)}</h1>
            {user.is_admin.then(|| view! { <NodeFacts /> })}
        </section>
        <section class="panel" aria-labelledby="your-rooms">
            <div class="panel-head">
                <h2 id="your-rooms">"Your rooms"</h2>
                <a href="/chat">"Open the chat"</a>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading your rooms…"</p> }>
                {move || Suspend::new(async move {
                    match rooms.await {
                        Ok(list) if list.is_empty() => view! {
                            <p>"No rooms yet. " <a href="/chat">"Start the first one"</a></p>
                        }
                        .into_any(),
                        Ok(list) => {
                            let unread = unread_total(&list);
                            let summary = match unread {
                                0 => "You are all caught up.".to_owned(),
                                1 => "1 message waits for you.".to_owned(),
                                n => format!("{n} messages wait for you."),
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
        <nav class="panel next-steps" aria-label="Jump to">
            <a href="/dashboard">"Live dashboard"</a>
            <a href="/uploads">"Your files"</a>
            <a href="/profile">"Your profile"</a>
            <a href="/api/docs">"API reference"</a>
        </nav>
    }
}

fn plural(count: i64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The database engine under this node, read through a server function (admins only).
#[component]
fn NodeFacts() -> impl IntoView {
    let status = Resource::new(|| (), |_| fetch_node_status());
    view! {
        <p class="node-facts">
            <Suspense fallback=|| "Checking the node…">
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => format!(
                            "Running on {} {} · {} applied",
                            status.database,
                            status.database_version,
                            plural(status.migrations_applied, "migration", "migrations"),
                        ),
                        Err(error) => error.to_string(),
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
