//! `/admin/system` (recipes 12, 14, 37 — this product's Observer): the node at a glance for
//! admins — its figures, supervised tasks, live rooms, recent log lines (filtered by a GET
//! form, so the URL says what is shown and it works without JavaScript) and the health checks
//! on demand. Signed out it sends people to sign in; anyone else gets "Admins only" with a 403.

mod checks;
mod figures;
mod logs;
mod tasks;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{
    components::Redirect,
    hooks::{use_location, use_query_map},
};
use model::system::SystemReport;

use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    i18n::{t, t_string, use_i18n},
    refusals::failure,
    system::{StopRoom, node_report},
};
use checks::HealthChecks;
use figures::{Escalation, Figures};
use logs::{LogFilterForm, LogTable};
use tasks::{RoomTable, TaskTable};

/// The system page, for admins only.
#[component]
pub fn SystemPage() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, system.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/admin/system") /> }.into_any(),
            Some(user) if !user.is_admin => view! { <AdminsOnly /> }.into_any(),
            Some(_) => view! { <Report /> }.into_any(),
        }}
    }
}

/// What a signed-in non-admin sees on an admin page; the server answers it with 403 Forbidden.
#[component]
pub(crate) fn AdminsOnly() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    let i18n = use_i18n();
    view! {
        <section class="panel narrow" role="alert">
            <h1>{t!(i18n, system.admins_only)}</h1>
            <p class="muted">{t!(i18n, system.admins_only_lead)}</p>
            <a href="/">{t!(i18n, error_page.back_home)}</a>
        </section>
    }
}

/// The report for the filter in the URL, loaded again when the filter changes, a room is
/// stopped, or the admin asks.
#[component]
fn Report() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(logs::filter_from_query));
    let before = Memo::new(move |_| query.with(logs::before_from_query));
    let stop = ServerAction::<StopRoom>::new();
    let refreshes = RwSignal::new(0_u32);
    let i18n = use_i18n();
    let report = Resource::new(
        move || {
            (
                filter.get(),
                before.get(),
                stop.version().get(),
                refreshes.get(),
            )
        },
        |(filter, before, _, _)| node_report(filter, before),
    );

    // The same page again: without JavaScript a reload, with it a fresh report in place.
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };

    view! {
        <section class="system" aria-labelledby="system-title">
            <header class="panel-head">
                <h1 id="system-title">{t!(i18n, system.title)}</h1>
                <a
                    class="button refresh"
                    href=here
                    on:click=move |ev| {
                        // The element's own listener runs before the router's (on the
                        // window), which leaves a prevented click alone.
                        ev.prevent_default();
                        refreshes.update(|count| *count += 1);
                    }
                >
                    {t!(i18n, system.refresh)}
                </a>
            </header>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, system.loading_report)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Overview report stop /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    }
                })}
            </Transition>
            <HealthChecks />
            <section class="panel" aria-labelledby="logs-title">
                <h2 id="logs-title">{t!(i18n, system.logs.heading)}</h2>
                <LogFilterForm filter />
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, system.logs.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match report.await {
                            Ok(report) => view! { <LogTable lines=report.logs kept=report.logs_kept older=report.logs_older /> }
                                .into_any(),
                            // Said once, above.
                            Err(_) => ().into_any(),
                        }
                    })}
                </Transition>
            </section>
        </section>
    }
}

/// Everything in the report but its log lines.
#[component]
fn Overview(mut report: SystemReport, stop: ServerAction<StopRoom>) -> impl IntoView {
    let escalation = report.escalation.take();
    let tasks = std::mem::take(&mut report.tasks);
    let rooms = std::mem::take(&mut report.rooms);
    view! {
        <Escalation escalation />
        <Figures report />
        <TaskTable tasks />
        <RoomTable rooms stop />
    }
    .into_any()
}

/// A failed load, in words (never internals: [`AppError`] carries none).
#[component]
fn Problem(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let words = move || failure(i18n.get_locale(), &error);
    view! { <p class="form-error" role="alert">{words}</p> }
}
