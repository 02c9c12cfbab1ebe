//! The person's stored files: a table with a thumbnail for pictures, the type, size and date,
//! a download link and a delete button.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use model::uploads::UploadInfo;

use crate::{
    AppError,
    components::{LocalTime, TableFrame, TimeStyle, focus_later},
    i18n::{Locale, t, t_string, td_string, use_i18n},
    pages::units,
    refusals::failure,
    uploads::delete_upload,
};

/// A stored file's type in words: "PNG image", "Word document".
fn kind(locale: Locale, content_type: &str) -> &'static str {
    match content_type {
        "image/jpeg" => td_string!(locale, uploads.kinds.jpeg),
        "image/png" => td_string!(locale, uploads.kinds.png),
        "image/gif" => td_string!(locale, uploads.kinds.gif),
        "application/pdf" => td_string!(locale, uploads.kinds.pdf),
        model::uploads::DOCX => td_string!(locale, uploads.kinds.docx),
        _ => td_string!(locale, uploads.kinds.other),
    }
}

/// Every file in `list` (newest first, as the server answers). `on_deleted` runs after a
/// delete, so the list loads again.
#[component]
pub fn StoredFiles(list: Vec<UploadInfo>, on_deleted: Callback<()>) -> impl IntoView {
    let problem = RwSignal::new(None::<AppError>);
    let i18n = use_i18n();
    let said = move || {
        problem.with(|problem| {
            problem
                .as_ref()
                .map(|error| failure(i18n.get_locale(), error))
        })
    };
    view! {
        <p class="form-error" role="alert">{said}</p>
        <TableFrame label=move || t_string!(i18n, uploads.table)>
            <table class="report-table files">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, uploads.preview)}</span></th>
                        <th scope="col">{t!(i18n, uploads.name)}</th>
                        <th scope="col" class="kind">{t!(i18n, uploads.kind)}</th>
                        <th scope="col" class="number">{t!(i18n, uploads.size)}</th>
                        <th scope="col">{t!(i18n, uploads.uploaded_at)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, tokens.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|upload| view! { <FileRow upload on_deleted problem /> })
                        .collect_view()}
                </tbody>
            </table>
        </TableFrame>
    }
}

/// One file. Its Delete is a plain form posting to `/uploads/<id>/delete`; with JavaScript it
/// asks first, in place ("Delete it" or "Keep it"), then calls the server function; the list
/// loads again and focus goes to the list's heading, the row it was on being gone.
#[component]
fn FileRow(
    upload: UploadInfo,
    on_deleted: Callback<()>,
    problem: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = upload.id;
    let pending = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let delete_button = format!("file-{id}-delete");
    let ask = {
        move |ev: SubmitEvent| {
            ev.prevent_default();
            problem.set(None);
            confirming.set(true);
            focus_later(format!("#file-{id}-keep"));
        }
    };
    let keep = {
        let delete_button = delete_button.clone();
        move |_| {
            confirming.set(false);
            focus_later(format!("#{delete_button}"));
        }
    };
    let delete = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            match delete_upload(id).await {
                Ok(()) => {
                    focus_later("#files-title".to_owned());
                    on_deleted.run(());
                }
                Err(error) => {
                    problem.set(Some(error));
                    pending.set(false);
                    confirming.set(false);
                }
            }
        });
    };
    let name = upload.name.clone();
    let actions = move || {
        let name = name.clone();
        if confirming.get() {
            view! {
                <p class="confirm">{t!(i18n, uploads.delete_ask, name = move || name.clone())}</p>
                <button type="button" class="small danger" disabled=move || pending.get() on:click=delete>
                    {t!(i18n, uploads.delete_it)}
                </button>
                <button type="button" id=format!("file-{id}-keep") class="small secondary" on:click=keep.clone()>
                    {t!(i18n, chat.actions.keep)}
                </button>
            }
            .into_any()
        } else {
            let download_label = {
                let name = name.clone();
                move || t_string!(i18n, uploads.download_named, name = name.clone())
            };
            let delete_label = {
                let name = name.clone();
                move || t_string!(i18n, uploads.delete_named, name = name.clone())
            };
            view! {
                <a href=format!("/uploads/{id}") download=name.clone() aria-label=download_label>
                    {t!(i18n, uploads.download)}
                </a>
                <form method="post" action=format!("/uploads/{id}/delete") on:submit=ask>
                    <button type="submit" id=delete_button.clone() class="small danger" aria-label=delete_label>
                        {t!(i18n, chat.actions.delete)}
                    </button>
                </form>
            }
            .into_any()
        }
    };
    let bytes = upload.size;
    let size = move || units::file_size(i18n.get_locale(), bytes);
    let content_type = upload.content_type.clone();
    view! {
        <tr data-id=id>
            <td class="file-thumbnail">
                {match upload.thumbnail_url() {
                    Some(src) => view! { <img class="thumbnail" src=src alt="" loading="lazy" /> }.into_any(),
                    None => view! { <span class="file-icon" aria-hidden="true">{upload.short_kind()}</span> }.into_any(),
                }}
            </td>
            <td class="file-cell">
                <span class="file-name">{upload.name.clone()}</span>
                <span class="file-size-inline">{size}</span>
            </td>
            <td class="file-kind">{move || kind(i18n.get_locale(), &content_type)}</td>
            <td class="number file-size">{size}</td>
            <td class="file-date">
                <LocalTime at=upload.created_at style=TimeStyle::Brief />
            </td>
            <td>
                <div class="file-actions">{actions}</div>
            </td>
        </tr>
    }
}
