//! Adding or editing a schedule: the expression's next fire times appear as it is typed (asked
//! of the server once typing pauses), and what is wrong with it is said beside it.

use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use model::schedules::{FireTime, Missed, ScheduleInfo, ScheduleInput, TaskChoice};

use super::{Said, missed_words, units};
use crate::{
    AppError,
    components::Field,
    debounce::debounced,
    i18n::{t, t_string, use_i18n},
    refusals::say,
    schedules::{preview_schedule, save_schedule},
};

/// What the form is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Editing {
    Adding,
    Schedule(ScheduleInfo),
}

/// The form: empty to add a schedule, filled with one to edit it.
#[component]
pub fn ScheduleEditor(
    tasks: Vec<TaskChoice>,
    editing: RwSignal<Editing>,
    said: RwSignal<Said>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let cron = RwSignal::new(String::new());
    let timezone = RwSignal::new("UTC".to_owned());
    let missed = RwSignal::new(Missed::RunOnce);
    let task = RwSignal::new(tasks.first().map(|task| task.schedule_id));
    let touched = [
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    ];
    let problems = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    // Editing one fills the form with it; adding empties it.
    Effect::new(move |_| {
        let (values, fresh) = match editing.get() {
            Editing::Adding => (
                (String::new(), String::new(), "UTC".to_owned()),
                Missed::RunOnce,
            ),
            Editing::Schedule(schedule) => (
                (schedule.name, schedule.cron, schedule.timezone),
                schedule.missed,
            ),
        };
        name.set(values.0);
        cron.set(values.1);
        timezone.set(values.2);
        missed.set(fresh);
        touched.iter().for_each(|touched| touched.set(false));
        problems.set(None);
    });

    let settled = debounced(
        Signal::derive(move || (cron.get(), timezone.get())),
        Duration::from_millis(250),
    );
    // A resource the server renders too (a browser-only one would hold the page's stream open
    // forever): with nothing typed yet it answers at once.
    let preview = Resource::new(
        move || settled.get(),
        |(cron, timezone)| async move {
            if cron.trim().is_empty() {
                None
            } else {
                Some(preview_schedule(cron, timezone).await)
            }
        },
    );
    // A field's error: the server's answer to the save, else the preview's, once touched.
    let i18n = use_i18n();
    let error_of = move |field: &'static str| {
        Signal::derive(move || {
            let from = |error: &AppError| match error {
                AppError::Invalid(errors) => errors
                    .get(field)
                    .map(|refusal| say(i18n.get_locale(), refusal)),
                _ => None,
            };
            problems
                .with(|problems| problems.as_ref().and_then(from))
                .or_else(|| {
                    preview
                        .get()
                        .flatten()
                        .and_then(|answer| answer.err())
                        .and_then(|error| from(&error))
                })
        })
    };
    let [name_touched, cron_touched, zone_touched] = touched;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.iter().for_each(|touched| touched.set(true));
        if pending.get_untracked() {
            return;
        }
        let input = ScheduleInput {
            id: match editing.get_untracked() {
                Editing::Adding => None,
                Editing::Schedule(schedule) => Some(schedule.id),
            },
            name: name.get_untracked(),
            cron: cron.get_untracked(),
            timezone: timezone.get_untracked(),
            missed: missed.get_untracked(),
            task: task.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            match save_schedule(input).await {
                Ok(acted) => {
                    said.set(Some(Ok(acted)));
                    editing.set(Editing::Adding);
                    saved.update(|saved| *saved += 1);
                }
                Err(error @ AppError::Invalid(_)) => problems.set(Some(error)),
                Err(error) => said.set(Some(Err(error))),
            }
            pending.set(false);
        });
    };

    let title = move || match editing.get() {
        Editing::Adding => t_string!(i18n, schedules.form.add_title).to_owned(),
        Editing::Schedule(schedule) => {
            t_string!(i18n, schedules.form.edit_title, name = schedule.name)
        }
    };
    let adding = move || editing.with(|editing| *editing == Editing::Adding);
    let task_error = error_of(ScheduleInput::TASK);
    // Rebuilt each time the select appears: a view is not Clone once components are erased.
    let task_options = move || {
        tasks
            .iter()
            .map(|choice| {
                view! { <option value=choice.schedule_id>{choice.label.clone()}</option> }
            })
            .collect_view()
    };

    view! {
        <section class="panel narrow" aria-labelledby="schedule-form-title">
            <h2 id="schedule-form-title">{title}</h2>
            <form class="schedule-form" on:submit=submit novalidate>
                <Field
                    label=move || t_string!(i18n, schedules.name)
                    name="name"
                    value=name
                    touched=name_touched
                    error=error_of(ScheduleInput::NAME)
                />
                <Field
                    label=move || t_string!(i18n, schedules.form.cron)
                    name="cron"
                    hint=move || t_string!(i18n, schedules.form.cron_hint)
                    value=cron
                    touched=cron_touched
                    error=error_of(ScheduleInput::CRON)
                />
                <Field
                    label=move || t_string!(i18n, schedules.form.time_zone)
                    name="timezone"
                    hint=move || t_string!(i18n, schedules.form.time_zone_hint)
                    value=timezone
                    touched=zone_touched
                    error=error_of(ScheduleInput::TIMEZONE)
                />
                <FireTimes preview />
                <Show when=adding>
                    <div class="field">
                        <label for="task">{t!(i18n, schedules.form.job)}</label>
                        <select
                            id="task"
                            on:change=move |ev| task.set(event_target_value(&ev).parse().ok())
                        >
                            {task_options()}
                        </select>
                        <p class="field-error" aria-live="polite">{move || task_error.get()}</p>
                    </div>
                </Show>
                <fieldset class="field">
                    <legend>{t!(i18n, schedules.form.missed)}</legend>
                    {Missed::ALL
                        .into_iter()
                        .map(|choice| {
                            let id = format!("missed-{}", choice.as_str());
                            let target = id.clone();
                            view! {
                                <label class="choice" for=target>
                                    <input
                                        type="radio"
                                        id=id
                                        name="missed"
                                        value=choice.as_str()
                                        prop:checked=move || missed.get() == choice
                                        on:change=move |_| missed.set(choice)
                                    />
                                    {move || missed_words(i18n.get_locale(), choice)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="form-actions">
                    <button type="submit" disabled=move || pending.get()>
                        {move || if adding() {
                            t!(i18n, schedules.form.add).into_any()
                        } else {
                            t!(i18n, schedules.form.save).into_any()
                        }}
                    </button>
                    <Show when=move || !adding()>
                        <button type="button" class="secondary" on:click=move |_| editing.set(Editing::Adding)>
                            {t!(i18n, chat.edit.cancel)}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// The next fire times of the expression typed, or nothing while it is not valid.
#[component]
fn FireTimes(preview: Resource<Option<Result<Vec<FireTime>, AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let times = move || preview.get().flatten().and_then(Result::ok);
    view! {
        <div class="fire-times" aria-live="polite" data-testid="fire-times">
            {move || match times() {
                None => ().into_any(),
                Some(times) if times.is_empty() => {
                    view! { <p class="muted">{t!(i18n, schedules.form.never_fires)}</p> }.into_any()
                }
                Some(times) => view! {
                    <p class="field-hint">{t!(i18n, schedules.form.next_fire_times)}</p>
                    <ol>
                        {times
                            .into_iter()
                            .map(|time| view! {
                                <li><time datetime=units::rfc3339(time.at_ms)>{time.local}</time></li>
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any(),
            }}
        </div>
    }
}
