//! The health checks on demand: the node runs them side by side, each with a timeout, and the
//! page lists each one's outcome and how long it took.

use leptos::prelude::*;
use model::system::CheckResult;

use crate::{
    i18n::{t, use_i18n},
    pages::units,
    refusals::failure,
    system::RunHealthChecks,
};

/// A button that runs the checks, and their results once they are in.
#[component]
pub fn HealthChecks() -> impl IntoView {
    let checks = ServerAction::<RunHealthChecks>::new();
    let i18n = use_i18n();
    let results = move || {
        checks.value().get().map(|outcome| match outcome {
            Ok(results) => view! {
                <ul class="checks">{results.into_iter().map(check_item).collect_view()}</ul>
            }
            .into_any(),
            Err(error) => {
                let words = failure(i18n.get_locale(), &error);
                view! { <p class="form-error" role="alert">{words}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="checks-title">
            <h2 id="checks-title">{t!(i18n, system.checks.heading)}</h2>
            <ActionForm action=checks>
                <button type="submit" disabled=move || checks.pending().get()>
                    {move || if checks.pending().get() {
                        t!(i18n, system.checks.running).into_any()
                    } else {
                        t!(i18n, system.checks.run).into_any()
                    }}
                </button>
            </ActionForm>
            <div aria-live="polite">{results}</div>
        </section>
    }
}

fn check_item(check: CheckResult) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = if check.ok { "ok" } else { "failed" };
    let said = move || {
        if check.ok {
            t!(i18n, system.checks.ok).into_any()
        } else {
            t!(i18n, system.checks.failed).into_any()
        }
    };
    let name = check.name.clone();
    let duration = move || units::millis(i18n.get_locale(), check.duration_ms);
    view! {
        <li class="check" data-check=name data-ok=check.ok.to_string()>
            <span class="check-name">{check.name}</span>
            <span class=format!("check-verdict check-{verdict}")>{said}</span>
            <span class="check-detail">{check.detail}</span>
            <span class="check-duration">{duration}</span>
        </li>
    }
}
