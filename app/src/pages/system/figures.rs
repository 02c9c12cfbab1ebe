//! The node's figures at a glance, and the banner that says it is not ready.

use leptos::prelude::*;
use model::system::SystemReport;

use crate::pages::units;

/// Shown only when a supervised task failed beyond its restart intensity: the node answers
/// "not ready" to its load balancer until it is restarted.
#[component]
pub fn Escalation(escalation: Option<String>) -> impl IntoView {
    escalation.map(|reason| {
        view! {
            <p class="flash flash-error escalation" role="alert">
                "The node is not ready: " {reason}
            </p>
        }
    })
}

/// Uptime, memory, the async runtime, sockets, people online, and the database pool.
#[component]
pub fn Figures(report: SystemReport) -> impl IntoView {
    let figures = [
        ("uptime", "Uptime", units::uptime(report.uptime_secs)),
        (
            "memory",
            "Memory",
            report
                .memory_bytes
                .map_or_else(|| "not reported".to_owned(), units::mebibytes),
        ),
        (
            "runtime",
            "Runtime",
            format!(
                "{} workers, {} tasks",
                report.runtime_workers, report.runtime_tasks
            ),
        ),
        (
            "sockets",
            "WebSocket connections",
            report.sockets.to_string(),
        ),
        (
            "users_online",
            "Users online",
            report.users_online.to_string(),
        ),
        (
            "pool",
            "Database pool",
            format!("{} in use / {}", report.pool_in_use, report.pool_size),
        ),
    ];
    view! {
        <section class="panel" aria-labelledby="figures-title">
            <h2 id="figures-title">"Node"</h2>
            <dl class="figures">
                {figures
                    .into_iter()
                    .map(|(name, label, value)| {
                        view! {
                            <div data-figure=name>
                                <dt>{label}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}
