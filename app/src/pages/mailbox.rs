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
    mailbox::{MailSummary, MailView, mailbox_clear, mailbox_list, mailbox_mail},
};

#[component]
pub fn Mailbox() -> impl IntoView {
    let emptied = RwSignal::new(0_u32);
    let list = Resource::new(move || emptied.get(), |_| mailbox_list());
    let chosen = Memo::new(move |_| {
        use_query_map().with(|query| query.get("id").and_then(|id| id.parse::<i64>().ok()))
    });
    let empty = Action::new(|()| mailbox_clear());
    Effect::new(move || {
        if empty.value().get().is_some() {
            emptied.update(|count| *count += 1);
        }
    });

    view! {
        <Title text="Dev mailbox" />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p class="muted">"Opening the mailbox…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(mails) => view! {
                        <section class="panel" aria-labelledby="mailbox-title">
                            <h1 id="mailbox-title">"Dev mailbox"</h1>
                            <p class="muted">"Mail this node kept instead of sending it: dev and test only, readable from this machine only."</p>
                            <MailList mails chosen />
                            <button type="button" class="secondary" on:click=move |_| { empty.dispatch(()); }>
                                "Empty the mailbox"
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
    if mails.is_empty() {
        return view! { <p>"No mail yet."</p> }.into_any();
    }
    view! {
        <table class="mail-list">
            <caption class="visually-hidden">"Kept mail, newest first"</caption>
            <thead>
                <tr><th scope="col">"Subject"</th><th scope="col">"To"</th><th scope="col">"Kept at"</th></tr>
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
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Opening the mail…"</p> }>
            {move || Suspend::new(async move {
                match mail.await {
                    Ok(mail) => view! { <MailParts mail /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <section class="panel"><p>"There is no such mail (the mailbox may have been emptied)."</p></section>
                    }
                    .into_any(),
                    Err(error) => view! { <section class="panel"><p role="alert">{error.to_string()}</p></section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MailParts(mail: MailView) -> impl IntoView {
    let id = mail.summary.id;
    let files = mail.attachments;
    view! {
        <section class="panel mail" aria-labelledby="mail-subject">
            <h2 id="mail-subject">{mail.summary.subject}</h2>
            <dl class="facts">
                <dt>"From"</dt><dd>{mail.from}</dd>
                <dt>"To"</dt><dd>{mail.summary.to}</dd>
                <dt>"Kept at"</dt><dd><LocalTime at=mail.summary.sent_at /></dd>
            </dl>
            <h3>"HTML"</h3>
            <iframe class="mail-html" title="The mail's HTML part" sandbox="" src=format!("/dev/mailbox/{id}/html")></iframe>
            <h3>"Plain text"</h3>
            <pre class="mail-text" tabindex="0" aria-label="The mail's plain text">{mail.text}</pre>
            <h3>"Attachments"</h3>
            {if files.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {files
                            .into_iter()
                            .map(|file| {
                                let size = units::file_size(u64::try_from(file.size).unwrap_or(0));
                                let name = file.filename.clone();
                                view! {
                                    <li>
                                        <a href=format!("/dev/mailbox/{id}/attachments/{}", file.position) download=name>
                                            {file.filename}
                                        </a>
                                        " "<span class="muted">{format!("{}, {size}", file.content_type)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <h3>"Headers"</h3>
            <pre class="mail-headers" tabindex="0" aria-label="The mail's headers">{mail.headers}</pre>
        </section>
    }
}
