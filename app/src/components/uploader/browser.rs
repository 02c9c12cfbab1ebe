//! The browser half of an uploader: the chosen `File`s, their previews, and one
//! `XMLHttpRequest` per file being sent, whose upload progress drives the entry's bar.
//!
//! Nothing here is called while the `files` map is borrowed: dropping a request aborts it,
//! and an abort runs its `loadend` handler at once, which looks in the map again.

use std::collections::HashMap;

use leptos::prelude::*;
use model::uploads::{UploadError, display_name};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use web_sys::{File, FileList, ProgressEvent, Url, XmlHttpRequest};

use super::{
    Queue,
    choice::{Problem, admit, refusal, refused},
    entry::{Entry, Stage},
};

/// What the browser holds for each entry, by entry id.
pub type Files = HashMap<u64, Held>;

/// A chosen file: the `File` itself, its preview URL, and its request while it is sent.
/// Dropping it cancels the request and frees the preview.
pub struct Held {
    file: File,
    preview: Option<String>,
    sending: Option<Sending>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(url) = &self.preview
            && let Err(error) = Url::revoke_object_url(url)
        {
            leptos::logging::warn!("could not free the preview {url}: {error:?}");
        }
    }
}

/// A request under way and its progress handler, which must live as long as it does.
struct Sending {
    request: XmlHttpRequest,
    _on_progress: Closure<dyn FnMut(ProgressEvent)>,
}

impl Drop for Sending {
    fn drop(&mut self) {
        if let Ok(upload) = self.request.upload() {
            upload.set_onprogress(None);
        }
        if self.request.ready_state() != XmlHttpRequest::DONE
            && let Err(error) = self.request.abort()
        {
            leptos::logging::warn!("could not abort an upload: {error:?}");
        }
    }
}

