//! The person's stored files: a table with a thumbnail for pictures, the type, size and date,
//! a download link and a delete button.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use model::uploads::UploadInfo;

use crate::{
    components::{LocalTime, TableFrame, TimeStyle, focus_later},
    pages::units,
    uploads::delete_upload,
};

/// Every file in `list` (newest first, as the server answers). `on_deleted` runs after a
/// delete, so the list loads again.
#[component]
pub fn StoredFiles(list: Vec<UploadInfo>, on_deleted: Callback<()>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    view! {
        <p class="form-error" role="alert">{move || problem.get()}</p>
        <TableFrame label="Table of your files">
            <table class="report-table files">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Preview"</span></th>
                        <th scope="col">"Name"</th>
                        <th scope="col" class="kind">"Type"</th>
                        <th scope="col" class="number">"Size"</th>
                        <th scope="col">"Uploaded"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
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
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
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
                    problem.set(Some(error.to_string()));
                    pending.set(false);
                    confirming.set(false);
                }
            }
        });
    };
    let name = upload.name.clone();
    let actions = move || {
        if confirming.get() {
            view! {
                <p class="confirm">{format!("Delete {name}?")}</p>
                <button type="button" class="small danger" disabled=move || pending.get() on:click=delete>
                    "Delete it"
                </button>
                <button type="button" id=format!("file-{id}-keep") class="small secondary" on:click=keep.clone()>
                    "Keep it"
                </button>
            }
            .into_any()
        } else {
            view! {
                <a href=format!("/uploads/{id}") download=name.clone() aria-label=format!("Download {name}")>
                    "Download"
                </a>
                <form method="post" action=format!("/uploads/{id}/delete") on:submit=ask>
                    <button type="submit" id=delete_button.clone() class="small danger" aria-label=format!("Delete {name}")>
                        "Delete"
                    </button>
                </form>
            }
            .into_any()
        }
    };
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
                <span class="file-size-inline">{units::file_size(upload.size)}</span>
            </td>
            <td class="file-kind">{upload.kind()}</td>
            <td class="number file-size">{units::file_size(upload.size)}</td>
            <td class="file-date">
                <LocalTime at=upload.created_at style=TimeStyle::Brief />
            </td>
            <td>
                <div class="file-actions">{actions}</div>
            </td>
        </tr>
    }
}
