use leptos::prelude::*;

/// One labelled input with its error. The error shows once the field has been touched (typed
/// in or left), and updates on every keystroke. The `value` attribute carries the initial text
/// into server-rendered HTML, so a form re-rendered by the server keeps what was typed. The
/// label and hint may be words that follow the page's language (a closure).
#[component]
pub fn Field(
    #[prop(into)] label: TextProp,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<TextProp>,
    /// The on-screen keyboard a phone shows (`numeric` for a number typed as text).
    #[prop(default = "text")]
    inputmode: &'static str,
    value: RwSignal<String>,
    touched: RwSignal<bool>,
    /// What is wrong with the value; none for fields the browser does not check.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let initial = value.get_untracked();
    let shown = move || if touched.get() { error.get() } else { None };
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field" class:field-invalid=move || shown().is_some()>
            <label for=name>{move || label.get()}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=initial
                prop:value=value
                aria-invalid=move || shown().is_some().to_string()
                aria-describedby=described_by
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    touched.set(true);
                }
                on:blur=move |_| touched.set(true)
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="field-error" id=error_id aria-live="polite">{shown}</p>
        </div>
    }
}

/// A `<textarea>`'s initial text, to give as its child. The renderer writes a textarea's
/// children as they are (as it does a script's), so on the server the text is escaped here:
/// otherwise a `</textarea>` typed in it would end the element, and what follows would be
/// markup. In the browser the child is text already (and `prop:value` is what shows).
pub fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                other => escaped.push(other),
            }
        }
        escaped
    } else {
        text
    }
}
