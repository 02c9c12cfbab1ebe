//! Forgotten passwords: `/password/forgot` asks for a link by mail, `/password/reset?token=…`
//! (the mailed link) chooses a new password. Both post plain forms without JavaScript
//! (`server/src/routes/accounts.rs`) and call their server functions with it.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::accounts::{ForgotPasswordForm, ResetPasswordForm, password};

use crate::{
    auth::{ForgotAttempt, ResetAttempt, forgot_password, reset_password},
    components::{Field, Submission, Verdict},
    i18n::{t, t_string, use_i18n},
};

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    let attempt =
        SharedValue::new(|| use_context::<ForgotAttempt>().unwrap_or_default()).into_inner();
    let email = RwSignal::new(attempt.email.clone());
    let touched = RwSignal::new(!attempt.errors.is_empty());
    let form = Memo::new(move |_| ForgotPasswordForm { email: email.get() });
    let verdict = Verdict::new(
        attempt.errors,
        vec![(ForgotPasswordForm::EMAIL, attempt.email)],
    );
    let submission = Submission::new(verdict);
    let email_error = verdict.error_or(ForgotPasswordForm::EMAIL, email, move || {
        form.with(|current| current.error_for(ForgotPasswordForm::EMAIL))
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let sent = form.get_untracked();
        if sent.parse().is_ok() {
            let fields = vec![(ForgotPasswordForm::EMAIL, sent.email.clone())];
            submission.send(fields, forgot_password(sent));
        }
    };

    view! {
        <Title text=move || t_string!(i18n, sign_in.forgot) />
        <Meta name="description" content=move || t_string!(i18n, forgot.description) />
        <section class="panel narrow">
            <h1>{t!(i18n, sign_in.forgot)}</h1>
            <p>{t!(i18n, forgot.lead)}</p>
            <form class="form" method="post" action="/password/forgot" novalidate on:submit=submit>
                <Field label=move || t_string!(i18n, account.email) name="email" kind="email" autocomplete="username" value=email touched error=email_error />
                <p class="form-error" role="alert">{move || submission.message.get()}</p>
                <button type="submit" disabled=move || submission.pending.get()>
                    {move || if submission.pending.get() {
                        t_string!(i18n, forgot.sending)
                    } else {
                        t_string!(i18n, forgot.submit)
                    }}
                </button>
            </form>
            <p class="muted">
                {t!(i18n, forgot.remembered)}
                " "
                <a href="/login">{t!(i18n, account.sign_in)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let attempt =
        SharedValue::new(|| use_context::<ResetAttempt>().unwrap_or_default()).into_inner();
    let refused = !attempt.errors.is_empty();
    let token = if refused {
        attempt.token.clone()
    } else {
        use_query_map().with_untracked(|query| query.get("token").unwrap_or_default())
    };
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let (password_touched, confirmation_touched) = (RwSignal::new(refused), RwSignal::new(refused));
    let form = {
        let token = token.clone();
        Memo::new(move |_| ResetPasswordForm {
            token: token.clone(),
            password: password.get(),
            password_confirmation: confirmation.get(),
        })
    };
    let verdict = Verdict::new(attempt.errors, Vec::new());
    let submission = Submission::new(verdict);
    // A spent or expired link, from the server function or the re-rendered form alike.
    let link_error = verdict.server_error(ResetPasswordForm::TOKEN);
    let message = move || submission.message.get().or_else(|| link_error.get());
    let error_of = move |field: &'static str, value: RwSignal<String>| {
        verdict.error_or(field, value, move || {
            form.with(|current| current.error_for(field))
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        password_touched.set(true);
        confirmation_touched.set(true);
        let sent = form.get_untracked();
        if sent.parse().is_ok() {
            submission.send(sent.fields(), reset_password(sent));
        }
    };
    let link_refused = move || link_error.with(Option::is_some);

    view! {
        <Title text=move || t_string!(i18n, reset.title) />
        <Meta name="description" content=move || t_string!(i18n, reset.description) />
        <section class="panel narrow">
            <h1>{t!(i18n, reset.title)}</h1>
            <p class="muted">{t!(i18n, reset.lead)}</p>
            <form class="form" method="post" action="/password/reset" novalidate on:submit=submit>
                <input type="hidden" name="token" value=token />
                <Field
                    label=move || t_string!(i18n, reset.new_password)
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=move || t_string!(i18n, account.password_hint, min = password::MIN_CHARS)
                    value=password
                    touched=password_touched
                    error=error_of(ResetPasswordForm::PASSWORD, password)
                />
                <Field
                    label=move || t_string!(i18n, reset.confirm)
                    name="password_confirmation"
                    kind="password"
                    autocomplete="new-password"
                    value=confirmation
                    touched=confirmation_touched
                    error=error_of(ResetPasswordForm::PASSWORD_CONFIRMATION, confirmation)
                />
                <p class="form-error" role="alert">{message}</p>
                <Show when=link_refused>
                    <p><a href="/password/forgot">{t!(i18n, reset.ask_again)}</a></p>
                </Show>
                <button type="submit" disabled=move || submission.pending.get()>
                    {move || if submission.pending.get() {
                        t_string!(i18n, reset.saving)
                    } else {
                        t_string!(i18n, reset.submit)
                    }}
                </button>
            </form>
        </section>
    }
}
