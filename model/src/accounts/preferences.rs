//! A person's preferences (recipe 5): one nested document, read safely and updated in part.
//!
//! Every key has a default, so a document an older version wrote — or `{}` — reads whole, and
//! a key a newer version dropped is ignored. An update names only what changes
//! ([`PreferencesPatch`]); everything it leaves out stays as it was, at every depth. A patch
//! naming a key that does not exist is refused, so a typo never passes silently.

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

/// Everything a person has chosen, with the defaults for what they have not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    /// The interface's language, which their mail is written in too: the one they last chose
    /// in the navigation, or the one they registered in.
    pub language: Locale,
    pub theme: Theme,
    pub notifications: Notifications,
    pub chat: ChatPreferences,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Theme {
    /// As the device is set.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notifications {
    /// A mail when someone mentions them.
    pub mentions_by_mail: bool,
    /// How often a summary of what they missed is mailed.
    pub digest: Digest,
}

impl Default for Notifications {
    fn default() -> Self {
        Self {
            mentions_by_mail: true,
            digest: Digest::Weekly,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Digest {
    Never,
    Daily,
    Weekly,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatPreferences {
    /// Enter sends a message (Shift+Enter breaks the line); otherwise Ctrl+Enter sends.
    pub enter_sends: bool,
    /// Show when others are typing.
    pub show_typing: bool,
}

impl Default for ChatPreferences {
    fn default() -> Self {
        Self {
            enter_sends: true,
            show_typing: true,
        }
    }
}

/// A partial update of [`Preferences`]: each key given replaces that key, each left out keeps
/// its value, nested objects included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferencesPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notifications: Option<NotificationsPatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat: Option<ChatPreferencesPatch>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationsPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions_by_mail: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatPreferencesPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enter_sends: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_typing: Option<bool>,
}

/// Replaces `value` with what `patch` gives, if anything.
fn set<T>(value: &mut T, patch: Option<T>) {
    if let Some(new) = patch {
        *value = new;
    }
}

impl Preferences {
    /// The stored document, whatever version wrote it; one that is not a document at all
    /// (never written by this code) reads as the defaults.
    pub fn from_stored(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn apply(&mut self, patch: PreferencesPatch) {
        set(&mut self.language, patch.language);
        set(&mut self.theme, patch.theme);
        if let Some(notifications) = patch.notifications {
            set(
                &mut self.notifications.mentions_by_mail,
                notifications.mentions_by_mail,
            );
            set(&mut self.notifications.digest, notifications.digest);
        }
        if let Some(chat) = patch.chat {
            set(&mut self.chat.enter_sends, chat.enter_sends);
            set(&mut self.chat.show_typing, chat.show_typing);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_partial_document_reads_whole_and_unknown_keys_are_ignored() {
        let read = Preferences::from_stored(r#"{"chat": {"enter_sends": false}, "old": 1}"#);
        assert!(!read.chat.enter_sends);
        assert!(
            read.chat.show_typing,
            "a default fills what the document lacks"
        );
        assert_eq!(read.notifications, Notifications::default());
        assert_eq!(Preferences::from_stored("not json"), Preferences::default());
    }

    #[test]
    fn a_patch_changes_what_it_names_and_keeps_the_rest_at_every_depth() {
        let mut preferences = Preferences {
            theme: Theme::Dark,
            ..Preferences::default()
        };
        let patch: PreferencesPatch =
            serde_json::from_value(json!({ "notifications": { "digest": "never" } }))
                .expect("a patch");
        preferences.apply(patch);
        assert_eq!(preferences.theme, Theme::Dark);
        assert_eq!(preferences.notifications.digest, Digest::Never);
        assert!(preferences.notifications.mentions_by_mail);
        assert_eq!(preferences.chat, ChatPreferences::default());
    }

    #[test]
    fn a_patch_with_a_key_that_does_not_exist_is_refused() {
        let typo = serde_json::from_value::<PreferencesPatch>(json!({ "chat": { "enter": true } }));
        assert!(
            typo.unwrap_err()
                .to_string()
                .contains("unknown field `enter`")
        );
        let wrong = serde_json::from_value::<PreferencesPatch>(json!({ "theme": "blue" }));
        assert!(wrong.is_err());
        let german = serde_json::from_value::<PreferencesPatch>(json!({ "language": "de" }));
        assert!(german.is_err(), "only the four languages Commons speaks");
    }

    #[test]
    fn the_language_is_read_by_its_code_and_english_when_none_was_stored() {
        assert_eq!(Preferences::from_stored("{}").language, Locale::En);
        let stored = Preferences::from_stored(r#"{"language": "fr"}"#);
        assert_eq!(stored.language, Locale::Fr);
        let mut preferences = stored;
        preferences.apply(PreferencesPatch {
            language: Some(Locale::Id),
            ..PreferencesPatch::default()
        });
        assert_eq!(
            serde_json::to_value(&preferences).expect("json")["language"],
            "id"
        );
    }
}
