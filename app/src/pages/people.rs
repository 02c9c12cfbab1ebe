//! `/admin/users` (recipes 3 and 23), admins only: how many people there are by role and by
//! month of sign-up, everyone as a CSV download, and people added from a CSV file with a report
//! of every row refused. The file goes to the API (`POST /api/v2/users/import`) as it is.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::accounts::{ImportReport, UsersReport};

use crate::{
    auth::{Viewer, sign_in_path},
    components::TableFrame,
    people::people_report,
};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    view! {
        <Title text="People" />
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
    view! {
        <section class="panel" aria-labelledby="people-title">
            <h1 id="people-title">"People"</h1>
            <Transition fallback=|| view! { <p class="muted">"Counting…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Report report /> }.into_any(),
                        Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="panel" aria-labelledby="export-title">
            <h2 id="export-title">"Export"</h2>
            <p class="muted">"Every account as a CSV file, one row each: id, email, name, age, role, active, created_at."</p>
            <a class="button" href="/api/v2/users/export" download="users.csv">"Download all accounts (CSV)"</a>
        </section>
        <Import imported />
    }
}

#[component]
fn Report(report: UsersReport) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Accounts"</dt>
            <dd data-testid="people-total">{report.total}</dd>
            <dt>"Admins"</dt>
            <dd>{report.admins}</dd>
            <dt>"Members"</dt>
            <dd>{report.users}</dd>
        </dl>
        <TableFrame label="Sign-ups by month">
            <table class="report-table">
                <caption>"Sign-ups by month"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Month"</th>
                        <th scope="col" class="number">"Signed up"</th>
                        <th scope="col" class="number">"Admins"</th>
                        <th scope="col" class="number">"Members"</th>
                    </tr>
                </thead>
                <tbody>
                    {report
                        .months
                        .into_iter()
                        .map(|month| {
                            view! {
                                <tr>
                                    <th scope="row">{month.month}</th>
                                    <td class="number">{month.total}</td>
                                    <td class="number">{month.admins}</td>
                                    <td class="number">{month.users}</td>
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
    Refused(String),
}

#[component]
fn Import(imported: Callback<()>) -> impl IntoView {
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
                outcome.set(Some(Outcome::Refused("Choose a CSV file first.".into())));
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
            <h2 id="import-title">"Import"</h2>
            <p class="muted">
                "A CSV file whose first row names its columns: email and name, and age if you have it. Each row is checked like a registration; the people added set their own password."
            </p>
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for="import-file">"CSV file"</label>
                    <input id="import-file" name="file" type="file" accept=".csv,text/csv" node_ref=input />
                </div>
                <button type="submit" disabled=move || pending.get()>"Import"</button>
            </form>
            <div aria-live="polite">
                {move || outcome.get().map(|outcome| match outcome {
                    Outcome::Refused(why) => view! { <p class="form-error" role="alert">{why}</p> }.into_any(),
                    Outcome::Done(report) => view! { <ImportResult report /> }.into_any(),
                })}
            </div>
        </section>
    }
}

#[component]
fn ImportResult(report: ImportReport) -> impl IntoView {
    let added = match report.accepted {
        1 => "1 person added.".to_owned(),
        n => format!("{n} people added."),
    };
    let refused = report.refused.len();
    view! {
        <p class="import-summary" role="status">
            {added}
            {(refused > 0).then(|| format!(" {refused} rows refused:"))}
        </p>
        {(refused > 0).then(|| view! {
            <TableFrame label="Rows refused">
                <table class="report-table import-refused">
                    <caption class="visually-hidden">"Rows refused"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="number">"Row"</th>
                            <th scope="col">"Why"</th>
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
        Err(error) => return Outcome::Refused(error.to_string()),
    };
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return Outcome::Refused(crate::AppError::Network.to_string()),
    };
    if response.ok() {
        match response.json::<ImportReport>().await {
            Ok(report) => Outcome::Done(report),
            Err(error) => Outcome::Refused(error.to_string()),
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
            Err(_) => Outcome::Refused(format!("The import answered {}.", response.status())),
        }
    }
}
