//! The frame every report table sits in.

use leptos::prelude::*;

/// A table's frame: on a narrow screen it scrolls sideways instead of widening the page, and
/// so it must be reachable without a mouse — a named region in the tab order, which the arrow
/// keys then scroll (WCAG 2.1.1; axe's `scrollable-region-focusable`). `label` names it for a
/// screen reader, and must differ from the name of the section around it (a landmark
/// named twice is ambiguous): "Table of live rooms" in the section "Live rooms".
#[component]
pub fn TableFrame(#[prop(into)] label: TextProp, children: Children) -> impl IntoView {
    view! {
        <div class="table-frame" tabindex="0" role="region" aria-label=move || label.get()>
            {children()}
        </div>
    }
}
