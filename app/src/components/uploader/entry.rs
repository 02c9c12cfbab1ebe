//! One chosen file in an uploader's list, and how it is shown.

use leptos::prelude::*;

use super::choice::{Problem, words};
use crate::{
    i18n::{t, t_string, use_i18n},
    pages::units,
};

/// A chosen file as the page shows it. What only the browser holds (the `File`, its request)
/// lives beside it in the browser half, under the same `id`.
#[derive(Clone)]
pub struct Entry {
    pub id: u64,
    pub name: String,
    pub size: u64,
    /// A local `blob:` URL of the picture, for images; revoked when the entry goes.
    pub preview: Option<String>,
    pub stage: RwSignal<Stage>,
    /// How much of the file has been sent, 0–100.
    pub percent: RwSignal<u8>,
}

/// Where an entry stands. A finished or cancelled upload leaves the list, so it has no stage.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "entries are made in the browser only")
)]
pub enum Stage {
    /// Passed the checks, waiting for "Upload".
    Waiting,
    Sending,
    /// Refused, before sending (the shared rules) or by the server.
    Refused(Problem),
}

/// One entry: its preview, name and size, the bytes sent as a bar and a figure, its error, and
/// a button that cancels it (or takes a refused one off the list).
#[component]
pub fn EntryRow(entry: Entry, on_cancel: Callback<u64>) -> impl IntoView {
    let Entry {
        id,
        name,
        size,
        preview,
        stage,
        percent,
    } = entry;
    let i18n = use_i18n();
    let state = move || match stage.get() {
        Stage::Waiting => "waiting",
        Stage::Sending => "sending",
        Stage::Refused(_) => "refused",
    };
    let error = move || match stage.get() {
        Stage::Refused(problem) => Some(words(i18n.get_locale(), &problem)),
        _ => None,
    };
    let status = move || match stage.get() {
        Stage::Waiting => t_string!(i18n, uploads.ready),
        Stage::Sending if percent.get() == 100 => t_string!(i18n, uploads.checking),
        Stage::Sending => t_string!(i18n, uploads.uploading),
        Stage::Refused(_) => t_string!(i18n, uploads.not_uploaded),
    };
    let button = move || match stage.get() {
        Stage::Refused(_) => t!(i18n, uploads.remove).into_any(),
        _ => t!(i18n, uploads.cancel).into_any(),
    };
    let error_id = format!("upload-{id}-error");
    // A file named like a picture that is not one shows no preview rather than a broken image.
    let unreadable = RwSignal::new(false);
    view! {
        <li class="upload-entry" data-state=state>
            {move || match preview.clone().filter(|_| !unreadable.get()) {
                Some(url) => view! {
                    <img class="upload-preview" src=url alt="" on:error=move |_| unreadable.set(true) />
                }
                .into_any(),
                None => view! { <span class="upload-preview upload-preview-none" aria-hidden="true"></span> }.into_any(),
            }}
            <div class="upload-main">
                <p class="upload-name">
                    <span class="upload-file">{name.clone()}</span>
                    <span class="muted">{move || units::file_size(i18n.get_locale(), size)}</span>
                </p>
                <div class="upload-progress">
                    <progress
                        max="100"
                        value=move || percent.get()
                        aria-label=move || t_string!(i18n, uploads.upload_of, name = name.clone())
                        aria-describedby=error_id.clone()
                    ></progress>
                    <span class="upload-percent">{move || format!("{}%", percent.get())}</span>
                    <span class="upload-status muted">{status}</span>
                </div>
                <p class="upload-error" id=error_id role="alert">{error}</p>
            </div>
            <button type="button" class="small" on:click=move |_| on_cancel.run(id)>
                {button}
            </button>
        </li>
    }
}
