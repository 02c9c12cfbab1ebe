//! Finding the web links in a message, so the page can make them clickable without ever
//! treating the message as HTML: the text is split into plain runs and `http(s)://` links, and
//! each part is rendered as escaped text or as an anchor whose `href` is the link itself.

/// A run of a message's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// An `http://` or `https://` address; any other scheme (`javascript:`, `data:`) stays text.
    Link(&'a str),
}

/// Characters that end a sentence more often than an address, left out of a link's tail.
const TRAILING: &[char] = &['.', ',', ':', ';', '!', '?', '\'', ')', ']', '}'];

/// Splits `body` into text and links, in order; joined back together they are `body`.
pub fn segments(body: &str) -> Vec<Segment<'_>> {
    let mut parts = Vec::new();
    let mut text_from = 0;
    let mut search_from = 0;
    while let Some(start) = next_link_start(body, search_from) {
        let end = body[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .map_or(body.len(), |offset| start + offset);
        let link = trim_tail(&body[start..end]);
        let after_scheme = link.find("://").map_or(link.len(), |at| at + 3);
        if link.len() == after_scheme {
            // A bare scheme is not an address.
            search_from = start + after_scheme;
            continue;
        }
        if start > text_from {
            parts.push(Segment::Text(&body[text_from..start]));
        }
        parts.push(Segment::Link(link));
        text_from = start + link.len();
        search_from = text_from;
    }
    if text_from < body.len() {
        parts.push(Segment::Text(&body[text_from..]));
    }
    parts
}

/// Drops sentence punctuation from a link's end, but keeps a `)` that closes a `(` inside the
/// link (as in Wikipedia addresses).
fn trim_tail(mut link: &str) -> &str {
    while let Some(last) = link.chars().last() {
        let closes_own = last == ')' && link.matches('(').count() >= link.matches(')').count();
        if !TRAILING.contains(&last) || closes_own {
            break;
        }
        link = &link[..link.len() - last.len_utf8()];
    }
    link
}

/// Where the next `http://` or `https://` (any letter case) starts at or after `from`, at the
/// start of a word.
fn next_link_start(body: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = find_ascii_ci(&body[at..], "http") {
        let start = at + found;
        let tail = &body[start..];
        let scheme = starts_with_ci(tail, "http://") || starts_with_ci(tail, "https://");
        let word_start = body[..start]
            .chars()
            .last()
            .is_none_or(|before| !before.is_alphanumeric());
        if scheme && word_start {
            return Some(start);
        }
        at = start + "http".len();
    }
    None
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn find_ascii_ci(text: &str, needle: &str) -> Option<usize> {
    text.char_indices()
        .map(|(at, _)| at)
        .find(|&at| starts_with_ci(&text[at..], needle))
}

#[cfg(test)]
mod tests {
    use super::{Segment::*, *};

    #[test]
    fn plain_text_is_one_run() {
        assert_eq!(segments("hello <b>there</b>"), [Text("hello <b>there</b>")]);
        assert_eq!(segments(""), []);
    }

    #[test]
    fn links_are_cut_out_of_the_text_around_them() {
        assert_eq!(
            segments("see https://example.com/a?b=1&c=2 and http://x.org."),
            [
                Text("see "),
                Link("https://example.com/a?b=1&c=2"),
                Text(" and "),
                Link("http://x.org"),
                Text("."),
            ]
        );
    }

    #[test]
    fn only_web_schemes_at_a_word_start_become_links() {
        assert_eq!(
            segments("javascript:alert(1)"),
            [Text("javascript:alert(1)")]
        );
        assert_eq!(segments("xhttps://a.b"), [Text("xhttps://a.b")]);
        assert_eq!(segments("https:// nothing"), [Text("https:// nothing")]);
        assert_eq!(segments("HTTPS://A.B"), [Link("HTTPS://A.B")]);
    }

    #[test]
    fn a_link_stops_before_markup_and_keeps_its_own_parentheses() {
        assert_eq!(
            segments("https://a.b/x\"onmouseover=\"alert(1)"),
            [Link("https://a.b/x"), Text("\"onmouseover=\"alert(1)")]
        );
        assert_eq!(
            segments("(https://en.wikipedia.org/wiki/Rust_(language))"),
            [
                Text("("),
                Link("https://en.wikipedia.org/wiki/Rust_(language)"),
                Text(")"),
            ]
        );
    }

    #[test]
    fn the_parts_always_join_back_into_the_body() {
        for body in [
            "é https://ü.de/ä, ok",
            "http://",
            "a http://b http://c",
            "(http://x)",
        ] {
            let joined: String = segments(body)
                .into_iter()
                .map(|part| match part {
                    Text(text) | Link(text) => text,
                })
                .collect();
            assert_eq!(joined, body);
        }
    }
}
