use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::i18n::{t, t_string, use_i18n};

/// Shown for any path no route claims; answers with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.title) />
        <Meta name="robots" content="noindex" />
        <section class="panel">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p class="lead">{t!(i18n, not_found.lead)}</p>
            <a class="button" href="/">{t!(i18n, not_found.home)}</a>
        </section>
    }
}
