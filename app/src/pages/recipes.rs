use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::{
    i18n::{t, t_string, use_i18n},
    recipes::{RECIPES, Recipe},
};

/// `/recipes`: the cookbook's recipes and where each lives in this code, for the developers who
/// read it (linked from the footer).
///
/// The page speaks the reader's language; the recipes keep the cookbook's own (English) names,
/// so they match the book.
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

    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, recipes.title) />
        <Meta name="description" content=move || t_string!(i18n, recipes.description) />
        <section class="hero">
            <h1>{t!(i18n, recipes.title)}</h1>
            <p class="lead">{t!(i18n, recipes.lead)}</p>
        </section>

        <section class="panel" aria-labelledby="recipes">
            <div class="panel-head">
                <h2 id="recipes">{t!(i18n, recipes.cookbook)}</h2>
                <p class="muted" aria-live="polite">
                    {move || t_string!(i18n, recipes.shown, shown = shown.with(Vec::len), count = RECIPES.len())}
                </p>
            </div>
            <form class="search" method="get" action="/recipes" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="recipe-query">{t!(i18n, recipes.find)}</label>
                <input
                    id="recipe-query"
                    name="q"
                    type="search"
                    placeholder=move || t_string!(i18n, recipes.find_hint)
                    autocomplete="off"
                    // The attribute carries a submitted query into the server's HTML (no-JS
                    // searches); the property keeps the box in step once hydrated.
                    value=initial
                    prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button type="submit">{t!(i18n, recipes.search)}</button>
            </form>
            <ol class="recipes">
                <For each=move || shown.get() key=|recipe| recipe.number let:recipe>
                    <RecipeRow recipe />
                </For>
            </ol>
            <Show when=move || shown.with(Vec::is_empty)>
                <p class="muted">{t!(i18n, recipes.none)}</p>
            </Show>
        </section>
    }
}

#[component]
fn RecipeRow(recipe: Recipe) -> impl IntoView {
    let i18n = use_i18n();
    let (label, class) = if recipe.in_place {
        (t!(i18n, recipes.in_place).into_any(), "badge badge-live")
    } else {
        (t!(i18n, recipes.planned).into_any(), "badge")
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
