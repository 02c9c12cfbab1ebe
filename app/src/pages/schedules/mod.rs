//! `/admin/schedules` (recipe 45, Quantum's part): the schedules, changed at run time by admins
//! — add, edit, pause, resume, remove, run now — with the next five fire times shown while an
//! expression is typed. Signed out it sends people to sign in; anyone else gets a 403.

mod form;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::schedules::{Missed, ScheduleActed, ScheduleAction, ScheduleInfo, SchedulesPageData};

use super::{system::AdminsOnly, units};
use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    components::TableFrame,
    i18n::{Locale, t, t_string, td_string, use_i18n},
    refusals::failure,
    schedules::{ActOnSchedule, schedules_page},
};
use form::{Editing, ScheduleEditor};

/// What the last save or action came to, said above the table.
type Said = Option<Result<ScheduleActed, AppError>>;

fn action_words(locale: Locale, action: ScheduleAction) -> &'static str {
    match action {
        ScheduleAction::Pause => td_string!(locale, schedules.actions.pause),
        ScheduleAction::Resume => td_string!(locale, schedules.actions.resume),
        ScheduleAction::Remove => td_string!(locale, schedules.actions.remove),
        ScheduleAction::RunNow => td_string!(locale, jobs.actions.run_now),
    }
}

fn missed_words(locale: Locale, missed: Missed) -> &'static str {
    match missed {
        Missed::RunOnce => td_string!(locale, schedules.missed.run_once),
        Missed::Skip => td_string!(locale, schedules.missed.skip),
    }
}

/// What a save or an action came to, in words.
fn acted_words(locale: Locale, acted: &ScheduleActed) -> String {
    match acted {
        ScheduleActed::Added { name } => td_string!(locale, schedules.acted.added, name = name),
        ScheduleActed::Saved { name } => td_string!(locale, schedules.acted.saved, name = name),
        ScheduleActed::Paused { name } => td_string!(locale, schedules.acted.paused, name = name),
        ScheduleActed::Resumed { name } => td_string!(locale, schedules.acted.resumed, name = name),
        ScheduleActed::Removed { name } => td_string!(locale, schedules.acted.removed, name = name),
        ScheduleActed::Running { name, job } => {
            td_string!(locale, schedules.acted.running, name = name, job = *job)
        }
        ScheduleActed::AlreadyAsked { name } => {
            td_string!(locale, schedules.acted.already_asked, name = name)
        }
    }
}

/// The schedules page, for admins only.
#[component]
pub fn SchedulesPage() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, schedules.title) />
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
    let said = RwSignal::new(None::<Result<ScheduleActed, AppError>>);
    Effect::new(move |_| {
        if let Some(acted) = act.value().get() {
            said.set(Some(acted));
        }
    });
    let i18n = use_i18n();
    view! {
        <section class="schedules" aria-labelledby="schedules-title">
            <h1 id="schedules-title">{t!(i18n, schedules.title)}</h1>
            <p class="muted">{t!(i18n, schedules.lead)}</p>
            {move || {
                let locale = i18n.get_locale();
                said.with(|said| {
                    said.as_ref().map(|said| match said {
                        Ok(acted) => {
                            let words = acted_words(locale, acted);
                            view! { <p class="flash flash-info" role="status">{words}</p> }.into_any()
                        }
                        Err(error) => {
                            let words = failure(locale, error);
                            view! { <p class="flash flash-error" role="alert">{words}</p> }.into_any()
                        }
                    })
                })
            }}
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, schedules.loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(data) => view! { <Loaded data act editing said saved /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
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
    said: RwSignal<Said>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let SchedulesPageData { schedules, tasks } = data;
    let i18n = use_i18n();
    let rows = schedules
        .into_iter()
        .map(|schedule| view! { <ScheduleRow schedule act editing /> })
        .collect_view();
    view! {
        <TableFrame label=move || t_string!(i18n, schedules.table)>
            <table class="report-table schedule-list" data-testid="schedules">
                <caption class="visually-hidden">{t!(i18n, schedules.by_name)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, schedules.name)}</th>
                        <th scope="col">{t!(i18n, schedules.when)}</th>
                        <th scope="col">{t!(i18n, jobs.job)}</th>
                        <th scope="col">{t!(i18n, schedules.next_fire)}</th>
                        <th scope="col">{t!(i18n, schedules.missed_fire_times)}</th>
                        <th scope="col">{t!(i18n, tokens.actions)}</th>
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
    let i18n = use_i18n();
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
        let name = name.clone();
        let label = move || {
            let action = action_words(i18n.get_locale(), action);
            t_string!(
                i18n,
                schedules.action_on,
                action = action,
                name = name.clone()
            )
        };
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
                    {move || action_words(i18n.get_locale(), action)}
                </button>
            </ActionForm>
        }
    })
    .collect_view();
    let next = match (&schedule.next, schedule.paused) {
        (_, true) => view! { <span class="badge">{t!(i18n, schedules.paused)}</span> }.into_any(),
        (Some(next), false) => view! {
            <time datetime=units::rfc3339(next.at_ms)>{next.local.clone()}</time>
        }
        .into_any(),
        (None, false) => {
            view! { <span class="muted">{t!(i18n, schedules.never_again)}</span> }.into_any()
        }
    };
    let edit_label = move || t_string!(i18n, schedules.edit_named, name = name.clone());
    let missed = schedule.missed;
    let queue = schedule.queue.clone();
    let edited = schedule.clone();
    view! {
        <tr data-schedule=id data-paused=schedule.paused.to_string()>
            <th scope="row">
                {schedule.name.clone()}
                {schedule.builtin.then(|| view! { " " <span class="muted">{t!(i18n, schedules.built_in)}</span> })}
            </th>
            <td>
                <code>{schedule.cron.clone()}</code>
                " "
                {schedule.timezone.clone()}
            </td>
            <td>
                {schedule.kind.clone()}
                " "
                <span class="muted">{t!(i18n, schedules.on_queue, queue = move || queue.clone())}</span>
            </td>
            <td>{next}</td>
            <td>{move || missed_words(i18n.get_locale(), missed)}</td>
            <td>
                <div class="row-actions">
                    <button
                        type="button"
                        class="small secondary"
                        aria-label=edit_label
                        on:click=move |_| editing.set(Editing::Schedule(edited.clone()))
                    >
                        {t!(i18n, chat.actions.edit)}
                    </button>
                    {actions}
                </div>
            </td>
        </tr>
    }
}
