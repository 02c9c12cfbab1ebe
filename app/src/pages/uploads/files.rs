//! The person's stored files: a table with a thumbnail for pictures, the type, size and date,
//! a download link and a delete button.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use model::uploads::UploadInfo;

use crate::{pages::units, uploads::delete_upload};

/// Every file in `list` (newest first, as the server answers). `on_deleted` runs after a
/// delete, so the list loads again.
#[component]
pub fn StoredFiles(list: Vec<UploadInfo>, on_deleted: Callback<()>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    view! {
        <p class="form-error" role="alert">{move || problem.get()}</p>
        <div class="table-frame">
            <table class="report-table files">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Preview"</span></th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
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
        </div>
    }
}

/// One file. Its Delete is a plain form posting to `/uploads/<id>/delete`; with JavaScript it
/// calls the server function instead and the list loads again.
#[component]
fn FileRow(
    upload: UploadInfo,
    on_deleted: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = upload.id;
    let pending = RwSignal::new(false);
    let delete = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            match delete_upload(id).await {
                Ok(()) => on_deleted.run(()),
                Err(error) => {
                    problem.set(Some(error.to_string()));
                    pending.set(false);
                }
            }
        });
    };
    let at_ms = upload.created_at.timestamp_millis();
    view! {
        <tr data-id=id>
            <td class="file-thumbnail">
                {upload
                    .thumbnail_url()
                    .map(|src| view! { <img class="thumbnail" src=src alt="" loading="lazy" /> })}
            </td>
            <td class="file-name">{upload.name.clone()}</td>
            <td>{upload.kind()}</td>
            <td class="number">{units::file_size(upload.size)}</td>
            <td>
                <time datetime=units::rfc3339(at_ms)>{units::utc(at_ms)}</time>
            </td>
            <td>
                <div class="file-actions">
                    <a href=upload.url() download=upload.name.clone() aria-label=format!("Download {}", upload.name)>
                        "Download"
                    </a>
                    <form method="post" action=format!("/uploads/{id}/delete") on:submit=delete>
                        <button type="submit" class="small danger" disabled=move || pending.get() aria-label=format!("Delete {}", upload.name)>
                            "Delete"
                        </button>
                    </form>
                </div>
            </td>
        </tr>
    }
}
