//! What runs on the node: the supervised tasks (with restarts and why they last failed), and
//! the live rooms' tasks, each of which an admin may stop.

use leptos::prelude::*;
use model::system::{RoomTask, TaskInfo};

use crate::{
    components::{LocalTime, TableFrame},
    system::StopRoom,
};

/// The supervisor's tasks, as it sees them.
#[component]
pub fn TaskTable(tasks: Vec<TaskInfo>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="tasks-title">
            <h2 id="tasks-title">"Supervised tasks"</h2>
            {if tasks.is_empty() {
                view! { <p class="muted">"No supervised task is running."</p> }.into_any()
            } else {
                view! {
                    <TableFrame label="Table of supervised tasks">
                        <table class="report-table tasks">
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col" class="number">"Restarts"</th>
                                    <th scope="col">"Last error"</th>
                                    <th scope="col">"Started"</th>
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
    let state = task.state.as_str();
    let name = task.name.clone();
    view! {
        <tr data-task=name data-state=state>
            <th scope="row">{task.name}</th>
            <td>
                <span class=format!("task-state task-{state}")>{state}</span>
            </td>
            <td class="number">{task.restarts}</td>
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
    let refused = move || {
        stop.value()
            .get()
            .and_then(Result::err)
            .map(|error| error.to_string())
    };
    view! {
        <section class="panel" aria-labelledby="rooms-title">
            <h2 id="rooms-title">"Live rooms"</h2>
            <p class="form-error" role="alert">{refused}</p>
            {if rooms.is_empty() {
                view! { <p class="muted">"No room is live right now."</p> }.into_any()
            } else {
                view! {
                    <TableFrame label="Table of live rooms">
                        <table class="report-table rooms">
                            <thead>
                                <tr>
                                    <th scope="col">"Room"</th>
                                    <th scope="col" class="number">"Sockets"</th>
                                    <th scope="col"><span class="visually-hidden">"Stop"</span></th>
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
    let id = room.room_id;
    view! {
        <tr data-room=id>
            <th scope="row">
                <a href=format!("/chat/{id}")>
                    {room.name.clone().unwrap_or_else(|| format!("Room {id} (deleted)"))}
                </a>
            </th>
            <td class="number">{room.sockets}</td>
            <td>
                <ActionForm action=stop>
                    <input type="hidden" name="room_id" value=id />
                    <button type="submit" class="danger small" disabled=move || stop.pending().get()>
                        "Stop"
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
