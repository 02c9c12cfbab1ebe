//! What an edit, a delete or a reaction does to the messages a room shows. Each arrives twice
//! for the one who made it — as the answer to their push and as the room's broadcast — so
//! applying one again changes nothing.

use model::chat::{
    ChatMessage, ReactionCount,
    channel::{MessageEdited, ReactionChanged},
};

/// Message `id` of a list kept in id order (see `words::merge`).
pub fn get(messages: &[ChatMessage], id: i64) -> Option<&ChatMessage> {
    let at = messages
        .binary_search_by_key(&id, |message| message.id)
        .ok()?;
    messages.get(at)
}

fn get_mut(messages: &mut [ChatMessage], id: i64) -> Option<&mut ChatMessage> {
    let at = messages
        .binary_search_by_key(&id, |message| message.id)
        .ok()?;
    messages.get_mut(at)
}

/// The message's new text. Answers whether a shown message changed.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn edit(messages: &mut [ChatMessage], edited: &MessageEdited) -> bool {
    let Some(message) = get_mut(messages, edited.message_id) else {
        return false;
    };
    if message.deleted {
        return false;
    }
    message.body.clone_from(&edited.body);
    message.edited_at = Some(edited.edited_at);
    true
}

/// The message became a tombstone. Answers whether a shown message changed.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn delete(messages: &mut [ChatMessage], id: i64) -> bool {
    let Some(message) = get_mut(messages, id) else {
        return false;
    };
    message.deleted = true;
    message.body.clear();
    message.edited_at = None;
    message.reactions.clear();
    true
}

/// Someone gave or took back a reaction: its count is now `change.count`, and it is the
/// reader's (`me`) own if they were the one who gave it.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn react(messages: &mut [ChatMessage], change: &ReactionChanged, me: i64) {
    let Some(message) = get_mut(messages, change.message_id) else {
        return;
    };
    if message.deleted {
        return;
    }
    let reactions = &mut message.reactions;
    let at = reactions.binary_search_by_key(&change.reaction, |count| count.reaction);
    if change.count <= 0 {
        if let Ok(at) = at {
            reactions.remove(at);
        }
        return;
    }
    let entry = match at {
        Ok(at) => &mut reactions[at],
        Err(at) => {
            reactions.insert(
                at,
                ReactionCount {
                    reaction: change.reaction,
                    count: 0,
                    mine: false,
                },
            );
            &mut reactions[at]
        }
    };
    entry.count = change.count;
    if change.user_id == me {
        entry.mine = change.on;
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use model::chat::{Author, Reaction};

    use super::*;

    fn message(id: i64) -> ChatMessage {
        ChatMessage {
            id,
            room_id: 1,
            author: Author {
                id: 1,
                name: "Ada".into(),
                avatar_url: None,
            },
            body: format!("message {id}"),
            inserted_at: Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap(),
            edited_at: None,
            deleted: false,
            reactions: Vec::new(),
        }
    }

    fn change(user_id: i64, reaction: Reaction, on: bool, count: i64) -> ReactionChanged {
        ReactionChanged {
            message_id: 2,
            reaction,
            user_id,
            on,
            count,
        }
    }

    fn counts(message: &ChatMessage) -> Vec<(Reaction, i64, bool)> {
        message
            .reactions
            .iter()
            .map(|count| (count.reaction, count.count, count.mine))
            .collect()
    }

    #[test]
    fn an_edit_replaces_the_text_of_a_shown_message_once_and_never_a_tombstones() {
        let mut list = vec![message(1), message(2), message(4)];
        let edited = MessageEdited {
            message_id: 2,
            body: "fixed".into(),
            edited_at: Utc.with_ymd_and_hms(2026, 1, 1, 12, 5, 0).unwrap(),
        };
        assert!(edit(&mut list, &edited));
        assert!(edit(&mut list, &edited), "again: the same outcome");
        assert_eq!(list[1].body, "fixed");
        assert_eq!(list[1].edited_at, Some(edited.edited_at));
        assert_eq!(list[0].body, "message 1", "only that one");
        let unknown = MessageEdited {
            message_id: 3,
            ..edited.clone()
        };
        assert!(!edit(&mut list, &unknown), "not shown (yet): nothing to do");

        assert!(delete(&mut list, 2));
        assert!(!edit(&mut list, &edited), "a late edit does not revive it");
        assert!(list[1].deleted && list[1].body.is_empty());
    }

    #[test]
    fn a_delete_empties_the_message_and_its_reactions() {
        let mut list = vec![message(1), message(2)];
        react(&mut list, &change(7, Reaction::Heart, true, 1), 7);
        assert!(delete(&mut list, 2));
        assert!(delete(&mut list, 2), "again: the same outcome");
        assert!(!delete(&mut list, 9));
        let tombstone = &list[1];
        assert!(tombstone.deleted);
        assert_eq!((tombstone.body.as_str(), tombstone.edited_at), ("", None));
        assert!(tombstone.reactions.is_empty());
        react(&mut list, &change(7, Reaction::Heart, true, 1), 7);
        assert!(
            list[1].reactions.is_empty(),
            "a tombstone takes no reactions"
        );
    }

    #[test]
    fn reactions_take_the_count_they_are_given_in_the_sets_order_and_mark_the_readers_own() {
        let me = 7;
        let mut list = vec![message(2)];
        react(&mut list, &change(8, Reaction::Party, true, 1), me);
        react(&mut list, &change(me, Reaction::ThumbsUp, true, 1), me);
        react(&mut list, &change(me, Reaction::Party, true, 2), me);
        // The answer to my push and the broadcast of it: the second changes nothing.
        react(&mut list, &change(me, Reaction::Party, true, 2), me);
        assert_eq!(
            counts(&list[0]),
            [(Reaction::ThumbsUp, 1, true), (Reaction::Party, 2, true)]
        );
        react(&mut list, &change(8, Reaction::Party, false, 1), me);
        assert_eq!(
            counts(&list[0])[1],
            (Reaction::Party, 1, true),
            "still mine"
        );
        react(&mut list, &change(me, Reaction::Party, false, 0), me);
        react(&mut list, &change(me, Reaction::Party, false, 0), me);
        assert_eq!(
            counts(&list[0]),
            [(Reaction::ThumbsUp, 1, true)],
            "none at zero"
        );
    }
}
