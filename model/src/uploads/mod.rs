//! What may be uploaded (recipes 22 and 43): the limits the browser checks before it sends a
//! byte and the server enforces while it receives — the same code on both sides, so a file
//! refused in the page is refused with the same words by the server.

use std::fmt;

mod dto;

pub use dto::{AvatarInfo, DOCX, Refusal, THUMBNAIL_SIZE, UploadInfo};

/// The limits of one kind of upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadRules {
    /// Accepted extensions, lower-case, with their dot.
    pub extensions: &'static [&'static str],
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// How many files may be chosen at once.
    pub max_entries: usize,
}

/// A megabyte as the cookbook counts it (`10 * 1024 * 1024`).
const MB: u64 = 1024 * 1024;

/// The files page: documents and images, 10 MB each, 5 at a time.
pub const FILES: UploadRules = UploadRules {
    extensions: &[".jpg", ".jpeg", ".png", ".gif", ".pdf", ".docx"],
    max_bytes: 10 * MB,
    max_entries: 5,
};

/// An avatar: one JPEG or PNG, 10 MB.
pub const AVATAR: UploadRules = UploadRules {
    extensions: &[".jpg", ".jpeg", ".png"],
    max_bytes: 10 * MB,
    max_entries: 1,
};

/// Why a file is refused, in the words the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("File is too large")]
    TooLarge,
    #[error("File type not accepted")]
    NotAccepted,
    #[error("Too many files")]
    TooMany,
}

/// The longest display name kept, in characters.
pub const MAX_NAME_CHARS: usize = 255;

impl UploadRules {
    /// Checks a file by its name and size; answers its (lower-case) extension.
    pub fn check(&self, name: &str, size: u64) -> Result<&'static str, UploadError> {
        let extension = self.accepted_extension(name)?;
        if size > self.max_bytes {
            return Err(UploadError::TooLarge);
        }
        Ok(extension)
    }

    /// The accepted extension `name` ends with, in either case.
    pub fn accepted_extension(&self, name: &str) -> Result<&'static str, UploadError> {
        let name = display_name(name).to_lowercase();
        self.extensions
            .iter()
            .copied()
            .find(|extension| {
                name.strip_suffix(extension)
                    .is_some_and(|stem| !stem.is_empty())
            })
            .ok_or(UploadError::NotAccepted)
    }

    /// Whether `entries` files may be in the list at once.
    pub fn check_count(&self, entries: usize) -> Result<(), UploadError> {
        if entries > self.max_entries {
            Err(UploadError::TooMany)
        } else {
            Ok(())
        }
    }

    /// The accepted types for a file input's `accept` attribute (`.jpg,.jpeg,…`).
    pub fn accept_attribute(&self) -> String {
        self.extensions.join(",")
    }
}

impl fmt::Display for UploadRules {
    /// "JPG, JPEG, PNG up to 10 MB" — the hint under a file picker.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let types: Vec<String> = self
            .extensions
            .iter()
            .map(|extension| extension.trim_start_matches('.').to_uppercase())
            .collect();
        write!(f, "{} up to {} MB", types.join(", "), self.max_bytes / MB)
    }
}

/// A client's file name made safe to show and to keep as text: its last path component (a
/// browser may send `C:\Users\…\a.png`, an attacker `../../etc/passwd.png`), without control
/// or format characters (`evil\u{202E}gnp.exe` must not read as `evilexe.png`), trimmed, at most [`MAX_NAME_CHARS`]. Never used to name a stored file.
pub fn display_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|&c| !c.is_control() && !crate::text::is_format(c))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    if clean.is_empty() {
        "file".to_owned()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_types_in_either_case_within_the_size() {
        assert_eq!(FILES.check("Report.PDF", 1_000), Ok(".pdf"));
        assert_eq!(FILES.check("photo.jpeg", 10 * MB), Ok(".jpeg"));
        assert_eq!(AVATAR.check("me.png", 1), Ok(".png"));
    }

    #[test]
    fn each_refusal_names_its_problem() {
        assert_eq!(
            FILES.check("big.png", 10 * MB + 1),
            Err(UploadError::TooLarge)
        );
        assert_eq!(FILES.check("tool.exe", 10), Err(UploadError::NotAccepted));
        assert_eq!(FILES.check(".png", 10), Err(UploadError::NotAccepted));
        assert_eq!(FILES.check("png", 10), Err(UploadError::NotAccepted));
        assert_eq!(AVATAR.check("scan.pdf", 10), Err(UploadError::NotAccepted));
        assert_eq!(UploadError::TooLarge.to_string(), "File is too large");
        assert_eq!(
            UploadError::NotAccepted.to_string(),
            "File type not accepted"
        );
        assert_eq!(FILES.check_count(5), Ok(()));
        assert_eq!(FILES.check_count(6), Err(UploadError::TooMany));
        assert_eq!(UploadError::TooMany.to_string(), "Too many files");
    }

    #[test]
    fn display_names_keep_only_a_safe_last_component() {
        assert_eq!(display_name("../../etc/passwd.png"), "passwd.png");
        assert_eq!(display_name(r"C:\Users\ada\My photo.jpg"), "My photo.jpg");
        assert_eq!(display_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(display_name("  ..hidden.png "), "hidden.png");
        assert_eq!(display_name("../"), "file");
        assert_eq!(display_name("evil\u{202E}gnp.exe.png"), "evilgnp.exe.png");
        assert_eq!(display_name("\u{2066}\u{200B}"), "file");
        assert_eq!(
            display_name(&"é".repeat(300)).chars().count(),
            MAX_NAME_CHARS
        );
        // The traversal name is still judged by what it ends with.
        assert_eq!(FILES.check("../../etc/passwd.png", 10), Ok(".png"));
    }

    #[test]
    fn the_rules_describe_themselves_for_the_page() {
        assert_eq!(AVATAR.to_string(), "JPG, JPEG, PNG up to 10 MB");
        assert_eq!(AVATAR.accept_attribute(), ".jpg,.jpeg,.png");
    }
}
