//! The profile's access tokens (recipe 25): make one for a script or an app (its secret shown
//! once, with a copy button), see each one's scope, expiry and last use, revoke any.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use model::api::{AccessTokenForm, NewTokenInfo, TokenInfo, TokenScope};

use crate::{
    AppError,
    components::{Field, LocalTime, TableFrame},
    i18n::{t, t_string, use_i18n},
    refusals::{failure, say},
    tokens::{create_token, list_tokens, revoke_token},
};

/// The token section: the form, the secret just made (until the page is left), the list.
#[component]
pub fn AccessTokens() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0_u32);
    let tokens = Resource::new(move || changed.get(), |_| list_tokens());
    let reload = Callback::new(move |()| changed.update(|count| *count += 1));
    let made = RwSignal::new(None::<NewTokenInfo>);
    view! {
        <section class="panel narrow" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{t!(i18n, tokens.heading)}</h2>
            <p class="muted">
                {t!(
                    i18n,
                    tokens.lead,
                    <api> = |children: ChildrenFn| view! { <a href="/api/docs/">{children()}</a> },
                    <code> = |children: ChildrenFn| view! { <code>{children()}</code> }
                )}
            </p>
            <TokenForm made reload />
            {move || made.get().map(|made| view! { <MadeToken made /> })}
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, tokens.loading)}</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted tokens-empty">{t!(i18n, tokens.empty)}</p> }
                                .into_any()
                        }
                        Ok(list) => view! { <TokenList list reload /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Name, scope and expiry, checked with the API's own rules as typed.
#[component]
fn TokenForm(made: RwSignal<Option<NewTokenInfo>>, reload: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let scope = RwSignal::new(TokenScope::Read.as_str().to_owned());
    let days = RwSignal::new("30".to_owned());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let form = Memo::new(move |_| AccessTokenForm {
        name: name.get(),
        scope: scope.get(),
        expires_in_days: days.get(),
    });
    let i18n = use_i18n();
    let name_error = Signal::derive(move || {
        let refused = form.with(|form| form.error_for(AccessTokenForm::NAME))?;
        Some(say(i18n.get_locale(), &refused))
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let sent = form.get_untracked();
        if sent.parse().is_err() || pending.get_untracked() {
            return;
        }
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            match create_token(sent).await {
                Ok(new) => {
                    made.set(Some(new));
                    name.set(String::new());
                    touched.set(false);
                    reload.run(());
                }
                Err(AppError::Invalid(errors)) => {
                    let locale = i18n.get_locale_untracked();
                    let first = errors.0.values().next().map(|refusal| say(locale, refusal));
                    problem.set(first);
                }
                Err(error) => problem.set(Some(failure(i18n.get_locale_untracked(), &error))),
            }
            pending.set(false);
        });
    };

    view! {
        <form class="form token-form" novalidate on:submit=submit>
            <Field
                label=move || t_string!(i18n, tokens.name)
                name="token_name"
                hint=move || t_string!(i18n, tokens.name_hint)
                value=name
                touched
                error=name_error
            />
            <div class="field">
                <label for="token_scope">{t!(i18n, tokens.scope)}</label>
                <select id="token_scope" name="scope" prop:value=move || scope.get() on:change=move |ev| scope.set(event_target_value(&ev))>
                    <option value="read">{t!(i18n, tokens.read)}</option>
                    <option value="read write">{t!(i18n, tokens.read_write)}</option>
                </select>
            </div>
            <div class="field">
                <label for="token_expiry">{t!(i18n, tokens.expires)}</label>
                <select id="token_expiry" name="expires_in_days" prop:value=move || days.get() on:change=move |ev| days.set(event_target_value(&ev))>
                    <option value="7">{t!(i18n, tokens.in_days, days = 7)}</option>
                    <option value="30">{t!(i18n, tokens.in_days, days = 30)}</option>
                    <option value="90">{t!(i18n, tokens.in_days, days = 90)}</option>
                    <option value="365">{t!(i18n, tokens.in_a_year)}</option>
                    <option value="">{t!(i18n, tokens.never)}</option>
                </select>
            </div>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            <button type="submit" disabled=move || pending.get()>{t!(i18n, tokens.make)}</button>
        </form>
    }
}

/// The secret just made: shown here once, never again.
#[component]
fn MadeToken(made: NewTokenInfo) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let secret = made.secret.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(window) = web_sys::window() {
                let _promise = window.navigator().clipboard().write_text(&secret);
                copied.set(true);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &secret;
    };
    view! {
        <div class="token-made" role="status">
            <p>
                <strong>{t!(i18n, tokens.ready, name = made.token.name.clone())}</strong>
                " "
                {t!(i18n, tokens.copy_now)}
            </p>
            <div class="token-secret">
                <code data-testid="token-secret">{made.secret.clone()}</code>
                <button type="button" class="small" on:click=copy>
                    {move || if copied.get() {
                        t_string!(i18n, tokens.copied)
                    } else {
                        t_string!(i18n, tokens.copy)
                    }}
                </button>
            </div>
        </div>
    }
}

fn when(at: Option<chrono::DateTime<chrono::Utc>>, otherwise: AnyView) -> AnyView {
    match at {
        Some(at) => view! { <LocalTime at /> }.into_any(),
        None => otherwise,
    }
}

/// Every token, newest first, each with Revoke.
#[component]
fn TokenList(list: Vec<TokenInfo>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<String>);
    view! {
        <p class="form-error" role="alert">{move || problem.get()}</p>
        <TableFrame label=move || t_string!(i18n, tokens.table)>
            <table class="report-table tokens">
                <caption class="visually-hidden">{t!(i18n, tokens.table)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, account.name)}</th>
                        <th scope="col">{t!(i18n, tokens.scope)}</th>
                        <th scope="col">{t!(i18n, tokens.expires)}</th>
                        <th scope="col">{t!(i18n, tokens.last_used)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, tokens.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|token| view! { <TokenRow token reload problem /> }).collect_view()}
                </tbody>
            </table>
        </TableFrame>
    }
}

#[component]
fn TokenRow(
    token: TokenInfo,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = token.id;
    let pending = RwSignal::new(false);
    let revoke = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            match revoke_token(id).await {
                Ok(()) => reload.run(()),
                Err(error) => {
                    problem.set(Some(failure(i18n.get_locale_untracked(), &error)));
                    pending.set(false);
                }
            }
        });
    };
    let scope = match token.scope {
        TokenScope::Read => t!(i18n, tokens.read).into_any(),
        TokenScope::ReadWrite => t!(i18n, tokens.read_write).into_any(),
    };
    let name = token.name.clone();
    view! {
        <tr data-id=id>
            <td class="token-name">{token.name.clone()}</td>
            <td>{scope}</td>
            <td>{when(token.expires_at, t!(i18n, tokens.never).into_any())}</td>
            <td>{when(token.last_used_at, t!(i18n, tokens.not_yet).into_any())}</td>
            <td>
                <button
                    type="button"
                    class="small danger"
                    disabled=move || pending.get()
                    on:click=revoke
                    aria-label=move || t_string!(i18n, tokens.revoke_named, name = name.clone())
                >
                    {t!(i18n, tokens.revoke)}
                </button>
            </td>
        </tr>
    }
}
