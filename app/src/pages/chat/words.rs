//! How the room puts things into words, in the page's language: who is typing, who has seen a
//! message, what the room has to say; and which messages group under one header.

use model::chat::{ChatMessage, Reaction};

use super::state::Notice;
use crate::{
    i18n::{Locale, td_string},
    refusals::say,
};

/// Messages by one author this close together share one header.
const GROUP_WITHIN_SECS: i64 = 5 * 60;

/// "Ada is typing…", "Ada and Bo are typing…", "3 people are typing…"; nothing for nobody.
pub fn typing_line(locale: Locale, names: &[String]) -> Option<String> {
    Some(match names {
        [] => return None,
        [one] => td_string!(locale, chat.typing.one, name = one),
        [first, second] => td_string!(locale, chat.typing.two, first = first, second = second),
        many => td_string!(locale, chat.typing.many, count = many.len()),
    })
}

/// "Seen by Ada", "Seen by Ada and Bo", "Seen by Ada, Bo, Cy and 2 others".
pub fn seen_line(locale: Locale, names: &[String], unnamed: usize) -> Option<String> {
    let mut parts: Vec<String> = names.iter().take(3).cloned().collect();
    let others = names.len() - parts.len() + unnamed;
    if others > 0 {
        parts.push(td_string!(locale, chat.seen.others, count = others));
    }
    let last = parts.pop()?;
    let names = if parts.is_empty() {
        last
    } else {
        let list = parts.join(td_string!(locale, chat.seen.comma));
        td_string!(locale, chat.seen.and, list = list, last = last)
    };
    Some(td_string!(locale, chat.seen.by, names = names))
}

/// What the room has to tell the reader, in words.
pub fn notice(locale: Locale, notice: &Notice) -> String {
    let fixed = |words: &str| words.to_owned();
    match notice {
        Notice::NotUnderstood => fixed(td_string!(locale, chat.notice.not_understood)),
        Notice::NoSuchRoom => fixed(td_string!(locale, chat.notice.no_such_room)),
        Notice::Unavailable => fixed(td_string!(locale, chat.notice.unavailable)),
        Notice::RoomDeleted => fixed(td_string!(locale, chat.notice.room_deleted)),
        Notice::Refused(refusal) => say(locale, refusal),
        Notice::QueuedRefused(refusal) => {
            let why = say(locale, refusal);
            td_string!(locale, chat.notice.queued_refused, why = why)
        }
        Notice::SendingTooFast => fixed(td_string!(locale, chat.notice.sending_too_fast)),
        Notice::SendRefused => fixed(td_string!(locale, chat.notice.send_refused)),
        Notice::SendDropped => fixed(td_string!(locale, chat.notice.send_dropped)),
        Notice::SignedOut => fixed(td_string!(locale, chat.notice.signed_out)),
        Notice::NotConnected => fixed(td_string!(locale, chat.notice.not_connected)),
        Notice::ChangingTooFast => fixed(td_string!(locale, chat.notice.changing_too_fast)),
        Notice::OnlyAuthorEdits => fixed(td_string!(locale, chat.notice.only_author_edits)),
        Notice::OnlyAuthorDeletes => fixed(td_string!(locale, chat.notice.only_author_deletes)),
        Notice::MessageGone => fixed(td_string!(locale, chat.notice.message_gone)),
        Notice::ChangeRefused => fixed(td_string!(locale, chat.notice.change_refused)),
        Notice::ChangeDropped => fixed(td_string!(locale, chat.notice.change_dropped)),
    }
}

/// A reaction's name, as a screen reader says it.
pub fn reaction(locale: Locale, reaction: Reaction) -> &'static str {
    match reaction {
        Reaction::ThumbsUp => td_string!(locale, chat.reactions.thumbs_up),
        Reaction::Heart => td_string!(locale, chat.reactions.heart),
        Reaction::Laugh => td_string!(locale, chat.reactions.laugh),
        Reaction::Party => td_string!(locale, chat.reactions.party),
        Reaction::Surprised => td_string!(locale, chat.reactions.surprised),
        Reaction::Sad => td_string!(locale, chat.reactions.sad),
    }
}

