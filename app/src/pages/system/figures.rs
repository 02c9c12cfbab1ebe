//! The node's figures at a glance, and the banner that says it is not ready.

use leptos::prelude::*;
use model::system::SystemReport;

use crate::{
    i18n::{t, t_string, use_i18n},
    pages::units,
};

/// Shown only when a supervised task failed beyond its restart intensity: the node answers
/// "not ready" to its load balancer until it is restarted.
#[component]
pub fn Escalation(escalation: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    escalation.map(|reason| {
        view! {
            <p class="flash flash-error escalation" role="alert">
                {t!(i18n, system.not_ready, reason = move || reason.clone())}
            </p>
        }
    })
}

/// Uptime, memory, the async runtime, sockets, people online, and the database pool.
#[component]
pub fn Figures(report: SystemReport) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let SystemReport {
        uptime_secs,
        memory_bytes,
        runtime_workers,
        runtime_tasks,
        sockets,
        users_online,
        pool_in_use,
        pool_size,
        ..
    } = report;
    let memory = move || match memory_bytes {
        Some(bytes) => units::mebibytes(locale(), bytes),
        None => t_string!(i18n, system.figures.not_reported).to_owned(),
    };
    let runtime = move || {
        let workers = units::integer(locale(), runtime_workers);
        let tasks = units::integer(locale(), runtime_tasks);
        t_string!(
            i18n,
            system.figures.workers_tasks,
            workers = workers,
            tasks = tasks
        )
    };
    view! {
        <section class="panel" aria-labelledby="figures-title">
            <h2 id="figures-title">{t!(i18n, system.node)}</h2>
            <dl class="figures">
                <div data-figure="uptime">
                    <dt>{t!(i18n, system.figures.uptime)}</dt>
                    <dd>{move || units::uptime(locale(), uptime_secs)}</dd>
                </div>
                <div data-figure="memory">
                    <dt>{t!(i18n, dashboard.tiles.memory)}</dt>
                    <dd>{memory}</dd>
                </div>
                <div data-figure="runtime">
                    <dt>{t!(i18n, system.figures.runtime)}</dt>
                    <dd>{runtime}</dd>
                </div>
                <div data-figure="sockets">
                    <dt>{t!(i18n, dashboard.tiles.sockets)}</dt>
                    <dd>{move || units::integer(locale(), sockets)}</dd>
                </div>
                <div data-figure="users_online">
                    <dt>{t!(i18n, dashboard.tiles.users_online)}</dt>
                    <dd>{move || units::integer(locale(), users_online)}</dd>
                </div>
                <div data-figure="pool">
                    <dt>{t!(i18n, dashboard.tiles.pool)}</dt>
                    <dd>{t!(i18n, dashboard.tiles.pool_use, used = move || pool_in_use, size = move || pool_size)}</dd>
                </div>
            </dl>
        </section>
    }
}
