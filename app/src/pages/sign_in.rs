use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::{
    auth::{SignInAttempt, SignInForm, sign_in},
    components::{Field, Submission, Verdict},
    i18n::{t, t_string, use_i18n},
};

/// Sign-in. One message for every kind of failure; after five failures the server refuses for
/// a while and says so. A `return_to` query (set when a protected page sent the person here)
/// travels with the form.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let attempt =
        SharedValue::new(|| use_context::<SignInAttempt>().unwrap_or_default()).into_inner();
    let return_to = match attempt.error {
        Some(_) => attempt.return_to.clone(),
        None => use_query_map().with_untracked(|query| query.get("return_to").unwrap_or_default()),
    };
    let email = RwSignal::new(attempt.email.clone());
    let password = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let submission = Submission::new(Verdict::new(Default::default(), Vec::new()));
    submission.message.set(attempt.error.clone());
    let asked_to_sign_in = !return_to.is_empty() && attempt.error.is_none();

    let submit = {
        let return_to = return_to.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let form = SignInForm {
                email: email.get_untracked(),
                password: password.get_untracked(),
                return_to: return_to.clone(),
            };
            submission.send(Vec::new(), sign_in(form));
        }
    };

    view! {
        <Title text=move || t_string!(i18n, sign_in.title) />
        <Meta name="description" content=move || t_string!(i18n, sign_in.description) />
        <section class="panel narrow">
            <h1>{t!(i18n, sign_in.title)}</h1>
            <Show when=move || asked_to_sign_in>
                <p class="flash flash-info" role="status">{t!(i18n, sign_in.asked)}</p>
            </Show>
            <form class="form" method="post" action="/login" novalidate on:submit=submit>
                <input type="hidden" name="return_to" value=return_to.clone() />
                <Field label=move || t_string!(i18n, account.email) name="email" kind="email" autocomplete="username" value=email touched />
                <Field label=move || t_string!(i18n, account.password) name="password" kind="password" autocomplete="current-password" value=password touched />
                <p class="form-error" role="alert">{move || submission.message.get()}</p>
                <button type="submit" disabled=move || submission.pending.get()>
                    {move || if submission.pending.get() {
                        t_string!(i18n, sign_in.signing_in)
                    } else {
                        t_string!(i18n, sign_in.submit)
                    }}
                </button>
            </form>
            <p class="muted"><a href="/password/forgot">{t!(i18n, sign_in.forgot)}</a></p>
            <p class="muted">
                {t!(i18n, sign_in.new_here)}
                " "
                <a href="/register">{t!(i18n, account.create_account)}</a>
            </p>
        </section>
    }
}
