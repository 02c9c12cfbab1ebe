//! The frame around every page: navigation, main area, footer.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::{
    auth::{FlashKind, PageFlash, Viewer},
    components::OwnAvatar,
    i18n::{t, t_string, use_i18n},
    language::LanguageSwitcher,
    pages::mentions::MentionsBadge,
};

/// Navigation and page frame. Marks itself `data-hydrated="true"` once the WebAssembly has
/// taken over, and registers the service worker from the browser. Provides [`OwnAvatar`],
/// which the navigation follows, so a new avatar shows there at once.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    let PageFlash(flash) = expect_context::<PageFlash>();
    let is_admin = user.as_ref().is_some_and(|user| user.is_admin);
    let avatar = OwnAvatar(RwSignal::new(
        user.as_ref().and_then(|user| user.avatar_url.clone()),
    ));
    provide_context(avatar);
    // The reader's unseen mentions, on the menu button and the Mentions link.
    let mentions = RwSignal::new(0_i64);
    #[cfg(feature = "hydrate")]
    if let Some(user) = &user {
        crate::pages::mentions::watch_mentions(user.id, mentions);
    }
    let signed_in = user.is_some();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        #[cfg(feature = "hydrate")]
        crate::pwa::register_service_worker();
    });
    // The flash is about the page it came with: gone once the reader moves to another, and
    // not back when they return.
    let pathname = use_location().pathname;
    let landed_on = pathname.get_untracked();
    let flash_here = Memo::new(move |still: Option<&bool>| {
        still.copied().unwrap_or(true) && pathname.with(|path| *path == landed_on)
    });
    // After an in-app navigation, focus goes to the new page's heading, as a full load would
    // put a screen reader at the top of the new page (query changes are the same page).
    #[cfg(feature = "hydrate")]
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            close_menu();
            request_animation_frame(focus_page_heading);
        }
        path
    });

    view! {
        <div class="page" data-hydrated=move || hydrated.get().to_string()>
            <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
            <header class="topbar">
                <a class="brand" href="/">
                    <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                    <span>"Commons"</span>
                </a>
                // On a phone the navigation is a popover behind this button: it opens and
                // closes (Escape, or a tap elsewhere) without JavaScript; wider, it is a row.
                <button type="button" class="menu-toggle" popovertarget="site-nav">
                    <span aria-hidden="true">"☰"</span>
                    {t!(i18n, nav.menu)}
                    <MentionsBadge unread=mentions />
                </button>
                <nav aria-label=move || t_string!(i18n, nav.main) id="site-nav" popover="auto">
                    <A href="/" exact=true>{t!(i18n, nav.home)}</A>
                    <A href="/chat">{t!(i18n, nav.chat)}</A>
                    <A href="/posts">{t!(i18n, nav.posts)}</A>
                    {signed_in.then(|| view! {
                        <A href="/mentions">{t!(i18n, nav.mentions)} <MentionsBadge unread=mentions /></A>
                    })}
                    <A href="/dashboard">{t!(i18n, nav.dashboard)}</A>
                    <A href="/uploads">{t!(i18n, nav.uploads)}</A>
                    {is_admin.then(|| view! { <A href="/admin/users">{t!(i18n, nav.people)}</A> })}
                    {is_admin.then(|| view! { <A href="/admin/board">{t!(i18n, nav.board_report)}</A> })}
                    {is_admin.then(|| view! { <A href="/admin/jobs">{t!(i18n, nav.jobs)}</A> })}
                    {is_admin.then(|| view! { <A href="/admin/schedules">{t!(i18n, nav.schedules)}</A> })}
                    {is_admin.then(|| view! { <A href="/admin/system">{t!(i18n, nav.system)}</A> })}
                    {match user {
                        Some(user) => view! {
                            <A href="/profile" attr:class="nav-user">
                                {move || avatar.0.get().map(|url| view! { <img class="avatar avatar-small" src=url alt="" /> })}
                                {user.name}
                            </A>
                            <form class="nav-signout" method="post" action="/logout">
                                <button type="submit">{t!(i18n, nav.sign_out)}</button>
                            </form>
                        }
                        .into_any(),
                        None => view! { <A href="/login" attr:class="nav-signin">{t!(i18n, nav.sign_in)}</A> }.into_any(),
                    }}
                    <LanguageSwitcher />
                </nav>
            </header>
            <main id="main">
                {move || {
                    flash.clone().filter(|_| flash_here.get()).map(|flash| {
                        let class = match flash.kind {
                            FlashKind::Info => "flash flash-info",
                            FlashKind::Error => "flash flash-error",
                        };
                        view! { <p class=class role="status">{flash.message}</p> }
                    })
                }}
                {children()}
            </main>
            <footer class="footer">
                <p>{t!(i18n, footer.about)}</p>
                <nav aria-label=move || t_string!(i18n, footer.for_developers)>
                    <a href="/recipes">{t!(i18n, footer.recipes)}</a>
                    <a href="/api/docs">{t!(i18n, footer.api_reference)}</a>
                </nav>
            </footer>
        </div>
    }
}

/// Closes the phone's navigation menu, which a link followed in the page leaves open.
#[cfg(feature = "hydrate")]
fn close_menu() {
    use wasm_bindgen::JsCast;

    let menu = document()
        .get_element_by_id("site-nav")
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(menu) = menu {
        // Hiding a popover that is not shown changes nothing.
        let _ = menu.hide_popover();
    }
}

/// Focuses the page's first heading (made focusable by script only), or the main area when the
/// page has none.
#[cfg(feature = "hydrate")]
fn focus_page_heading() {
    use wasm_bindgen::JsCast;

    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let target = document
        .query_selector("main h1")
        .ok()
        .flatten()
        .or_else(|| document.get_element_by_id("main"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let _ = target.focus();
    }
}
