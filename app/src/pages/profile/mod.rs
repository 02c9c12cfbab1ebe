mod tokens;

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::{
    accounts::{FieldErrors, PasswordChangeForm, ProfileForm, age, password},
    uploads::{AVATAR, AvatarInfo},
};

use crate::{
    auth::{CurrentUser, ProfileAttempt, Viewer, change_password, save_profile, sign_in_path},
    components::{Avatar, Field, OwnAvatar, Submission, Uploader, Verdict},
    i18n::{t, t_string, use_i18n},
};
use tokens::AccessTokens;

/// The signed-in person's page: their details (editable, validated as typed), their avatar, a
/// password change that signs out every other session, their API access tokens, and "sign out
/// everywhere". Signed out, it sends them to
/// sign in and back here after.
#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    let attempt =
        SharedValue::new(|| use_context::<ProfileAttempt>().unwrap_or_default()).into_inner();
    view! {
        <Title text=move || t_string!(i18n, profile.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/profile") /> }.into_any(),
            Some(user) => view! {
                <section class="panel narrow">
                    <h1>{user.name.clone()}</h1>
                    <dl class="facts">
                        <dt>{t!(i18n, account.email)}</dt>
                        <dd>{user.email.clone()}</dd>
                        <dt>{t!(i18n, profile.role)}</dt>
                        <dd>
                            {if user.is_admin {
                                t!(i18n, profile.administrator).into_any()
                            } else {
                                t!(i18n, profile.member).into_any()
                            }}
                        </dd>
                    </dl>
                </section>
                <DetailsForm user=user.clone() attempt=attempt.clone() />
                <AvatarForm name=user.name.clone() />
                <PasswordForm attempt=attempt />
                <AccessTokens />
                <section class="panel narrow danger-zone" aria-labelledby="sign-out-everywhere">
                    <h2 id="sign-out-everywhere">{t!(i18n, profile.everywhere_heading)}</h2>
                    <p>{t!(i18n, profile.everywhere_text)}</p>
                    <form method="post" action="/logout/everywhere">
                        <button type="submit" class="danger">
                            {t!(i18n, profile.everywhere_heading)}
                        </button>
                    </form>
                </section>
            }
            .into_any(),
        }}
    }
}

#[component]
fn DetailsForm(user: CurrentUser, attempt: ProfileAttempt) -> impl IntoView {
    let i18n = use_i18n();
    let refused = attempt.details.is_some();
    let initial = attempt.details.clone().unwrap_or_else(|| ProfileForm {
        name: user.name.clone(),
        age: user.age.map(|age| age.to_string()).unwrap_or_default(),
    });
    let name = RwSignal::new(initial.name.clone());
    let age = RwSignal::new(initial.age.clone());
    let touched = [RwSignal::new(refused), RwSignal::new(refused)];
    let errors = if refused {
        attempt.errors
    } else {
        FieldErrors::default()
    };
    let verdict = Verdict::new(errors, initial.fields());
    let submission = Submission::new(verdict);
    let form = Memo::new(move |_| ProfileForm {
        name: name.get(),
        age: age.get(),
    });
    let error_of = move |field: &'static str, value: RwSignal<String>| {
        verdict.error_or(field, value, move || {
            form.with(|current| current.error_for(field))
        })
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.iter().for_each(|touched| touched.set(true));
        let sent = form.get_untracked();
        if sent.parse().is_ok() {
            submission.send(sent.fields(), save_profile(sent));
        }
    };

    view! {
        <section class="panel narrow">
            <h2>{t!(i18n, profile.details_heading)}</h2>
            <form class="form" method="post" action="/profile" novalidate on:submit=submit>
                <Field label=move || t_string!(i18n, account.name) name="name" autocomplete="name" value=name touched=touched[0] error=error_of(ProfileForm::NAME, name) />
                <Field
                    label=move || t_string!(i18n, account.age_optional)
                    name="age"
                    inputmode="numeric"
                    hint=move || t_string!(i18n, account.age_hint, min = age::MIN)
                    value=age
                    touched=touched[1]
                    error=error_of(ProfileForm::AGE, age)
                />
                <p class="form-error" role="alert">{move || submission.message.get()}</p>
                <button type="submit" disabled=move || submission.pending.get()>
                    {t!(i18n, profile.save_details)}
                </button>
            </form>
        </section>
    }
}

