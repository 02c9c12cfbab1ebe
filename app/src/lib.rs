//! The user interface, rendered on the server and hydrated in the browser.
//!
//! Compiled twice: natively with the `ssr` feature (linked into the server, with server-function
//! bodies that call the `domain` crate) and to WebAssembly with `hydrate` (the bundle Trunk
//! builds). Everything not behind one of those features runs on both sides.

pub mod api_docs;
pub mod auth;
pub mod chat;
mod components;
mod debounce;
pub mod error;
pub mod jobs;
mod layout;
#[cfg(feature = "ssr")]
pub mod limits;
#[cfg(feature = "hydrate")]
mod live;
pub mod mailbox;
mod pages;
pub mod people;
#[cfg(feature = "hydrate")]
mod pwa;
pub mod recipes;
pub mod schedules;
#[cfg(feature = "hydrate")]
mod socket;
pub mod status;
pub mod system;
pub mod tokens;
pub mod uploads;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

pub use error::AppError;
use layout::Layout;
use pages::{
    ApiDocs, ChatIndex, ChatLayout, ChatRoom, Dashboard, ForgotPassword, Home, JobsPage, Mailbox,
    NotFound, PeoplePage, Profile, Recipes, Register, ResetPassword, SchedulesPage, SignIn,
    SystemPage, Uploads,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content" />
                <meta name="theme-color" content="#0f5e56" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" type="image/png" href="/icons/icon-192.png" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <link rel="stylesheet" href=format!("/{}/main.css", options.site_pkg_dir) />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: layout, routes, and the error boundary every page renders inside.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::provide_session_context();

    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Commons".to_string() } else { format!("{page} · Commons") }
        } />
        <Router>
            <Layout>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <section class="panel error-panel" role="alert">
                            <h1>"This page ran into a problem"</h1>
                            <ul>
                                {move || {
                                    errors
                                        .get()
                                        .into_iter()
                                        .map(|(_, error)| view! { <li>{error.to_string()}</li> })
                                        .collect_view()
                                }}
                            </ul>
                            <a href="/">"Back to the home page"</a>
                        </section>
                    }
                }>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home ssr=SsrMode::InOrder />
                        <ParentRoute path=path!("/chat") view=ChatLayout>
                            <Route path=path!("") view=ChatIndex />
                            <Route path=path!(":id") view=ChatRoom />
                        </ParentRoute>
                        <Route path=path!("/recipes") view=Recipes />
                        <Route path=path!("/dashboard") view=Dashboard />
                        <Route path=path!("/uploads") view=Uploads />
                        <Route path=path!("/register") view=Register />
                        <Route path=path!("/login") view=SignIn />
                        <Route path=path!("/password/forgot") view=ForgotPassword />
                        <Route path=path!("/password/reset") view=ResetPassword />
                        // Whole before it is sent, so that its 404 (mail not kept here) is one.
                        <Route path=path!("/dev/mailbox") view=Mailbox ssr=SsrMode::Async />
                        <Route path=path!("/profile") view=Profile />
                        <Route path=path!("/admin/system") view=SystemPage />
                        <Route path=path!("/admin/users") view=PeoplePage />
                        <Route path=path!("/admin/jobs") view=JobsPage />
                        <Route path=path!("/admin/schedules") view=SchedulesPage />
                        <Route path=path!("/api/docs") view=ApiDocs />
                        <Route path=path!("/api/docs/:version") view=ApiDocs />
                    </Routes>
                </ErrorBoundary>
            </Layout>
        </Router>
    }
}

/// Entry point of the WebAssembly bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
