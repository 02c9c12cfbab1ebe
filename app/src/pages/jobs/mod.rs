//! `/admin/jobs` (recipe 38, Oban Web's part): the job queue, live, for admins. The counts per
//! queue and state and the minute chart come over the socket (`admin:jobs`, pushed when the
//! queue moves — never polled); the list (filtered by a GET form, so the URL says what is
//! shown) and one job's detail (`?job=`) are server functions, asked again on each push and
//! after each action. Signed out it sends people to sign in; anyone else gets a 403.

mod chart;
mod counts;
mod detail;
mod list;
#[cfg(feature = "hydrate")]
mod live;
mod words;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{components::Redirect, hooks::use_query_map, params::ParamsMap};
use model::jobs::{JobState, JobsFilter, JobsOverview, Minute};

use super::system::AdminsOnly;
use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    components::{Link, LinkStatus, Trouble},
    i18n::{t, t_string, use_i18n},
    jobs::{ActOnJob, list_jobs, open_job},
    refusals::failure,
};
use chart::MinuteChart;
use counts::CountsTable;
use detail::JobCard;
use list::{JobTable, JobsFilterForm};

/// What the socket brings, as signals the live half fills.
#[derive(Clone, Copy)]
struct JobsState {
    overview: RwSignal<Option<JobsOverview>>,
    /// Counts the pushes: the list and the open job are asked again on each.
    moved: RwSignal<u32>,
    link: RwSignal<Link>,
    problem: RwSignal<Option<Trouble>>,
}

/// The filter and the open job a URL asks for: `state` (a state's name; anything else means
/// all), `queue`, `kind` (empty means all) and `job` (an id).
fn from_query(query: &ParamsMap) -> (JobsFilter, Option<i64>) {
    let name = |key: &str| query.get(key).filter(|value| !value.trim().is_empty());
    (
        JobsFilter {
            state: query.get_str("state").and_then(JobState::parse),
            queue: name("queue"),
            kind: name("kind"),
        },
        query.get_str("job").and_then(|id| id.parse().ok()),
    )
}

/// The page's URL for `filter`, with job `job` open.
fn href(filter: &JobsFilter, job: Option<i64>) -> String {
    let mut query = url_pairs(filter);
    if let Some(job) = job {
        query.push(("job", job.to_string()));
    }
    let query: Vec<String> = query
        .into_iter()
        .map(|(key, value)| format!("{key}={}", super::encode(&value)))
        .collect();
    if query.is_empty() {
        "/admin/jobs".to_owned()
    } else {
        format!("/admin/jobs?{}", query.join("&"))
    }
}

fn url_pairs(filter: &JobsFilter) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(state) = filter.state {
        pairs.push(("state", state.as_str().to_owned()));
    }
    if let Some(queue) = &filter.queue {
        pairs.push(("queue", queue.clone()));
    }
    if let Some(kind) = &filter.kind {
        pairs.push(("kind", kind.clone()));
    }
    pairs
}

/// The jobs page, for admins only.
#[component]
pub fn JobsPage() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, jobs.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/admin/jobs") /> }.into_any(),
            Some(user) if !user.is_admin => view! { <AdminsOnly /> }.into_any(),
            Some(_) => view! { <Board /> }.into_any(),
        }}
    }
}

