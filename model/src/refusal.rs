//! Why a value was refused, as a code with the values its words need — never the words.
//!
//! The rules in this crate answer with their own error types; a form's refusals are kept as
//! [`Refusal`]s, which the browser and the server word alike in the reader's language (the
//! app's `refusal` translations), and which the API words in its request's language beside a
//! stable problem `type`. Two people reading the same refusal in two languages see the same
//! rule, with the same numbers.

use serde::{Deserialize, Serialize};

use crate::{
    accounts::{AgeError, EmailError, PasswordError, PersonNameError, age, name, password},
    api::tokens::{TokenName, TokenNameError},
    board::{SearchError, SearchTerms, TagsError},
    chat::{MessageBody, MessageBodyError, RoomName, RoomNameError},
};

/// One refused value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Refusal {
    NameEmpty,
    NameTooLong {
        max: usize,
    },
    NameControlCharacter,
    EmailEmpty,
    EmailTooLong {
        max: usize,
    },
    EmailMalformed,
    /// Another account uses the address (in any letter case).
    EmailTaken,
    AgeNotANumber,
    AgeTooYoung {
        min: u8,
    },
    AgeTooOld {
        max: u8,
    },
    PasswordEmpty,
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    PasswordNoDigit,
    PasswordNoUppercase,
    /// The confirmation is not the password.
    PasswordsDiffer,
    /// The current password, which a change of password asks for, was left out.
    CurrentPasswordEmpty,
    /// The current password, asked to change it, is not theirs.
    WrongCurrentPassword,
    /// A reset link past its time, or used already.
    ResetLinkSpent,
    TokenNameEmpty,
    TokenNameTooLong {
        max: usize,
    },
    TokenNameControlCharacter,
    /// Neither `read` nor `read write`.
    TokenScopeUnknown,
    /// Not a whole number of days from 1 to `max` (nor empty, for no expiry).
    TokenExpiryOutOfRange {
        max: u16,
    },
    RoomNameEmpty,
    RoomNameTooLong {
        max: usize,
    },
    RoomNameControlCharacter,
    MessageEmpty,
    MessageTooLong {
        max: usize,
    },
    MessageControlCharacter,
    /// Another room has the name.
    RoomNameTaken,
    /// An account named by its id that does not exist.
    NoSuchAccount,
    /// An account named by its address that does not exist.
    NoAccountWithEmail,
    /// Over a rate limit: another try is let through after this wait.
    TooManyAttempts {
        retry_after_secs: u64,
    },
    /// An email and password that open nothing (the same for an unknown email).
    InvalidCredentials,
    /// A request body that could not be read.
    RequestUnreadable,
    /// The client stopped sending the file half-way.
    UploadInterrupted,
    /// A list filter longer than any name it could match.
    FilterTooLong {
        max: usize,
    },
    FilterControlCharacter,
    /// An admin may not change or delete their own account.
    OwnAccount,
    /// The change would leave the site without an admin.
    LastAdmin,
    /// A person has as many access tokens as they may.
    TooManyTokens {
        max: usize,
    },
    /// A request body over the limit.
    RequestTooLarge,
    /// A request body that did not arrive in time.
    RequestTimedOut,
    /// A file whose name's extension is not one the place accepts.
    FileTypeNotAccepted,
    /// A file over the size limit.
    FileTooLarge {
        max_bytes: u64,
    },
    /// More files at once than allowed.
    TooManyFiles {
        max: usize,
    },
    FileEmpty,
    /// The file's bytes are not what its extension says.
    FileContentMismatch {
        extension: String,
    },
    /// Not a picture that can be read.
    PictureUnreadable,
    /// A picture with more pixels than are processed.
    PictureTooLarge {
        max_megapixels: u64,
    },
    /// The person's files would use more than their quota.
    QuotaExceeded {
        used_bytes: u64,
        quota_bytes: u64,
    },
    /// Nothing of the upload arrived for this long.
    UploadStalled {
        secs: u64,
    },
    /// The upload came slower than the pace allowed.
    UploadTooSlow {
        min_kb_per_sec: u64,
    },
    /// Not a cron expression; `detail` is the parser's (English) reason.
    CronInvalid {
        detail: String,
    },
    /// Not a time zone of the IANA database.
    TimeZoneUnknown {
        zone: String,
    },
    /// A schedule's name is 1 to `max` characters.
    ScheduleNameInvalid {
        max: usize,
    },
    ScheduleNameTaken,
    /// A new schedule names no built-in job to run.
    ScheduleJobUnknown,
    /// A schedule the node made: it may be paused, not changed or deleted.
    ScheduleBuiltin,
    TitleEmpty,
    TitleTooLong {
        max: usize,
    },
    PostEmpty,
    PostTooLong {
        max: usize,
    },
    CommentEmpty,
    CommentTooLong {
        max: usize,
    },
    /// A control character in a title, a post or a comment.
    TextControlCharacter,
    TagTooLong {
        max: usize,
    },
    /// Not a tag: `tag` as typed.
    TagMalformed {
        tag: String,
    },
    TooManyTags {
        max: usize,
    },
    /// A page cursor this server did not write.
    CursorMalformed,
    /// A comment or a like on one's own draft, which takes neither until published.
    DraftClosed,
    /// Fewer than `min` letters or digits to search for.
    SearchTooShort {
        min: usize,
    },
    SearchTooLong {
        max: usize,
    },
    /// Words made elsewhere, for rules not yet given a code of their own (a room's or a
    /// token's name, a schedule's cron line): shown as they are, in English.
    Said {
        words: String,
    },
}

