//! Refusals and failures in words, in the reader's language: the same function words a field's
//! live check in the browser, the server's re-rendered form, and the API's problem details, so
//! all three say the same thing.

use model::refusal::Refusal;

use crate::{
    AppError,
    i18n::{Locale, td_string},
    pages::units,
};

/// What `refusal` says, in `locale`.
pub fn say(locale: Locale, refusal: &Refusal) -> String {
    let fixed = |words: &str| words.to_owned();
    match refusal {
        Refusal::NameEmpty => fixed(td_string!(locale, refusal.name_empty)),
        Refusal::NameTooLong { max } => td_string!(locale, refusal.name_too_long, max = *max),
        Refusal::NameControlCharacter => fixed(td_string!(locale, refusal.name_control_character)),
        Refusal::EmailEmpty => fixed(td_string!(locale, refusal.email_empty)),
        Refusal::EmailTooLong { max } => td_string!(locale, refusal.email_too_long, max = *max),
        Refusal::EmailMalformed => fixed(td_string!(locale, refusal.email_malformed)),
        Refusal::EmailTaken => fixed(td_string!(locale, refusal.email_taken)),
        Refusal::AgeNotANumber => fixed(td_string!(locale, refusal.age_not_a_number)),
        Refusal::AgeTooYoung { min } => td_string!(locale, refusal.age_too_young, min = *min),
        Refusal::AgeTooOld { max } => td_string!(locale, refusal.age_too_old, max = *max),
        Refusal::PasswordEmpty => fixed(td_string!(locale, refusal.password_empty)),
        Refusal::PasswordTooShort { min } => {
            td_string!(locale, refusal.password_too_short, min = *min)
        }
        Refusal::PasswordTooLong { max } => {
            td_string!(locale, refusal.password_too_long, max = *max)
        }
        Refusal::PasswordNoDigit => fixed(td_string!(locale, refusal.password_no_digit)),
        Refusal::PasswordNoUppercase => fixed(td_string!(locale, refusal.password_no_uppercase)),
        Refusal::PasswordsDiffer => fixed(td_string!(locale, refusal.passwords_differ)),
        Refusal::CurrentPasswordEmpty => fixed(td_string!(locale, refusal.current_password_empty)),
        Refusal::WrongCurrentPassword => fixed(td_string!(locale, refusal.wrong_current_password)),
        Refusal::ResetLinkSpent => fixed(td_string!(locale, refusal.reset_link_spent)),
        Refusal::TokenNameEmpty => fixed(td_string!(locale, refusal.token_name_empty)),
        Refusal::TokenNameTooLong { max } => {
            td_string!(locale, refusal.token_name_too_long, max = *max)
        }
        Refusal::TokenNameControlCharacter => {
            fixed(td_string!(locale, refusal.token_name_control_character))
        }
        Refusal::TokenScopeUnknown => fixed(td_string!(locale, refusal.token_scope_unknown)),
        Refusal::TokenExpiryOutOfRange { max } => {
            td_string!(locale, refusal.token_expiry_out_of_range, max = *max)
        }
        Refusal::RoomNameEmpty => fixed(td_string!(locale, refusal.room_name_empty)),
        Refusal::RoomNameTooLong { max } => {
            td_string!(locale, refusal.room_name_too_long, max = *max)
        }
        Refusal::RoomNameControlCharacter => {
            fixed(td_string!(locale, refusal.room_name_control_character))
        }
        Refusal::MessageEmpty => fixed(td_string!(locale, refusal.message_empty)),
        Refusal::MessageTooLong { max } => {
            td_string!(locale, refusal.message_too_long, max = *max)
        }
        Refusal::MessageControlCharacter => {
            fixed(td_string!(locale, refusal.message_control_character))
        }
        Refusal::RoomNameTaken => fixed(td_string!(locale, refusal.room_name_taken)),
        Refusal::NoSuchAccount => fixed(td_string!(locale, refusal.no_such_account)),
        Refusal::NoAccountWithEmail => fixed(td_string!(locale, refusal.no_account_with_email)),
        Refusal::TooManyAttempts { retry_after_secs } => too_many(locale, *retry_after_secs),
        Refusal::InvalidCredentials => fixed(td_string!(locale, problem.invalid_credentials)),
        Refusal::RequestUnreadable => fixed(td_string!(locale, refusal.request_unreadable)),
        Refusal::UploadInterrupted => fixed(td_string!(locale, refusal.upload_interrupted)),
        Refusal::FilterTooLong { max } => td_string!(locale, refusal.filter_too_long, max = *max),
        Refusal::FilterControlCharacter => {
            fixed(td_string!(locale, refusal.filter_control_character))
        }
        Refusal::OwnAccount => fixed(td_string!(locale, refusal.own_account)),
        Refusal::LastAdmin => fixed(td_string!(locale, refusal.last_admin)),
        Refusal::TooManyTokens { max } => td_string!(locale, refusal.too_many_tokens, max = *max),
        Refusal::RequestTooLarge => fixed(td_string!(locale, refusal.request_too_large)),
        Refusal::RequestTimedOut => fixed(td_string!(locale, refusal.request_timed_out)),
        Refusal::FileTypeNotAccepted => fixed(td_string!(locale, refusal.file_type_not_accepted)),
        Refusal::FileTooLarge { max_bytes } => {
            let max = units::megabytes(locale, *max_bytes);
            td_string!(locale, refusal.file_too_large, max = max)
        }
        Refusal::TooManyFiles { max } => td_string!(locale, refusal.too_many_files, max = *max),
        Refusal::FileEmpty => fixed(td_string!(locale, refusal.file_empty)),
        Refusal::FileContentMismatch { extension } => {
            td_string!(locale, refusal.file_content_mismatch, extension = extension)
        }
        Refusal::PictureUnreadable => fixed(td_string!(locale, refusal.picture_unreadable)),
        Refusal::PictureTooLarge { max_megapixels } => {
            td_string!(locale, refusal.picture_too_large, max = *max_megapixels)
        }
        Refusal::QuotaExceeded {
            used_bytes,
            quota_bytes,
        } => {
            let used = units::megabytes(locale, *used_bytes);
            let quota = units::megabytes(locale, *quota_bytes);
            td_string!(locale, refusal.quota_exceeded, used = used, quota = quota)
        }
        Refusal::UploadStalled { secs } => td_string!(locale, refusal.upload_stalled, secs = *secs),
        Refusal::UploadTooSlow { min_kb_per_sec } => {
            td_string!(locale, refusal.upload_too_slow, min = *min_kb_per_sec)
        }
        Refusal::CronInvalid { detail } => {
            td_string!(locale, refusal.cron_invalid, detail = detail)
        }
        Refusal::TimeZoneUnknown { zone } => {
            td_string!(locale, refusal.time_zone_unknown, zone = zone)
        }
        Refusal::ScheduleNameInvalid { max } => {
            td_string!(locale, refusal.schedule_name_invalid, max = *max)
        }
        Refusal::ScheduleNameTaken => fixed(td_string!(locale, refusal.schedule_name_taken)),
        Refusal::ScheduleJobUnknown => fixed(td_string!(locale, refusal.schedule_job_unknown)),
        Refusal::ScheduleBuiltin => fixed(td_string!(locale, refusal.schedule_builtin)),
        Refusal::TitleEmpty => fixed(td_string!(locale, refusal.title_empty)),
        Refusal::TitleTooLong { max } => td_string!(locale, refusal.title_too_long, max = *max),
        Refusal::PostEmpty => fixed(td_string!(locale, refusal.post_empty)),
        Refusal::PostTooLong { max } => td_string!(locale, refusal.post_too_long, max = *max),
        Refusal::CommentEmpty => fixed(td_string!(locale, refusal.comment_empty)),
        Refusal::CommentTooLong { max } => {
            td_string!(locale, refusal.comment_too_long, max = *max)
        }
        Refusal::TextControlCharacter => fixed(td_string!(locale, refusal.text_control_character)),
        Refusal::TagTooLong { max } => td_string!(locale, refusal.tag_too_long, max = *max),
        Refusal::TagMalformed { tag } => td_string!(locale, refusal.tag_malformed, tag = tag),
        Refusal::TooManyTags { max } => td_string!(locale, refusal.too_many_tags, max = *max),
        Refusal::CursorMalformed => fixed(td_string!(locale, refusal.cursor_malformed)),
        Refusal::DraftClosed => fixed(td_string!(locale, refusal.draft_closed)),
        Refusal::SearchTooShort { min } => {
            td_string!(locale, refusal.search_too_short, min = *min)
        }
        Refusal::SearchTooLong { max } => td_string!(locale, refusal.search_too_long, max = *max),
        Refusal::Said { words } => words.clone(),
    }
}

