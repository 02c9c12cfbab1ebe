//! A person's picture, or their initials when they have none: in the navigation, beside chat
//! messages and on the profile.

use leptos::prelude::*;

/// The signed-in person's avatar as the page currently knows it. The layout provides it from
/// the session and reads it for the navigation; the profile sets it after an upload, so the
/// new picture shows everywhere without a reload.
#[derive(Clone, Copy)]
pub struct OwnAvatar(pub RwSignal<Option<String>>);

/// A round picture of `name`'s avatar at `url`, or their initials in a circle. The picture is
/// decorative where the name is written beside it (`alt=""`); pass `alt` where it stands alone.
#[component]
pub fn Avatar(
    #[prop(into)] url: Signal<Option<String>>,
    #[prop(into)] name: String,
    /// `small` (navigation, chat) or `large` (profile).
    #[prop(default = "small")]
    size: &'static str,
    #[prop(optional, into)] alt: Option<TextProp>,
) -> impl IntoView {
    let initials = initials(&name);
    move || match url.get() {
        Some(url) => {
            let alt = alt.clone();
            let alt = move || alt.as_ref().map(TextProp::get).unwrap_or_default();
            view! { <img class=format!("avatar avatar-{size}") src=url alt=alt /> }.into_any()
        }
        None => view! {
            <span class=format!("avatar avatar-{size} avatar-initials") aria-hidden="true">
                {initials.clone()}
            </span>
        }
        .into_any(),
    }
}

/// Up to two initials, upper-case: "Ada Lovelace" → "AL", "grace" → "G", "" → "?".
pub fn initials(name: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if initials.is_empty() {
        "?".to_owned()
    } else {
        initials
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_are_the_first_letters_of_two_words() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("Ada King Lovelace"), "AK");
        assert_eq!(initials("grace"), "G");
        assert_eq!(initials("  émile  zola "), "ÉZ");
        assert_eq!(initials(""), "?");
    }
}
