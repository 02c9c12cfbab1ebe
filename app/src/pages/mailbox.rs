//! `/dev/mailbox` (Swoosh's dev mailbox): the mail this node kept instead of sending, newest
//! first, and one mail whole — who it is from and to, its plain text, its HTML part in a
//! sandboxed frame, its headers and its files. Only in dev and test, only from this machine;
//! elsewhere the page does not exist (404).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::{NotFound, units};
use crate::{
    AppError,
    components::{LocalTime, TimeStyle},
    i18n::{t, t_string, use_i18n},
    mailbox::{MailSummary, MailView, mailbox_clear, mailbox_list, mailbox_mail},
    refusals::failure,
};

#[component]
pub fn Mailbox() -> impl IntoView {
    let emptied = RwSignal::new(0_u32);
    let list = Resource::new(move || emptied.get(), |_| mailbox_list());
    let chosen = Memo::new(move |_| {
        use_query_map().with(|query| query.get("id").and_then(|id| id.parse::<i64>().ok()))
    });
    let empty = Action::new(|()| mailbox_clear());
    let i18n = use_i18n();
    Effect::new(move || {
        if empty.value().get().is_some() {
            emptied.update(|count| *count += 1);
        }
    });

    view! {
        <Title text=move || t_string!(i18n, mailbox.title) />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, mailbox.opening)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(mails) => view! {
                        <section class="panel" aria-labelledby="mailbox-title">
                            <h1 id="mailbox-title">{t!(i18n, mailbox.title)}</h1>
                            <p class="muted">{t!(i18n, mailbox.lead)}</p>
                            <MailList mails chosen />
                            <button type="button" class="secondary" on:click=move |_| { empty.dispatch(()); }>
                                {t!(i18n, mailbox.empty)}
                            </button>
                        </section>
                        {move || chosen.get().map(|id| view! { <MailShown id /> })}
                    }
                    .into_any(),
                    Err(_) => view! { <NotFound /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MailList(mails: Vec<MailSummary>, chosen: Memo<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    if mails.is_empty() {
        return view! { <p>{t!(i18n, mailbox.no_mail)}</p> }.into_any();
    }
    view! {
        <table class="mail-list">
            <caption class="visually-hidden">{t!(i18n, mailbox.newest_first)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, mailbox.subject)}</th>
                    <th scope="col">{t!(i18n, mailbox.to)}</th>
                    <th scope="col">{t!(i18n, mailbox.kept_at)}</th>
                </tr>
            </thead>
            <tbody>
                {mails
                    .into_iter()
                    .map(|mail| {
                        let id = mail.id;
                        let current = move || chosen.get() == Some(id);
                        view! {
                            <tr>
                                <td>
                                    <a href=format!("/dev/mailbox?id={id}") aria-current=move || current().then_some("true")>
                                        {mail.subject}
                                    </a>
                                </td>
                                <td>{mail.to}</td>
                                <td><LocalTime at=mail.sent_at style=TimeStyle::Brief /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn MailShown(id: i64) -> impl IntoView {
    let mail = Resource::new(move || id, mailbox_mail);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, mailbox.opening_mail)}</p> }>
            {move || Suspend::new(async move {
                match mail.await {
                    Ok(mail) => view! { <MailParts mail /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="panel"><p>{t!(i18n, mailbox.no_such_mail)}</p></section>
                    }
                    .into_any(),
                    Err(error) => {
                        let words = failure(i18n.get_locale_untracked(), &error);
                        view! { <section class="panel"><p role="alert">{words}</p></section> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MailParts(mail: MailView) -> impl IntoView {
    let id = mail.summary.id;
    let files = mail.attachments;
    let i18n = use_i18n();
    view! {
        <section class="panel mail" aria-labelledby="mail-subject">
            <h2 id="mail-subject">{mail.summary.subject}</h2>
            <dl class="facts">
                <dt>{t!(i18n, mailbox.from)}</dt><dd>{mail.from}</dd>
                <dt>{t!(i18n, mailbox.to)}</dt><dd>{mail.summary.to}</dd>
                <dt>{t!(i18n, mailbox.kept_at)}</dt><dd><LocalTime at=mail.summary.sent_at /></dd>
            </dl>
            <h3>"HTML"</h3>
            <iframe class="mail-html" title=move || t_string!(i18n, mailbox.html_part) sandbox="" src=format!("/dev/mailbox/{id}/html")></iframe>
            <h3>{t!(i18n, mailbox.plain_text)}</h3>
            <pre class="mail-text" tabindex="0" aria-label=move || t_string!(i18n, mailbox.text_part)>{mail.text}</pre>
            <h3>{t!(i18n, mailbox.attachments)}</h3>
            {if files.is_empty() {
                view! { <p class="muted">{t!(i18n, mailbox.none)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {files
                            .into_iter()
                            .map(|file| {
                                let bytes = u64::try_from(file.size).unwrap_or(0);
                                let content_type = file.content_type.clone();
                                let about = move || {
                                    let size = units::file_size(i18n.get_locale(), bytes);
                                    format!("{content_type}, {size}")
                                };
                                let name = file.filename.clone();
                                view! {
                                    <li>
                                        <a href=format!("/dev/mailbox/{id}/attachments/{}", file.position) download=name>
                                            {file.filename}
                                        </a>
                                        " "<span class="muted">{about}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <h3>{t!(i18n, mailbox.headers)}</h3>
            <pre class="mail-headers" tabindex="0" aria-label=move || t_string!(i18n, mailbox.headers_part)>{mail.headers}</pre>
        </section>
    }
}
