//! What runs on the node: the supervised tasks (with restarts and why they last failed), and
//! the live rooms' tasks, each of which an admin may stop.

use leptos::prelude::*;
use model::system::{RoomTask, TaskInfo, TaskState};

use crate::{
    components::{LocalTime, TableFrame},
    i18n::{t, t_string, use_i18n},
    pages::units,
    refusals::failure,
    system::StopRoom,
};

/// The supervisor's tasks, as it sees them.
#[component]
pub fn TaskTable(tasks: Vec<TaskInfo>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="tasks-title">
            <h2 id="tasks-title">{t!(i18n, system.tasks.heading)}</h2>
            {if tasks.is_empty() {
                view! { <p class="muted">{t!(i18n, system.tasks.none)}</p> }.into_any()
            } else {
                view! {
                    <TableFrame label=move || t_string!(i18n, system.tasks.table)>
                        <table class="report-table tasks">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, system.tasks.name)}</th>
                                    <th scope="col">{t!(i18n, system.tasks.state)}</th>
                                    <th scope="col" class="number">{t!(i18n, system.tasks.restarts)}</th>
                                    <th scope="col">{t!(i18n, system.tasks.last_error)}</th>
                                    <th scope="col">{t!(i18n, system.tasks.started)}</th>
                                </tr>
                            </thead>
                            <tbody>{tasks.into_iter().map(task_row).collect_view()}</tbody>
                        </table>
                    </TableFrame>
                }
                .into_any()
            }}
        </section>
    }
}

fn task_row(task: TaskInfo) -> impl IntoView {
    let i18n = use_i18n();
    let state = task.state.as_str();
    let said = move || match task.state {
        TaskState::Running => t_string!(i18n, system.tasks.running),
        TaskState::Restarting => t_string!(i18n, system.tasks.restarting),
        TaskState::Failed => t_string!(i18n, system.tasks.failed),
    };
    let name = task.name.clone();
    view! {
        <tr data-task=name data-state=state>
            <th scope="row">{task.name}</th>
            <td>
                <span class=format!("task-state task-{state}")>{said}</span>
            </td>
            <td class="number">{move || units::integer(i18n.get_locale(), task.restarts)}</td>
            <td class="last-error">{task.last_error.unwrap_or_else(|| "—".to_owned())}</td>
            <td>
                {chrono::DateTime::from_timestamp_millis(task.started_at_ms)
                    .map(|at| view! { <LocalTime at /> })}
            </td>
        </tr>
    }
}

/// The rooms with a live task, the people in each, and a button that stops one (it starts
/// again on the next join); the report loads again once it is stopped.
#[component]
pub fn RoomTable(rooms: Vec<RoomTask>, stop: ServerAction<StopRoom>) -> impl IntoView {
    let i18n = use_i18n();
    let refused = move || {
        stop.value()
            .get()
            .and_then(Result::err)
            .map(|error| failure(i18n.get_locale(), &error))
    };
    view! {
        <section class="panel" aria-labelledby="rooms-title">
            <h2 id="rooms-title">{t!(i18n, system.rooms.heading)}</h2>
            <p class="form-error" role="alert">{refused}</p>
            {if rooms.is_empty() {
                view! { <p class="muted">{t!(i18n, system.rooms.none)}</p> }.into_any()
            } else {
                view! {
                    <TableFrame label=move || t_string!(i18n, system.rooms.table)>
                        <table class="report-table rooms">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, system.rooms.room)}</th>
                                    <th scope="col" class="number">{t!(i18n, system.rooms.sockets)}</th>
                                    <th scope="col"><span class="visually-hidden">{t!(i18n, system.rooms.stop)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {rooms
                                    .into_iter()
                                    .map(|room| room_row(room, stop))
                                    .collect_view()}
                            </tbody>
                        </table>
                    </TableFrame>
                }
                .into_any()
            }}
        </section>
    }
}

fn room_row(room: RoomTask, stop: ServerAction<StopRoom>) -> impl IntoView {
    let i18n = use_i18n();
    let id = room.room_id;
    let name = move || match &room.name {
        Some(name) => name.clone(),
        None => t_string!(i18n, system.rooms.deleted, id = id),
    };
    view! {
        <tr data-room=id>
            <th scope="row">
                <a href=format!("/chat/{id}")>
                    {name}
                </a>
            </th>
            <td class="number">{move || units::integer(i18n.get_locale(), room.sockets)}</td>
            <td>
                <ActionForm action=stop>
                    <input type="hidden" name="room_id" value=id />
                    <button type="submit" class="danger small" disabled=move || stop.pending().get()>
                        {t!(i18n, system.rooms.stop)}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