impl From<PersonNameError> for Refusal {
    fn from(error: PersonNameError) -> Self {
        match error {
            PersonNameError::Empty => Self::NameEmpty,
            PersonNameError::TooLong => Self::NameTooLong {
                max: name::MAX_CHARS,
            },
            PersonNameError::ControlCharacter => Self::NameControlCharacter,
        }
    }
}

impl From<SearchError> for Refusal {
    fn from(error: SearchError) -> Self {
        match error {
            SearchError::TooShort => Self::SearchTooShort {
                min: SearchTerms::MIN_CHARS,
            },
            SearchError::TooLong => Self::SearchTooLong {
                max: SearchTerms::MAX_CHARS,
            },
        }
    }
}

impl From<TagsError> for Refusal {
    fn from(error: TagsError) -> Self {
        match error {
            TagsError::TooLong { max } => Self::TagTooLong { max },
            TagsError::Malformed { tag } => Self::TagMalformed { tag },
            TagsError::TooMany { max } => Self::TooManyTags { max },
        }
    }
}

impl From<EmailError> for Refusal {
    fn from(error: EmailError) -> Self {
        match error {
            EmailError::Empty => Self::EmailEmpty,
            EmailError::TooLong => Self::EmailTooLong {
                max: crate::accounts::email::MAX_LEN,
            },
            EmailError::Malformed => Self::EmailMalformed,
        }
    }
}

impl From<AgeError> for Refusal {
    fn from(error: AgeError) -> Self {
        match error {
            AgeError::NotANumber => Self::AgeNotANumber,
            AgeError::TooYoung => Self::AgeTooYoung { min: age::MIN },
            AgeError::TooOld => Self::AgeTooOld { max: age::MAX },
        }
    }
}

impl From<PasswordError> for Refusal {
    fn from(error: PasswordError) -> Self {
        match error {
            PasswordError::Empty => Self::PasswordEmpty,
            PasswordError::TooShort => Self::PasswordTooShort {
                min: password::MIN_CHARS,
            },
            PasswordError::TooLong => Self::PasswordTooLong {
                max: password::MAX_CHARS,
            },
            PasswordError::NoDigit => Self::PasswordNoDigit,
            PasswordError::NoUppercase => Self::PasswordNoUppercase,
        }
    }
}

impl From<TokenNameError> for Refusal {
    fn from(error: TokenNameError) -> Self {
        match error {
            TokenNameError::Empty => Self::TokenNameEmpty,
            TokenNameError::TooLong => Self::TokenNameTooLong {
                max: TokenName::MAX_CHARS,
            },
            TokenNameError::Control => Self::TokenNameControlCharacter,
        }
    }
}

impl From<RoomNameError> for Refusal {
    fn from(error: RoomNameError) -> Self {
        match error {
            RoomNameError::Empty => Self::RoomNameEmpty,
            RoomNameError::TooLong => Self::RoomNameTooLong {
                max: RoomName::MAX_CHARS,
            },
            RoomNameError::ControlCharacter => Self::RoomNameControlCharacter,
        }
    }
}

impl From<MessageBodyError> for Refusal {
    fn from(error: MessageBodyError) -> Self {
        match error {
            MessageBodyError::Empty => Self::MessageEmpty,
            MessageBodyError::TooLong => Self::MessageTooLong {
                max: MessageBody::MAX_CHARS,
            },
            MessageBodyError::ControlCharacter => Self::MessageControlCharacter,
        }
    }
}

impl From<String> for Refusal {
    fn from(words: String) -> Self {
        Self::Said { words }
    }
}

impl From<&str> for Refusal {
    fn from(words: &str) -> Self {
        Self::Said {
            words: words.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_refusal_travels_as_its_code_and_values() {
        let too_short = Refusal::from(PasswordError::TooShort);
        assert_eq!(
            serde_json::to_value(&too_short).expect("json"),
            json!({ "code": "password_too_short", "min": 8 })
        );
        let back: Refusal =
            serde_json::from_value(json!({ "code": "age_too_young", "min": 13 })).expect("reads");
        assert_eq!(back, Refusal::from(AgeError::TooYoung));
        assert_eq!(
            serde_json::to_value(Refusal::EmailTaken).expect("json"),
            json!({ "code": "email_taken" })
        );
    }
}
