//! What the browser decides before and after sending: which chosen files become entries, and
//! the words for a refusal. Pure, so it is tested natively.

use model::{
    refusal::Refusal,
    uploads::{Refusal as Refused, UploadError, UploadRules},
};

use crate::{
    i18n::{Locale, td_string},
    refusals::say,
};

/// What becomes of files chosen together: a verdict for each one there is room for (in the
/// order chosen), and whether some were left out because the list would hold too many.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct Admission {
    pub verdicts: Vec<Result<(), UploadError>>,
    pub too_many: bool,
}

/// Judges `chosen` (name, size) files with `rules` when `listed` entries are already in the
/// list: the first ones up to the limit are admitted, each with its own check; the others are
/// not added, and the choice is told there are too many.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn admit(rules: &UploadRules, listed: usize, chosen: &[(String, u64)]) -> Admission {
    let room = rules.max_entries.saturating_sub(listed);
    Admission {
        verdicts: chosen
            .iter()
            .take(room)
            .map(|(name, size)| rules.check(name, *size).map(|_| ()))
            .collect(),
        too_many: rules.check_count(listed + chosen.len()).is_err(),
    }
}

/// Why a file (or the choice as a whole) did not go, kept as what happened so the page says
/// it in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Problem {
    /// A rule refused it, the browser's check or the server's.
    Refused(Refusal),
    /// The server's own words, already in the page's language.
    Said(String),
    ConnectionLost,
    SignedOut,
    /// Another status, with no words from the server.
    Failed(u16),
    /// The browser could not start the request.
    NotStarted,
    /// Accepted, but its answer was not what the page expected.
    AnswerUnreadable,
    /// "Upload" with nothing chosen.
    NothingChosen,
}

/// What a broken rule refuses, with the rules' figures.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn refusal(rules: &UploadRules, error: UploadError) -> Refusal {
    match error {
        UploadError::TooLarge => Refusal::FileTooLarge {
            max_bytes: rules.max_bytes,
        },
        UploadError::NotAccepted => Refusal::FileTypeNotAccepted,
        UploadError::TooMany => Refusal::TooManyFiles {
            max: rules.max_entries,
        },
    }
}

/// Why the server refused an entry: its own words (its [`Refused`] body), else what the
/// status means.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn refused(status: u16, body: &str) -> Problem {
    if let Ok(Refused { error }) = serde_json::from_str::<Refused>(body) {
        return Problem::Said(error);
    }
    match status {
        0 => Problem::ConnectionLost,
        401 => Problem::SignedOut,
        415 => Problem::Refused(Refusal::FileTypeNotAccepted),
        status => Problem::Failed(status),
    }
}

/// `problem` in words, in `locale`.
pub fn words(locale: Locale, problem: &Problem) -> String {
    match problem {
        Problem::Refused(refusal) => say(locale, refusal),
        Problem::Said(words) => words.clone(),
        Problem::ConnectionLost => td_string!(locale, uploads.connection_lost).to_owned(),
        Problem::SignedOut => td_string!(locale, uploads.signed_out).to_owned(),
        Problem::Failed(status) => td_string!(locale, uploads.failed, status = *status),
        Problem::NotStarted => td_string!(locale, uploads.not_started).to_owned(),
        Problem::AnswerUnreadable => td_string!(locale, uploads.answer_unreadable).to_owned(),
        Problem::NothingChosen => td_string!(locale, uploads.choose_first).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use model::uploads::{AVATAR, FILES};

    use super::*;

    fn files(names: &[&str]) -> Vec<(String, u64)> {
        names
            .iter()
            .map(|name| ((*name).to_owned(), 1_000))
            .collect()
    }

    #[test]
    fn each_admitted_file_gets_its_own_verdict() {
        let chosen = vec![
            ("photo.png".to_owned(), 1_000),
            ("tool.exe".to_owned(), 1_000),
            ("huge.pdf".to_owned(), FILES.max_bytes + 1),
        ];
        assert_eq!(
            admit(&FILES, 0, &chosen),
            Admission {
                verdicts: vec![
                    Ok(()),
                    Err(UploadError::NotAccepted),
                    Err(UploadError::TooLarge)
                ],
                too_many: false,
            }
        );
    }

    #[test]
    fn files_beyond_the_limit_are_left_out() {
        let six = files(&["1.png", "2.png", "3.png", "4.png", "5.png", "6.png"]);
        let admission = admit(&FILES, 0, &six);
        assert_eq!(admission.verdicts.len(), 5);
        assert!(admission.too_many);

        let admission = admit(&FILES, 4, &files(&["a.png", "b.png"]));
        assert_eq!(admission.verdicts, vec![Ok(())]);
        assert!(admission.too_many);

        let admission = admit(&FILES, 5, &files(&["a.png"]));
        assert!(admission.verdicts.is_empty());
        assert!(admission.too_many);
    }

    #[test]
    fn a_refusal_is_told_in_the_servers_words_else_by_its_status() {
        let said = |status, body| words(Locale::en, &refused(status, body));
        let body = r#"{"error":"Le fichier est trop volumineux"}"#;
        assert_eq!(said(413, body), "Le fichier est trop volumineux");
        assert_eq!(said(415, "<html>"), "File type not accepted");
        assert_eq!(said(0, ""), "The upload failed: the connection was lost.");
        assert_eq!(said(502, ""), "The upload failed (error 502).");
        assert_eq!(
            words(Locale::fr, &refused(0, "")),
            "L’envoi a échoué\u{a0}: la connexion a été perdue."
        );
    }

    #[test]
    fn a_broken_rule_says_the_rules_figures() {
        let said = |error| say(Locale::en, &refusal(&FILES, error));
        assert_eq!(
            said(UploadError::TooLarge),
            "File is too large (the limit is 10 MB)"
        );
        assert_eq!(
            said(UploadError::TooMany),
            "Too many files at once (at most 5)"
        );
        assert_eq!(said(UploadError::NotAccepted), "File type not accepted");
    }

    #[test]
    fn an_avatar_is_one_file() {
        assert_eq!(
            admit(&AVATAR, 0, &files(&["me.png"])),
            Admission {
                verdicts: vec![Ok(())],
                too_many: false
            }
        );
        assert!(admit(&AVATAR, 0, &files(&["me.png", "you.png"])).too_many);
    }
}
