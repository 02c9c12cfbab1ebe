//! The profile's access tokens (recipe 25): make one for a script or an app (its secret shown
//! once, with a copy button), see each one's scope, expiry and last use, revoke any.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use model::api::{AccessTokenForm, NewTokenInfo, TokenInfo, TokenScope};

use crate::{
    AppError,
    components::{Field, LocalTime, TableFrame},
    i18n::use_i18n,
    refusals::{failure, say},
    tokens::{create_token, list_tokens, revoke_token},
};

/// The token section: the form, the secret just made (until the page is left), the list.
#[component]
pub fn AccessTokens() -> impl IntoView {
    let changed = RwSignal::new(0_u32);
    let tokens = Resource::new(move || changed.get(), |_| list_tokens());
    let reload = Callback::new(move |()| changed.update(|count| *count += 1));
    let made = RwSignal::new(None::<NewTokenInfo>);
    view! {
        <section class="panel narrow" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"Access tokens"</h2>
            <p class="muted">
                "For scripts and apps using the "<a href="/api/docs/">"API"</a>
                ": send one as "<code>"Authorization: Bearer …"</code>". A read token cannot change anything."
            </p>
            <TokenForm made reload />
            {move || made.get().map(|made| view! { <MadeToken made /> })}
            <Transition fallback=|| view! { <p class="muted">"Loading your tokens…"</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted tokens-empty">"No tokens yet."</p> }.into_any()
                        }
                        Ok(list) => view! { <TokenList list reload /> }.into_any(),
                        Err(error) => {
                            view! { <p class="form-error" role="alert">{error.to_string()}</p> }
                                .into_any()
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
            <Field label="Token name" name="token_name" hint="What it is for, e.g. “laptop backup script”." value=name touched error=name_error />
            <div class="field">
                <label for="token_scope">"Scope"</label>
                <select id="token_scope" name="scope" prop:value=move || scope.get() on:change=move |ev| scope.set(event_target_value(&ev))>
                    <option value="read">"Read"</option>
                    <option value="read write">"Read and write"</option>
                </select>
            </div>
            <div class="field">
                <label for="token_expiry">"Expires"</label>
                <select id="token_expiry" name="expires_in_days" prop:value=move || days.get() on:change=move |ev| days.set(event_target_value(&ev))>
                    <option value="7">"In 7 days"</option>
                    <option value="30">"In 30 days"</option>
                    <option value="90">"In 90 days"</option>
                    <option value="365">"In a year"</option>
                    <option value="">"Never"</option>
                </select>
            </div>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            <button type="submit" disabled=move || pending.get()>"Make token"</button>
        </form>
    }
}

/// The secret just made: shown here once, never again.
#[component]
fn MadeToken(made: NewTokenInfo) -> impl IntoView {
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
                <strong>{format!("“{}” is ready.", made.token.name)}</strong>
                " Copy it now: it will not be shown again."
            </p>
            <div class="token-secret">
                <code data-testid="token-secret">{made.secret.clone()}</code>
                <button type="button" class="small" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </div>
        </div>
    }
}

fn when(at: Option<chrono::DateTime<chrono::Utc>>, otherwise: &'static str) -> AnyView {
    match at {
        Some(at) => view! { <LocalTime at /> }.into_any(),
        None => otherwise.into_any(),
    }
}

/// Every token, newest first, each with Revoke.
#[component]
fn TokenList(list: Vec<TokenInfo>, reload: Callback<()>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    view! {
        <p class="form-error" role="alert">{move || problem.get()}</p>
        <TableFrame label="Your access tokens">
            <table class="report-table tokens">
                <caption class="visually-hidden">"Your access tokens"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Scope"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
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
                    problem.set(Some(error.to_string()));
                    pending.set(false);
                }
            }
        });
    };
    let scope = match token.scope {
        TokenScope::Read => "Read",
        TokenScope::ReadWrite => "Read and write",
    };
    view! {
        <tr data-id=id>
            <td class="token-name">{token.name.clone()}</td>
            <td>{scope}</td>
            <td>{when(token.expires_at, "Never")}</td>
            <td>{when(token.last_used_at, "Not yet")}</td>
            <td>
                <button type="button" class="small danger" disabled=move || pending.get() on:click=revoke aria-label=format!("Revoke {}", token.name)>
                    "Revoke"
                </button>
            </td>
        </tr>
    }
}
