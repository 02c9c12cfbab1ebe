//! The integer times tables store, and reading them back as dates. A stored value no
//! date can hold is a decoding error, never a made-up time.

use chrono::{DateTime, Utc};

/// Now, in the unit `room_members` stores (unix seconds).
pub(crate) fn now_seconds() -> i64 {
    Utc::now().timestamp()
}

/// Now, in the unit `messages.inserted_at` stores (unix milliseconds).
pub(crate) fn now_millis() -> i64 {
    Utc::now().timestamp_millis()
}

/// A column of unix seconds, read with `#[sqlx(try_from = "i64")]`.
pub(crate) struct UnixSeconds(pub DateTime<Utc>);

/// A column of unix milliseconds, read with `#[sqlx(try_from = "i64")]`.
pub(crate) struct UnixMillis(pub DateTime<Utc>);

#[derive(Debug, thiserror::Error)]
#[error("the stored time {0} is outside the range of dates")]
pub(crate) struct OutOfRange(i64);

impl TryFrom<i64> for UnixSeconds {
    type Error = OutOfRange;
    fn try_from(seconds: i64) -> Result<Self, Self::Error> {
        DateTime::from_timestamp(seconds, 0)
            .map(Self)
            .ok_or(OutOfRange(seconds))
    }
}

impl TryFrom<i64> for UnixMillis {
    type Error = OutOfRange;
    fn try_from(millis: i64) -> Result<Self, Self::Error> {
        DateTime::from_timestamp_millis(millis)
            .map(Self)
            .ok_or(OutOfRange(millis))
    }
}
