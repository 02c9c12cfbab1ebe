//! What the browser decides before and after sending: which chosen files become entries, and
//! the words for a refusal. Pure, so it is tested natively.

use model::uploads::{Refusal, UploadError, UploadRules};

/// What becomes of files chosen together: a verdict for each one there is room for (in the
/// order chosen), and whether some were left out because the list would hold too many.
#[derive(Debug, PartialEq, Eq)]
pub struct Admission {
    pub verdicts: Vec<Result<(), UploadError>>,
    pub too_many: bool,
}

/// Judges `chosen` (name, size) files with `rules` when `listed` entries are already in the
/// list: the first ones up to the limit are admitted, each with its own check; the others are
/// not added, and the choice is told "Too many files".
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

/// What an entry says when the server refused it: the server's own words (its [`Refusal`]),
/// else what the status means.
pub fn refusal_words(status: u16, body: &str) -> String {
    if let Ok(Refusal { error }) = serde_json::from_str::<Refusal>(body) {
        return error;
    }
    match status {
        0 => "The upload failed: the connection was lost.".to_owned(),
        401 => "You are signed out: sign in again to upload.".to_owned(),
        413 => UploadError::TooLarge.to_string(),
        415 => UploadError::NotAccepted.to_string(),
        429 => UploadError::TooMany.to_string(),
        status => format!("The upload failed (error {status})."),
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
        let body = r#"{"error":"File is too large (the limit is 10 MB)"}"#;
        assert_eq!(
            refusal_words(413, body),
            "File is too large (the limit is 10 MB)"
        );
        assert_eq!(refusal_words(415, "<html>"), "File type not accepted");
        assert_eq!(
            refusal_words(0, ""),
            "The upload failed: the connection was lost."
        );
        assert_eq!(refusal_words(502, ""), "The upload failed (error 502).");
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
