use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Shown for any path no route claims; answers with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found" />
        <Meta name="robots" content="noindex" />
        <section class="panel">
            <h1>"Page not found"</h1>
            <p class="lead">"There is nothing at this address. It may have moved, or never existed."</p>
            <a class="button" href="/">"Go to the home page"</a>
        </section>
    }
}
