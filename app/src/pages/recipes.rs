use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::recipes::{RECIPES, Recipe};

/// `/recipes`: the cookbook's recipes and where each lives in this code, for the developers who
/// read it (linked from the footer).
///
/// The recipe search is a plain GET form, so it works before (or without) the WebAssembly; once
/// hydrated it filters as you type.
#[component]
pub fn Recipes() -> impl IntoView {
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

    view! {
        <Title text="Recipes" />
        <Meta name="description" content="The recipes of the Elixir cookbook that Commons puts to work in Rust, and where each lives in its code." />
        <section class="hero">
            <h1>"Recipes"</h1>
            <p class="lead">
                "Commons is built as a cookbook: chat, a live dashboard, uploads, jobs and more are each a recipe of the Elixir/Phoenix cookbook, done in Rust with Leptos and axum. Here is each one and where it lives in the code."
            </p>
        </section>

        <section class="panel" aria-labelledby="recipes">
            <div class="panel-head">
                <h2 id="recipes">"The cookbook"</h2>
                <p class="muted" aria-live="polite">
                    {move || format!("{} of {} shown", shown.with(Vec::len), RECIPES.len())}
                </p>
            </div>
            <form class="search" method="get" action="/recipes" role="search" on:submit=|ev| ev.prevent_default()>
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
