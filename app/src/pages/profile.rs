use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;

use crate::auth::SignedIn;

/// The signed-in person's page. Signed out, it sends them to sign in and back here after.
#[component]
pub fn Profile() -> impl IntoView {
    let SignedIn(user) = expect_context::<SignedIn>();
    view! {
        <Title text="Your profile" />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path="/login?return_to=%2Fprofile" /> }.into_any(),
            Some(user) => view! {
                <section class="panel narrow">
                    <h1>{user.name.clone()}</h1>
                    <dl class="facts">
                        <dt>"Email"</dt>
                        <dd>{user.email.clone()}</dd>
                        <dt>"Age"</dt>
                        <dd>{user.age.map_or_else(|| "Not given".to_owned(), |age| age.to_string())}</dd>
                        <dt>"Role"</dt>
                        <dd>{if user.is_admin { "Administrator" } else { "Member" }}</dd>
                    </dl>
                </section>
            }
            .into_any(),
        }}
    }
}
