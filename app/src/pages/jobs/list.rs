//! The list: the filter (a GET form, so the URL says what is shown and it works without
//! JavaScript) and the newest jobs that pass it.

use std::sync::Arc;

use leptos::{prelude::*, web_sys::FormData};
use leptos_router::components::Form;
use model::jobs::{JobRow, JobState, JobsFilter, JobsOverview};

use super::{href, words};
use crate::{
    components::{LocalTime, TableFrame, TimeStyle},
    i18n::{t, t_string, use_i18n},
    jobs::LIST_LIMIT,
};

/// State, queue and kind to filter by, as the URL says; the queues and kinds offered are the
/// overview's, and the one filtered by even before it arrives.
#[component]
pub fn JobsFilterForm(
    filter: Memo<JobsFilter>,
    overview: RwSignal<Option<JobsOverview>>,
) -> impl IntoView {
    let unnamed_dropped: Arc<dyn Fn(&FormData)> = Arc::new(|data| data.delete(""));
    let i18n = use_i18n();
    // The names `known` to the overview as options, the one filtered by selected.
    let options = move |known: fn(&JobsOverview) -> Vec<String>,
                        current: fn(&JobsFilter) -> Option<String>| {
        move || {
            let current = filter.with(current);
            let mut names =
                overview.with(|overview| overview.as_ref().map(known).unwrap_or_default());
            if let Some(current) = &current
                && !names.contains(current)
            {
                names.push(current.clone());
            }
            names.sort();
            names
                .into_iter()
                .map(|name| {
                    let selected = current.as_ref() == Some(&name);
                    let shown = name.clone();
                    view! { <option value=name selected=selected>{shown}</option> }
                })
                .collect_view()
        }
    };
    let queues = options(JobsOverview::queues, |filter| filter.queue.clone());
    let kinds = options(
        |overview| overview.kinds.clone(),
        |filter| filter.kind.clone(),
    );
    let state = filter.with_untracked(|filter| filter.state);
    view! {
        <Form method="GET" action="" on_form_data=unnamed_dropped>
            <div class="log-filter">
                <div class="field">
                    <label for="job-state">{t!(i18n, jobs.state)}</label>
                    <select
                        id="job-state"
                        name="state"
                        prop:value=move || filter.with(|filter| filter.state.map_or("", JobState::as_str))
                    >
                        <option value="" selected=state.is_none()>{t!(i18n, jobs.all_states)}</option>
                        {JobState::ALL
                            .into_iter()
                            .map(|option| {
                                view! {
                                    <option value=option.as_str() selected=state == Some(option)>
                                        {move || words::state(i18n.get_locale(), option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="job-queue">{t!(i18n, jobs.queue)}</label>
                    <select
                        id="job-queue"
                        name="queue"
                        prop:value=move || filter.with(|filter| filter.queue.clone().unwrap_or_default())
                    >
                        <option value="">{t!(i18n, jobs.all_queues)}</option>
                        {queues}
                    </select>
                </div>
                <div class="field">
                    <label for="job-kind">{t!(i18n, jobs.kind)}</label>
                    <select
                        id="job-kind"
                        name="kind"
                        prop:value=move || filter.with(|filter| filter.kind.clone().unwrap_or_default())
                    >
                        <option value="">{t!(i18n, jobs.all_kinds)}</option>
                        {kinds}
                    </select>
                </div>
                <button type="submit">{t!(i18n, system.logs.filter)}</button>
            </div>
        </Form>
    }
}

/// The jobs that passed the filter, newest first.
#[component]
pub fn JobTable(jobs: Vec<JobRow>, filter: JobsFilter) -> impl IntoView {
    let i18n = use_i18n();
    if jobs.is_empty() {
        return view! { <p class="muted" data-testid="job-list-empty">{t!(i18n, jobs.none_match)}</p> }
            .into_any();
    }
    let shown = jobs.len();
    let count = move || {
        if shown == LIST_LIMIT as usize {
            t_string!(i18n, jobs.newest_match, count = shown)
        } else {
            t_string!(i18n, jobs.match_count, count = shown)
        }
    };
    let rows = jobs.into_iter().map(|job| row(job, &filter)).collect_view();
    view! {
        <p class="muted">{count}</p>
        <TableFrame label=move || t_string!(i18n, jobs.table)>
            <table class="report-table job-list" data-testid="job-list">
                <caption class="visually-hidden">{t!(i18n, jobs.newest_first)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, jobs.job)}</th>
                        <th scope="col">{t!(i18n, jobs.kind)}</th>
                        <th scope="col">{t!(i18n, jobs.queue)}</th>
                        <th scope="col">{t!(i18n, jobs.state)}</th>
                        <th scope="col">{t!(i18n, jobs.attempt)}</th>
                        <th scope="col">{t!(i18n, jobs.enqueued)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableFrame>
    }
    .into_any()
}

fn row(job: JobRow, filter: &JobsFilter) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let state = job.state;
    let (attempt, max) = (job.attempt, job.max_attempts);
    view! {
        <tr data-job=job.id data-state=state.as_str()>
            <td>
                <a href=href(filter, Some(job.id))>{format!("#{}", job.id)}</a>
            </td>
            <td>{job.kind}</td>
            <td>{job.queue}</td>
            <td>
                <span class=format!("job-state job-state-{}", state.as_str())>
                    {move || words::state(i18n.get_locale(), state)}
                </span>
            </td>
            <td>{t!(i18n, jobs.attempt_of, attempt = move || attempt, max = move || max)}</td>
            <td>
                {chrono::DateTime::from_timestamp_millis(job.inserted_at_ms)
                    .map(|at| view! { <LocalTime at style=TimeStyle::Brief /> })}
            </td>
        </tr>
    }
}