#[component]
fn Board() -> impl IntoView {
    let state = JobsState {
        overview: RwSignal::new(None),
        moved: RwSignal::new(0),
        link: RwSignal::new(Link::Connecting),
        problem: RwSignal::new(None),
    };

    #[cfg(feature = "hydrate")]
    live::start(state).stop_on_cleanup();

    let i18n = use_i18n();
    let query = use_query_map();
    let asked = Memo::new(move |_| query.with(from_query));
    let filter = Memo::new(move |_| asked.with(|(filter, _)| filter.clone()));
    let open = Memo::new(move |_| asked.with(|(_, job)| *job));
    let act = ServerAction::<ActOnJob>::new();
    let jobs = Resource::new(
        move || (filter.get(), state.moved.get(), act.version().get()),
        |(filter, _, _)| list_jobs(filter),
    );
    let job = Resource::new(
        move || (open.get(), state.moved.get(), act.version().get()),
        |(open, _, _)| async move {
            match open {
                Some(id) => open_job(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let minutes = Signal::derive(move || {
        state
            .overview
            .with(|overview| overview.as_ref().map(|o| o.minutes.clone()))
            .unwrap_or_else(Vec::<Minute>::new)
    });
    let acted = move || {
        act.value().get().map(|acted| {
            let locale = i18n.get_locale();
            let (ok, said) = match acted {
                Ok(acted) => (acted.done, words::acted(locale, &acted)),
                Err(error) => (false, failure(locale, &error)),
            };
            view! {
                <p class=if ok { "flash flash-info" } else { "flash flash-error" } role="status">
                    {said}
                </p>
            }
        })
    };

    view! {
        <section class="jobs" aria-labelledby="jobs-title">
            <header class="dashboard-head">
                <h1 id="jobs-title">{t!(i18n, jobs.title)}</h1>
                <LinkStatus link=state.link offline=move || t_string!(i18n, jobs.offline) />
            </header>
            <p class="muted">{t!(i18n, jobs.lead)}</p>
            <noscript>
                <p class="panel">{t!(i18n, jobs.needs_javascript)}</p>
            </noscript>
            {move || {
                state
                    .problem
                    .get()
                    .map(|problem| {
                        let words = match problem {
                            Trouble::NotUnderstood => t_string!(i18n, jobs.not_understood),
                            Trouble::Unavailable => t_string!(i18n, jobs.unavailable),
                        };
                        view! { <p class="flash flash-error" role="alert">{words}</p> }
                    })
            }}
            <section class="panel" aria-labelledby="counts-title">
                <h2 id="counts-title">{t!(i18n, jobs.queues)}</h2>
                <CountsTable overview=state.overview />
                <MinuteChart minutes />
            </section>
            {acted}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match job.await {
                        Ok(Some(detail)) => view! { <JobCard detail act /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(AppError::NotFound) => view! {
                            <p class="form-error" role="alert">
                                {move || {
                                    let id = open.get_untracked().unwrap_or_default();
                                    t_string!(i18n, jobs.no_such_job, id = id)
                                }}
                            </p>
                        }
                        .into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
            <section class="panel" aria-labelledby="list-title">
                <h2 id="list-title">{t!(i18n, jobs.list)}</h2>
                <JobsFilterForm filter overview=state.overview />
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, jobs.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match jobs.await {
                            Ok(jobs) => view! { <JobTable jobs filter=filter.get_untracked() /> }.into_any(),
                            Err(error) => {
                                let words = failure(i18n.get_locale_untracked(), &error);
                                view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&'static str, &str)]) -> ParamsMap {
        let mut query = ParamsMap::new();
        for (key, value) in pairs {
            query.insert(*key, (*value).to_owned());
        }
        query
    }

    #[test]
    fn the_url_says_the_filter_and_the_open_job() {
        let (filter, job) = from_query(&query(&[
            ("state", "retryable"),
            ("queue", "mail"),
            ("kind", ""),
            ("job", "42"),
        ]));
        assert_eq!(filter.state, Some(JobState::Retryable));
        assert_eq!(filter.queue.as_deref(), Some("mail"));
        assert_eq!(filter.kind, None);
        assert_eq!(job, Some(42));
        assert_eq!(
            href(&filter, job),
            "/admin/jobs?state=retryable&queue=mail&job=42"
        );
    }

    #[test]
    fn garbage_in_the_url_filters_nothing() {
        let (filter, job) = from_query(&query(&[("state", "exploded"), ("job", "1; DROP")]));
        assert_eq!(filter, JobsFilter::default());
        assert_eq!(job, None);
        assert_eq!(href(&filter, None), "/admin/jobs");
    }

    #[test]
    fn names_are_percent_encoded_in_links() {
        let filter = JobsFilter {
            kind: Some("mail.welcome&x=1 é".to_owned()),
            ..JobsFilter::default()
        };
        assert_eq!(
            href(&filter, None),
            "/admin/jobs?kind=mail.welcome%26x%3D1%20%C3%A9"
        );
    }
}
