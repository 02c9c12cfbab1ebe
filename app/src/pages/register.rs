use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::{Meta, Title};
use model::{
    accounts::{Email, RegistrationForm, age, password},
    refusal::Refusal,
};

use crate::{
    auth::{RegistrationAttempt, email_taken, register},
    components::{Field, Submission, Verdict},
    debounce::debounced,
    i18n::{t, t_string, use_i18n},
    refusals::say,
};

/// Sign-up, validated as you type with the same rules the server applies (`model`), the email
/// checked against existing accounts after a 300 ms pause, and re-checked by the server on
/// submit. Without JavaScript the form posts to `/register`, which re-renders it on refusal.
#[component]
pub fn Register() -> impl IntoView {
    let i18n = use_i18n();
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
    let verdict = Verdict::new(attempt.errors, attempt.form.fields());
    let submission = Submission::new(verdict);
    let error_of = move |field: &'static str, value: RwSignal<String>| {
        verdict.error_or(field, value, move || {
            form.with(|current| current.error_for(field))
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
        let base = error_of(RegistrationForm::EMAIL, email);
        Signal::derive(move || {
            base.get().or_else(|| {
                let taken = taken.get().unwrap_or(false);
                taken.then(|| say(i18n.get_locale(), &Refusal::EmailTaken))
            })
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        all_touched.iter().for_each(|touched| touched.set(true));
        let sent = form.get_untracked();
        if sent.parse().is_ok() {
            submission.send(sent.fields(), register(sent));
        } else {
            submission.point_to_errors();
        }
    };

    view! {
        <Title text=move || t_string!(i18n, register.title) />
        <Meta name="description" content=move || t_string!(i18n, register.description) />
        <section class="panel narrow">
            <h1>{t!(i18n, register.title)}</h1>
            <p class="muted">
                {t!(i18n, register.already_registered)}
                " "
                <a href="/login">{t!(i18n, account.sign_in)}</a>
            </p>
            <form class="form" method="post" action="/register" novalidate on:submit=submit node_ref=submission.form>
                <Field label=move || t_string!(i18n, account.name) name="name" autocomplete="name" value=name touched=name_touched error=error_of(RegistrationForm::NAME, name) />
                <Field label=move || t_string!(i18n, account.email) name="email" kind="email" autocomplete="email" value=email touched=email_touched error=email_error />
                <Field
                    label=move || t_string!(i18n, account.age_optional)
                    name="age"
                    inputmode="numeric"
                    hint=move || t_string!(i18n, account.age_hint, min = age::MIN)
                    value=age
                    touched=age_touched
                    error=error_of(RegistrationForm::AGE, age)
                />
                <Field
                    label=move || t_string!(i18n, account.password)
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=move || t_string!(i18n, account.password_hint, min = password::MIN_CHARS)
                    value=password
                    touched=password_touched
                    error=error_of(RegistrationForm::PASSWORD, password)
                />
                <Field
                    label=move || t_string!(i18n, register.confirm)
                    name="password_confirmation"
                    kind="password"
                    autocomplete="new-password"
                    value=confirmation
                    touched=confirmation_touched
                    error=error_of(RegistrationForm::PASSWORD_CONFIRMATION, confirmation)
                />
                <p class="form-error" role="alert">{move || submission.message.get()}</p>
                <button type="submit" disabled=move || submission.pending.get()>
                    {move || if submission.pending.get() {
                        t_string!(i18n, register.creating)
                    } else {
                        t_string!(i18n, register.submit)
                    }}
                </button>
            </form>
        </section>
    }
}
