//! `/people/<id>`: a person's part in the board (recipes 30, 35) — posts, comments, likes
//! received, the tags they use most, their latest posts — and `/admin/board`, the admins'
//! report of everyone's activity by month and role (recipe 3).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{components::Redirect, hooks::use_params_map};
use model::board::BoardReport;

use super::{card::PostCard, feed_href};
use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    board::{FeedQuery, PersonView, activity_report, person_page},
    components::{Avatar, TableFrame},
    i18n::{t, t_string, use_i18n},
    pages::{NotFound, system::AdminsOnly, units::integer},
    refusals::failure,
};

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let person = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => person_page(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, board.loading)}</p> }>
            {move || Suspend::new(async move {
                match person.await {
                    Ok(view) => view! { <Person view /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => {
                        let words = failure(i18n.get_locale_untracked(), &error);
                        view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Person(view: PersonView) -> impl IntoView {
    let i18n = use_i18n();
    let PersonView { stats, recent } = view;
    let id = stats.person.id;
    let name = stats.person.name.clone();
    let all = feed_href(&FeedQuery {
        author: id.to_string(),
        ..FeedQuery::default()
    });
    let (posts, comments, likes) = (stats.posts, stats.comments, stats.likes_received);
    let figure = move |count: i64| move || integer(i18n.get_locale(), count);
    view! {
        <Title text=name.clone() />
        <section class="person" aria-labelledby="person-title">
            <header class="person-head">
                <Avatar name=name.clone() url=stats.person.avatar_url.clone() size="large" />
                <div>
                    <h1 id="person-title">{name.clone()}</h1>
                    <p class="muted">"@"{stats.handle.clone()}</p>
                </div>
            </header>
            <dl class="person-figures">
                <div><dt>{t!(i18n, board.posts_written)}</dt><dd>{figure(posts)}</dd></div>
                <div><dt>{t!(i18n, board.comments_written)}</dt><dd>{figure(comments)}</dd></div>
                <div><dt>{t!(i18n, board.likes_received)}</dt><dd>{figure(likes)}</dd></div>
            </dl>
            {(!stats.top_tags.is_empty()).then(|| view! {
                <h2>{t!(i18n, board.top_tags)}</h2>
                <ul class="tags">
                    {stats.top_tags.into_iter().map(|tag| {
                        let href = feed_href(&FeedQuery { tag: tag.tag.clone(), ..FeedQuery::default() });
                        let count = tag.posts;
                        view! {
                            <li>
                                <a href=href>"#"{tag.tag}" "<span class="muted">{move || t_string!(i18n, board.in_posts, count = count)}</span></a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <h2>{t!(i18n, board.latest_posts)}</h2>
            {if recent.is_empty() {
                view! { <p class="muted">{t!(i18n, board.no_posts_yet)}</p> }.into_any()
            } else {
                view! {
                    <ol class="post-list">
                        {recent.into_iter().map(|post| view! { <li><PostCard post /></li> }).collect_view()}
                    </ol>
                    <p><a href=all>{t!(i18n, board.all_their_posts)}</a></p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn BoardReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    view! {
        <Title text=move || t_string!(i18n, board.report_title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/admin/board") /> }.into_any(),
            Some(user) if !user.is_admin => view! { <AdminsOnly /> }.into_any(),
            Some(_) => view! { <Report /> }.into_any(),
        }}
    }
}

#[component]
fn Report() -> impl IntoView {
    let i18n = use_i18n();
    let report = Resource::new(|| (), |()| activity_report());
    view! {
        <section class="panel">
            <h1 id="report-title">{t!(i18n, board.report_title)}</h1>
            <p class="muted">{t!(i18n, board.report_lead)}</p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, board.loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <ReportTable report /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportTable(report: BoardReport) -> impl IntoView {
    let i18n = use_i18n();
    if report.months.is_empty() {
        return view! { <p class="muted">{t!(i18n, board.report_empty)}</p> }.into_any();
    }
    view! {
        <TableFrame label=move || t_string!(i18n, board.report_title)>
            <table class="report-table">
                <caption class="visually-hidden">{t!(i18n, board.report_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, board.month)}</th>
                        <th scope="col">{t!(i18n, board.role)}</th>
                        <th scope="col">{t!(i18n, board.posts_written)}</th>
                        <th scope="col">{t!(i18n, board.comments_written)}</th>
                        <th scope="col">{t!(i18n, board.likes_given)}</th>
                    </tr>
                </thead>
                <tbody>
                    {report.months.into_iter().map(|month| {
                        let role = if month.role == "admin" {
                            t_string!(i18n, board.role_admin)
                        } else {
                            t_string!(i18n, board.role_user)
                        };
                        let (posts, comments, likes) = (month.posts, month.comments, month.likes);
                        view! {
                            <tr>
                                <th scope="row">{month.month}</th>
                                <td>{role}</td>
                                <td>{move || integer(i18n.get_locale(), posts)}</td>
                                <td>{move || integer(i18n.get_locale(), comments)}</td>
                                <td>{move || integer(i18n.get_locale(), likes)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableFrame>
    }
    .into_any()
}
