//! Jobs counted by queue and state, each count a link to the list of those jobs.

use leptos::prelude::*;
use model::jobs::{JobState, JobsFilter, JobsOverview};

use super::{href, words};
use crate::{
    components::TableFrame,
    i18n::{Locale, t, t_string, td_string, use_i18n},
    pages::units,
};

/// The counts table of `overview` (before the first one arrives: a line saying so).
#[component]
pub fn CountsTable(overview: RwSignal<Option<JobsOverview>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        overview.with(|overview| match overview {
            None => view! { <p class="muted">{t!(i18n, jobs.counting)}</p> }.into_any(),
            Some(overview) if overview.counts.is_empty() => {
                view! { <p class="muted" data-testid="no-jobs">{t!(i18n, jobs.none_yet)}</p> }
                    .into_any()
            }
            Some(overview) => table(locale, overview).into_any(),
        })
    }
}

fn table(locale: Locale, overview: &JobsOverview) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let cell = move |queue: Option<&str>, state: JobState, jobs: u64| {
        let filter = JobsFilter {
            state: Some(state),
            queue: queue.map(str::to_owned),
            kind: None,
        };
        let figure = units::integer(locale, jobs);
        let state_words = words::state(locale, state);
        let label = match queue {
            Some(queue) => td_string!(
                locale,
                jobs.count_in_queue,
                count = figure.clone(),
                state = state_words,
                queue = queue
            ),
            None => td_string!(
                locale,
                jobs.count_in_all,
                count = figure.clone(),
                state = state_words
            ),
        };
        view! {
            <td data-state=state.as_str()>
                {if jobs == 0 {
                    view! { <span class="muted">"0"</span> }.into_any()
                } else {
                    view! { <a href=href(&filter, None) aria-label=label>{figure}</a> }.into_any()
                }}
            </td>
        }
    };
    let rows = overview
        .queues()
        .into_iter()
        .map(|queue| {
            let cells = JobState::ALL
                .into_iter()
                .map(|state| cell(Some(&queue), state, overview.count(&queue, state)))
                .collect_view();
            let name = queue.clone();
            view! {
                <tr data-queue=queue>
                    <th scope="row">{name}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let totals = JobState::ALL
        .into_iter()
        .map(|state| cell(None, state, overview.total(state)))
        .collect_view();
    view! {
        <TableFrame label=move || t_string!(i18n, jobs.counts)>
            <table class="report-table job-counts" data-testid="job-counts">
                <caption>{t!(i18n, jobs.counts)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, jobs.queue)}</th>
                        {JobState::ALL
                            .into_iter()
                            .map(|state| view! { <th scope="col">{words::state(locale, state)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr data-queue="">
                        <th scope="row">{t!(i18n, jobs.all_queues)}</th>
                        {totals}
                    </tr>
                </tfoot>
            </table>
        </TableFrame>
    }
}
