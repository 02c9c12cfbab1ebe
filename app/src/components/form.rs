//! What the forms share: the server's last verdict on a form, and sending a form through its
//! server function.

use std::future::Future;

use leptos::{prelude::*, task::spawn_local};
use model::accounts::FieldErrors;

use crate::{AppError, pages::go_to};

/// A form's values by field name, as sent.
pub type Sent = Vec<(&'static str, String)>;

/// What the server last said about a form: its field errors and the values they were about.
/// A field's server error shows only while the field still holds what was sent, and then wins
/// over the browser's own check, which cannot know e.g. that an email is taken.
#[derive(Clone, Copy)]
pub struct Verdict(RwSignal<(FieldErrors, Sent)>);

impl Verdict {
    pub fn new(errors: FieldErrors, sent: Sent) -> Self {
        Self(RwSignal::new((errors, sent)))
    }

    /// `field`'s error: the server's while the field holds what was sent, else `local()`.
    pub fn error_or(
        self,
        field: &'static str,
        value: RwSignal<String>,
        local: impl Fn() -> Option<String> + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        Signal::derive(move || {
            let current = value.get();
            let from_server = self.0.with(|(errors, sent)| {
                let unchanged = sent
                    .iter()
                    .any(|(name, value)| *name == field && *value == current);
                errors.get(field).filter(|_| unchanged).map(str::to_owned)
            });
            from_server.or_else(&local)
        })
    }

    /// The server's error for `field`, one the reader cannot fix by typing (a spent link).
    pub fn server_error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.0
                .with(|(errors, _)| errors.get(field).map(str::to_owned))
        })
    }
}

/// One form's sending state: in flight or not, and a message that belongs to no field.
#[derive(Clone, Copy)]
pub struct Submission {
    pub pending: RwSignal<bool>,
    pub message: RwSignal<Option<String>>,
    verdict: Verdict,
}

impl Submission {
    pub fn new(verdict: Verdict) -> Self {
        Self {
            pending: RwSignal::new(false),
            message: RwSignal::new(None),
            verdict,
        }
    }

    /// Sends the form through `call` (once at a time): on success a full load of the page the
    /// server names; on refusal the server's field errors, or its message.
    pub fn send(self, sent: Sent, call: impl Future<Output = Result<String, AppError>> + 'static) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.message.set(None);
        spawn_local(async move {
            match call.await {
                Ok(next) => go_to(&next),
                Err(AppError::Invalid(errors)) => self.verdict.0.set((errors, sent)),
                Err(other) => self.message.set(Some(other.to_string())),
            }
            self.pending.set(false);
        });
    }
}