/// "Too many attempts. Please try again in 40 seconds." — a wait under a minute in seconds,
/// a longer one in whole minutes, rounded up.
fn too_many(locale: Locale, secs: u64) -> String {
    match secs {
        0..=59 => td_string!(locale, refusal.too_many_seconds, count = secs.max(1)),
        _ => td_string!(locale, refusal.too_many_minutes, count = secs.div_ceil(60)),
    }
}

/// What a failure says to the person who met it, in `locale`: its refusal if it carries one
/// (a refused upload, a conflict, a malformed request, whose words may be `Said` English).
pub fn failure(locale: Locale, error: &AppError) -> String {
    let fixed = |words: &str| words.to_owned();
    match error {
        AppError::Invalid(_) => fixed(td_string!(locale, failure.invalid)),
        AppError::RateLimited {
            retry_after_secs, ..
        } => too_many(locale, *retry_after_secs),
        AppError::Unauthorized => fixed(td_string!(locale, failure.unauthorized)),
        AppError::Forbidden => fixed(td_string!(locale, failure.forbidden)),
        AppError::NotFound => fixed(td_string!(locale, failure.not_found)),
        AppError::Unavailable => fixed(td_string!(locale, failure.unavailable)),
        AppError::Internal => fixed(td_string!(locale, failure.internal)),
        AppError::Network => fixed(td_string!(locale, failure.network)),
        AppError::BadRequest(refusal)
        | AppError::Conflict(refusal)
        | AppError::TooLarge(refusal)
        | AppError::UnsupportedType(refusal)
        | AppError::TooMany(refusal)
        | AppError::Unprocessable(refusal)
        | AppError::TimedOut(refusal) => say(locale, refusal),
    }
}

