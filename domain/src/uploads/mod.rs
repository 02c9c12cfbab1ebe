//! Files people upload (recipes 22 and 43): received as a stream and never held whole in
//! memory, checked by extension, size and content, stored under a name the server makes up,
//! and listed, served and deleted only for their owner.
//!
//! An upload is three calls, so any transport (a raw request body, a multipart field) can feed
//! it: [`Uploads::begin`] checks what can be checked before a byte arrives, [`Incoming::write`]
//! enforces the size limit while the bytes stream in, and [`Incoming::finish`] checks the
//! content, makes the thumbnail and stores the file and its row together. An `Incoming` dropped
//! before `finish` — a refusal, a client gone — deletes its partial file.

mod content;
mod incoming;
mod records;
mod storage;
mod thumbnail;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use model::uploads::{AVATAR, FILES, UploadInfo, UploadRules};

use crate::db::DbError;

pub use incoming::Incoming;
pub use storage::{Limits, Uploads};

/// What an upload is for; each has its own rules and place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// A file of the files page.
    File,
    /// A person's picture: one at a time, replaced by the next.
    Avatar,
}

impl Purpose {
    /// The shared rules the page checks before sending (extensions, entries at once).
    pub fn rules(self) -> &'static UploadRules {
        match self {
            Self::File => &FILES,
            Self::Avatar => &AVATAR,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Avatar => "avatar",
        }
    }
}

/// A stored file's facts (its row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub id: i64,
    pub owner_id: i64,
    pub purpose: Purpose,
    /// The uploader's name for it, sanitised: text to show, never a path.
    pub original_name: String,
    /// The name it has on disk, made up by the server.
    pub stored_name: String,
    pub content_type: String,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub has_thumbnail: bool,
    pub created_at: DateTime<Utc>,
}

impl Upload {
    /// Where an avatar is shown from: its owner's current picture, with this one's id so that a
    /// new picture is a new address to caches. An address seen before a replacement shows the
    /// new picture, not a broken one.
    pub fn avatar_url(&self) -> String {
        format!("/avatars/{}?v={}", self.owner_id, self.id)
    }
}

impl From<Upload> for UploadInfo {
    fn from(upload: Upload) -> Self {
        Self {
            id: upload.id,
            name: upload.original_name,
            content_type: upload.content_type,
            size: upload.size,
            created_at: upload.created_at,
        }
    }
}

/// A file to send back: where it is and how to describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub path: PathBuf,
    pub content_type: String,
    /// The name to offer when it is saved.
    pub name: String,
}

impl StoredFile {
    /// Whether a browser may show it in place: only the pictures the server itself checked.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

/// Why an upload was refused or a file is not there, in words to show next to it.
#[derive(Debug, thiserror::Error)]
pub enum UploadsError {
    #[error("File type not accepted")]
    NotAccepted,
    #[error("File is too large (the limit is {})", megabytes(*limit))]
    TooLarge { limit: u64 },
    #[error("Too many files at once (at most {max})")]
    TooMany { max: usize },
    #[error("The file is empty")]
    Empty,
    #[error("The file's content is not {expected}, as its {extension} extension says")]
    ContentMismatch {
        extension: &'static str,
        expected: &'static str,
    },
    #[error("The picture could not be read")]
    NotAnImage,
    #[error(
        "The picture is too large to process (more than {} megapixels)",
        max / 1_000_000
    )]
    TooManyPixels { max: u64 },
    #[error(
        "Not enough space: your files use {} of your {}",
        megabytes(*used),
        megabytes(*quota)
    )]
    QuotaExceeded { used: u64, quota: u64 },
    #[error("no such file")]
    NotFound,
    /// The uploader's account was deleted while the file came in.
    #[error("the account is gone")]
    OwnerGone,
    #[error("could not store the file")]
    Storage(#[source] std::io::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for UploadsError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}

/// "10 MB", "2.5 MB": sizes in the cookbook's megabytes (1024 × 1024 bytes).
fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_as_sentences_with_their_figures() {
        assert_eq!(
            UploadsError::TooLarge {
                limit: 10 * 1024 * 1024
            }
            .to_string(),
            "File is too large (the limit is 10 MB)"
        );
        assert_eq!(
            UploadsError::QuotaExceeded {
                used: 99 * 1024 * 1024 + 512 * 1024,
                quota: 100 * 1024 * 1024
            }
            .to_string(),
            "Not enough space: your files use 99.5 MB of your 100 MB"
        );
        assert_eq!(
            UploadsError::ContentMismatch {
                extension: ".png",
                expected: "a PNG image"
            }
            .to_string(),
            "The file's content is not a PNG image, as its .png extension says"
        );
    }
}