/// The avatar and a picker for a new one (one JPEG or PNG), sent as soon as it is chosen. The
/// new picture shows here and in the navigation at once, through [`OwnAvatar`].
#[component]
fn AvatarForm(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let OwnAvatar(avatar) = expect_context::<OwnAvatar>();
    let on_uploaded = Callback::new(move |info: AvatarInfo| avatar.set(Some(info.avatar_url)));
    view! {
        <section class="panel narrow" aria-labelledby="avatar-title">
            <h2 id="avatar-title">{t!(i18n, profile.avatar_heading)}</h2>
            <div class="avatar-current">
                <Avatar url=avatar name size="large" alt=move || t_string!(i18n, profile.avatar_alt) />
                <p class="muted">{t!(i18n, profile.avatar_text)}</p>
            </div>
            <Uploader
                rules=AVATAR
                action="/profile/avatar"
                field="avatar"
                label=move || t_string!(i18n, profile.choose_picture)
                auto_upload=true
                on_uploaded
            />
        </section>
    }
}

#[component]
fn PasswordForm(attempt: ProfileAttempt) -> impl IntoView {
    let i18n = use_i18n();
    let refused = attempt.details.is_none() && !attempt.errors.is_empty();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let touched = [
        RwSignal::new(refused),
        RwSignal::new(refused),
        RwSignal::new(refused),
    ];
    let errors = if refused {
        attempt.errors
    } else {
        FieldErrors::default()
    };
    // Passwords are never sent back, so a refusal is about the empty fields shown again.
    let verdict = Verdict::new(errors, PasswordChangeForm::default().fields());
    let submission = Submission::new(verdict);
    let form = Memo::new(move |_| PasswordChangeForm {
        current_password: current.get(),
        password: password.get(),
        password_confirmation: confirmation.get(),
    });
    let error_of = move |field: &'static str, value: RwSignal<String>| {
        verdict.error_or(field, value, move || form.with(|f| f.error_for(field)))
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.iter().for_each(|touched| touched.set(true));
        let sent = form.get_untracked();
        if sent.parse().is_ok() {
            submission.send(sent.fields(), change_password(sent));
        }
    };

    view! {
        <section class="panel narrow">
            <h2>{t!(i18n, profile.password_heading)}</h2>
            <p class="muted">{t!(i18n, profile.password_lead)}</p>
            <form class="form" method="post" action="/profile/password" novalidate on:submit=submit>
                <Field label=move || t_string!(i18n, profile.current_password) name="current_password" kind="password" autocomplete="current-password" value=current touched=touched[0] error=error_of(PasswordChangeForm::CURRENT_PASSWORD, current) />
                <Field
                    label=move || t_string!(i18n, reset.new_password)
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=move || t_string!(i18n, account.password_hint, min = password::MIN_CHARS)
                    value=password
                    touched=touched[1]
                    error=error_of(PasswordChangeForm::PASSWORD, password)
                />
                <Field label=move || t_string!(i18n, reset.confirm) name="password_confirmation" kind="password" autocomplete="new-password" value=confirmation touched=touched[2] error=error_of(PasswordChangeForm::PASSWORD_CONFIRMATION, confirmation) />
                <p class="form-error" role="alert">{move || submission.message.get()}</p>
                <button type="submit" disabled=move || submission.pending.get()>
                    {t!(i18n, profile.password_heading)}
                </button>
            </form>
        </section>
    }
}
