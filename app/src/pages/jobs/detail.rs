//! One job: its fields, arguments and failed attempts, and what an admin may do to it now.

use leptos::prelude::*;
use model::jobs::{JobAction, JobDetail};

use super::words;
use crate::{
    components::{LocalTime, TableFrame},
    i18n::{t, t_string, use_i18n},
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
    let i18n = use_i18n();
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
            let label = move || {
                let action = words::action(i18n.get_locale(), action);
                t_string!(i18n, jobs.action_on, action = action, id = id)
            };
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
                        {move || words::action(i18n.get_locale(), action)}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    let errors_view = if errors.is_empty() {
        view! { <p class="muted">{t!(i18n, jobs.detail.no_failure)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=move || t_string!(i18n, jobs.detail.failed_attempts)>
                <table class="report-table job-errors" data-testid="job-errors">
                    <caption>{t!(i18n, jobs.detail.failed_attempts)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, jobs.attempt)}</th>
                            <th scope="col">{t!(i18n, system.logs.time)}</th>
                            <th scope="col">{t!(i18n, jobs.detail.error)}</th>
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
    let (attempt, max, kind, state) = (row.attempt, row.max_attempts, row.kind, row.state);
    view! {
        <section class="panel job-card" aria-labelledby="job-title" data-testid="job-card">
            <h2 id="job-title">{t!(i18n, jobs.detail.title, id = move || id, kind = move || kind.clone())}</h2>
            <dl class="facts">
                <dt>{t!(i18n, jobs.state)}</dt>
                <dd data-testid="job-state">{move || words::state(i18n.get_locale(), state)}</dd>
                <dt>{t!(i18n, jobs.queue)}</dt>
                <dd>{row.queue}</dd>
                <dt>{t!(i18n, jobs.attempt)}</dt>
                <dd>{t!(i18n, jobs.attempt_of, attempt = move || attempt, max = move || max)}</dd>
                <dt>{t!(i18n, jobs.detail.priority)}</dt>
                <dd>{priority}</dd>
                <dt>{t!(i18n, jobs.detail.unique_key)}</dt>
                <dd>{unique_key.unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{t!(i18n, jobs.enqueued)}</dt>
                <dd>{moment(Some(row.inserted_at_ms))}</dd>
                <dt>{t!(i18n, jobs.detail.due)}</dt>
                <dd>{moment(Some(row.run_at_ms))}</dd>
                <dt>{t!(i18n, jobs.detail.last_attempt)}</dt>
                <dd>
                    {moment(attempted_at_ms)}
                    {attempted_by.map(|node| view! { " " {t!(i18n, jobs.detail.on_node, node = move || node.clone())} })}
                </dd>
                <dt>{t!(i18n, jobs.detail.finished)}</dt>
                <dd>{moment(row.finished_at_ms)}</dd>
            </dl>
            <h3>{t!(i18n, jobs.detail.arguments)}</h3>
            <pre class="job-args" tabindex="0" aria-label=move || t_string!(i18n, jobs.detail.arguments_json)>{args}</pre>
            <h3>{t!(i18n, jobs.detail.errors)}</h3>
            {errors_view}
            <div class="job-actions" role="group" aria-label=move || t_string!(i18n, jobs.detail.what_to_do)>
                {buttons}
            </div>
        </section>
    }
}
