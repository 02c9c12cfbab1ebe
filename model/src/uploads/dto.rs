//! What the server answers about stored files, and the page reads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One of a person's stored files, as their file list shows it. Times are RFC 3339 on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadInfo {
    pub id: i64,
    /// The name the file had on the uploader's machine, sanitised ([`super::display_name`]):
    /// text to show, never a path.
    pub name: String,
    /// The type its content was recognised as (`image/png`, `application/pdf`, …).
    pub content_type: String,
    pub size: u64,
    pub created_at: DateTime<Utc>,
}

impl UploadInfo {
    /// Where the file is downloaded (only by its owner).
    pub fn url(&self) -> String {
        format!("/uploads/{}", self.id)
    }

    /// Whether it is a picture, which has a thumbnail and opens in the browser.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }

    /// A small PNG of a picture, at most [`THUMBNAIL_SIZE`] pixels on its longer side.
    pub fn thumbnail_url(&self) -> Option<String> {
        self.is_image()
            .then(|| format!("/uploads/{}/thumbnail", self.id))
    }

    /// The type in a word or two, for an icon where there is no thumbnail: "PDF", "DOCX".
    pub fn short_kind(&self) -> &'static str {
        match self.content_type.as_str() {
            "image/jpeg" => "JPEG",
            "image/png" => "PNG",
            "image/gif" => "GIF",
            "application/pdf" => "PDF",
            DOCX => "DOCX",
            _ => "FILE",
        }
    }
}

/// The content type of a Word (Office Open XML) document.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The longer side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 160;

/// The answer to an avatar upload: where the new picture is shown from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvatarInfo {
    pub avatar_url: String,
}

/// The body of every refused upload: what went wrong, in words to show next to the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(content_type: &str) -> UploadInfo {
        UploadInfo {
            id: 7,
            name: "a".into(),
            content_type: content_type.into(),
            size: 1,
            created_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn pictures_have_thumbnails_and_documents_do_not() {
        assert_eq!(
            info("image/png").thumbnail_url().as_deref(),
            Some("/uploads/7/thumbnail")
        );
        assert_eq!(info("application/pdf").thumbnail_url(), None);
        assert_eq!(info(DOCX).short_kind(), "DOCX");
        assert_eq!(info("application/pdf").short_kind(), "PDF");
        assert_eq!(info("application/octet-stream").short_kind(), "FILE");
        assert_eq!(info("image/gif").url(), "/uploads/7");
    }
}
