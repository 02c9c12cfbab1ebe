//! One job: its fields, arguments and failed attempts, and what an admin may do to it now.

use leptos::prelude::*;
use model::jobs::{JobAction, JobDetail};

use crate::{
    components::{LocalTime, TableFrame},
    jobs::ActOnJob,
};

/// Job `detail` and the buttons its state allows (forms, so they work without JavaScript).
#[component]
pub fn JobCard(detail: JobDetail, act: ServerAction<ActOnJob>) -> impl IntoView {
    let JobDetail {
        row,
        args,
        priority,
        unique_key,
        attempted_at_ms,
        attempted_by,
        errors,
    } = detail;
    let id = row.id;
    let moment = |at_ms: Option<i64>| match at_ms {
        Some(at_ms) => match chrono::DateTime::from_timestamp_millis(at_ms) {
            Some(at) => view! { <LocalTime at /> }.into_any(),
            None => view! { <span class="muted">"—"</span> }.into_any(),
        },
        None => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let buttons = row
        .state
        .actions()
        .iter()
        .map(|&action| {
            let label = format!("{} job #{id}", action.label());
            view! {
                <ActionForm action=act>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="action" value=action.as_str() />
                    <button
                        type="submit"
                        class=if matches!(action, JobAction::Cancel | JobAction::Discard) { "danger" } else { "" }
                        aria-label=label
                        disabled=move || act.pending().get()
                    >
                        {action.label()}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    let errors_view = if errors.is_empty() {
        view! { <p class="muted">"No attempt has failed."</p> }.into_any()
    } else {
        view! {
            <TableFrame label="Failed attempts">
                <table class="report-table job-errors" data-testid="job-errors">
                    <caption>"Failed attempts"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Attempt"</th>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Error"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {errors
                            .into_iter()
                            .map(|error| {
                                view! {
                                    <tr>
                                        <td>{error.attempt}</td>
                                        <td>{moment(Some(error.at_ms))}</td>
                                        <td class="log-message">{error.error}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <section class="panel job-card" aria-labelledby="job-title" data-testid="job-card">
            <h2 id="job-title">{format!("Job #{id}: {}", row.kind)}</h2>
            <dl class="facts">
                <dt>"State"</dt>
                <dd data-testid="job-state">{row.state.label()}</dd>
                <dt>"Queue"</dt>
                <dd>{row.queue}</dd>
                <dt>"Attempt"</dt>
                <dd>{format!("{} of {}", row.attempt, row.max_attempts)}</dd>
                <dt>"Priority"</dt>
                <dd>{priority}</dd>
                <dt>"Unique key"</dt>
                <dd>{unique_key.unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Enqueued"</dt>
                <dd>{moment(Some(row.inserted_at_ms))}</dd>
                <dt>"Due"</dt>
                <dd>{moment(Some(row.run_at_ms))}</dd>
                <dt>"Last attempt"</dt>
                <dd>
                    {moment(attempted_at_ms)}
                    {attempted_by.map(|node| format!(" on {node}"))}
                </dd>
                <dt>"Finished"</dt>
                <dd>{moment(row.finished_at_ms)}</dd>
            </dl>
            <h3>"Arguments"</h3>
            <pre class="job-args" tabindex="0" aria-label="Arguments (JSON)">{args}</pre>
            <h3>"Errors"</h3>
            {errors_view}
            <div class="job-actions" role="group" aria-label="What to do with this job">
                {buttons}
            </div>
        </section>
    }
}