#[cfg(test)]
mod tests {
    use model::accounts::{AgeError, PasswordError};

    use super::*;

    #[test]
    fn a_refusal_reads_the_same_rule_with_the_same_numbers_in_every_language() {
        let too_young = Refusal::from(AgeError::TooYoung);
        assert_eq!(
            say(Locale::en, &too_young),
            "You must be at least 13 to register."
        );
        assert_eq!(
            say(Locale::fr, &too_young),
            "Vous devez avoir au moins 13 ans pour vous inscrire."
        );
        assert_eq!(
            say(Locale::es, &Refusal::from(PasswordError::TooShort)),
            "Usa al menos 8 caracteres."
        );
        let said = Refusal::from("Words as they came.");
        assert_eq!(say(Locale::id, &said), "Words as they came.");
    }

    #[test]
    fn a_wait_reads_in_seconds_then_in_whole_minutes_with_each_language_s_plurals() {
        let wait = |secs| Refusal::TooManyAttempts {
            retry_after_secs: secs,
        };
        assert_eq!(
            say(Locale::en, &wait(0)),
            "Too many attempts. Please try again in 1 second."
        );
        assert_eq!(
            say(Locale::en, &wait(40)),
            "Too many attempts. Please try again in 40 seconds."
        );
        assert_eq!(
            say(Locale::en, &wait(61)),
            "Too many attempts. Please try again in 2 minutes."
        );
        assert_eq!(
            say(Locale::fr, &wait(60)),
            "Trop de tentatives. Réessayez dans 1 minute."
        );
        assert_eq!(
            say(Locale::id, &wait(900)),
            "Terlalu banyak percobaan. Coba lagi dalam 15 menit."
        );
        let limited = AppError::RateLimited {
            limit: 5,
            retry_after_secs: 2,
        };
        assert_eq!(
            failure(Locale::es, &limited),
            "Demasiados intentos. Vuelve a intentarlo en 2 segundos."
        );
    }
}
