//! `/admin/schedules` (recipe 45, Quantum's part): the schedules, changed at run time by admins
//! — add, edit, pause, resume, remove, run now — with the next five fire times shown while an
//! expression is typed. Signed out it sends people to sign in; anyone else gets a 403.

mod form;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::schedules::{ScheduleAction, ScheduleInfo, SchedulesPageData};

use super::{system::AdminsOnly, units};
use crate::{
    auth::{Viewer, sign_in_path},
    components::TableFrame,
    schedules::{ActOnSchedule, schedules_page},
};
use form::{Editing, ScheduleEditor};

/// The schedules page, for admins only.
#[component]
pub fn SchedulesPage() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    view! {
        <Title text="Schedules" />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/admin/schedules") /> }.into_any(),
            Some(user) if !user.is_admin => view! { <AdminsOnly /> }.into_any(),
            Some(_) => view! { <Schedules /> }.into_any(),
        }}
    }
}

#[component]
fn Schedules() -> impl IntoView {
    let act = ServerAction::<ActOnSchedule>::new();
    let saved = RwSignal::new(0_u32);
    let page = Resource::new(
        move || (act.version().get(), saved.get()),
        |_| schedules_page(),
    );
    let editing = RwSignal::new(Editing::Adding);
    let said = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        if let Some(acted) = act.value().get() {
            said.set(Some(
                acted
                    .map(|acted| acted.said)
                    .map_err(|error| error.to_string()),
            ));
        }
    });
    view! {
        <section class="schedules" aria-labelledby="schedules-title">
            <h1 id="schedules-title">"Schedules"</h1>
            <p class="muted">
                "Cron expressions in a time zone; each fire enqueues its job once, however many nodes run. Changes take effect at the next tick, without a restart."
            </p>
            {move || {
                said.get()
                    .map(|said| match said {
                        Ok(said) => view! { <p class="flash flash-info" role="status">{said}</p> }.into_any(),
                        Err(said) => view! { <p class="flash flash-error" role="alert">{said}</p> }.into_any(),
                    })
            }}
            <Transition fallback=|| view! { <p class="muted">"Loading the schedules…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(data) => view! { <Loaded data act editing said saved /> }.into_any(),
                        Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Loaded(
    data: SchedulesPageData,
    act: ServerAction<ActOnSchedule>,
    editing: RwSignal<Editing>,
    said: RwSignal<Option<Result<String, String>>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let SchedulesPageData { schedules, tasks } = data;
    let rows = schedules
        .into_iter()
        .map(|schedule| view! { <ScheduleRow schedule act editing /> })
        .collect_view();
    view! {
        <TableFrame label="Table of schedules">
            <table class="report-table schedule-list" data-testid="schedules">
                <caption class="visually-hidden">"Schedules, by name"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"When"</th>
                        <th scope="col">"Job"</th>
                        <th scope="col">"Next fire"</th>
                        <th scope="col">"Missed fire times"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableFrame>
        <ScheduleEditor tasks editing said saved />
    }
}

#[component]
fn ScheduleRow(
    schedule: ScheduleInfo,
    act: ServerAction<ActOnSchedule>,
    editing: RwSignal<Editing>,
) -> impl IntoView {
    let id = schedule.id;
    let name = schedule.name.clone();
    let actions = [
        if schedule.paused {
            ScheduleAction::Resume
        } else {
            ScheduleAction::Pause
        },
        ScheduleAction::RunNow,
    ]
    .into_iter()
    .chain((!schedule.builtin).then_some(ScheduleAction::Remove))
    .map(|action| {
        let label = format!("{} {}", action.label(), name);
        view! {
            <ActionForm action=act>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="action" value=action.as_str() />
                <button
                    type="submit"
                    class=if action == ScheduleAction::Remove { "danger small" } else { "small" }
                    aria-label=label
                    disabled=move || act.pending().get()
                >
                    {action.label()}
                </button>
            </ActionForm>
        }
    })
    .collect_view();
    let next = match (&schedule.next, schedule.paused) {
        (_, true) => view! { <span class="badge">"Paused"</span> }.into_any(),
        (Some(next), false) => view! {
            <time datetime=units::rfc3339(next.at_ms)>{next.local.clone()}</time>
        }
        .into_any(),
        (None, false) => view! { <span class="muted">"Never again"</span> }.into_any(),
    };
    let edit_label = format!("Edit {name}");
    let edited = schedule.clone();
    view! {
        <tr data-schedule=id data-paused=schedule.paused.to_string()>
            <th scope="row">
                {schedule.name.clone()}
                {schedule.builtin.then(|| view! { <span class="muted">" (built in)"</span> })}
            </th>
            <td>
                <code>{schedule.cron.clone()}</code>
                " "
                {schedule.timezone.clone()}
            </td>
            <td>
                {schedule.kind.clone()}
                <span class="muted">{format!(" on {}", schedule.queue)}</span>
            </td>
            <td>{next}</td>
            <td>{schedule.missed.label()}</td>
            <td>
                <div class="row-actions">
                    <button
                        type="button"
                        class="small secondary"
                        aria-label=edit_label
                        on:click=move |_| editing.set(Editing::Schedule(edited.clone()))
                    >
                        "Edit"
                    </button>
                    {actions}
                </div>
            </td>
        </tr>
    }
}
