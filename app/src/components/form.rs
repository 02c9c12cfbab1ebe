//! What the forms share: the server's last verdict on a form, and sending a form through its
//! server function.

use std::future::Future;

use leptos::{html, prelude::*, task::spawn_local};
use model::{accounts::FieldErrors, refusal::Refusal};

use crate::{
    AppError,
    i18n::{Locale, td_string, use_i18n},
    pages::go_to,
    refusals::{failure, say},
};

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

    /// `field`'s error in the reader's words: the server's while the field holds what was
    /// sent, else `local()`.
    pub fn error_or(
        self,
        field: &'static str,
        value: RwSignal<String>,
        local: impl Fn() -> Option<Refusal> + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            let current = value.get();
            let from_server = self.0.with(|(errors, sent)| {
                let unchanged = sent
                    .iter()
                    .any(|(name, value)| *name == field && *value == current);
                errors.get(field).filter(|_| unchanged).cloned()
            });
            from_server
                .or_else(&local)
                .map(|refusal| say(i18n.get_locale(), &refusal))
        })
    }

    /// The server's error for `field`, one the reader cannot fix by typing (a spent link).
    pub fn server_error(self, field: &'static str) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            self.0.with(|(errors, _)| {
                errors
                    .get(field)
                    .map(|refusal| say(i18n.get_locale(), refusal))
            })
        })
    }
}

/// One form's sending state: in flight or not, and a message that belongs to no field.
#[derive(Clone, Copy)]
pub struct Submission {
    pub pending: RwSignal<bool>,
    /// Shown in a `role="alert"` line: what went wrong, or which fields need attention.
    pub message: RwSignal<Option<String>>,
    /// The form, when its view gives it (`node_ref=submission.form`): a refusal then moves
    /// focus to its first invalid field.
    pub form: NodeRef<html::Form>,
    verdict: Verdict,
    /// Its messages are in the page's language at the time.
    i18n: leptos_i18n::I18nContext<Locale>,
}

impl Submission {
    pub fn new(verdict: Verdict) -> Self {
        Self {
            pending: RwSignal::new(false),
            message: RwSignal::new(None),
            form: NodeRef::new(),
            verdict,
            i18n: use_i18n(),
        }
    }

    /// After a refused submit, once the page shows the fields' errors: names the fields that
    /// need attention in [`Self::message`] (read out, being an alert) and moves focus to the
    /// first of them, so that neither a keyboard nor a screen reader has to hunt for it.
    pub fn point_to_errors(self) {
        // Emptied first, so that the same summary twice in a row is still read out again.
        self.message.set(None);
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;

            let Some(form) = self.form.get_untracked() else {
                return;
            };
            let Ok(invalid) = form.query_selector_all("[aria-invalid='true']") else {
                return;
            };
            let mut labels = Vec::new();
            let mut first = None;
            for index in 0..invalid.length() {
                let Some(field) = invalid
                    .item(index)
                    .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
                else {
                    continue;
                };
                let label = form
                    .query_selector(&format!("label[for='{}']", field.id()))
                    .ok()
                    .flatten()
                    .and_then(|label| label.text_content());
                labels.extend(label);
                first.get_or_insert(field);
            }
            if let Some(first) = first {
                let _ = first.focus();
                self.message
                    .set(needs_attention(self.i18n.get_locale_untracked(), &labels));
            }
        });
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
                Err(AppError::Invalid(errors)) => {
                    self.verdict.0.set((errors, sent));
                    self.point_to_errors();
                }
                Err(other) => {
                    let words = failure(self.i18n.get_locale_untracked(), &other);
                    self.message.set(Some(words));
                }
            }
            self.pending.set(false);
        });
    }
}

/// "Email needs attention." / "2 fields need attention: Name and Password." / "3 fields need
/// attention: Name, Email and Password."; none when no field is named.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn needs_attention(locale: Locale, labels: &[String]) -> Option<String> {
    match labels {
        [] => None,
        [one] => Some(td_string!(locale, form.one_needs_attention, field = one)),
        [rest @ .., last] => {
            let and = td_string!(locale, form.and);
            let fields = format!("{} {and} {last}", rest.join(", "));
            let count = labels.len();
            Some(td_string!(
                locale,
                form.fields_need_attention,
                count = count,
                fields = fields
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::needs_attention;
    use crate::i18n::Locale;

    #[test]
    fn the_summary_names_each_field_that_needs_attention() {
        let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect::<Vec<_>>();
        let english = Locale::en;
        assert_eq!(needs_attention(english, &[]), None);
        assert_eq!(
            needs_attention(english, &names(&["Email"])).as_deref(),
            Some("Email needs attention.")
        );
        assert_eq!(
            needs_attention(english, &names(&["Name", "Password"])).as_deref(),
            Some("2 fields need attention: Name and Password.")
        );
        assert_eq!(
            needs_attention(english, &names(&["Name", "Email", "Password"])).as_deref(),
            Some("3 fields need attention: Name, Email and Password.")
        );
        assert_eq!(
            needs_attention(Locale::es, &names(&["Nombre", "Correo", "Contraseña"])).as_deref(),
            Some("3 campos necesitan tu atención: Nombre, Correo y Contraseña.")
        );
    }
}
