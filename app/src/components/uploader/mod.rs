//! A file uploader with live progress (recipes 22 and 43), for any [`UploadRules`] and endpoint:
//! the files page and the avatar both use it.
//!
//! It is a real `multipart/form-data` form posting to its endpoint, so it works without
//! JavaScript. In the browser it takes over: chosen or dropped files are checked with the
//! shared rules before a byte is sent, each becomes an entry, and each is sent on its own
//! `XMLHttpRequest` (the raw file as the body, `?name=` its name), concurrently, with a bar
//! that follows the bytes actually sent — `fetch` cannot report upload progress.

#[cfg(feature = "hydrate")]
mod browser;
mod choice;
mod entry;

use leptos::{ev, prelude::*};
use model::uploads::UploadRules;
use serde::de::DeserializeOwned;

use choice::{Problem, words};
use entry::{Entry, EntryRow, Stage};

use crate::{
    i18n::{t, t_string, td_string, use_i18n},
    pages::units,
};

/// One uploader's state: the entries and what the browser holds for them.
#[derive(Clone, Copy)]
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "only the browser sends files")
)]
struct Queue {
    rules: UploadRules,
    /// Where files are posted: `/uploads`, `/profile/avatar`.
    action: &'static str,
    entries: RwSignal<Vec<Entry>>,
    /// A problem with the choice as a whole (too many files).
    notice: RwSignal<Option<Problem>>,
    /// The name of the last file that went through ("photo.png uploaded.").
    done: RwSignal<Option<String>>,
    /// Whether a chosen file is sent at once, or waits for "Upload".
    auto_upload: RwSignal<bool>,
    next_id: StoredValue<u64>,
    /// Hands the body of a successful answer to the page; false when it is not what the page
    /// expected.
    finished: Callback<String, bool>,
    #[cfg(feature = "hydrate")]
    files: StoredValue<browser::Files, LocalStorage>,
}

/// A drop zone and file picker for `rules`, posting to `action` (its multipart field named
/// `field` without JavaScript). Each upload the server accepts is handed to `on_uploaded`.
/// With `auto_upload` files are always sent as soon as they are chosen; without it, an
/// "Upload automatically" box lets the reader choose, and "Upload" sends what waits.
#[component]
pub fn Uploader<T>(
    rules: UploadRules,
    action: &'static str,
    field: &'static str,
    /// The picker's label, e.g. "Choose files".
    #[prop(into)]
    label: TextProp,
    #[prop(optional)] auto_upload: bool,
    on_uploaded: Callback<T>,
) -> impl IntoView
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let finished = Callback::new(move |body: String| match serde_json::from_str::<T>(&body) {
        Ok(info) => {
            on_uploaded.run(info);
            true
        }
        Err(_) => false,
    });
    let queue = Queue {
        rules,
        action,
        entries: RwSignal::new(Vec::new()),
        notice: RwSignal::new(None),
        done: RwSignal::new(None),
        auto_upload: RwSignal::new(auto_upload),
        next_id: StoredValue::new(0),
        finished,
        #[cfg(feature = "hydrate")]
        files: StoredValue::new_local(browser::Files::default()),
    };
    #[cfg(feature = "hydrate")]
    on_cleanup(move || queue.clear());

    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let i18n = use_i18n();
    let rules_words = move || {
        let locale = i18n.get_locale();
        let types: Vec<String> = rules
            .extensions
            .iter()
            .map(|extension| extension.trim_start_matches('.').to_uppercase())
            .collect();
        let max = units::megabytes(locale, rules.max_bytes);
        let types = types.join(", ");
        match rules.max_entries {
            1 => td_string!(locale, uploads.rules_single, types = types, max = max),
            many => td_string!(
                locale,
                uploads.rules_several,
                types = types,
                max = max,
                count = many
            ),
        }
    };
    let dragging = RwSignal::new(false);
    let input_id = format!("{field}-input");
    let hint_id = format!("{field}-hint");
    let notice_id = format!("{field}-notice");

    let on_change = move |ev: ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(input) = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if let Some(files) = input.files() {
                    queue.choose(&files);
                }
                // Emptied, so choosing the same file again is a change too.
                input.set_value("");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_dragover = move |ev: ev::DragEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(transfer) = ev.data_transfer() {
            transfer.set_drop_effect("copy");
        }
        dragging.set(true);
    };
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(files) = ev.data_transfer().and_then(|transfer| transfer.files()) {
            queue.choose(&files);
        }
    };
    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        queue.start_waiting();
    };
    let on_cancel = Callback::new(move |id: u64| queue.remove(id));

    view! {
        <form
            class="uploader"
            method="post"
            action=action
            enctype="multipart/form-data"
            on:submit=on_submit
        >
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=on_dragover
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for=input_id.clone()>{move || label.get()}</label>
                <input
                    id=input_id
                    type="file"
                    name=field
                    accept=rules.accept_attribute()
                    multiple={rules.max_entries > 1}
                    aria-describedby=format!("{hint_id} {notice_id}")
                    on:change=on_change
                />
                <p class="field-hint" id=hint_id>
                    {move || {
                        hydrated
                            .get()
                            .then(|| {
                                if rules.max_entries > 1 {
                                    t_string!(i18n, uploads.drop_several)
                                } else {
                                    t_string!(i18n, uploads.drop_single)
                                }
                            })
                    }}
                    {move || hydrated.get().then_some(" ")}
                    {rules_words}
                </p>
            </div>
            <p class="form-error" id=notice_id role="alert">
                {move || queue.notice.with(|notice| notice.as_ref().map(|problem| words(i18n.get_locale(), problem)))}
            </p>
            <p class="upload-done" role="status">
                {move || queue.done.get().map(|name| view! {
                    <span aria-hidden="true">"✓ "</span>
                    {t!(i18n, uploads.uploaded, name = move || name.clone())}
                })}
            </p>
            <ul class="upload-entries" aria-label=move || t_string!(i18n, uploads.chosen)>
                <For each=move || queue.entries.get() key=|entry| entry.id let:entry>
                    <EntryRow entry on_cancel />
                </For>
            </ul>
            <div class="uploader-actions">
                {(!auto_upload)
                    .then(|| {
                        view! {
                            <label class="auto-upload" class:hidden=move || !hydrated.get()>
                                <input type="checkbox" bind:checked=queue.auto_upload />
                                {t!(i18n, uploads.automatically)}
                            </label>
                        }
                    })}
                // Once hydrated, shown only when something waits for it (not while files send).
                <button
                    type="submit"
                    class:hidden=move || {
                        hydrated.get() && (queue.auto_upload.get() || !queue.any_waiting())
                    }
                >
                    {t!(i18n, uploads.upload)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

impl Queue {
    /// Whether a chosen file waits for "Upload".
    fn any_waiting(self) -> bool {
        self.entries.with(|entries| {
            entries
                .iter()
                .any(|entry| entry.stage.with(|stage| *stage == Stage::Waiting))
        })
    }

    /// Takes an entry off the list, cancelling its upload if one is under way.
    fn remove(self, id: u64) {
        self.entries
            .update(|entries| entries.retain(|entry| entry.id != id));
        #[cfg(feature = "hydrate")]
        self.forget(id);
    }
}
