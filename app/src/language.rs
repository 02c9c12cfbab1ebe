//! The interface's language (recipe 42): the provider every page renders inside, and the
//! switcher in the navigation.
//!
//! The server decides the language of a request (`model::locale::Locale::negotiate`, at the
//! edge) and renders in it; `<html lang>` says it, and the browser hydrates in whatever that
//! attribute says, so both sides always agree. The switcher's choices are plain links
//! (`?locale=fr`: the server answers in French and keeps the choice in a cookie), and once the
//! page is live a choice re-renders it in place and is kept by [`choose_locale`].

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use model::locale::Locale as Language;

use crate::i18n::{Locale, t, use_i18n};

/// The generated `Locale` (what the translations are keyed by) for the shared one.
pub fn of(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::Id => Locale::id,
        Language::Es => Locale::es,
        Language::Fr => Locale::fr,
    }
}

/// The shared `Locale` for the generated one.
pub fn language(locale: Locale) -> Language {
    match locale {
        Locale::en => Language::En,
        Locale::id => Language::Id,
        Locale::es => Language::Es,
        Locale::fr => Language::Fr,
    }
}

/// Everything inside speaks the request's language: on the server the one the edge
/// negotiated (in context), in the browser the one `<html lang>` carries. The library's own
/// cookie and header reading are off: the edge's rule is the only one. (Its provider
/// component is not used: it renders an empty `<script>`, which the pages' nonce policy would
/// have to allow.)
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    use leptos_i18n::{
        Locale as _,
        context::{I18nContextOptions, UseLocalesOptions, init_i18n_context_with_options},
    };
    use leptos_meta::Html;

    #[cfg(feature = "ssr")]
    let chosen = use_context::<Language>().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let chosen = Language::default();
    let header =
        UseLocalesOptions::default().ssr_lang_header_getter(move || Some(chosen.code().to_owned()));
    let i18n = init_i18n_context_with_options::<Locale>(
        I18nContextOptions::default()
            .enable_cookie(false)
            .ssr_lang_header_getter(header),
    );
    provide_context(i18n);
    let lang = move || i18n.get_locale().as_str();
    let dir = move || i18n.get_locale().direction().as_str();
    view! {
        <Html attr:lang=lang attr:dir=dir />
        {children()}
    }
}

/// The language menu: each language a link to this page in it, named in itself. A disclosure,
/// so it opens without JavaScript; once live, a choice changes the page in place.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let pathname = use_location().pathname;
    let open = NodeRef::<leptos::html::Details>::new();
    let current = move || language(i18n.get_locale());
    view! {
        <details class="language-menu" node_ref=open>
            <summary>
                <span aria-hidden="true">"🌐 "</span>
                {t!(i18n, language.choose, name = move || current().endonym())}
            </summary>
            <ul>
                {Language::ALL
                    .into_iter()
                    .map(|choice| {
                        let href = move || format!("{}?locale={}", pathname.get(), choice.code());
                        view! {
                            <li>
                                <a
                                    href=href
                                    hreflang=choice.code()
                                    lang=choice.code()
                                    aria-current=move || (current() == choice).then_some("true")
                                    on:click=move |event| {
                                        event.prevent_default();
                                        i18n.set_locale(of(choice));
                                        if let Some(menu) = open.get() {
                                            let _ = menu.remove_attribute("open");
                                        }
                                        leptos::task::spawn_local(async move {
                                            // Kept for the next visit; the page already changed.
                                            let _ = choose_locale(choice).await;
                                        });
                                    }
                                >
                                    {choice.endonym()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}

/// Keeps a language chosen in the page: the cookie, as a `?locale=` link would set it, and for
/// someone signed in their account, which their mail is written in.
#[server(prefix = "/rpc", endpoint = "choose_locale")]
pub async fn choose_locale(locale: Language) -> Result<(), crate::AppError> {
    use model::accounts::PreferencesPatch;

    let ctx = crate::auth::ssr::context()?;
    if let Ok((user, _)) = ctx.signed_in() {
        // Written only when it changes: choosing the language one has writes nothing.
        let saved = domain::accounts::preferences(&ctx.db, user.scope()).await?;
        if saved.language != locale {
            let patch = PreferencesPatch {
                language: Some(locale),
                ..PreferencesPatch::default()
            };
            domain::accounts::update_preferences(&ctx.db, user.scope(), patch).await?;
        }
    }
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(http::header::SET_COOKIE, ctx.cookies.locale(locale));
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos_i18n::Locale as _;

    use super::*;
    use crate::i18n::td_string;

    fn waiting(locale: Locale, count: i64) -> String {
        td_string!(locale, home.waiting, count = count)
    }

    #[test]
    fn plurals_follow_each_language_s_cldr_rules() {
        assert_eq!(waiting(Locale::en, 1), "1 message waits for you.");
        assert_eq!(waiting(Locale::en, 0), "0 messages wait for you.");
        assert_eq!(waiting(Locale::en, 2), "2 messages wait for you.");
        // French counts 0 and 1 as singular.
        assert_eq!(waiting(Locale::fr, 0), "0 message vous attend.");
        assert_eq!(waiting(Locale::fr, 1), "1 message vous attend.");
        assert_eq!(waiting(Locale::fr, 2), "2 messages vous attendent.");
        assert_eq!(waiting(Locale::es, 1), "Te espera 1 mensaje.");
        assert_eq!(waiting(Locale::es, 0), "Te esperan 0 mensajes.");
        assert_eq!(
            waiting(Locale::es, 1_000_000),
            "Te esperan 1000000 mensajes."
        );
        // Indonesian has one form.
        assert_eq!(waiting(Locale::id, 1), "1 pesan menunggu Anda.");
        assert_eq!(waiting(Locale::id, 7), "7 pesan menunggu Anda.");
    }

    #[test]
    fn the_two_locale_types_map_one_to_one() {
        for shared in Language::ALL {
            assert_eq!(language(of(shared)), shared);
            assert_eq!(of(shared).as_str(), shared.code());
        }
    }
}
