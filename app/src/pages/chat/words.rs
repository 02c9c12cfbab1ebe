//! How the room puts things into words: who is typing, who has seen a message, when a message
//! was sent, and which messages group under one header.

use chrono::{Datelike, NaiveDate};
use model::chat::ChatMessage;

/// Messages by one author this close together share one header.
const GROUP_WITHIN_SECS: i64 = 5 * 60;

/// "Ada is typing…", "Ada and Bo are typing…", "3 people are typing…"; nothing for nobody.
pub fn typing_line(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!("{one} is typing…")),
        [one, two] => Some(format!("{one} and {two} are typing…")),
        many => Some(format!("{} people are typing…", many.len())),
    }
}

/// "Seen by Ada", "Seen by Ada and Bo", "Seen by Ada, Bo and 2 others".
pub fn seen_line(names: &[String], unnamed: usize) -> Option<String> {
    let mut parts: Vec<String> = names.iter().take(3).cloned().collect();
    let others = names.len() - parts.len() + unnamed;
    match others {
        0 => {}
        1 => parts.push("1 other".to_owned()),
        n => parts.push(format!("{n} others")),
    }
    let last = parts.pop()?;
    Some(if parts.is_empty() {
        format!("Seen by {last}")
    } else {
        format!("Seen by {} and {last}", parts.join(", "))
    })
}

/// Whether `message` continues the group `previous` started: same author, soon after.
pub fn continues(previous: Option<&ChatMessage>, message: &ChatMessage) -> bool {
    previous.is_some_and(|previous| {
        previous.author.id == message.author.id
            && (message.inserted_at - previous.inserted_at).num_seconds() < GROUP_WITHIN_SECS
    })
}

/// The heading over a day's messages: "Today", "Yesterday", "Monday 30 November", and the
/// year too when it is not this one.
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    if day == today {
        "Today".to_owned()
    } else if today.pred_opt() == Some(day) {
        "Yesterday".to_owned()
    } else if day.year() == today.year() {
        day.format("%A %-d %B").to_string()
    } else {
        day.format("%A %-d %B %Y").to_string()
    }
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
        assert_eq!(typing_line(&[]), None);
        assert_eq!(typing_line(&names(&["Ada"])).unwrap(), "Ada is typing…");
        assert_eq!(
            typing_line(&names(&["Ada", "Bo"])).unwrap(),
            "Ada and Bo are typing…"
        );
        assert_eq!(
            typing_line(&names(&["A", "B", "C"])).unwrap(),
            "3 people are typing…"
        );
    }

    #[test]
    fn seen_by_names_three_then_counts() {
        assert_eq!(seen_line(&[], 0), None);
        assert_eq!(seen_line(&names(&["Ada"]), 0).unwrap(), "Seen by Ada");
        assert_eq!(
            seen_line(&names(&["Ada", "Bo"]), 0).unwrap(),
            "Seen by Ada and Bo"
        );
        assert_eq!(
            seen_line(&names(&["A", "B", "C", "D"]), 1).unwrap(),
            "Seen by A, B, C and 2 others"
        );
        assert_eq!(seen_line(&[], 1).unwrap(), "Seen by 1 other");
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
    fn a_day_is_today_yesterday_or_its_date_with_the_year_when_another() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let day = |y, m, d| day_label(NaiveDate::from_ymd_opt(y, m, d).unwrap(), today);
        assert_eq!(day(2026, 12, 3), "Today");
        assert_eq!(day(2026, 12, 2), "Yesterday");
        assert_eq!(day(2026, 11, 30), "Monday 30 November");
        assert_eq!(day(2026, 12, 4), "Friday 4 December");
        assert_eq!(day(2025, 12, 31), "Wednesday 31 December 2025");
        let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(
            day_label(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), new_year),
            "Yesterday"
        );
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
