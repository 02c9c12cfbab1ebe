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
#[cfg(any(feature = "hydrate", test))]
mod choice;
mod entry;

use leptos::{ev, prelude::*};
use model::uploads::UploadRules;
use serde::de::DeserializeOwned;

use entry::{Entry, EntryRow, Stage};

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
    /// A problem with the choice as a whole ("Too many files").
    notice: RwSignal<Option<String>>,
    /// The last upload that went through, in words ("photo.png uploaded.").
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
                            .then_some(
                                if rules.max_entries > 1 {
                                    "Drop files here or choose them. "
                                } else {
                                    "Drop a file here or choose one. "
                                },
                            )
                    }}
                    {match rules.max_entries {
                        1 => format!("{rules}."),
                        many => format!("{rules}, {many} at a time."),
                    }}
                </p>
            </div>
            <p class="form-error" id=notice_id role="alert">{move || queue.notice.get()}</p>
            <p class="upload-done" role="status">
                {move || queue.done.get().map(|done| view! { <span aria-hidden="true">"✓ "</span> {done} })}
            </p>
            <ul class="upload-entries" aria-label="Chosen files">
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
                                "Upload automatically"
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
                    "Upload"
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