impl Queue {
    /// Makes entries of chosen or dropped files: checked with the shared rules, as many as
    /// there is room for. Refused entries of an earlier choice go (their words were read; this
    /// is the next attempt); where the rules take one file (an avatar), the new choice replaces
    /// whatever is there, as LiveView does. With automatic upload, the accepted ones are sent
    /// at once.
    pub(super) fn choose(self, list: &FileList) {
        let chosen: Vec<File> = (0..list.length()).filter_map(|at| list.item(at)).collect();
        if chosen.is_empty() {
            return;
        }
        let replaced = self.rules.max_entries == 1;
        let gone: Vec<u64> = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .filter(|entry| {
                    replaced || matches!(entry.stage.get_untracked(), Stage::Refused(_))
                })
                .map(|entry| entry.id)
                .collect()
        });
        for id in gone {
            self.remove(id);
        }

        // A `File`'s size is a whole number of bytes, carried in a JavaScript number.
        let named: Vec<(String, u64)> = chosen
            .iter()
            .map(|file| (file.name(), file.size() as u64))
            .collect();
        let admission = admit(&self.rules, self.entries.with_untracked(Vec::len), &named);
        let too_many = admission
            .too_many
            .then(|| Problem::Refused(refusal(&self.rules, UploadError::TooMany)));
        self.notice.set(too_many);

        let mut added = Vec::new();
        for ((file, (name, size)), verdict) in chosen.into_iter().zip(named).zip(admission.verdicts)
        {
            let id = self.next_id.get_value();
            self.next_id.set_value(id + 1);
            let preview = file
                .type_()
                .starts_with("image/")
                .then(|| Url::create_object_url_with_blob(&file).ok())
                .flatten();
            added.push(Entry {
                id,
                name: display_name(&name),
                size,
                preview: preview.clone(),
                stage: RwSignal::new(match verdict {
                    Ok(()) => Stage::Waiting,
                    Err(error) => Stage::Refused(Problem::Refused(refusal(&self.rules, error))),
                }),
                percent: RwSignal::new(0),
            });
            self.files.update_value(|files| {
                files.insert(
                    id,
                    Held {
                        file,
                        preview,
                        sending: None,
                    },
                );
            });
        }
        let ids: Vec<u64> = added.iter().map(|entry| entry.id).collect();
        self.entries.update(|entries| entries.extend(added));
        if self.auto_upload.get_untracked() {
            for id in ids {
                self.start(id);
            }
        }
    }

    /// Sends every entry that waits for "Upload"; with none chosen, says what to do first.
    pub(super) fn start_waiting(self) {
        let waiting: Vec<u64> = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .filter(|entry| entry.stage.get_untracked() == Stage::Waiting)
                .map(|entry| entry.id)
                .collect()
        });
        if self.entries.with_untracked(Vec::is_empty) {
            self.notice.set(Some(Problem::NothingChosen));
        }
        for id in waiting {
            self.start(id);
        }
    }

    /// Sends a waiting entry's file.
    pub(super) fn start(self, id: u64) {
        let Some(entry) = self.entry(id) else { return };
        if entry.stage.get_untracked() != Stage::Waiting {
            return;
        }
        let Some(file) = self
            .files
            .with_value(|files| files.get(&id).map(|held| held.file.clone()))
        else {
            return;
        };
        match self.send(id, &file, entry.percent) {
            Ok(sending) => {
                self.files.update_value(|files| {
                    if let Some(held) = files.get_mut(&id) {
                        held.sending = Some(sending);
                    }
                });
                entry.stage.set(Stage::Sending);
            }
            Err(error) => {
                leptos::logging::error!("could not start an upload: {error:?}");
                entry.stage.set(Stage::Refused(Problem::NotStarted));
            }
        }
    }

    /// Posts `file` as the raw body to the endpoint, reporting the bytes sent into `percent`.
    fn send(self, id: u64, file: &File, percent: RwSignal<u8>) -> Result<Sending, JsValue> {
        let request = XmlHttpRequest::new()?;
        let name = String::from(js_sys::encode_uri_component(&file.name()));
        request.open("POST", &format!("{}?name={name}", self.action))?;
        request.set_request_header("Accept", "application/json")?;
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                let sent = (event.loaded() / event.total() * 100.0).floor();
                // Within 0–100 by the clamp.
                percent.try_set(sent.clamp(0.0, 100.0) as u8);
            }
        });
        request
            .upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        let answered = request.clone();
        // Called once whatever the outcome (load, error, abort), which frees it.
        let on_loadend = Closure::once_into_js(move || self.answered(id, &answered));
        request.set_onloadend(Some(on_loadend.unchecked_ref()));
        request.send_with_opt_blob(Some(file))?;
        Ok(Sending {
            request,
            _on_progress: on_progress,
        })
    }

    /// The server answered (or the connection failed): an accepted file leaves the list and
    /// goes to the page; a refused one shows why.
    fn answered(self, id: u64, request: &XmlHttpRequest) {
        // Cancelled: the entry and what it held are gone already.
        let Some(_sending) = self
            .files
            .try_update_value(|files| files.get_mut(&id).and_then(|held| held.sending.take()))
            .flatten()
        else {
            return;
        };
        let Some(entry) = self.entry(id) else { return };
        let status = request.status().unwrap_or(0);
        let body = request.response_text().ok().flatten().unwrap_or_default();
        if (200..300).contains(&status) {
            if self.finished.run(body) {
                self.done.try_set(Some(entry.name.clone()));
                self.remove(id);
            } else {
                entry
                    .stage
                    .try_set(Stage::Refused(Problem::AnswerUnreadable));
            }
        } else {
            entry.stage.try_set(Stage::Refused(refused(status, &body)));
        }
    }

    /// Frees what the browser holds for an entry, cancelling its request.
    pub(super) fn forget(self, id: u64) {
        let held = self
            .files
            .try_update_value(|files| files.remove(&id))
            .flatten();
        drop(held);
    }

    /// Frees everything, cancelling every request: the uploader is gone.
    pub(super) fn clear(self) {
        let held = self.files.try_update_value(std::mem::take);
        drop(held);
    }

    fn entry(self, id: u64) -> Option<Entry> {
        self.entries
            .try_with_untracked(|entries| entries.iter().find(|entry| entry.id == id).cloned())
            .flatten()
    }
}
