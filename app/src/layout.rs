//! The frame around every page: navigation, main area, footer.

use leptos::prelude::*;
use leptos_router::components::A;

/// Navigation and page frame. Marks itself `data-hydrated="true"` once the WebAssembly has
/// taken over, and registers the service worker from the browser.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
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
                    <A href="/login" attr:class="nav-signin">"Sign in"</A>
                </nav>
            </header>
            <main id="main">{children()}</main>
            <footer class="footer">
                <p>"Commons — the Elixir cookbook, put to work in Rust with Leptos and axum."</p>
            </footer>
        </div>
    }
}
