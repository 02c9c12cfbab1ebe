//! The frame around every page: navigation, main area, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    auth::{FlashKind, PageFlash, Viewer},
    components::OwnAvatar,
};

/// Navigation and page frame. Marks itself `data-hydrated="true"` once the WebAssembly has
/// taken over, and registers the service worker from the browser. Provides [`OwnAvatar`],
/// which the navigation follows, so a new avatar shows there at once.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let PageFlash(flash) = expect_context::<PageFlash>();
    let is_admin = user.as_ref().is_some_and(|user| user.is_admin);
    let avatar = OwnAvatar(RwSignal::new(
        user.as_ref().and_then(|user| user.avatar_url.clone()),
    ));
    provide_context(avatar);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        #[cfg(feature = "hydrate")]
        crate::pwa::register_service_worker();
    });

    view! {
        <div class="page" data-hydrated=move || hydrated.get().to_string()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <a class="brand" href="/">
                    <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                    <span>"Commons"</span>
                </a>
                <nav aria-label="Main">
                    <A href="/" exact=true>"Home"</A>
                    <A href="/chat">"Chat"</A>
                    <A href="/dashboard">"Dashboard"</A>
                    <A href="/uploads">"Uploads"</A>
                    {is_admin.then(|| view! { <A href="/admin/users">"People"</A> })}
                    {is_admin.then(|| view! { <A href="/admin/jobs">"Jobs"</A> })}
                    {is_admin.then(|| view! { <A href="/admin/schedules">"Schedules"</A> })}
                    {is_admin.then(|| view! { <A href="/admin/system">"System"</A> })}
                    {match user {
                        Some(user) => view! {
                            <A href="/profile" attr:class="nav-user">
                                {move || avatar.0.get().map(|url| view! { <img class="avatar avatar-small" src=url alt="" /> })}
                                {user.name}
                            </A>
                            <form class="nav-signout" method="post" action="/logout">
                                <button type="submit">"Sign out"</button>
                            </form>
                        }
                        .into_any(),
                        None => view! { <A href="/login" attr:class="nav-signin">"Sign in"</A> }.into_any(),
                    }}
                </nav>
            </header>
            <main id="main">
                {flash.map(|flash| {
                    let class = match flash.kind {
                        FlashKind::Info => "flash flash-info",
                        FlashKind::Error => "flash flash-error",
                    };
                    view! { <p class=class role="status">{flash.message}</p> }
                })}
                {children()}
            </main>
            <footer class="footer">
                <p>"Commons — the Elixir cookbook, put to work in Rust with Leptos and axum."</p>
            </footer>
        </div>
    }
}
