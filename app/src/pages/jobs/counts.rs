//! Jobs counted by queue and state, each count a link to the list of those jobs.

use leptos::prelude::*;
use model::jobs::{JobState, JobsFilter, JobsOverview};

use super::href;
use crate::components::TableFrame;

/// The counts table of `overview` (before the first one arrives: a line saying so).
#[component]
pub fn CountsTable(overview: RwSignal<Option<JobsOverview>>) -> impl IntoView {
    move || {
        overview.with(|overview| match overview {
            None => view! { <p class="muted">"Counting the jobs…"</p> }.into_any(),
            Some(overview) if overview.counts.is_empty() => {
                view! { <p class="muted" data-testid="no-jobs">"No jobs yet."</p> }.into_any()
            }
            Some(overview) => table(overview).into_any(),
        })
    }
}

fn table(overview: &JobsOverview) -> impl IntoView + use<> {
    let cell = |queue: Option<&str>, state: JobState, jobs: u64| {
        let filter = JobsFilter {
            state: Some(state),
            queue: queue.map(str::to_owned),
            kind: None,
        };
        let label = format!(
            "{jobs} {} in {}",
            state.label().to_lowercase(),
            queue.map_or_else(|| "all queues".to_owned(), |queue| format!("queue {queue}"))
        );
        view! {
            <td data-state=state.as_str()>
                {if jobs == 0 {
                    view! { <span class="muted">"0"</span> }.into_any()
                } else {
                    view! { <a href=href(&filter, None) aria-label=label>{jobs}</a> }.into_any()
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
        <TableFrame label="Jobs by queue and state">
            <table class="report-table job-counts" data-testid="job-counts">
                <caption>"Jobs by queue and state"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Queue"</th>
                        {JobState::ALL
                            .into_iter()
                            .map(|state| view! { <th scope="col">{state.label()}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr data-queue="">
                        <th scope="row">"All queues"</th>
                        {totals}
                    </tr>
                </tfoot>
            </table>
        </TableFrame>
    }
}
