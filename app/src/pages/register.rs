use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_meta::{Meta, Title};
use model::accounts::{Email, RegistrationForm};

use crate::{
    AppError,
    auth::{RegistrationAttempt, email_taken, register},
    components::Field,
    debounce::debounced,
    pages::go_to,
};

const TAKEN: &str = "An account with this email already exists.";

/// Sign-up, validated as you type with the same rules the server applies (`model`), the email
/// checked against existing accounts after a 300 ms pause, and re-checked by the server on
/// submit. Without JavaScript the form posts to `/register`, which re-renders it on refusal.
#[component]
pub fn Register() -> impl IntoView {
    let attempt =
        SharedValue::new(|| use_context::<RegistrationAttempt>().unwrap_or_default()).into_inner();
    let refused = !attempt.errors.is_empty();
    let field = |value: &str| (RwSignal::new(value.to_owned()), RwSignal::new(refused));
    let (name, name_touched) = field(&attempt.form.name);
    let (email, email_touched) = field(&attempt.form.email);
    let (age, age_touched) = field(&attempt.form.age);
    let (password, password_touched) = field("");
    let (confirmation, confirmation_touched) = field("");
    let all_touched = [
        name_touched,
        email_touched,
        age_touched,
        password_touched,
        confirmation_touched,
    ];

    let form = Memo::new(move |_| RegistrationForm {
        name: name.get(),
        email: email.get(),
        age: age.get(),
        password: password.get(),
        password_confirmation: confirmation.get(),
    });
    // The server's verdict on the form as it was sent; a field's server error shows only while
    // that field still holds what was sent.
    let server = RwSignal::new((attempt.errors, attempt.form));
    let general_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let error_of = move |field: &'static str| {
        Signal::derive(move || {
            // The server's verdict on an unchanged field wins over the browser's own check.
            server
                .with(|(errors, sent)| {
                    let unchanged = form
                        .with(|current| field_value(sent, field) == field_value(current, field));
                    errors.get(field).filter(|_| unchanged).map(str::to_owned)
                })
                .or_else(|| form.with(|current| current.error_for(field)))
        })
    };

    let settled_email = debounced(
        Signal::derive(move || email.get()),
        Duration::from_millis(300),
    );
    let taken = LocalResource::new(move || {
        let typed = settled_email.get();
        async move {
            match Email::parse(&typed) {
                Ok(_) => email_taken(typed).await.unwrap_or(false),
                Err(_) => false,
            }
        }
    });
    let email_error = {
        let base = error_of(RegistrationForm::EMAIL);
        Signal::derive(move || {
            base.get()
                .or_else(|| taken.get().unwrap_or(false).then(|| TAKEN.to_owned()))
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        all_touched.iter().for_each(|touched| touched.set(true));
        let sent = form.get_untracked();
        if sent.parse().is_err() || pending.get_untracked() {
            return;
        }
        pending.set(true);
        general_error.set(None);
        spawn_local(async move {
            match register(sent.clone()).await {
                Ok(next) => go_to(&next),
                Err(AppError::Invalid(errors)) => server.set((errors, sent)),
                Err(other) => general_error.set(Some(other.to_string())),
            }
            pending.set(false);
        });
    };

    view! {
        <Title text="Create your account" />
        <Meta name="description" content="Create a Commons account." />
        <section class="panel narrow">
            <h1>"Create your account"</h1>
            <p class="muted">"Already have one? " <a href="/login">"Sign in"</a></p>
            <form class="form" method="post" action="/register" novalidate on:submit=submit>
                <Field label="Name" name="name" autocomplete="name" value=name touched=name_touched error=error_of(RegistrationForm::NAME) />
                <Field label="Email" name="email" kind="email" autocomplete="email" value=email touched=email_touched error=email_error />
                <Field label="Age (optional)" name="age" kind="text" autocomplete="off" hint="13 or older." value=age touched=age_touched error=error_of(RegistrationForm::AGE) />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 8 characters, with a digit and an upper-case letter."
                    value=password
                    touched=password_touched
                    error=error_of(RegistrationForm::PASSWORD)
                />
                <Field
                    label="Confirm password"
                    name="password_confirmation"
                    kind="password"
                    autocomplete="new-password"
                    value=confirmation
                    touched=confirmation_touched
                    error=error_of(RegistrationForm::PASSWORD_CONFIRMATION)
                />
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Creating your account…" } else { "Create account" }}
                </button>
            </form>
        </section>
    }
}

fn field_value<'f>(form: &'f RegistrationForm, field: &str) -> &'f str {
    match field {
        RegistrationForm::NAME => &form.name,
        RegistrationForm::EMAIL => &form.email,
        RegistrationForm::AGE => &form.age,
        RegistrationForm::PASSWORD => &form.password,
        _ => &form.password_confirmation,
    }
}
