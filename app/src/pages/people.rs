//! `/admin/users` (recipes 3 and 23), admins only: how many people there are by role and by
//! month of sign-up, everyone as a CSV download, and people added from a CSV file with a report
//! of every row refused. The file goes to the API (`POST /api/v2/users/import`) as it is.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::accounts::{ImportReport, UsersReport};

use crate::{
    auth::{Viewer, sign_in_path},
    components::{TableFrame, month_of_year},
    i18n::{t, t_string, use_i18n},
    pages::units,
    people::people_report,
    refusals::failure,
};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, people.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/admin/users") /> }.into_any(),
            Some(user) if !user.is_admin => view! { <super::system::AdminsOnly /> }.into_any(),
            Some(_) => view! { <People /> }.into_any(),
        }}
    }
}

#[component]
fn People() -> impl IntoView {
    let changed = RwSignal::new(0_u32);
    let report = Resource::new(move || changed.get(), |_| people_report());
    let imported = Callback::new(move |()| changed.update(|count| *count += 1));
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="people-title">
            <h1 id="people-title">{t!(i18n, people.title)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, people.counting)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Report report /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        <section class="panel" aria-labelledby="export-title">
            <h2 id="export-title">{t!(i18n, people.export)}</h2>
            <p class="muted">{t!(i18n, people.export_lead)}</p>
            <a class="button" href="/api/v2/users/export" download="users.csv">{t!(i18n, people.download)}</a>
        </section>
        <Import imported />
    }
}

#[component]
fn Report(report: UsersReport) -> impl IntoView {
    let i18n = use_i18n();
    let number = move |n: i64| move || units::integer(i18n.get_locale(), n);
    view! {
        <dl class="facts">
            <dt>{t!(i18n, people.accounts)}</dt>
            <dd data-testid="people-total">{number(report.total)}</dd>
            <dt>{t!(i18n, people.admins)}</dt>
            <dd>{number(report.admins)}</dd>
            <dt>{t!(i18n, people.members)}</dt>
            <dd>{number(report.users)}</dd>
        </dl>
        <TableFrame label=move || t_string!(i18n, people.by_month)>
            <table class="report-table">
                <caption>{t!(i18n, people.by_month)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, people.month)}</th>
                        <th scope="col" class="number">{t!(i18n, people.signed_up)}</th>
                        <th scope="col" class="number">{t!(i18n, people.admins)}</th>
                        <th scope="col" class="number">{t!(i18n, people.members)}</th>
                    </tr>
                </thead>
                <tbody>
                    {report
                        .months
                        .into_iter()
                        .map(|month| {
                            let key = month.month;
                            let named = move || month_of_year(i18n.get_locale(), &key);
                            view! {
                                <tr>
                                    <th scope="row">{named}</th>
                                    <td class="number">{number(month.total)}</td>
                                    <td class="number">{number(month.admins)}</td>
                                    <td class="number">{number(month.users)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableFrame>
    }
}

/// What an import answered: its report, or why the whole file was refused (made in the
/// browser only).
#[derive(Clone, Debug)]
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "only the browser sends the file")
)]
enum Outcome {
    Done(ImportReport),
    /// No file was chosen.
    NoFile,
    /// The request failed, or its answer could not be read.
    Failed(crate::AppError),
    /// The API's words (in the page's language: it follows the language cookie).
    Refused(String),
}

#[component]
fn Import(imported: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = input
                .get_untracked()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
            else {
                outcome.set(Some(Outcome::NoFile));
                return;
            };
            pending.set(true);
            leptos::task::spawn_local(async move {
                outcome.set(Some(send(file).await));
                pending.set(false);
                imported.run(());
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, imported);
    };
    view! {
        <section class="panel" aria-labelledby="import-title">
            <h2 id="import-title">{t!(i18n, people.import)}</h2>
            <p class="muted">{t!(i18n, people.import_lead)}</p>
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for="import-file">{t!(i18n, people.csv_file)}</label>
                    <input id="import-file" name="file" type="file" accept=".csv,text/csv" node_ref=input />
                </div>
                <button type="submit" disabled=move || pending.get()>{t!(i18n, people.import_button)}</button>
            </form>
            <div aria-live="polite">
                {move || outcome.get().map(|outcome| match outcome {
                    Outcome::NoFile => view! { <p class="form-error" role="alert">{t!(i18n, people.no_file)}</p> }.into_any(),
                    Outcome::Failed(error) => {
                        let words = move || failure(i18n.get_locale(), &error);
                        view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                    }
                    Outcome::Refused(why) => view! { <p class="form-error" role="alert">{why}</p> }.into_any(),
                    Outcome::Done(report) => view! { <ImportResult report /> }.into_any(),
                })}
            </div>
        </section>
    }
}

#[component]
fn ImportResult(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let accepted = report.accepted;
    let refused = report.refused.len();
    view! {
        <p class="import-summary" role="status">
            {t!(i18n, people.added, count = move || accepted)}
            {(refused > 0).then(|| view! { " " {t!(i18n, people.rows_refused, count = move || refused)} })}
        </p>
        {(refused > 0).then(|| view! {
            <TableFrame label=move || t_string!(i18n, people.refused_table)>
                <table class="report-table import-refused">
                    <caption class="visually-hidden">{t!(i18n, people.refused_table)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="number">{t!(i18n, people.row)}</th>
                            <th scope="col">{t!(i18n, people.why)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.refused.into_iter().map(|row| view! {
                            <tr>
                                <td class="number">{row.row}</td>
                                <td>{row.reason}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableFrame>
        })}
    }
}

/// Sends `file` as it is to the API's import, and reads its report or its problem.
#[cfg(feature = "hydrate")]
async fn send(file: web_sys::File) -> Outcome {
    #[derive(serde::Deserialize)]
    struct Answer {
        detail: String,
        #[serde(default)]
        errors: std::collections::BTreeMap<String, String>,
    }
    let request = match gloo_net::http::Request::post("/api/v2/users/import")
        .header("content-type", "text/csv")
        .body(file)
    {
        Ok(request) => request,
        Err(_) => return Outcome::Failed(crate::AppError::Internal),
    };
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return Outcome::Failed(crate::AppError::Network),
    };
    if response.ok() {
        match response.json::<ImportReport>().await {
            Ok(report) => Outcome::Done(report),
            Err(_) => Outcome::Failed(crate::AppError::Internal),
        }
    } else {
        match response.json::<Answer>().await {
            Ok(problem) => Outcome::Refused(
                problem
                    .errors
                    .into_values()
                    .next()
                    .unwrap_or(problem.detail),
            ),
            Err(_) => Outcome::Failed(crate::AppError::Internal),
        }
    }
}
