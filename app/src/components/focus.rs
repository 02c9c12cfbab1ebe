//! Moving focus where a person expects it after the page changed under them.

/// Moves focus to the first element `selector` finds, once the view has caught up (the next
/// frame). Nothing happens outside a browser, or when nothing matches.
pub fn focus_later(selector: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let found = leptos::prelude::document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = found {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}
