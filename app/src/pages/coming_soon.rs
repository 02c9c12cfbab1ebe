use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// An honest placeholder for a part of the product that is not built yet.
#[component]
pub fn ComingSoon(title: &'static str, what: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <Meta name="description" content=format!("{title} — coming soon to Commons.") />
        <section class="panel">
            <h1>{title}</h1>
            <p class="lead">{what}</p>
            <p class="muted">"Coming soon: this part of Commons is not built yet."</p>
            <a class="button" href="/">"See what is in place"</a>
        </section>
    }
}
