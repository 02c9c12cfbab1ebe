use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::auth::Viewer;
use crate::recipes::{RECIPES, Recipe};
use crate::status::fetch_node_status;

/// The front page: what Commons is, the node it runs on (for admins), and an index of the
/// cookbook's recipes.
///
/// The recipe search is a plain GET form, so it works before (or without) the WebAssembly; once
/// hydrated it filters as you type.
#[component]
pub fn Home() -> impl IntoView {
    let initial = use_query_map().with_untracked(|query| query.get("q").unwrap_or_default());
    let query = RwSignal::new(initial.clone());
    let shown = Memo::new(move |_| {
        query.with(|q| {
            RECIPES
                .iter()
                .filter(|recipe| recipe.matches(q))
                .copied()
                .collect::<Vec<_>>()
        })
    });

    let signed_in = use_context::<Viewer>().unwrap_or_default();
    let signed_in_admin = move || signed_in.0.as_ref().is_some_and(|user| user.is_admin);

    view! {
        <Title text="" />
        <Meta name="description" content="Commons: a real-time community workspace that puts every recipe of the Elixir cookbook to work in Rust." />
        <section class="hero">
            <h1>"A community workspace, built as a cookbook"</h1>
            <p class="lead">
                "Chat, a live dashboard, uploads, jobs and more — each one a recipe of the Elixir cookbook, done in Rust with Leptos and axum."
            </p>
            {move || signed_in_admin().then(|| view! { <NodeFacts /> })}
        </section>

        <section class="panel">
            <div class="panel-head">
                <h2 id="recipes">"Recipes"</h2>
                <p class="muted" aria-live="polite">
                    {move || format!("{} of {} shown", shown.with(Vec::len), RECIPES.len())}
                </p>
            </div>
            <form class="search" method="get" action="/" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="recipe-query">"Find a recipe"</label>
                <input
                    id="recipe-query"
                    name="q"
                    type="search"
                    placeholder="e.g. websocket, config, 27"
                    autocomplete="off"
                    // The attribute carries a submitted query into the server's HTML (no-JS
                    // searches); the property keeps the box in step once hydrated.
                    value=initial
                    prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button type="submit">"Search"</button>
            </form>
            <ol class="recipes">
                <For each=move || shown.get() key=|recipe| recipe.number let:recipe>
                    <RecipeRow recipe />
                </For>
            </ol>
            <Show when=move || shown.with(Vec::is_empty)>
                <p class="muted">"No recipe matches that search."</p>
            </Show>
        </section>
    }
}

#[component]
fn RecipeRow(recipe: Recipe) -> impl IntoView {
    let (label, class) = if recipe.in_place {
        ("in place", "badge badge-live")
    } else {
        ("planned", "badge")
    };
    view! {
        <li class="recipe">
            <span class="recipe-number">{recipe.number}</span>
            <span class="recipe-title">{recipe.title}</span>
            <span class="recipe-where">{recipe.lives_in}</span>
            <span class=class>{label}</span>
        </li>
    }
}

fn plural(count: i64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The database engine under this node, read through a server function (admins only).
#[component]
fn NodeFacts() -> impl IntoView {
    let status = Resource::new(|| (), |_| fetch_node_status());
    view! {
        <p class="node-facts">
            <Suspense fallback=|| "Checking the node…">
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => format!(
                            "Running on {} {} · {} applied",
                            status.database,
                            status.database_version,
                            plural(status.migrations_applied, "migration", "migrations"),
                        ),
                        Err(error) => error.to_string(),
                    }
                })}
            </Suspense>
        </p>
    }
}
