//! Searching the board (recipe 16's other half, and 6–11's pipelines): what is typed becomes a
//! few lower-case words — the punctuation between them dropped, so nothing typed is ever query
//! syntax — each matched as a prefix, all of them required. What comes back is a snippet in
//! parts, the matched words marked, so a page shows them escaped like any text.

use serde::{Deserialize, Serialize};

/// The words searched for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SearchTerms(Vec<String>);

/// Why a search was not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// No word of [`SearchTerms::MIN_CHARS`] letters or digits: too little to look for.
    #[error("type at least two letters")]
    TooShort,
    #[error("at most 100 characters")]
    TooLong,
}

impl SearchTerms {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 100;
    pub const MAX_TERMS: usize = 8;

    pub fn parse(input: &str) -> Result<Self, SearchError> {
        if input.chars().count() > Self::MAX_CHARS {
            return Err(SearchError::TooLong);
        }
        // A one-letter word is dropped: as a prefix it matches nearly every word, which costs
        // the database the most and tells the reader the least.
        let mut terms: Vec<String> = Vec::new();
        for term in input
            .split(|c: char| !c.is_alphanumeric())
            .filter(|term| term.chars().count() >= Self::MIN_CHARS)
            .map(str::to_lowercase)
        {
            if !terms.contains(&term) && terms.len() < Self::MAX_TERMS {
                terms.push(term);
            }
        }
        if terms.is_empty() {
            return Err(SearchError::TooShort);
        }
        Ok(Self(terms))
    }

    pub fn terms(&self) -> &[String] {
        &self.0
    }

    /// Whether `word` (lower-cased) is one searched for: it starts with a term.
    fn matches(&self, word: &str) -> bool {
        self.0.iter().any(|term| word.starts_with(term.as_str()))
    }

    /// About `words` words of `text` around the first one searched for (from the start when
    /// none is), each one searched for marked; line breaks read as spaces, cuts as "…".
    pub fn snippet(&self, text: &str, words: usize) -> Vec<SnippetPart> {
        // The text as alternating runs: (is a word, the run).
        let mut runs: Vec<(bool, &str)> = Vec::new();
        let mut start = 0;
        let mut in_word = None;
        for (at, c) in text.char_indices() {
            let word = c.is_alphanumeric();
            if in_word.is_some_and(|was| was != word) {
                runs.push((in_word.unwrap_or_default(), &text[start..at]));
                start = at;
            }
            in_word = Some(word);
        }
        if let Some(word) = in_word {
            runs.push((word, &text[start..]));
        }
        let word_runs: Vec<usize> = (0..runs.len()).filter(|&i| runs[i].0).collect();
        let first = word_runs
            .iter()
            .position(|&i| self.matches(&runs[i].1.to_lowercase()))
            .unwrap_or(0);
        let from_word = first.saturating_sub(words / 4);
        let to_word = (from_word + words).min(word_runs.len());
        let (Some(&from), Some(&to)) = (
            word_runs.get(from_word),
            word_runs.get(to_word.saturating_sub(1)),
        ) else {
            return Vec::new();
        };
        let mut parts: Vec<SnippetPart> = Vec::new();
        let mut push = |text: String, matched: bool| match parts.last_mut() {
            Some(last) if last.matched == matched && !matched => last.text.push_str(&text),
            _ => parts.push(SnippetPart { text, matched }),
        };
        if from_word > 0 {
            push("…".to_owned(), false);
        }
        // To the end of the text (its last full stop) when the window reaches it.
        let to = if to_word == word_runs.len() {
            runs.len() - 1
        } else {
            to
        };
        for &(word, run) in &runs[from..=to] {
            if word {
                push(run.to_owned(), self.matches(&run.to_lowercase()));
            } else {
                let spaced: String = run
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .collect();
                // Runs of spaces (a paragraph break) read as one.
                let spaced = spaced
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>();
                let glued = if run.starts_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let tail = if run.ends_with(char::is_whitespace) && !spaced.is_empty() {
                    " "
                } else {
                    ""
                };
                push(
                    format!("{glued}{}{tail}", spaced.join(" ")).replace("  ", " "),
                    false,
                );
            }
        }
        if to_word < word_runs.len() {
            push(" …".to_owned(), false);
        }
        parts
    }

    /// An SQLite FTS5 query: each term quoted (so none is an operator) and a prefix.
    pub fn fts5(&self) -> String {
        self.0
            .iter()
            .map(|term| format!("\"{term}\"*"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// A PostgreSQL `to_tsquery` text: each term (letters and digits only) a prefix.
    pub fn tsquery(&self) -> String {
        self.0
            .iter()
            .map(|term| format!("{term}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

/// A piece of a snippet: text as written, and whether it matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnippetPart {
    pub text: String,
    #[serde(default)]
    pub matched: bool,
}

/// Where a search found its words: a post, or a comment on one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub post_id: i64,
    /// Set when the words were in a comment.
    #[serde(default)]
    pub comment_id: Option<i64>,
    pub post_title: String,
    pub snippet: Vec<SnippetPart>,
}

/// What a search found, best first: posts, then comments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub posts: Vec<SearchHit>,
    pub comments: Vec<SearchHit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_typed_becomes_words() {
        let terms = SearchTerms::parse(r#"  Rust, "web"* OR -NEAR(élan) rust "#).unwrap();
        assert_eq!(terms.terms(), ["rust", "web", "or", "near", "élan"]);
        assert_eq!(
            terms.fts5(),
            r#""rust"* AND "web"* AND "or"* AND "near"* AND "élan"*"#
        );
        assert_eq!(terms.tsquery(), "rust:* & web:* & or:* & near:* & élan:*");
    }

    #[test]
    fn too_little_or_too_much_is_refused() {
        assert_eq!(SearchTerms::parse("a"), Err(SearchError::TooShort));
        assert_eq!(SearchTerms::parse(" *** "), Err(SearchError::TooShort));
        assert_eq!(SearchTerms::parse("a b c"), Err(SearchError::TooShort));
        assert_eq!(SearchTerms::parse("c++ rust").unwrap().terms(), ["rust"]);
        assert_eq!(
            SearchTerms::parse(&"x".repeat(101)),
            Err(SearchError::TooLong)
        );
        let many = (0..20)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(SearchTerms::parse(&many).unwrap().terms().len(), 8);
    }

    fn shown(parts: &[SnippetPart]) -> Vec<(&str, bool)> {
        parts.iter().map(|p| (p.text.as_str(), p.matched)).collect()
    }

    #[test]
    fn a_snippet_marks_the_words_searched_for() {
        let terms = SearchTerms::parse("rust web").unwrap();
        let parts = terms.snippet("a Rustacean <b>\n\n writes for the Web.", 20);
        assert_eq!(
            shown(&parts),
            [
                ("a ", false),
                ("Rustacean", true),
                (" <b> writes for the ", false),
                ("Web", true),
                (".", false)
            ]
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let text = (0..100)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let terms = SearchTerms::parse("w50").unwrap();
        let parts = terms.snippet(&text, 8);
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "…w48 w49 w50 w51 w52 w53 w54 w55 …");
        assert_eq!(parts.iter().filter(|p| p.matched).count(), 1);
        assert!(terms.snippet("", 8).is_empty());
        assert_eq!(
            shown(&terms.snippet("no match here", 2)),
            [("no match …", false)]
        );
    }
}
