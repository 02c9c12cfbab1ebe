//! The health checks on demand: the node runs them side by side, each with a timeout, and the
//! page lists each one's outcome and how long it took.

use leptos::prelude::*;
use model::system::CheckResult;

use crate::{pages::units, system::RunHealthChecks};

/// A button that runs the checks, and their results once they are in.
#[component]
pub fn HealthChecks() -> impl IntoView {
    let checks = ServerAction::<RunHealthChecks>::new();
    let results = move || {
        checks.value().get().map(|outcome| match outcome {
            Ok(results) => view! {
                <ul class="checks">{results.into_iter().map(check_item).collect_view()}</ul>
            }
            .into_any(),
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="checks-title">
            <h2 id="checks-title">"Health checks"</h2>
            <ActionForm action=checks>
                <button type="submit" disabled=move || checks.pending().get()>
                    {move || if checks.pending().get() { "Running…" } else { "Run health checks" }}
                </button>
            </ActionForm>
            <div aria-live="polite">{results}</div>
        </section>
    }
}

fn check_item(check: CheckResult) -> impl IntoView {
    let verdict = if check.ok { "ok" } else { "failed" };
    let name = check.name.clone();
    view! {
        <li class="check" data-check=name data-ok=check.ok.to_string()>
            <span class="check-name">{check.name}</span>
            <span class=format!("check-verdict check-{verdict}")>{verdict}</span>
            <span class="check-detail">{check.detail}</span>
            <span class="check-duration">{units::millis(check.duration_ms)}</span>
        </li>
    }
}