/// Whether `message` continues the group `previous` started: same author, soon after.
pub fn continues(previous: Option<&ChatMessage>, message: &ChatMessage) -> bool {
    previous.is_some_and(|previous| {
        previous.author.id == message.author.id
            && (message.inserted_at - previous.inserted_at).num_seconds() < GROUP_WITHIN_SECS
    })
}

/// Adds `incoming` to `messages`, keeping them in id order without duplicates (a message can
/// arrive both as the reply to its post and as the room's broadcast, or again on catch-up).
/// Answers how many were new.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn merge(messages: &mut Vec<ChatMessage>, incoming: Vec<ChatMessage>) -> usize {
    let before = messages.len();
    messages.extend(incoming);
    messages.sort_by_key(|message| message.id);
    messages.dedup_by_key(|message| message.id);
    messages.len() - before
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use model::chat::Author;

    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    fn message(id: i64, author: i64, minute: u32) -> ChatMessage {
        ChatMessage {
            id,
            room_id: 1,
            author: Author {
                id: author,
                name: format!("user {author}"),
                avatar_url: None,
            },
            body: "hi".into(),
            inserted_at: Utc.with_ymd_and_hms(2026, 1, 1, 12, minute, 0).unwrap(),
            edited_at: None,
            deleted: false,
            reactions: Vec::new(),
        }
    }

    #[test]
    fn typing_names_one_two_or_counts() {
        let typing = |list: &[&str]| typing_line(Locale::en, &names(list));
        assert_eq!(typing(&[]), None);
        assert_eq!(typing(&["Ada"]).unwrap(), "Ada is typing…");
        assert_eq!(typing(&["Ada", "Bo"]).unwrap(), "Ada and Bo are typing…");
        assert_eq!(typing(&["A", "B", "C"]).unwrap(), "3 people are typing…");
        let typing = |locale, list: &[&str]| typing_line(locale, &names(list)).unwrap();
        assert_eq!(typing(Locale::fr, &["Ada"]), "Ada écrit…");
        assert_eq!(
            typing(Locale::es, &["Ada", "Bo"]),
            "Ada y Bo están escribiendo…"
        );
        assert_eq!(
            typing(Locale::id, &["A", "B", "C"]),
            "3 orang sedang mengetik…"
        );
    }

    #[test]
    fn seen_by_names_three_then_counts() {
        let seen = |list: &[&str], unnamed| seen_line(Locale::en, &names(list), unnamed);
        assert_eq!(seen(&[], 0), None);
        assert_eq!(seen(&["Ada"], 0).unwrap(), "Seen by Ada");
        assert_eq!(seen(&["Ada", "Bo"], 0).unwrap(), "Seen by Ada and Bo");
        assert_eq!(
            seen(&["A", "B", "C", "D"], 1).unwrap(),
            "Seen by A, B, C and 2 others"
        );
        assert_eq!(seen(&[], 1).unwrap(), "Seen by 1 other");
        let seen = |locale, list: &[&str], unnamed| seen_line(locale, &names(list), unnamed);
        assert_eq!(
            seen(Locale::fr, &["Ada", "Bo"], 0).unwrap(),
            "Vu par Ada et Bo"
        );
        assert_eq!(seen(Locale::fr, &[], 1).unwrap(), "Vu par 1 autre personne");
        assert_eq!(
            seen(Locale::es, &["A", "B", "C"], 2).unwrap(),
            "Visto por A, B, C y 2 personas más"
        );
    }

    #[test]
    fn a_group_is_one_author_within_five_minutes() {
        let first = message(1, 7, 0);
        assert!(!continues(None, &first));
        assert!(continues(Some(&first), &message(2, 7, 4)));
        assert!(!continues(Some(&first), &message(2, 7, 5)));
        assert!(!continues(Some(&first), &message(2, 8, 1)));
    }

    #[test]
    fn merging_keeps_id_order_and_drops_duplicates() {
        let mut list = vec![message(2, 1, 0), message(3, 1, 0)];
        let added = merge(
            &mut list,
            vec![message(3, 1, 0), message(1, 1, 0), message(4, 1, 0)],
        );
        assert_eq!(added, 2);
        let ids: Vec<i64> = list.iter().map(|message| message.id).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
    }
}
